import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

/**
 * The console end to end, in Debian's Chromium: a data officer drafts an entry with items through
 * the item-table editor and submits it; the operator's reviewer approves it from the review
 * queue; a Chinese search finds it and its detail page shows the items. The audit chain must
 * still verify afterwards.
 *
 * Needs the built console (`npm run test:e2e` at the root builds it first) and /usr/bin/chromium
 * (or CHROMIUM_PATH).
 */

const ENTRY_NAME = '社区网格员巡查记录台账';
const ITEMS = [
  { code: 'xcsj', name: '巡查时间' },
  { code: 'xcdd', name: '巡查地点' },
  { code: 'wgyxm', name: '网格员姓名' },
];

let session: ConsoleSession | undefined;
let page: Page;
let baseUrl = '';
const login = (username: string) => session!.login(username);
const logout = () => session!.logout();

describe('console: catalog entry from draft to search', () => {
  beforeAll(async () => {
    session = await openConsole('catalog');
    ({ page, baseUrl } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('a data officer drafts and submits, the operator approves, and search finds the items', () =>
    session!.screenshotOnFailure('catalog-flow', async () => {
      // ── the data officer of 教育局 ──
      await page.goto(`${baseUrl}/`);
      await page.waitForURL(/\/login/); // no session: the shell sends us to the login page
      await login('jy_officer');
      await page.getByTestId('nav-create').click();
      await page.getByTestId('field-name').fill(ENTRY_NAME);
      await page.getByTestId('field-abstract').fill('各社区网格员日常巡查的时间、地点和人员记录,供综合治理和民政部门共享使用。');
      await page.getByTestId('field-formatType').fill('xlsx');
      for (const [index, item] of ITEMS.entries()) {
        if (index > 0) await page.getByTestId('item-add').click();
        await page.getByTestId(`item-code-${index}`).fill(item.code);
        await page.getByTestId(`item-name-${index}`).fill(item.name);
      }
      await page.getByTestId('save-draft').click();
      await page.waitForURL(/\/catalog\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: ENTRY_NAME }).waitFor();
      await page.getByTestId('submit-entry').click();
      await page.getByTestId('withdraw-entry').waitFor(); // submitted: only withdrawal is left to the provider
      const entryUrl = page.url();
      await logout();

      // ── the operator's reviewer ──
      await login('reviewer');
      await page.getByTestId('nav-review').click();
      await page.getByTestId('review-queue-link').filter({ hasText: ENTRY_NAME }).click();
      expect(page.url()).toBe(entryUrl);
      await page.getByTestId('approve-entry').click();
      await page.getByTestId('review-comment').fill('内容完整,同意发布。');
      await page.getByTestId('review-confirm').click();
      await page.getByTestId('pending-banner').waitFor({ state: 'detached' });
      await page.getByTestId('approve-entry').waitFor({ state: 'detached' });

      // ── anyone: Chinese search for part of the name ──
      await page.getByTestId('nav-search').click();
      const searchBox = page.getByTestId('search-input').locator('input');
      await searchBox.fill('网格员巡查');
      await searchBox.press('Enter');
      const hit = page.getByTestId('search-result-link').filter({ hasText: ENTRY_NAME });
      await hit.waitFor();
      await hit.click();
      await page.waitForURL(entryUrl);
      await page.getByRole('tab', { name: /信息项/ }).click();
      for (const item of ITEMS) {
        await page.getByTestId('item-name').filter({ hasText: item.name }).waitFor({ state: 'visible' });
      }
      expect(await page.getByTestId('item-name').allTextContents()).toEqual(ITEMS.map((item) => item.name));

      // A one-character query works too (Chinese users often type a single character).
      await page.getByTestId('nav-search').click();
      await page.getByTestId('search-input').locator('input').fill('巡');
      await page.getByTestId('search-input').locator('input').press('Enter');
      await page.getByTestId('search-result-link').filter({ hasText: ENTRY_NAME }).waitFor();
    }));

  it('shows the server\'s rule violations next to the field and the item row they concern', () =>
    session!.screenshotOnFailure('catalog-field-errors', async () => {
      await login('ga_officer');
      await page.getByTestId('nav-create').click();
      await page.getByTestId('field-name').fill('重点场所巡查登记');
      await page.getByTestId('field-abstract').fill('重点场所日常巡查登记。');
      await page.getByTestId('field-formatType').fill('xlsx');
      await page.getByText('有条件共享', { exact: true }).click(); // conditional sharing needs a legal basis
      await page.locator('#shareConditions').fill('仅限公安内部使用');
      await page.getByTestId('item-code-0').fill('csmc');
      await page.getByTestId('item-name-0').fill('场所名称');
      await page.getByTestId('item-add').click();
      await page.getByTestId('item-code-1').fill('csdz');
      await page.getByTestId('item-name-1').fill('场所名称'); // duplicate item name
      await page.getByTestId('save-draft').click();
      await page.getByTestId('form-error-summary').waitFor();
      expect(page.url()).toMatch(/\/catalog\/new$/); // nothing was saved
      const fieldError = (selector: string) => page.locator(selector).locator('xpath=ancestor::div[contains(@class, "ant-form-item ")][1]').locator('.ant-form-item-explain-error');
      await expect.poll(() => fieldError('#legalBasis').textContent(), { timeout: 10_000 }).toContain('政策依据');
      await expect.poll(() => fieldError('[data-testid="item-name-1"]').textContent(), { timeout: 10_000 }).toContain('重复');
      expect(await fieldError('[data-testid="item-name-0"]').count()).toBe(0);
    }));

  it('leaves the audit chain intact after everything the browser did', async () => {
    const { audit, db } = session!.platform.app.deps;
    const verified = await audit.verify(db);
    expect(verified.problem).toBeNull();
    expect(verified.ok).toBe(true);
    expect(verified.checked).toBeGreaterThan(0);
  });
});
