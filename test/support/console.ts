import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OFFICE_SCREEN, recordPageErrors, recordRequests } from './browser';

/** Screenshots go to docs/screenshots when HUB_SCREENSHOTS is set (`npm run screenshots`); otherwise nowhere. */
const SCREENSHOT_DIR = process.env.HUB_SCREENSHOTS ? path.resolve(__dirname, '../../docs/screenshots') : null;

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Every URL the page asked for. */
  requests: ReturnType<typeof recordRequests>;
  /** Script and console errors the page raised. */
  errors: string[];
  /** Bodies of the GraphQL requests the page sent, in order. */
  graphqlRequests: { operation: string; authorization: string | undefined; cookie: string | undefined }[];
  close(): Promise<void>;
}

/** A fresh browser context (no shared storage) on the hub's console, recording what the page does. */
export async function openConsole(browser: Browser, origin: string, screen: { width: number; height: number } = OFFICE_SCREEN): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: screen, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  const requests = recordRequests(page);
  const errors = recordPageErrors(page);
  const graphqlRequests: ConsolePage['graphqlRequests'] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/graphql')) return;
    const query = (JSON.parse(request.postData() ?? '{}') as { query?: string }).query ?? '';
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? '';
    const headers = request.headers();
    graphqlRequests.push({ operation, authorization: headers.authorization, cookie: headers.cookie });
  });
  await page.goto(`${origin}/`);
  // Only the page is closed: with the packaged Chromium (one process), closing a context can take
  // the browser down with it. Contexts go when the browser closes, at the end of the file.
  return { context, page, requests, errors, graphqlRequests, close: () => page.close() };
}

/** Signs in through the development sign-in form, as a person would. */
export async function signIn(page: Page, role: string, area: string, name?: string): Promise<void> {
  await page.locator('select[name=role]').selectOption(role);
  await page.locator('select[name=area]').selectOption(area);
  if (name !== undefined) await page.locator('input[name=name]').fill(name);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('who').waitFor();
}

/** The page's text with whitespace collapsed. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** A count as the console shows it: 12,345 → 12345. */
export function count(text: string): number {
  return Number(text.replace(/[^\d]/g, ''));
}

/** Saves a screenshot of the page as docs/screenshots/<name>.png when HUB_SCREENSHOTS is set. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (SCREENSHOT_DIR === null) return;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}
