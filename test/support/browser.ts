import chromiumBinary from '@sparticuz/chromium';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * A real headless Chromium for page tests. The browser ships inside the `@sparticuz/chromium`
 * npm package (unpacked on first use), so `npm ci` alone is enough: nothing is downloaded.
 * One browser per test file; each test opens its own context (no shared storage).
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumBinary.executablePath(),
    args: [
      ...chromiumBinary.args,
      // The county network has no internet: the browser's own background calls would only fail.
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
    headless: true,
  });
}

/** The office screen every page must work on (the 1366×768), and a phone. */
export const OFFICE_SCREEN = { width: 1366, height: 768 } as const;
export const PHONE_SCREEN = { width: 390, height: 844 } as const;

/**
 * Every request a page makes, with its URL, so a test can prove no page reaches another host.
 * Attach before the first navigation.
 */
export function recordRequests(page: Page): { urls: string[]; foreign(origin: string): string[] } {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return {
    urls,
    foreign: (origin: string) => urls.filter((url) => !url.startsWith(`${origin}/`) && url !== origin && !url.startsWith('data:') && !url.startsWith('blob:')),
  };
}

/** Script errors and console errors a page raised: a page that works raises none. */
export function recordPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}
