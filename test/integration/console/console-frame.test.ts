import 'reflect-metadata';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../../src/app';
import { DEFAULT_MAX_BODY_BYTES } from '../../../src/config';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { launchBrowser, PHONE_SCREEN } from '../../support/browser';
import { openConsole, screenshot, signIn, textOf } from '../../support/console';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { postGraphql, startTestServer } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

// The console's frame: served by the hub itself with its security headers, the development
// sign-in (and its absence in production), who is signed in on every page, sign-out.
describe('the console frame (real server, real browser)', () => {
  const tmp = tempDir();
  let db: Db;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let production: RunningServer;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 120, 'console-frame');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    server = await startTestServer(db, tmp.dir);
    origin = server.url.replace(/\/$/, '');
    // Production: tokens from an identity provider (never asked here: no token is checked).
    production = await startServer(
      { dataDir: tmp.dir, port: 0, host: '127.0.0.1', production: true, jwtSecret: null, jwksUrl: 'http://127.0.0.1:9/jwks.json', jwtIssuer: 'https://idp.example', jwtAudience: 'child-data-hub', maxBodyBytes: DEFAULT_MAX_BODY_BYTES },
      db,
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await production?.stop();
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  describe('over HTTP', () => {
    it('serves the page at / with a CSP that allows no inline script and no other host', async () => {
      const response = await fetch(`${origin}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('set-cookie')).toBeNull();
      const html = await response.text();
      // Scripts only from files of the hub: no inline <script> body, no other host.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/console\/)[^>]*>/);
      expect(html).not.toMatch(/https?:\/\//);
    });

    it('serves the bundle and the last-resort Chinese font from the hub, with the same headers', async () => {
      for (const asset of ['/console/app.js', '/console/app.css', '/console/fonts/noto-sans-sc/index.css', '/console/fonts/noto-sans-sc/files/noto-sans-sc-4-400-normal.woff2']) {
        const response = await fetch(`${origin}${asset}`);
        expect([asset, response.status]).toEqual([asset, 200]);
        expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      }
      // Sent again only when it changed.
      const etag = (await fetch(`${origin}/console/app.js`)).headers.get('etag')!;
      expect((await fetch(`${origin}/console/app.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
      expect((await fetch(`${origin}/console/fonts/noto-sans-sc/files/..%2f..%2fpackage.json`)).status).toBe(404);
      expect((await fetch(`${origin}/console/fonts/noto-sans-sc/files/../../../../package.json`)).status).not.toBe(200);
    });

    it('mints a development token that the API accepts, for JSON from the same site only', async () => {
      const mint = (headers: Record<string, string>, body: unknown) => fetch(`${origin}/console/dev/token`, { method: 'POST', headers, body: JSON.stringify(body) });
      const minted = await mint({ 'content-type': 'application/json' }, { role: 'EDUCATION', area: '500109', name: 'teacher-wang' });
      expect(minted.status).toBe(200);
      const { token } = (await minted.json()) as { token: string };
      const answer = await postGraphql(server.endpoint, '{ hubStatus { identity { children } } }', undefined, token);
      expect(answer.status).toBe(200);
      expect(answer.body.data?.hubStatus.identity.children).toBeGreaterThan(0);
      // A form another site could post (not JSON), a browser's cross-site request, a bad area.
      expect((await mint({ 'content-type': 'text/plain' }, { role: 'EDUCATION', area: '500109' })).status).toBe(415);
      expect((await mint({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, { role: 'EDUCATION', area: '500109' })).status).toBe(403);
      expect((await mint({ 'content-type': 'application/json' }, { role: 'EDUCATION', area: '500109001' })).status).toBe(400);
    });

    it('has no development sign-in in production (404), and still serves the page', async () => {
      const prod = production.url.replace(/\/$/, '');
      expect((await fetch(`${prod}/console/dev/areas`)).status).toBe(404);
      const minted = await fetch(`${prod}/console/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'CIVIL_AFFAIRS', area: '500109' }) });
      expect(minted.status).toBe(404);
      expect(await minted.text()).not.toMatch(/eyJ/);
      expect((await fetch(`${prod}/`)).status).toBe(200);
    });

    it('names areas only to a signed-in person, and only inside their area', async () => {
      expect((await fetch(`${origin}/console/areas`)).status).toBe(401);
      const minted = await fetch(`${origin}/console/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'CIVIL_AFFAIRS', area: '500109' }) });
      const { token } = (await minted.json()) as { token: string };
      const named = await fetch(`${origin}/console/areas`, { headers: { authorization: `Bearer ${token}` } });
      const { areas } = (await named.json()) as { areas: { code: string; name: string }[] };
      expect(areas.find((a) => a.code === '500109')?.name).toBe('北碚区');
      expect(areas.some((a) => a.code.length === 12 && a.name !== null)).toBe(true);
      expect((await fetch(`${origin}/console/areas?under=500106`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    });
  });

  describe('in the browser', () => {
    it('signs in (development), shows role and area on the page, keeps the token out of cookies, signs out', async () => {
      const consolePage = await openConsole(browser, origin);
      const { page, context, requests, errors, graphqlRequests } = consolePage;
      await page.getByTestId('development-sign-in').waitFor();
      await screenshot(page, 'sign-in');
      await signIn(page, 'CIVIL_AFFAIRS', '500109', 'clerk-li');
      await page.getByTestId('who').getByText('北碚区').waitFor();
      const who = await textOf(page, '[data-testid=who]');
      expect(who).toContain('民政局');
      expect(who).toContain('北碚区');
      expect(who).toContain('clerk-li');
      await page.getByTestId('stat-children').waitFor();
      expect(graphqlRequests.length).toBeGreaterThan(0);
      expect(graphqlRequests.every((r) => r.authorization?.startsWith('Bearer ') && r.cookie === undefined)).toBe(true);
      expect(await context.cookies()).toEqual([]);
      await page.getByRole('button', { name: '退出' }).click();
      await page.getByTestId('development-sign-in').waitFor();
      expect(await page.evaluate('sessionStorage.length')).toBe(0);
      expect(requests.foreign(origin)).toEqual([]);
      expect(errors).toEqual([]);
      await consolePage.close();
    });

    it('asks for the identity provider\'s token in production (no secret on the page)', async () => {
      const prod = production.url.replace(/\/$/, '');
      const consolePage = await openConsole(browser, prod);
      await consolePage.page.getByTestId('token-sign-in').waitFor();
      await consolePage.page.locator('textarea[name=token]').fill('not a token');
      await consolePage.page.getByRole('button', { name: '登录' }).click();
      await consolePage.page.getByText('令牌格式不正确').waitFor();
      expect(consolePage.requests.foreign(prod)).toEqual([]);
      expect(consolePage.errors.filter((e) => !/404/.test(e))).toEqual([]);
      await consolePage.close();
    });

    it('fits a phone: signed in, the page is no wider than the screen', async () => {
      const consolePage = await openConsole(browser, origin, PHONE_SCREEN);
      const { page } = consolePage;
      await signIn(page, 'CIVIL_AFFAIRS', '500109');
      await page.getByTestId('stat-children').waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_SCREEN.width);
      expect(consolePage.errors).toEqual([]);
      await consolePage.close();
    });
  });
});
