import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openConsole, type ConsoleSession } from '../helpers/console.ts';

/**
 * The strict Content-Security-Policy (docs/security.md, "HTTP edge") in a real browser: the built
 * console and the bundled Swagger UI must work under it with no violation reported. A policy
 * that the console needed to break (an inline script, eval, a foreign host) fails here.
 */

let session: ConsoleSession | undefined;
let page: Page;
let baseUrl = '';

async function violations(): Promise<string[]> {
  return page.evaluate<string[]>('window.__cspViolations ?? []');
}

describe('console and API docs under the strict CSP', () => {
  beforeAll(async () => {
    session = await openConsole('csp');
    ({ page, baseUrl } = session);
    // Runs in the page (this project compiles without the DOM library, hence a string).
    await page.addInitScript({
      content: `window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) => window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));`,
    });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('the console signs in and renders with no CSP violation', () =>
    session!.screenshotOnFailure('csp-console', async () => {
      const response = await page.goto(`${baseUrl}/login`);
      expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
      await session!.login('ga_officer');
      await page.getByTestId('current-user').waitFor();
      expect(await violations()).toEqual([]);
    }));

  it('the API docs render with no CSP violation', () =>
    session!.screenshotOnFailure('csp-docs', async () => {
      const response = await page.goto(`${baseUrl}/api/docs/`);
      expect(response?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      await page.locator('.swagger-ui .info .title').waitFor();
      await page.locator('.opblock').first().waitFor();
      expect(await violations()).toEqual([]);
    }));
});
