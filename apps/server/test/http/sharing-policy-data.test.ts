import { afterEach, describe, expect, it } from 'vitest';
import { factories } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The stamped letter and the leader's approval are profile data with their sources: longnan's
 * 第十五条 asks for the stamped letter and jinzhong's 办法第十四条 for the leader's written approval;
 * where a text is silent the message says "platform default" and names no other jurisdiction's article.
 */
describe('stamped letter and leader approval follow the profile', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const cases = [
    { policy: 'longnan', letterBasis: /龙南政务信息资源共享与开放管理办法 第十五条\)/ },
    { policy: 'jinzhong', letterBasis: /平台默认\(本办法未规定\),申请函加盖公章\)/ },
  ];
  for (const { policy, letterBasis } of cases) {
    it(`[rule:sharing.stamped_letter_required] [rule:sharing.leader_approval_required] under ${policy} submitting needs the stamped letter, then goes to the leader`, async () => {
      t = await createTestApp({ policy });
      const f = factories(t);
      const city = await f.city();
      const entry = await f.publishedEntry(city.sj.officer);
      const draft = await f.applicationIn('draft', { applicant: city.rs, provider: city.sj, entry });
      const refused = await t.request({ method: 'POST', url: `/api/sharing/applications/${draft.id}/submit`, as: city.rs.officer.username });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'LETTER_REQUIRED', details: [{ field: 'letter' }] });
      expect(JSON.stringify(refused.json().error)).toMatch(letterBasis);
      expect(JSON.stringify(refused.json().error)).not.toMatch(/000 Art/);

      const submitted = await f.applicationIn('leader_review', { applicant: city.rs, provider: city.sj, entry });
      expect(submitted.currentStep?.kind).toBe('leader_approval');
    });
  }
});
