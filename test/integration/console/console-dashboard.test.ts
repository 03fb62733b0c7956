import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { Role } from '../../../src/auth/roles';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { launchBrowser } from '../../support/browser';
import { count, openConsole, screenshot, signIn } from '../../support/console';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;
interface Tally {
  key: string;
  count: number;
}
interface Dashboard {
  areaCode: string;
  children: number;
  reviewBacklog: number;
  byFlag: Tally[];
  areas: { areaCode: string; children: number; flags: Tally[] }[];
  dataQuality: { source: string; records: number }[];
}

const DASHBOARD = fs.readFileSync(path.join(__dirname, '../../../schema/operations/console/dashboard.graphql'), 'utf8');

// The dashboard as civil affairs and a town supervisor use it: the numbers on the page are the
// API's, the chart and the table go down a level, and another role is refused the page.
describe('the console dashboard (real server, real browser)', () => {
  const tmp = tempDir();
  let db: Db;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let origin: string;
  let browser: Browser;
  const apiDashboard = async (role: Role, area: string, areaCode?: string): Promise<Dashboard> => {
    const answer = await (await server.as(role, area))(DASHBOARD, { areaCode: areaCode ?? null });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.dashboard;
  };

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 200, 'console-dashboard');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    server = await startTestServer(db, tmp.dir);
    origin = server.url.replace(/\/$/, '');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  it("civil affairs sees the county's numbers as the API gives them, and goes down to a town", async () => {
    const expected = await apiDashboard(Role.CIVIL_AFFAIRS, '500109');
    expect(expected.children).toBeGreaterThan(150);
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'CIVIL_AFFAIRS', '500109');
    await page.getByTestId('stat-children').waitFor();
    expect(count(await page.getByTestId('stat-children').locator('.stat-value').innerText())).toBe(expected.children);
    expect(count(await page.getByTestId('stat-review-backlog').locator('.stat-value').innerText())).toBe(expected.reviewBacklog);
    // Counts are written with thousands separators where they reach four digits.
    if (expected.children >= 1000) expect(await page.getByTestId('stat-children').innerText()).toContain(',');
    for (const { key, count: n } of expected.byFlag) {
      expect([key, count(await page.locator(`[data-testid=by-flag] tr[data-key=${key}] td.num`).innerText())]).toEqual([key, n]);
    }
    for (const area of expected.areas) {
      const row = page.locator(`[data-testid=area-table] tr[data-area="${area.areaCode}"]`);
      expect([area.areaCode, count(await row.locator('td.num').first().innerText())]).toEqual([area.areaCode, area.children]);
    }
    for (const quality of expected.dataQuality) {
      expect(count(await page.locator(`[data-testid=data-quality] tr[data-source=${quality.source}] td.num`).first().innerText())).toBe(quality.records);
    }
    // The chart is drawn (ECharts on a canvas), and the area names are the division list's.
    await page.getByTestId('bar-chart').locator('canvas').waitFor();
    await page.locator('[data-testid=area-table] a', { hasText: /镇|街道|乡/ }).first().waitFor();
    await screenshot(page, 'dashboard');

    // Down a level: the busiest town, from the table.
    const town = [...expected.areas].sort((a, b) => b.children - a.children)[0];
    const townDashboard = await apiDashboard(Role.CIVIL_AFFAIRS, '500109', town.areaCode);
    await page.locator(`[data-testid=area-table] tr[data-area="${town.areaCode}"] a`).click();
    await page.locator(`[data-testid=area-table] tr[data-area="${townDashboard.areas[0].areaCode}"]`).waitFor();
    expect(count(await page.getByTestId('stat-children').locator('.stat-value').innerText())).toBe(townDashboard.children);
    expect(await page.locator('[data-testid=area-table] tbody tr').count()).toBe(townDashboard.areas.length);
    expect(consolePage.requests.foreign(origin)).toEqual([]);
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });

  it('a click on a bar of the chart goes down to that town', async () => {
    const expected = await apiDashboard(Role.CIVIL_AFFAIRS, '500109');
    const towns = [...expected.areas].sort((a, b) => (a.areaCode < b.areaCode ? -1 : 1));
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'CIVIL_AFFAIRS', '500109');
    const canvas = page.getByTestId('bar-chart').locator('canvas');
    await canvas.waitFor();
    await page.waitForTimeout(200);
    // The first bar sits in the first slot of the category axis (grid left 56 px, right 16 px).
    const box = (await canvas.boundingBox())!;
    const slot = (box.width - 56 - 16) / towns.length;
    const first = towns[0];
    await page.mouse.click(box.x + 56 + slot / 2, box.y + box.height - 72 - 2);
    await page.waitForURL(new RegExp(`#/dashboard\\?area=${first.areaCode}$`));
    const townDashboard = await apiDashboard(Role.CIVIL_AFFAIRS, '500109', first.areaCode);
    await page.locator(`[data-testid=area-table] tr[data-area="${townDashboard.areas[0].areaCode}"]`).waitFor();
    expect(await page.locator('[data-testid=area-table] tbody tr').count()).toBe(townDashboard.areas.length);
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });

  it("a town supervisor sees the town's numbers", async () => {
    const county = await apiDashboard(Role.CIVIL_AFFAIRS, '500109');
    const town = county.areas[0].areaCode;
    const expected = await apiDashboard(Role.TOWN_SUPERVISOR, town);
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'TOWN_SUPERVISOR', town);
    await page.getByTestId('stat-children').waitFor();
    expect(count(await page.getByTestId('stat-children').locator('.stat-value').innerText())).toBe(expected.children);
    expect(await page.locator('[data-testid=area-table] tbody tr').count()).toBe(expected.areas.length);
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });

  it('refuses the dashboard to education, without asking the API', async () => {
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'EDUCATION', '500109');
    await page.goto(`${origin}/#/dashboard`);
    await page.getByText('无权访问此页面').waitFor();
    expect(consolePage.graphqlRequests.map((r) => r.operation)).not.toContain('ConsoleDashboard');
    expect(await page.locator('nav.menu').innerText()).not.toContain('工作概览');
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });
});
