import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * A real headless Chromium for page tests. The browser ships inside the `@sparticuz/chromium`
 * npm package (unpacked on first use), so `npm ci` alone is enough: nothing is downloaded.
 * One browser per test file; each test opens its own context (no shared storage).
 */
export async function launchBrowser(): Promise<Browser> {
  const binary = packagedChromium();
  return chromium.launch({
    executablePath: binary.executablePath,
    args: [
      ...binary.args,
      // The county network has no internet: the browser's own background calls would only fail.
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
    headless: true,
  });
}

/**
 * Where the packaged Chromium is and how to start it. `@sparticuz/chromium` is an ES module,
 * which Jest's CommonJS runtime cannot load: a short Node process asks it instead, once per
 * worker.
 */
function packagedChromium(): { executablePath: string; args: string[] } {
  const cached = process.env.HUB_TEST_CHROMIUM;
  if (cached !== undefined) return JSON.parse(cached);
  const script = `import('@sparticuz/chromium').then(async ({ default: c }) => process.stdout.write(JSON.stringify({ executablePath: await c.executablePath(), args: c.args })))`;
  const found = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  process.env.HUB_TEST_CHROMIUM = found;
  return JSON.parse(found);
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
