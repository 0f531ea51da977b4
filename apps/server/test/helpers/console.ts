import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startPlatform, type Platform } from '../../src/bootstrap.ts';
import { loadConfig, repoRoot } from '../../src/config/config.ts';
import { isEmpty, seedDemo } from '../../src/seed/demo.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo-data.ts';

const webDir = path.join(repoRoot, 'apps/web/dist');
const resultsDir = path.resolve(import.meta.dirname, '../../test-results');

/**
 * The platform with the demo on a fresh embedded database, serving the built console, and one
 * page of Debian's Chromium pointed at it: what the browser tests drive.
 */
export interface ConsoleSession {
  platform: Platform;
  page: Page;
  baseUrl: string;
  /** A scratch directory (the platform's data dir) for files the test uploads. */
  dataDir: string;
  /** Signs in with the demo password (clearing any earlier session first). */
  login(username: string): Promise<void>;
  logout(): Promise<void>;
  /** Runs a step, keeping a full-page screenshot in test-results/ when it fails. */
  screenshotOnFailure<T>(name: string, run: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openConsole(name: string): Promise<ConsoleSession> {
  if (!fs.existsSync(path.join(webDir, 'index.html'))) {
    throw new Error(`The console is not built (${webDir}/index.html is missing). Run "npm run build -w @huitong/web" or "npm run test:e2e" at the repository root.`);
  }
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `huitong-e2e-${name}-`));
  let platform: Platform | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await platform?.close().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // One browser signs in as many demo users within a minute from one address; the login and
    // anonymous rate limits (tested in test/http) would refuse it, so they are lifted here.
    const unlimited = { HUITONG_LOGIN_RATE_LIMIT_PER_ADDRESS: '1000000', HUITONG_LOGIN_RATE_LIMIT_PER_ACCOUNT: '1000000', HUITONG_ANONYMOUS_RATE_LIMIT_PER_ADDRESS: '1000000' };
    const config = loadConfig({ ...process.env, ...unlimited, HUITONG_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }, { passwordCost: 1024, seedDemo: false, webDir, databaseUrl: null });
    platform = await startPlatform(config, { purpose: 'e2e', logger: false });
    if (await isEmpty(platform.app)) await seedDemo(platform.app);
    await platform.app.server.listen({ port: 0, host: '127.0.0.1' });
    const address = platform.app.server.server.address();
    if (!address || typeof address === 'string') throw new Error('the platform did not report a TCP address');
    const baseUrl = `http://127.0.0.1:${address.port}`;

    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const browserContext = context;

    return {
      platform,
      page,
      baseUrl,
      dataDir,
      async login(username) {
        await browserContext.clearCookies();
        await page.goto(`${baseUrl}/login`);
        await page.getByTestId('login-username').fill(username);
        await page.getByTestId('login-password').fill(DEMO_PASSWORD);
        await page.getByTestId('login-submit').click();
        await page.waitForURL(/\/catalog/);
        await page.getByTestId('current-user').waitFor();
      },
      async logout() {
        await page.getByTestId('logout-button').click();
        await page.waitForURL(/\/login/);
      },
      async screenshotOnFailure(step, run) {
        try {
          return await run();
        } catch (error) {
          fs.mkdirSync(resultsDir, { recursive: true });
          await page.screenshot({ path: path.join(resultsDir, `${step}-failure.png`), fullPage: true }).catch(() => {});
          throw error;
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
