import 'reflect-metadata';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../../src/app';
import { Role } from '../../../src/auth/roles';
import { signDevelopmentToken } from '../../../src/auth/tokens';
import { DEFAULT_MAX_BODY_BYTES, DEVELOPMENT_JWT_AUDIENCE, DEVELOPMENT_JWT_ISSUER } from '../../../src/config';
import { launchBrowser, OFFICE_SCREEN, recordPageErrors, recordRequests } from '../../support/browser';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, TEST_SECRET } from '../../support/server';

// GraphiQL is the developers' page: served by the hub from the graphiql package's own files, in
// development only. Apollo's landing page (Sandbox from Apollo's CDN, fonts from Google) is off in
// every mode.
describe('GraphiQL at /graphiql', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let development: Awaited<ReturnType<typeof startTestServer>>;
  let production: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    db = await createTestDatabase();
    [development, production, browser] = await Promise.all([
      startTestServer(db, tmp.dir),
      startServer({ dataDir: tmp.dir, port: 0, host: '127.0.0.1', production: true, jwtSecret: TEST_SECRET, jwksUrl: null, jwtIssuer: DEVELOPMENT_JWT_ISSUER, jwtAudience: DEVELOPMENT_JWT_AUDIENCE, maxBodyBytes: DEFAULT_MAX_BODY_BYTES }, db),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await production?.stop();
    await development?.stop();
    await db.close();
    tmp.cleanup();
  });

  it('runs a query with a pasted development token, and nothing goes to another host', async () => {
    const origin = new URL(development.url).origin;
    const context = await browser.newContext({ viewport: OFFICE_SCREEN });
    const page = await context.newPage();
    const requests = recordRequests(page);
    const errors = recordPageErrors(page);
    try {
      const response = await page.goto(`${origin}/graphiql`);
      expect(response?.status()).toBe(200);
      await page.locator('.graphiql-query-editor .monaco-editor').waitFor();

      // The developer pastes `hub token`'s output into the header editor.
      const token = await signDevelopmentToken(TEST_SECRET, { sub: 'graphiql-tester', role: Role.CIVIL_AFFAIRS, area: '500109' });
      await page.getByRole('button', { name: 'Headers' }).click();
      const headers = page.locator('.graphiql-editor-tool .monaco-editor').last();
      await headers.click();
      await page.keyboard.press('ControlOrMeta+A');
      await pasteIntoFocusedEditor(page, JSON.stringify({ Authorization: `Bearer ${token}` }));
      await page.locator('.graphiql-execute-button').click();

      const result = page.locator('.result-window');
      await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('openReviews') === true, undefined, { timeout: 10_000 });
      const text = (await result.textContent()) ?? '';
      expect(text).toContain('"hubStatus"');
      expect(text).not.toContain('UNAUTHENTICATED');

      // The documentation comes from the schema the page was given: the hub's own types.
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
      await page.locator('.graphiql-doc-explorer').getByText('hubStatus').first().waitFor();

      expect(requests.foreign(origin)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('serves the page under a Content-Security-Policy that names no other host', async () => {
    const response = await fetch(`${development.url}graphiql`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/https?:|\*/);
    const html = await response.text();
    // No inline script: the only script is the bundle, from the hub itself.
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="/graphiql/assets/main.js">']);
  });

  it('is not served in production', async () => {
    for (const path of ['graphiql', 'graphiql/', 'graphiql/assets/main.js', 'graphiql/schema.graphql']) {
      const response = await fetch(`${production.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it.each([
    ['production', () => production.url],
    ['development', () => development.url],
  ])('serves no landing page in %s: a GET of /graphql without a query is a JSON error, / is the hub’s own console', async (_mode, url) => {
    const api = await fetch(`${url()}graphql`, { headers: { accept: 'text/html' } });
    const body = await api.text();
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).not.toMatch(/<html|apollographql|googleapis/i);
    expect(JSON.parse(body).errors[0].message).toBeTruthy();
    // The root is the console, served by the hub itself: no page of Apollo's, nothing from another host.
    const root = await fetch(url(), { headers: { accept: 'text/html' } });
    const page = await root.text();
    expect(root.status).toBe(200);
    expect(page).not.toMatch(/apollographql|googleapis|https?:\/\//i);
    expect(root.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });
});

/**
 * A paste, as the developer's Ctrl-V makes it: typed text would get Monaco's closing quotes and
 * brackets added, a paste is taken as it is.
 */
async function pasteIntoFocusedEditor(page: Page, text: string): Promise<void> {
  await page.evaluate((pasted) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', pasted);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}
