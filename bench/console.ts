/**
 * `npm run bench:console -- [--url http://localhost:4000]`: the console's figures for
 * docs/BENCHMARKS.md, in the packaged headless Chromium against a running hub in development
 * mode (`npm start`, or `hub serve` on a large county): signs in as civil affairs of the first
 * county the sign-in offers and times the dashboard until its chart is drawn; opens a child's file
 * from the roster and times it until the file is on screen; and adds up the bytes of the first
 * load (page, scripts, styles, fonts; answers of the API apart). Prints one JSON line.
 */
import { launchBrowser, OFFICE_SCREEN } from '../test/support/browser';

const args = process.argv.slice(2);
const url = (args[args.indexOf('--url') + 1] ?? '').startsWith('http') ? args[args.indexOf('--url') + 1] : 'http://localhost:4000';

async function main(): Promise<void> {
  const origin = url.replace(/\/$/, '');
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: OFFICE_SCREEN, locale: 'zh-CN' });
    const page = await context.newPage();
    const bytes = { assets: 0, api: 0, fonts: 0 };
    page.on('response', async (response) => {
      const size = (await response.body().catch(() => Buffer.alloc(0))).length;
      if (response.url().endsWith('/graphql') || response.url().includes('/console/areas') || response.url().includes('/console/dev/')) bytes.api += size;
      else if (response.url().includes('/fonts/')) bytes.fonts += size;
      else bytes.assets += size;
    });
    const loadStarted = performance.now();
    await page.goto(`${origin}/`);
    await page.locator('select[name=area]').waitFor();
    const signInShown = performance.now() - loadStarted;
    const county = await page.locator('select[name=area] option').first().getAttribute('value');
    await page.locator('select[name=role]').selectOption('CIVIL_AFFAIRS');
    await page.locator('select[name=area]').selectOption(county!);
    const dashboardStarted = performance.now();
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('[data-testid=bar-chart] canvas').waitFor();
    await page.getByTestId('stat-children').waitFor();
    const dashboard = performance.now() - dashboardStarted;
    await page.goto(`${origin}/#/children`);
    const firstChild = page.locator('[data-testid=children-table] tbody tr a').first();
    await firstChild.waitFor();
    const fileStarted = performance.now();
    await firstChild.click();
    await page.locator('.child-file').waitFor();
    const childFile = performance.now() - fileStarted;
    await page.waitForTimeout(500);
    console.log(
      JSON.stringify({
        url: origin,
        signInShownMs: Math.round(signInShown),
        dashboardChartDrawnMs: Math.round(dashboard),
        childFileShownMs: Math.round(childFile),
        firstLoadBytes: { scriptsStylesPage: bytes.assets, fonts: bytes.fonts, apiAnswers: bytes.api },
      }),
    );
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
