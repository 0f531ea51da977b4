import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe.ts';
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

/**
 * WCAG 2.1 AA in Debian's Chromium: axe-core on the console's main pages, for the main roles, in
 * Chinese, in English and in 关怀版. Any violation fails the test, with the rule and the elements named.
 */

let session: ConsoleSession | undefined;
let page: Page;
let baseUrl = '';

/** Pages by the role that works them; `open` reaches pages whose address holds an id. */
type Visit = { path: string; open?: (page: Page) => Promise<void>; label: string };
const VISITS: Array<{ user: string; visits: Visit[] }> = [
  {
    user: 'reviewer',
    visits: [
      { label: '目录检索', path: '/catalog' },
      {
        label: '目录详情',
        path: '/catalog',
        open: async (p) => {
          await p.getByTestId('search-result-link').first().click();
          await p.waitForURL(/\/catalog\/[0-9a-f-]{36}$/);
          await p.getByTestId('search-result-link').first().waitFor({ state: 'detached' });
        },
      },
      { label: '审核队列', path: '/review' },
      { label: '疑义纠错', path: '/objections' },
      { label: '目录维护', path: '/maintenance' },
      { label: '待办审核', path: '/sharing/review?box=operator' },
      { label: '共享申请', path: '/sharing/applications?box=all' },
      {
        label: '申请详情',
        path: '/sharing/applications?box=all',
        open: async (p) => {
          await p.getByTestId('application-link').first().click();
          await p.waitForURL(/\/sharing\/applications\/[0-9a-f-]{36}$/);
        },
      },
      { label: '需求清单', path: '/sharing/demands' },
      { label: '无效链接', path: '/catalog/not-an-id' },
    ],
  },
  {
    user: 'ga_officer',
    visits: [
      { label: '新建目录', path: '/catalog/new' },
      { label: '我的目录', path: '/catalog/mine' },
      { label: '导入导出', path: '/transfer' },
      { label: '共享授权', path: '/sharing/grants' },
    ],
  },
  {
    user: 'auditor',
    visits: [
      {
        label: '审计日志(展开一条)',
        path: '/audit',
        open: async (p) => {
          await p.getByTestId('audit-table').locator('.ant-table-row-expand-icon').first().click();
          await p.locator('.ant-table-expanded-row').first().waitFor();
        },
      },
    ],
  },
  {
    user: 'admin',
    visits: [
      { label: '部门管理', path: '/admin/departments' },
      { label: '用户管理', path: '/admin/users' },
      { label: '应用系统', path: '/admin/systems' },
      { label: '事件推送', path: '/admin/webhooks' },
      { label: '工作日历', path: '/admin/calendar' },
    ],
  },
];

/**
 * Waits until the page's own API calls are done: no fetch in flight across two animation frames
 * (a finished query may render a component that starts the next one). Much quicker than
 * Playwright's networkidle, which always waits a further 500 ms.
 */
let inFlight = 0;
async function settled() {
  for (let quiet = 0; quiet < 2; ) {
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    quiet = inFlight === 0 ? quiet + 1 : 0;
  }
}

async function visit(v: Visit) {
  await page.goto(`${baseUrl}${v.path}`);
  await page.locator('#main h1').first().waitFor();
  await settled();
  if (v.open) {
    await v.open(page);
    await page.locator('#main h1').first().waitFor();
    await settled();
  }
  // antd animates colours (0.2 s): measure contrast once hover and focus transitions have settled.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
}

async function setLanguage(language: 'zh-CN' | 'en') {
  await page.evaluate(`window.localStorage.setItem('huitong.language', '${language}')`);
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  beforeAll(async () => {
    session = await openConsole('a11y');
    ({ page, baseUrl } = session);
    const api = (request: { url(): string }) => new URL(request.url()).pathname.startsWith('/api/');
    page.on('request', (request) => void (api(request) && inFlight++));
    page.on('requestfinished', (request) => void (api(request) && inFlight--));
    page.on('requestfailed', (request) => void (api(request) && inFlight--));
  });

  afterAll(async () => {
    await session?.close();
  });

  const VARIANTS = [
    { name: 'zh-CN', language: 'zh-CN', care: false, users: VISITS.map((v) => v.user) },
    // English and 关怀版 change texts, colours and sizes, not the markup: axe checks the same rules
    // (contrast, names, labels, ARIA, tables) on representative pages of every kind — lists,
    // details, forms, the expanded audit row, the invalid link — while zh-CN covers every page.
    { name: 'en', language: 'en', care: false, users: ['reviewer', 'ga_officer', 'auditor'] },
    { name: '关怀版', language: 'zh-CN', care: true, users: ['reviewer', 'ga_officer'] },
  ] as const;

  for (const variant of VARIANTS) {
    it(`finds no violation on the login page and the main pages of each role (${variant.name})`, () =>
      session!.screenshotOnFailure(`a11y-${variant.name}`, async () => {
        const found: string[] = [];
        await page.context().clearCookies();
        await page.goto(`${baseUrl}/login`);
        await setLanguage(variant.language);
        await page.goto(`${baseUrl}/login`);
        await page.getByTestId('login-submit').waitFor();
        found.push(...(await axeViolations(page)).map((v) => `登录: ${v}`));
        let pages = 1;
        for (const { user, visits } of VISITS.filter((v) => (variant.users as readonly string[]).includes(v.user))) {
          await session!.login(user);
          const care = page.getByTestId('care-switch');
          if ((await care.getAttribute('aria-checked')) !== String(variant.care)) await care.click();
          for (const v of visits) {
            await visit(v);
            found.push(...(await axeViolations(page)).map((violation) => `${user} ${v.label}: ${violation}`));
            pages++;
          }
        }
        expect(pages).toBeGreaterThanOrEqual(12);
        expect(found).toEqual([]);
      }));
  }
});
