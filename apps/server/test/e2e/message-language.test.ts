import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { notificationMessages } from '../../src/modules/notifications/index.ts';
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

/**
 * Errors and inbox messages reach the console as a code with parameters and are rendered in the
 * language the user chose (ADR 0017): after switching to English, a search link the server
 * refuses and a refusal notice in the inbox both read in English, and switching back to Chinese
 * re-renders the same message in Chinese.
 *
 * Needs the built console (`npm run build:web` at the root) and /usr/bin/chromium (or CHROMIUM_PATH).
 */

const NUMBER = 'SQ-2026-E2E1';
let session: ConsoleSession | undefined;
let page: Page;

describe('messages in the chosen language', () => {
  beforeAll(async () => {
    session = await openConsole('message-language');
    page = session.page;
    const { app, database } = session.platform;
    const reader = await database.db.selectFrom('app_user').select('id').where('username', '=', 'wj_officer').executeTakeFirstOrThrow();
    const application = await database.db.selectFrom('share_application').select('id').limit(1).executeTakeFirstOrThrow();
    await database.db.transaction().execute((trx) =>
      app.modules.notifications.service.notifyUsers(
        trx,
        [reader.id],
        notificationMessages.applicationRefused({ applicationId: application.id, number: NUMBER, step: 'provider_review', comment: '用途与申请事项不符', legalBasis: null }),
      ),
    );
    // Seeding the demo city takes a while on a busy machine.
  }, 300_000);
  afterAll(() => session?.close());

  it('shows an error and an inbox message in English when the user chose English', async () => {
    await session!.screenshotOnFailure('message-language', async () => {
      await session!.login('wj_officer');
      await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');

      // A shared link with a search longer than the server accepts: the answer is a coded 400.
      await page.goto(`${session!.baseUrl}/catalog?q=${encodeURIComponent('户籍'.repeat(51))}`);
      const alert = page.getByTestId('api-error');
      await alert.waitFor();
      await expect.poll(() => alert.textContent()).toContain('query.q is too long: at most 100 characters');
      expect(await alert.textContent()).not.toMatch(/长度不能超过/);

      // The refusal notice, stored with its code, reads in English.
      await page.getByTestId('notification-bell').click();
      const item = page.getByTestId('notification-item').filter({ hasText: NUMBER });
      await item.waitFor();
      await expect.poll(() => item.textContent()).toContain(`Application ${NUMBER} refused`);
      expect(await item.getByTestId('notification-body').textContent()).toBe('Refused at provider review: 用途与申请事项不符');

      // Back to Chinese: the same message, rendered again from its code.
      await page.keyboard.press('Escape');
      await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
      await page.getByTestId('notification-bell').click();
      await expect.poll(() => item.textContent()).toContain(`共享申请 ${NUMBER} 未获同意`);
      expect(await item.getByTestId('notification-body').textContent()).toBe('提供部门审核未同意: 用途与申请事项不符');
    });
  });
});
