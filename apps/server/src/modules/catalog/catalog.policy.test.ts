import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../config/config.ts';
import { loadProfile, Policy } from '../../platform/policy/profiles.ts';
import { validContent, testItem } from '../../../test/helpers/catalog.ts';
import { notePolicy } from '../../../test/helpers/conformance-hooks.ts';
import { FORMAT_PROVISION_METHODS, FORMAT_SHARE_METHODS } from '@huitong/contracts';
import { checkContent } from './catalog.policy.ts';
import { diffContent } from './catalog-diff.ts';
import { documentTerms, queryClauses, queryWords } from './catalog-search.ts';
import { canTransition, nextVersionState } from './catalog.workflow.ts';
import { effectiveAtForChange } from './catalog-schedule.ts';

// notePolicy: the conformance record counts these checks as run under each profile they load.
const policy = (id: string) => {
  notePolicy(id);
  return new Policy(loadProfile(`${repoRoot}/policies`, id));
};
const fields = (errors: Array<{ field?: string }>) => errors.map((e) => e.field);

describe('catalog content rules (pure)', () => {
  it('accepts the valid baseline under every profile', () => {
    for (const id of ['longnan', 'chongzhou', 'yunnan', 'jinzhong', 'weifang']) {
      const content = id === 'yunnan' ? validContent({ openLegalBasis: '《政府信息公开条例》第十五条' }) : validContent();
      expect(checkContent(content, policy(id)), id).toEqual([]);
    }
  });

  it('[rule:catalog.open_requires_unconditional_share] opening needs unconditional sharing under every profile', () => {
    const content = validContent({ shareType: 'conditional', shareConditions: 'c', legalBasis: 'b', openType: 'conditional', openConditions: 'c', openLegalBasis: 'b', items: [testItem('a', '甲', { shareType: 'conditional' })] });
    for (const id of ['longnan', 'jinzhong', 'yunnan']) expect(fields(checkContent(content, policy(id)))).toContain('content.openType');
  });

  it('every format has a share method and a provision method, and a file format shares only by file', () => {
    expect(FORMAT_SHARE_METHODS.document).toEqual(['file']);
    expect(FORMAT_SHARE_METHODS.database).toEqual(['database', 'interface']);
    expect(Object.keys(FORMAT_PROVISION_METHODS).sort()).toEqual(Object.keys(FORMAT_SHARE_METHODS).sort());
  });
});

describe('catalog workflow (pure)', () => {
  it('allows only the documented transitions', () => {
    expect(nextVersionState('draft', 'submit')).toBe('submitted');
    expect(nextVersionState('submitted', 'approve')).toBe('approved');
    expect(nextVersionState('approved', 'publish')).toBe('published');
    expect(nextVersionState('rejected', 'edit')).toBe('draft');
    expect(() => nextVersionState('published', 'approve')).toThrow(/invalid transition/);
    expect(() => nextVersionState('draft', 'approve')).toThrow();
    expect(canTransition('submitted', 'edit')).toBe(false);
  });
});

describe('when approved changes take effect', () => {
  const approvedAt = new Date('2026-11-02T01:00:00Z');
  it('[rule:catalog.change_notice_period] waits a month under longnan only when there are consumers', () => {
    const base = { policy: policy('longnan'), approvedAt, firstPublication: false, kind: 'content' as const, hasReplacement: false };
    expect(effectiveAtForChange({ ...base, consumerCount: 0 }).effectiveAt).toEqual(approvedAt);
    expect(effectiveAtForChange({ ...base, consumerCount: 2 }).effectiveAt.toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(effectiveAtForChange({ ...base, consumerCount: 2, firstPublication: true }).effectiveAt).toEqual(approvedAt);
    expect(effectiveAtForChange({ ...base, policy: policy('yunnan'), consumerCount: 2 }).effectiveAt).toEqual(approvedAt);
  });

  it('[rule:catalog.replacement_transition_days] keeps a replaced entry 20 natural days under jinzhong', () => {
    const timing = effectiveAtForChange({ policy: policy('jinzhong'), approvedAt, firstPublication: false, kind: 'offline', consumerCount: 0, hasReplacement: true });
    expect(timing.effectiveAt.toISOString()).toBe('2026-11-22T01:00:00.000Z');
    expect(timing.reasons[0]).toMatch(/第十八条/);
  });
});

describe('Chinese search terms', () => {
  it('indexes unigrams and bigrams of CJK runs and Latin words', () => {
    const terms = documentTerms(['社保卡', 'REST API v2']);
    expect([...terms].sort()).toEqual(['api', 'rest', 'v2', '保', '保卡', '卡', '社', '社保'].sort());
  });

  it('builds queries from jieba words: one character → the character, longer → all its bigrams', () => {
    expect(queryClauses('证')).toEqual([{ kind: 'term', term: '证' }]);
    expect(queryClauses('社保')).toEqual([{ kind: 'term', term: '社保' }]);
    expect(queryClauses('身份证')).toEqual([
      { kind: 'term', term: '身份' },
      { kind: 'term', term: '份证' },
    ]);
    expect(queryWords('营业执照 信息')).toEqual(['营业执照', '信息']);
    expect(queryClauses('API')).toEqual([{ kind: 'prefix', prefix: 'api' }]);
    expect(queryClauses('！？')).toBeNull();
  });
});

describe('version diff', () => {
  it('lists changed fields with Chinese labels and matches items by code', () => {
    const before = validContent();
    const after = validContent({ shareType: 'conditional', items: [{ ...before.items[0]!, name: '巡查单号' }, testItem('new', '新增项')] });
    const changes = diffContent(before, after);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'shareType', label: '共享类型', before: '无条件共享', after: '有条件共享' }),
        expect.objectContaining({ path: 'items[xcbh].name', change: 'changed', before: '巡查编号', after: '巡查单号' }),
        expect.objectContaining({ path: 'items[new]', change: 'added' }),
        expect.objectContaining({ path: 'items[xcnr]', change: 'removed' }),
      ]),
    );
    expect(diffContent(before, before)).toEqual([]);
  });
});
