import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { demoLetterPdf } from '../../src/seed/demo-data.ts';
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

/**
 * The sharing portal end to end, in Debian's Chromium: 卫健委's data officer applies for some items
 * of 公安局's conditional entry 「常住人口基本信息」 through the item picker, uploads the stamped
 * letter and submits; the department leader, the operator's reviewer and 公安局's provider
 * reviewer approve in their queues; both departments see the grant; the provider revokes it and
 * the consumer sees it revoked, with the revocation in its inbox. Every step must be in the audit
 * log, and the chain must verify.
 *
 * Needs the built console (`npm run test:e2e` at the root builds it first) and /usr/bin/chromium
 * (or CHROMIUM_PATH).
 */

const ENTRY_NAME = '常住人口基本信息';
const CONSUMER = '龙南市卫生健康委员会';
const ITEMS = [
  { code: 'xm', name: '姓名' },
  { code: 'gmsfhm', name: '公民身份号码' },
  { code: 'csrq', name: '出生日期' },
];

let session: ConsoleSession | undefined;
let page: Page;
let baseUrl = '';
let letterPath = '';
let applicationId = '';
let applicationNumber = '';

const login = (username: string) => session!.login(username);
const logout = () => session!.logout();
const screenshotOnFailure = <T>(step: string, run: () => Promise<T>) => session!.screenshotOnFailure(step, run);

/** The row of a table that mentions all of the texts. */
function rowWith(table: Locator, rowTestId: string, ...texts: string[]): Locator {
  let row = table.getByTestId(rowTestId);
  for (const text of texts) row = row.filter({ hasText: text });
  return row;
}

/** Approves the application in the user's review queue (the queue tab is picked by the box). */
async function approveInQueue(box: 'leader' | 'operator' | 'provider', comment: string): Promise<Locator> {
  await page.getByTestId('nav-sharingReview').click();
  await page.waitForURL(/\/sharing\/review/);
  await page.getByTestId(`queue-tab-${box}`).click();
  const queue = page.getByTestId(`queue-${box}`);
  const row = rowWith(queue, 'application-row', applicationNumber);
  await row.waitFor();
  await expect.poll(() => row.getByTestId('application-entry').textContent()).toBe(ENTRY_NAME);
  await row.getByTestId('queue-approve').click();
  await page.getByTestId('decision-comment').fill(comment);
  await page.getByTestId('decision-confirm').click();
  await row.waitFor({ state: 'detached' }); // decided: it left this queue
  return queue;
}

describe('console: a sharing application from the catalog to a revoked grant', () => {
  beforeAll(async () => {
    session = await openConsole('sharing');
    ({ page, baseUrl } = session);
    letterPath = path.join(session.dataDir, '卫健委共享申请函.pdf');
    fs.writeFileSync(letterPath, demoLetterPdf('卫健委关于申请使用常住人口基本信息的函'));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('the data officer applies for items of a conditional entry with the stamped letter', () =>
    screenshotOnFailure('sharing-apply', async () => {
      await login('wj_officer');
      const searchBox = page.getByTestId('search-input').locator('input');
      await searchBox.fill(ENTRY_NAME);
      await searchBox.press('Enter');
      await page.getByTestId('search-result-link').filter({ hasText: ENTRY_NAME }).first().click();
      await page.getByRole('heading', { level: 1, name: ENTRY_NAME }).waitFor();
      await page.getByTestId('apply-entry').click();
      await page.waitForURL(/\/sharing\/applications\/new\?entryId=/);

      // The item picker shows each item's share type (住址 and 户号 are shared on conditions only); pick three.
      const picker = page.getByTestId('item-picker');
      await picker.getByTestId('item-row-zz').waitFor();
      expect(await picker.getByTestId('item-row-zz').textContent()).toContain('有条件共享');
      expect(await picker.getByTestId('item-row-xm').textContent()).toContain('无条件共享');
      for (const item of ITEMS) await picker.getByTestId(`item-row-${item.code}`).locator('input[type=checkbox]').check();
      await expect.poll(() => page.getByTestId('item-picker-count').textContent()).toContain(`已选 ${ITEMS.length} 项`);

      // Interface mode (the entry offers 接口调用 and 页面查询 only).
      const modes = page.getByTestId('field-shareMode');
      expect(await modes.getByText('直接下载').count()).toBe(0);
      await modes.getByText('接口调用', { exact: true }).click();
      // 卫健委 has one system, chosen already.
      await expect.poll(() => page.getByTestId('field-systemId').textContent()).toContain('全民健康信息平台');
      await page.getByTestId('field-contactPhone').fill('13907971234');
      await page.getByTestId('field-purpose').fill('出生医学证明签发时核验新生儿父母的身份信息');
      await page.getByTestId('field-scenario').fill('出生一件事联办:出生医学证明、户口登记、医保参保');
      await page.getByTestId('field-basis').fill('《中华人民共和国母婴保健法》第二十三条;本部门「三定」规定的出生医学证明管理职责');
      await page.getByTestId('field-securityMeasures').fill('专人专岗、最小必要使用、访问留痕,数据不落地存储,用后按规定销毁');
      await page.getByTestId('save-application').click();

      // The draft: upload the stamped letter, then submit to the department leader.
      await page.waitForURL(/\/sharing\/applications\/[0-9a-f-]{36}$/);
      applicationId = page.url().split('/').pop()!;
      applicationNumber = (await page.getByTestId('application-number').textContent())!.trim();
      expect(applicationNumber).toMatch(/^GX\d+$/);
      expect(await page.getByTestId('application-state').first().getAttribute('data-state')).toBe('draft');
      for (const item of ITEMS) await page.getByTestId('application-items').getByText(item.name, { exact: true }).waitFor();
      await page.getByTestId('letter-missing').waitFor();
      await page.getByTestId('letter-upload').locator('input[type=file]').setInputFiles(letterPath);
      await page.getByTestId('letter-name').filter({ hasText: '卫健委共享申请函.pdf' }).waitFor();
      await page.getByTestId('submit-application').click();
      await expect.poll(() => page.getByTestId('application-state').first().getAttribute('data-state')).toBe('leader_review');
      await page.getByTestId('submit-application').waitFor({ state: 'detached' });
      // The timeline shows the leader's step in progress and the steps ahead.
      await page.getByTestId('step-leader_approval').waitFor();
      await page.getByTestId('step-timeline').getByText('提供部门审核').waitFor();
      await logout();
    }));

  it('the department leader approves in the leader queue', () =>
    screenshotOnFailure('sharing-leader', async () => {
      await login('wj_leader');
      await approveInQueue('leader', '同意报送,请平台审核。');
      await logout();
    }));

  it('the operator passes the preliminary review, seeing its due date and remaining working days', () =>
    screenshotOnFailure('sharing-operator', async () => {
      await login('reviewer');
      await page.getByTestId('nav-sharingReview').click();
      await page.getByTestId('queue-tab-operator').click();
      const row = rowWith(page.getByTestId('queue-operator'), 'application-row', applicationNumber);
      await row.waitFor();
      expect(await row.getByTestId('due-on').textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await row.getByTestId('remaining-workdays').textContent()).toMatch(/^(剩余\d+个工作日|今日到期)$/);
      expect(await row.getAttribute('data-overdue')).toBe('false');
      await approveInQueue('operator', '申请材料齐全,依据充分,转提供部门审核。');
      await logout();
    }));

  it('the provider reviewer approves, and the application becomes a grant', () =>
    screenshotOnFailure('sharing-provider', async () => {
      await login('ga_reviewer');
      await approveInQueue('provider', '同意按申请的信息项以接口方式共享。');
      await page.goto(`${baseUrl}/sharing/applications/${applicationId}`);
      await expect.poll(() => page.getByTestId('application-state').first().getAttribute('data-state')).toBe('approved');
      await page.getByTestId('grant-link').waitFor();
      // Every decision is on the timeline with who took it.
      for (const kind of ['leader_approval', 'preliminary_review', 'provider_review']) {
        await page.getByTestId(`step-${kind}`).getByTestId('step-decision').waitFor();
      }
      await logout();
    }));

  it('both departments see the grant; the provider revokes it and the consumer sees it revoked', () =>
    screenshotOnFailure('sharing-grant', async () => {
      // The consumer holds it.
      await login('wj_officer');
      await page.getByTestId('nav-grants').click();
      const consumerRow = rowWith(page.getByTestId('grant-table'), 'grant-row', ENTRY_NAME);
      await consumerRow.waitFor();
      expect(await consumerRow.getAttribute('data-status')).toBe('active');
      expect(await consumerRow.getByTestId('grant-status').textContent()).toBe('有效');
      await logout();

      // The provider gave it, and revokes it.
      await login('ga_reviewer');
      await page.getByTestId('nav-grants').click();
      await page.getByTestId('grants-tab-provider').click();
      const providerRow = rowWith(page.getByTestId('grant-table'), 'grant-row', ENTRY_NAME, CONSUMER);
      await providerRow.waitFor();
      expect(await providerRow.getAttribute('data-status')).toBe('active');
      await providerRow.getByTestId('revoke-grant').click();
      await page.getByTestId('grant-dialog-text').fill('核验业务已改由省级平台统一提供,本授权不再需要。');
      await page.getByTestId('grant-dialog-confirm').click();
      await expect.poll(() => providerRow.getAttribute('data-status')).toBe('revoked');
      await logout();

      // The consumer sees it revoked and is asked to confirm destruction.
      await login('wj_officer');
      await page.getByTestId('nav-grants').click();
      const revokedRow = rowWith(page.getByTestId('grant-table'), 'grant-row', ENTRY_NAME);
      await revokedRow.waitFor();
      expect(await revokedRow.getAttribute('data-status')).toBe('revoked');
      expect(await revokedRow.getByTestId('grant-status').textContent()).toBe('已撤销');
      await revokedRow.getByTestId('confirm-destruction').waitFor();
      // The inbox has the revocation; its link opens the grant with the provider's reason.
      await expect.poll(async () => Number(await page.getByTestId('notification-bell').getAttribute('data-unread'))).toBeGreaterThan(0);
      await page.getByTestId('notification-bell').click();
      await page.getByTestId('notification-item').filter({ hasText: '共享授权已撤销' }).first().getByText('共享授权已撤销').click();
      await page.waitForURL(/\/sharing\/grants\/[0-9a-f-]{36}$/);
      await page.getByTestId('grant-revoked').filter({ hasText: '核验业务已改由省级平台统一提供' }).waitFor();
    }));

  it('recorded every step in the audit log and left the chain intact', async () => {
    const { db, audit } = session!.platform.app.deps;
    const verified = await audit.verify(db);
    expect(verified.problem).toBeNull();
    expect(verified.ok).toBe(true);

    const grant = await db.selectFrom('share_grant').select(['id', 'revoked_at']).where('application_id', '=', applicationId).executeTakeFirstOrThrow();
    expect(grant.revoked_at).not.toBeNull();
    const records = await db
      .selectFrom('audit_log')
      .select(['operation', 'target_id', 'actor_name', 'outcome', 'details'])
      .where((eb) => eb.or([eb('target_id', '=', applicationId), eb('target_id', '=', grant.id)]))
      .orderBy('seq')
      .execute();
    const operations = records.filter((r) => r.outcome === 'success').map((r) => r.operation);
    expect(operations.filter((op) => op === 'sharing:application:submit')).toHaveLength(1);
    expect(operations.filter((op) => op === 'sharing:application:approve-step')).toHaveLength(3);
    expect(operations.filter((op) => op === 'sharing:grant:create')).toHaveLength(1);
    expect(operations.filter((op) => op === 'sharing:grant:revoke')).toHaveLength(1);
    // In the order the browser took them, by the people who took them.
    const approvals = records.filter((r) => r.operation === 'sharing:application:approve-step');
    expect(approvals.map((r) => (r.details as { step?: string }).step)).toEqual(['leader_approval', 'preliminary_review', 'provider_review']);
    expect(approvals.map((r) => r.actor_name)).toEqual(['马超', '李秀英', '黄敏']);
    expect(operations.indexOf('sharing:application:submit')).toBeLessThan(operations.indexOf('sharing:application:approve-step'));
    expect(operations.indexOf('sharing:grant:create')).toBeLessThan(operations.indexOf('sharing:grant:revoke'));
    const revocation = records.find((r) => r.operation === 'sharing:grant:revoke')!;
    expect(revocation.target_id).toBe(grant.id);
    expect(revocation.actor_name).toBe('黄敏');
  });
});
