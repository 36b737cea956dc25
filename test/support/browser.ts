import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import playwright, { type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AppConfig } from '@gridflow/config';
import { createTestApi, type TestApi } from './test-app.factory.js';

/** Debian's Chromium (scripts/ensure-chromium.sh installs it); CHROMIUM_PATH for other systems. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of the browser tests, kept as CI artefacts. */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-artifacts', 'screenshots');

/** Headless Chromium driven by playwright-core, with no network beyond localhost. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: run \`bash scripts/ensure-chromium.sh\` or set CHROMIUM_PATH`);
  }
  return playwright.chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ConsoleServer {
  api: TestApi;
  /** http://127.0.0.1:<port> — the API and the console it serves at `/` */
  baseUrl: string;
  close: () => Promise<void>;
}

/** The real API, listening on a free port, serving the built console (global setup builds it). */
export async function startConsoleServer(options: { config?: AppConfig } = {}): Promise<ConsoleServer> {
  const api = await createTestApi(options);
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  return { api, baseUrl: `http://127.0.0.1:${port}`, close: () => api.close() };
}

export const DESKTOP = { width: 1280, height: 800 };
/** A small phone (iPhone SE / mini class): the grid workers' screens must work at 375 px. */
export const PHONE = { width: 375, height: 812 };

/** A fresh browser context (own storage: one signed-in user) with a page open. */
export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
  });
  const page = await context.newPage();
  // Every wait is for a condition and returns as soon as it holds; this is only how long a busy
  // 2-core CI machine (two jest workers, each with an API and a browser) may take before a wait
  // counts as failed — 15 s was not enough there for a fresh context's first page.
  page.setDefaultTimeout(60_000);
  return { context, page };
}

/** Saves a full-page PNG under test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the login form and waits for the role's first screen. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
