import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/seed/demo-data.ts';
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

/**
 * The console's layout in Debian's Chromium: row actions stay in view on desktop widths, pages fit
 * a phone, the header fits at 200 % zoom. Built on the demo city (see openConsole).
 */

let session: ConsoleSession | undefined;
let page: Page;
let baseUrl = '';

/** Every element of the locator lies fully inside the viewport (not cut off, not scrolled away). */
async function expectInsideViewport(locator: Locator, what: string) {
  const viewport = page.viewportSize()!;
  const count = await locator.count();
  expect(count, `${what}: nothing found`).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const box = await locator.nth(i).boundingBox();
    expect(box, `${what} #${i} has no box`).not.toBeNull();
    expect(box!.x, `${what} #${i} left edge`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${what} #${i} right edge at ${viewport.width}px`).toBeLessThanOrEqual(viewport.width);
  }
}

describe('console layout', () => {
  beforeAll(async () => {
    session = await openConsole('layout');
    ({ page, baseUrl } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 1440, height: 900 },
  ]) {
    it(`keeps every row action of the review queues and the item editor in view at ${viewport.width}×${viewport.height}`, () =>
      session!.screenshotOnFailure(`actions-${viewport.width}`, async () => {
        await page.setViewportSize(viewport);
        await session!.login('reviewer');
        await page.goto(`${baseUrl}/sharing/review?box=operator`);
        await page.getByTestId('queue-approve').first().waitFor();
        await expectInsideViewport(page.getByTestId('queue-approve'), 'operator queue 同意');
        await expectInsideViewport(page.getByTestId('queue-reject'), 'operator queue 驳回');

        await session!.login('rs_reviewer');
        await page.goto(`${baseUrl}/sharing/review?box=provider`);
        await page.getByTestId('queue-approve').first().waitFor();
        await expectInsideViewport(page.getByTestId('queue-approve'), 'provider queue 同意');
        await expectInsideViewport(page.getByTestId('queue-reject'), 'provider queue 驳回');

        await session!.login('ga_officer');
        await page.goto(`${baseUrl}/catalog/new`);
        await page.getByTestId('item-add').click();
        await expectInsideViewport(page.getByTestId('item-editor').locator('[data-testid^="item-remove-"]'), 'item editor 删除');
        // The long tables scroll inside themselves, never the page.
        expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      }));
  }

  it('answers a mistyped or foreign link with the localised invalid-link page, never a schema message', () =>
    session!.screenshotOnFailure('invalid-link', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await session!.login('ga_officer');
      for (const [language, title] of [
        ['zh-CN', '链接无效或您无权查看'],
        ['en', 'The link is invalid or you may not see it'],
      ] as const) {
        await page.evaluate(`window.localStorage.setItem('huitong.language', '${language}')`);
        for (const path of ['/catalog/not-an-id', '/catalog/00000000-0000-4000-8000-000000000000', '/sharing/applications/abc', '/sharing/grants/abc', '/sharing/demands/abc']) {
          await page.goto(`${baseUrl}${path}`);
          await page.getByTestId('invalid-link').waitFor();
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
          const text = (await page.locator('#main').textContent()) ?? '';
          expect(text).not.toMatch(/params|uuid|must match/i);
        }
      }
      await page.evaluate(`window.localStorage.setItem('huitong.language', 'zh-CN')`);
    }));

  it('shows the audit log with Chinese operation names and labelled details, no raw codes, in zh-CN', () =>
    session!.screenshotOnFailure('audit-labels', async () => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await session!.login('auditor');
      await page.goto(`${baseUrl}/audit`);
      await page.getByTestId('audit-operation').first().waitFor();
      const operations = await page.getByTestId('audit-operation').allTextContents();
      expect(operations.length).toBeGreaterThan(5);
      for (const name of operations) {
        expect(name).toMatch(/[\u4e00-\u9fff]/);
        expect(name).not.toMatch(/[a-z]+:[a-z-]+/);
      }
      expect(operations).toContain('登录');
      const table = (await page.getByTestId('audit-table').locator('tbody').textContent()) ?? '';
      expect(table).not.toMatch(/share_application|catalog_entry|auth:login|cli:/);
      // Targets are named (the demo's applications by their number), not shown by id; the id is in the expanded row.
      const targets = await page.getByTestId('audit-target').allTextContents();
      expect(targets.some((text) => /：\S/.test(text))).toBe(true);
      expect(table).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      const named = page.getByTestId('audit-target').filter({ hasText: '：' }).first();
      await named.locator('xpath=ancestor::tr').locator('.ant-table-row-expand-icon').click();
      await expect.poll(async () => (await page.getByTestId('audit-target-id').first().textContent()) ?? '').toMatch(/^[0-9a-f]{8}-/);
      // The filter is a list of named operations.
      await page.getByTestId('audit-operation-filter').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '资源目录（全部）' }).waitFor();
      await page.keyboard.press('Escape');
    }));

  it('offers a data demand with the query filled in when a search finds nothing', () =>
    session!.screenshotOnFailure('empty-search', async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await session!.login('wj_officer');
      const query = '无人机航拍影像';
      await page.goto(`${baseUrl}/catalog?q=${encodeURIComponent(query)}`);
      await page.getByTestId('search-empty').waitFor();
      await page.getByTestId('search-raise-demand').click();
      await page.waitForURL(/\/sharing\/demands/);
      expect(await page.getByTestId('demand-title').inputValue()).toBe(query);
    }));

  it('keeps the header on one line with its controls in view at 720 px (200 % zoom) and at 1440 px, in both languages', () =>
    session!.screenshotOnFailure('header', async () => {
      await session!.login('ga_leader');
      for (const language of ['en', 'zh-CN'] as const) {
        await page.evaluate(`window.localStorage.setItem('huitong.language', '${language}')`);
        for (const width of [720, 1440]) {
          await page.setViewportSize({ width, height: 800 });
          await page.goto(`${baseUrl}/catalog`);
          await page.getByTestId('current-user').waitFor();
          for (const id of ['current-user', 'language-switch', 'change-password', 'logout-button']) {
            await expectInsideViewport(page.getByTestId(id), `${language} ${width}px ${id}`);
          }
          const header = await page.locator('header').first().boundingBox();
          expect(header!.height, `${language} ${width}px header height`).toBeLessThanOrEqual(64);
          expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
        }
      }
    }));

  it('shows the search facets in English when the console is in English', () =>
    session!.screenshotOnFailure('facets-en', async () => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await session!.login('ga_officer');
      await page.evaluate(`window.localStorage.setItem('huitong.language', 'en')`);
      await page.goto(`${baseUrl}/catalog`);
      await page.getByTestId('facet-shareType').waitFor();
      for (const facet of ['shareType', 'openType', 'updateCycle', 'formatCategory']) {
        const text = (await page.getByTestId(`facet-${facet}`).textContent()) ?? '';
        expect(text, facet).not.toMatch(/[\u4e00-\u9fff]/);
      }
      await page.evaluate(`window.localStorage.setItem('huitong.language', 'zh-CN')`);
    }));

  it('turns on 关怀版 from the header, remembers it per user, with an 18 px base font and 44 × 44 px targets', () =>
    session!.screenshotOnFailure('care-mode', async () => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await session!.login('rs_reviewer');
      await page.getByTestId('care-switch').click();
      await page.goto(`${baseUrl}/sharing/review?box=provider`);
      await page.getByTestId('queue-approve').first().waitFor();
      expect(await page.evaluate('parseFloat(getComputedStyle(document.body).fontSize)')).toBeGreaterThanOrEqual(18);
      const small = (await page.evaluate(`[...document.querySelectorAll('header button, #main button, nav .ant-menu-item')]
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => { const r = el.getBoundingClientRect(); const target = el.closest('label') ?? el; const r2 = target.getBoundingClientRect(); return { text: (el.textContent || el.getAttribute('aria-label') || el.className || '').trim(), w: Math.max(r.width, r2.width), h: Math.max(r.height, r2.height) }; })
        .filter((b) => b.w < 44 || b.h < 44)`)) as Array<{ text: string; w: number; h: number }>;
      expect(small).toEqual([]);
      await expectInsideViewport(page.getByTestId('logout-button'), '关怀版 logout');
      // The simpler layout: secondary sub-lines are dropped and table rows get more room.
      const secondary = page.locator('#main .ht-secondary');
      expect(await secondary.count()).toBeGreaterThan(0);
      expect(await secondary.evaluateAll((els) => els.filter((el) => el.getClientRects().length > 0).length)).toBe(0);
      expect(await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('#main .ant-table-tbody .ant-table-cell')).paddingTop)`)).toBeGreaterThanOrEqual(16);

      // Another user on the same browser keeps the normal console; the first gets 关怀版 back.
      await session!.login('ga_officer');
      expect(await page.evaluate('parseFloat(getComputedStyle(document.body).fontSize)')).toBeLessThan(18);
      await session!.login('rs_reviewer');
      expect(await page.getByTestId('care-switch').getAttribute('aria-checked')).toBe('true');
      expect(await page.evaluate('parseFloat(getComputedStyle(document.body).fontSize)')).toBeGreaterThanOrEqual(18);
      await page.getByTestId('care-switch').click();
      expect(await page.evaluate('parseFloat(getComputedStyle(document.body).fontSize)')).toBeLessThan(18);
      await page.goto(`${baseUrl}/sharing/review?box=provider`);
      await page.getByTestId('queue-approve').first().waitFor();
      expect(await page.locator('#main .ht-secondary').first().isVisible(), 'the full view shows the secondary lines').toBe(true);
    }));

  it('shows the same (Beijing) times in a browser set to UTC as in one set to Asia/Shanghai', () =>
    session!.screenshotOnFailure('time-zone', async () => {
      const tables: string[] = [];
      for (const timezoneId of ['UTC', 'Asia/Shanghai']) {
        const context = await page.context().browser()!.newContext({ timezoneId, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
        try {
          const other = await context.newPage();
          await other.goto(`${baseUrl}/login`);
          await other.getByTestId('login-username').fill('reviewer');
          await other.getByTestId('login-password').fill(DEMO_PASSWORD);
          await other.getByTestId('login-submit').click();
          await other.getByTestId('current-user').waitFor();
          await other.goto(`${baseUrl}/sharing/applications?box=all`);
          await other.getByTestId('application-row').first().waitFor();
          tables.push((await other.getByTestId('application-table').locator('tbody').textContent()) ?? '');
        } finally {
          await context.close();
        }
      }
      expect(tables[0]).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      expect(tables[0]).toBe(tables[1]);
    }));

  it('fits a phone (390 × 844): login, search with the facets behind a filter button, entry detail, application status, review decisions', () =>
    session!.screenshotOnFailure('phone', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      const noHorizontalScroll = async (what: string) => {
        await page.waitForLoadState('networkidle');
        const [scrollWidth, innerWidth] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
        expect(scrollWidth, `${what}: page ${scrollWidth}px wide at ${innerWidth}px`).toBeLessThanOrEqual(innerWidth);
      };
      await page.context().clearCookies();
      await page.goto(`${baseUrl}/login`);
      await page.getByTestId('login-submit').waitFor();
      await noHorizontalScroll('login');
      await expectInsideViewport(page.getByTestId('login-submit'), 'login button');

      await session!.login('rs_reviewer');
      await page.goto(`${baseUrl}/catalog`);
      await page.getByTestId('search-result-link').first().waitFor();
      await noHorizontalScroll('search');
      // The header is not clipped: everything in it lies inside 390 px, and the controls that do
      // not fit wait behind one menu button, each inside the viewport and clickable there.
      const header = page.locator('header').first();
      expect(await header.evaluate((el) => el.scrollWidth <= el.clientWidth), 'header content clipped').toBe(true);
      await expectInsideViewport(header.locator('a, button, [role="switch"]').filter({ visible: true }), 'phone header control');
      await page.getByTestId('header-menu').click();
      for (const id of ['care-switch', 'language-switch', 'change-password', 'logout-button']) {
        // A trial click waits until the drawer has slid in and the control would receive the click.
        await page.getByTestId(id).click({ trial: true });
        await expectInsideViewport(page.getByTestId(id), `phone menu ${id}`);
      }
      await page.keyboard.press('Escape');
      await page.getByTestId('header-menu-panel').waitFor({ state: 'hidden' });
      // The facets wait behind a filter button; the results come first.
      expect(await page.getByTestId('facet-shareType').isVisible()).toBe(false);
      await page.getByTestId('search-filters-toggle').click();
      await page.getByTestId('facet-shareType').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('search-result-link').first().click();
      await page.waitForURL(/\/catalog\/[0-9a-f-]{36}$/);
      await page.locator('#main h1').waitFor();
      await noHorizontalScroll('entry detail');

      await page.goto(`${baseUrl}/sharing/review?box=provider`);
      await page.getByTestId('queue-approve').first().waitFor();
      await noHorizontalScroll('review queue');
      await expectInsideViewport(page.getByTestId('queue-approve').first(), 'phone 同意');
      await page.getByTestId('queue-approve').first().click();
      await page.locator('.ant-modal').waitFor();
      await noHorizontalScroll('decision dialog');
      await page.keyboard.press('Escape');
      await page.locator('.ant-modal').waitFor({ state: 'hidden' });

      await page.getByTestId('queue-open').first().click();
      await page.waitForURL(/\/sharing\/applications\/[0-9a-f-]{36}$/);
      await page.locator('#main h1').waitFor();
      await noHorizontalScroll('application status');
    }));
});
