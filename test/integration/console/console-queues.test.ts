import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
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

const LIST = `query ($filter: ChildFilter, $first: Int!, $after: String) {
  children(filter: $filter, first: $first, after: $after) { totalCount edges { node { id idNumber } } pageInfo { endCursor } }
}`;

// The work queues that exist today (education: dropouts; police: unregistered) and the roster:
// counts equal to the API's, filters, paging, a CSV made in the browser from the API's rows.
describe('work queues in the console (real server, real browser)', () => {
  const tmp = tempDir();
  let db: Db;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let origin: string;
  let browser: Browser;
  const api = async (role: Role, filter: Record<string, unknown>, first = 100, after: string | null = null) => {
    const answer = await (await server.as(role, '500109'))(LIST, { filter, first, after });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.children as { totalCount: number; edges: { node: { id: string; idNumber: string | null } }[]; pageInfo: { endCursor: string } };
  };
  const csvOf = async (page: Page) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    return { name: download.suggestedFilename(), lines: text.replace(/^\uFEFF/, '').trimEnd().split('\r\n') };
  };

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 300, 'console-queues');
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

  it('education: the dropouts with the API’s count, masked ID numbers, a filter by town and a CSV of every row', async () => {
    const expected = await api(Role.EDUCATION, { flags: ['DROPOUT'] });
    expect(expected.totalCount).toBeGreaterThan(0);
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'EDUCATION', '500109');
    await page.getByTestId('total-count').waitFor();
    expect(page.url()).toMatch(/#\/queues\/dropouts$/);
    expect(count(await page.getByTestId('total-count').innerText())).toBe(expected.totalCount);
    const rows = page.locator('[data-testid=children-table] tbody tr');
    expect(await rows.count()).toBe(Math.min(expected.totalCount, 50));
    for (const text of await rows.allInnerTexts()) expect(text).toContain('辍学');
    for (const id of await page.locator('[data-testid=children-table] td.id-number').allInnerTexts()) expect(id).toMatch(/^(\d{6}\*{12}|—)$/);
    await screenshot(page, 'queue-dropouts');

    const csv = await csvOf(page);
    expect(csv.name).toMatch(/^辍学名单-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.lines[0]).toBe('儿童编号,姓名,性别,出生日期,身份证号,区域代码,区域,核验状态,标记,学校,年级,学籍状态');
    expect(csv.lines.length - 1).toBe(expected.totalCount);
    expect(new Set(csv.lines.slice(1).map((line) => line.split(',')[0]))).toEqual(new Set(expected.edges.map((e) => e.node.id)));

    // A town's dropouts: the town that has most.
    const towns = new Map<string, number>();
    for (const line of csv.lines.slice(1)) towns.set(line.split(',')[5].slice(0, 9), (towns.get(line.split(',')[5].slice(0, 9)) ?? 0) + 1);
    const town = [...towns].sort((a, b) => b[1] - a[1])[0][0];
    await page.locator('select[name=area]').selectOption(town);
    await page.waitForURL(new RegExp(`area=${town}`));
    const inTown = await api(Role.EDUCATION, { flags: ['DROPOUT'], areaCode: town });
    await page.getByTestId('total-count').getByText(`共 ${inTown.totalCount} 人`).waitFor();
    expect(await rows.count()).toBe(inTown.totalCount);
    expect(consolePage.requests.foreign(origin)).toEqual([]);
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });

  it('police: the unregistered with the API’s count and a CSV; the dropouts page is refused to police', async () => {
    const expected = await api(Role.POLICE, { flags: ['UNREGISTERED'] });
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'POLICE', '500109');
    await page.getByTestId('total-count').waitFor();
    expect(page.url()).toMatch(/#\/queues\/unregistered$/);
    expect(count(await page.getByTestId('total-count').innerText())).toBe(expected.totalCount);
    await screenshot(page, 'queue-unregistered');
    const csv = await csvOf(page);
    expect(csv.lines.length - 1).toBe(expected.totalCount);
    await page.goto(`${origin}/#/queues/dropouts`);
    await page.getByText('无权访问此页面').waitFor();
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });

  it('civil affairs pages through the roster, page by page as the API gives it', async () => {
    const first = await api(Role.CIVIL_AFFAIRS, {}, 50);
    const second = await api(Role.CIVIL_AFFAIRS, {}, 50, first.pageInfo.endCursor);
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'CIVIL_AFFAIRS', '500109');
    await page.getByRole('link', { name: '儿童名册' }).click();
    await page.getByTestId('total-count').waitFor();
    expect(count(await page.getByTestId('total-count').innerText())).toBe(first.totalCount);
    const ids = () => page.locator('[data-testid=children-table] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-child')));
    expect(await ids()).toEqual(first.edges.map((e) => e.node.id));
    await screenshot(page, 'children');
    // Civil affairs reads full ID numbers: the page shows what the API returned.
    expect(await page.locator('[data-testid=children-table] td.id-number').first().innerText()).toBe(first.edges[0].node.idNumber ?? '—');
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 2 页').waitFor();
    await page.locator(`[data-testid=children-table] tr[data-child="${second.edges[0].node.id}"]`).waitFor();
    expect(await ids()).toEqual(second.edges.map((e) => e.node.id));
    await page.getByRole('button', { name: '上一页' }).click();
    await page.locator(`[data-testid=children-table] tr[data-child="${first.edges[0].node.id}"]`).waitFor();
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });
});
