import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Role } from '../../../src/auth/roles';
import { generateNextQuarter } from '../../../src/generate/next-quarter';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { launchBrowser, PHONE_SCREEN } from '../../support/browser';
import { count, openConsole, screenshot, signIn, type ConsolePage } from '../../support/console';
import { generatedCounty, importCounty, SOURCES } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;
type Server = Awaited<ReturnType<typeof startTestServer>>;

const COUNTY = '500109';
const DAY = 24 * 60 * 60 * 1000;
const CASES = `query ($filter: CaseFilter, $first: Int, $after: String) {
  cases(filter: $filter, first: $first, after: $after) { totalCount edges { node { id kind status childId overdue } } pageInfo { hasNextPage endCursor } } }`;
const VISITS_DUE = `query ($first: Int) { visitsDue(first: $first) { totalCount edges { node { childId } } } }`;

// The casework pages (cases, a case, visits owed, mandatory reports, the dashboard's casework
// tiles and trend, a child's cases) on a generated county (invented people) imported for three
// quarters, each reconciled: what each page shows equals what the API answers the role, and what
// a person does there reaches the database. A second server's clock is 40 days on, so that the
// dropout follow-ups (30 days) are overdue there.

/**
 * Waits for the page's count to be `expected`, failing with what it showed. Right after a menu
 * click the previous page's count is still on screen until the new page has its answer: reading
 * it at once would compare the wrong page.
 */
async function showsCount(page: import('playwright-core').Page, expected: number): Promise<void> {
  const counter = page.getByTestId('total-count');
  const deadline = Date.now() + 15_000;
  let shown = NaN;
  while (Date.now() < deadline) {
    shown = (await counter.count()) > 0 ? count(await counter.first().innerText()) : NaN;
    if (shown === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(shown).toBe(expected);
}

describe('casework in the console (real server, real browser)', () => {
  const tmp = tempDir();
  let db: Db;
  let server: Server;
  let later: Server;
  let browser: Browser;
  const originOf = (s: Server) => s.url.replace(/\/$/, '');
  /** A village with children owed visits, and one of them. */
  let village: string;

  const cases = async (s: Server, role: Role, area: string, filter: Record<string, unknown> = {}) => {
    const { body } = await (await s.as(role, area))(CASES, { filter, first: 100 });
    expect(body.errors).toBeUndefined();
    return body.data!.cases as { totalCount: number; edges: { node: { id: string; kind: string; status: string; childId: string | null; overdue: boolean } }[] };
  };
  const csvOf = async (page: Page) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    return { name: download.suggestedFilename(), lines: text.replace(/^\uFEFF/, '').trimEnd().split('\r\n') };
  };
  const finish = async (consolePage: ConsolePage, origin: string) => {
    expect(consolePage.requests.foreign(origin)).toEqual([]);
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  };

  beforeAll(async () => {
    const q1 = path.join(tmp.dir, 'q1');
    const q2 = path.join(tmp.dir, 'q2');
    const q3 = path.join(tmp.dir, 'q3');
    const county = await generatedCounty(q1, 300, 'console-casework', 'low');
    await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'console-casework' }, q2);
    await generateNextQuarter({ from: q2, period: '2024Q3', seed: 'console-casework' }, q3);
    db = await createTestDatabase();
    const reconcile = () => new ReconcileService(new IdentityStore(db.pool)).reconcile();
    for (const [dir, period] of [[q1, '2024Q1'], [q2, '2024Q2'], [q3, '2024Q3']] as const) {
      await importCounty(db.pool, Object.fromEntries(SOURCES.map((s) => [s, path.join(dir, `${s}.csv`)])), undefined, period);
      await reconcile();
    }
    server = await startTestServer(db, tmp.dir);
    later = await startTestServer(db, tmp.dir, { workers: false, clock: () => new Date(Date.now() + 40 * DAY) });
    // The village with most children owed visits.
    const { rows } = await db.pool.query(`SELECT area_code FROM child WHERE length(area_code) = 12 GROUP BY area_code ORDER BY count(*) DESC, area_code LIMIT 5`);
    for (const { area_code } of rows) {
      const { body } = await (await server.as(Role.VILLAGE_DIRECTOR, area_code))(VISITS_DUE, { first: 1 });
      if (body.data!.visitsDue.totalCount > 1) {
        village = area_code;
        break;
      }
    }
    expect(village).toBeDefined();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await later?.stop();
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  it('civil affairs: the cases queue with the API’s counts, filtered to overdue dropout follow-ups, a CSV, and a note on a case that a blank note does not send', async () => {
    const origin = originOf(later);
    const all = await cases(later, Role.CIVIL_AFFAIRS, COUNTY);
    const overdue = await cases(later, Role.CIVIL_AFFAIRS, COUNTY, { kind: 'DROPOUT_FOLLOW_UP', overdue: true });
    expect(overdue.totalCount).toBeGreaterThan(0);
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'CIVIL_AFFAIRS', COUNTY, 'civil-wang');
    await page.locator('nav.menu a', { hasText: '个案跟踪' }).click();
    await showsCount(page, all.totalCount);
    await page.locator('select[name=kind]').selectOption('DROPOUT_FOLLOW_UP');
    await page.locator('select[name=overdue]').selectOption('yes');
    await page.getByTestId('total-count').getByText(`共 ${overdue.totalCount} 件`).waitFor();
    const rows = page.locator('[data-testid=cases-table] tbody tr');
    expect(await rows.count()).toBe(Math.min(overdue.totalCount, 50));
    for (const text of await rows.allInnerTexts()) expect(text).toMatch(/劝返复学[\s\S]*已逾期/);
    await screenshot(page, 'cases');
    const csv = await csvOf(page);
    expect(csv.name).toMatch(/^个案跟踪-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.lines[0]).toBe('个案编号,类型,状态,责任部门,儿童编号,区域代码,区域,立案时间,期限,是否逾期,结果');
    expect(new Set(csv.lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(overdue.edges.map((e) => e.node.id)));

    // A case: civil affairs may note a dropout follow-up, not move it on (education owns it).
    const target = overdue.edges[0].node;
    await page.locator(`[data-testid=cases-table] tr[data-case="${target.id}"] a`).first().click();
    const form = page.getByRole('form', { name: '处理个案' });
    await form.waitFor();
    expect(await form.locator('select[name=action] option').allInnerTexts()).toEqual(['添加备注']);
    const sentBefore = consolePage.graphqlRequests.length;
    await form.getByRole('button', { name: '提交' }).click();
    await form.getByText('请填写处理情况说明').waitFor();
    expect(consolePage.graphqlRequests.length).toBe(sentBefore);
    await form.locator('textarea[name=note]').fill('已电话联系家长，约定下周家访。');
    await form.getByRole('button', { name: '提交' }).click();
    await form.getByText('已添加备注。').waitFor();
    await page.locator('[data-testid=case-events] tr[data-action=NOTE]', { hasText: '约定下周家访' }).waitFor();
    const { rows: notes } = await db.pool.query(`SELECT actor_sub, actor_role, note FROM case_event WHERE case_id = $1 AND action = 'NOTE'`, [target.id]);
    expect(notes).toEqual([{ actor_sub: 'civil-wang', actor_role: 'CIVIL_AFFAIRS', note: '已电话联系家长，约定下周家访。' }]);
    await screenshot(page, 'case');
    await finish(consolePage, origin);
  });

  it('education starts and resolves its dropout follow-up (an outcome is required, in Chinese); the case is resolved in the database and on the child’s file', async () => {
    const origin = originOf(server);
    const owned = await cases(server, Role.EDUCATION, COUNTY);
    expect(owned.edges.every((e) => e.node.kind === 'DROPOUT_FOLLOW_UP')).toBe(true);
    const target = owned.edges.find((e) => e.node.status === 'OPEN' && e.node.childId !== null)!.node;
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'EDUCATION', COUNTY, 'teacher-liu');
    await page.goto(`${origin}/#/cases`);
    await showsCount(page, owned.totalCount);
    await page.goto(`${origin}/#/case/${target.id}`);
    const form = page.getByRole('form', { name: '处理个案' });
    await form.locator('select[name=action]').selectOption('START');
    await form.getByRole('button', { name: '提交' }).click();
    await page.getByTestId('case-status').getByText('处理中').waitFor();
    await form.locator('select[name=action]').selectOption('RESOLVE');
    await form.locator('textarea[name=note]').fill('学生已返校，班主任确认。');
    await form.getByRole('button', { name: '提交' }).click();
    await form.getByText('请选择处理结果').waitFor();
    await form.locator('select[name=outcome]').selectOption('RETURNED_TO_SCHOOL');
    await form.getByRole('button', { name: '提交' }).click();
    await page.getByTestId('case-status').getByText('已解决').waitFor();
    const { rows } = await db.pool.query(`SELECT status, outcome FROM "case" WHERE id = $1`, [target.id]);
    expect(rows).toEqual([{ status: 'RESOLVED', outcome: 'RETURNED_TO_SCHOOL' }]);

    // The child's file lists its cases, asked for by the child's id (CaseFilter.childId).
    const ofChild = await cases(server, Role.EDUCATION, COUNTY, { childId: target.childId });
    expect(ofChild.edges.map((e) => e.node.childId)).toEqual(ofChild.edges.map(() => target.childId));
    expect(ofChild.edges.map((e) => e.node.id)).toContain(target.id);
    await page.goto(`${origin}/#/child/${target.childId}`);
    const section = page.getByRole('region', { name: '个案' });
    await section.locator(`tr[data-case="${target.id}"]`, { hasText: '已复学' }).waitFor();
    expect(await section.locator('tbody tr').count()).toBe(ofChild.totalCount);
    await finish(consolePage, origin);
  });

  it('a village director: visits owed with the API’s count and a CSV; a visit recorded from the list takes the child off it', async () => {
    const origin = originOf(server);
    const director = await server.as(Role.VILLAGE_DIRECTOR, village, 'director-li');
    const before = (await director(VISITS_DUE, { first: 100 })).body.data!.visitsDue;
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'VILLAGE_DIRECTOR', village, 'director-li');
    await page.locator('nav.menu a', { hasText: '待走访' }).click();
    await showsCount(page, before.totalCount);
    const rows = page.locator('[data-testid=visits-due-table] tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-child')))).toEqual(before.edges.slice(0, 50).map((e: { node: { childId: string } }) => e.node.childId));
    await screenshot(page, 'visits-due');
    const csv = await csvOf(page);
    expect(csv.name).toMatch(/^待走访-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.lines.length - 1).toBe(before.totalCount);

    const childId = before.edges[0].node.childId as string;
    await page.locator(`[data-testid=visits-due-table] tr[data-child="${childId}"] a`, { hasText: '记录走访' }).click();
    const form = page.getByRole('form', { name: '记录走访' });
    await form.locator('textarea[name=notes]').fill('入户走访，祖父母照看，一切正常。');
    await form.getByRole('button', { name: '保存走访记录' }).click();
    await form.getByText('已保存走访记录。').waitFor();
    await page.locator('nav.menu a', { hasText: '待走访' }).click();
    await page.getByTestId('total-count').getByText(`共 ${before.totalCount - 1} 人`).waitFor();
    expect((await director(VISITS_DUE, { first: 1 })).body.data!.visitsDue.totalCount).toBe(before.totalCount - 1);
    await finish(consolePage, origin);

    // On a phone, the list fits the screen.
    const phone = await openConsole(browser, origin, PHONE_SCREEN);
    await signIn(phone.page, 'VILLAGE_DIRECTOR', village, 'director-li');
    await phone.page.goto(`${origin}/#/visits-due`);
    await phone.page.getByTestId('visits-due-table').waitFor();
    expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_SCREEN.width);
    await finish(phone, origin);
  });

  it('a mandatory report: a director reports from the child’s file, police see it in their queue and record the response, the director sees it move on', async () => {
    const origin = originOf(server);
    const { rows: kids } = await db.pool.query(`SELECT id FROM child WHERE area_code = $1 ORDER BY id LIMIT 1`, [village]);
    const childId: string = kids[0].id;
    const reporter = await openConsole(browser, origin);
    await signIn(reporter.page, 'VILLAGE_DIRECTOR', village, 'director-zhao');
    await reporter.page.goto(`${origin}/#/child/${childId}`);
    await reporter.page.getByRole('link', { name: '报告儿童遭受侵害或无人照料' }).click();
    const form = reporter.page.getByRole('form', { name: '报告情况' });
    expect(await form.locator('input[name=childId]').inputValue()).toBe(childId);
    await form.getByRole('button', { name: '提交报告' }).click();
    await form.getByText('请选择情形').waitFor();
    await form.getByText('请描述发现的情况').waitFor();
    await form.locator('select[name=concern]').selectOption('ALONE');
    await form.locator('textarea[name=description]').fill('连续三天晚上独自在家，无成年人照看。');
    await form.getByRole('button', { name: '提交报告' }).click();
    await form.getByText(/^已报告/).waitFor();
    const { rows: reports } = await db.pool.query(`SELECT case_id::text AS "caseId", concern, child_id AS "childId", reporter_role AS role FROM concern_report WHERE reporter_sub = 'director-zhao'`);
    expect(reports).toEqual([{ caseId: expect.any(String), concern: 'ALONE', childId, role: 'VILLAGE_DIRECTOR' }]);
    const caseId: string = reports[0].caseId;
    const mine = reporter.page.locator(`[data-testid=my-reports] tr[data-case="${caseId}"]`);
    await mine.getByText('已报告，待出警').waitFor();
    await screenshot(reporter.page, 'reports');

    // Police: the queue of reports with the API's count and the next step, then the response.
    const queue = await cases(server, Role.POLICE, COUNTY, { kind: 'MANDATORY_REPORT' });
    expect(queue.edges.map((e) => e.node.id)).toContain(caseId);
    const police = await openConsole(browser, origin);
    await signIn(police.page, 'POLICE', COUNTY, 'officer-chen');
    await police.page.locator('nav.menu a', { hasText: '报告处置' }).click();
    await showsCount(police.page, queue.totalCount);
    const row = police.page.locator(`[data-testid=cases-table] tr[data-case="${caseId}"]`);
    expect(await row.innerText()).toMatch(/已报告，待出警[\s\S]*出警处置/);
    await row.locator('a').first().click();
    await police.page.getByText('连续三天晚上独自在家，无成年人照看。').waitFor();
    const respond = police.page.getByRole('form', { name: '出警处置' });
    await respond.locator('select[name=emergencyMeasure]').selectOption('TEMPORARY_CARE');
    await respond.locator('textarea[name=note]').fill('到场核实，儿童由祖母临时照料。');
    await respond.getByRole('button', { name: '提交出警处置' }).click();
    await respond.getByText('临时照料或安置须选择照料方').waitFor();
    await respond.locator('select[name=careGiver]').selectOption('RELATIVE');
    await screenshot(police.page, 'report-case');
    await respond.getByRole('button', { name: '提交出警处置' }).click();
    // The response hands the case to civil affairs and the town: police are told so.
    await police.page.getByText('已记录出警处置，个案已移交民政部门和乡镇评估。').waitFor();
    const { rows: steps } = await db.pool.query(`SELECT action, actor_sub FROM case_event WHERE case_id = $1 AND action = 'RESPONDED'`, [caseId]);
    expect(steps).toEqual([{ action: 'RESPONDED', actor_sub: 'officer-chen' }]);
    await finish(police, origin);

    await reporter.page.reload();
    await mine.getByText('已出警，待评估').waitFor();
    await finish(reporter, origin);
  });

  it('civil affairs’ dashboard: overdue cases and visits owed as the API counts them, and the quarterly trend as `changes` totals it', async () => {
    const origin = originOf(later);
    const civil = await later.as(Role.CIVIL_AFFAIRS, COUNTY);
    const { body } = await civil(`{ dashboard(areaCode: "${COUNTY}") { visitsDue overdueCases { count } } }`);
    const expectedOverdue = body.data!.dashboard.overdueCases.reduce((sum: number, t: { count: number }) => sum + t.count, 0);
    expect(expectedOverdue).toBeGreaterThan(0);
    const totals = async (from: string, to: string) =>
      new Map<string, number>((await civil(`query ($from: String!, $to: String!) { changes(from: $from, to: $to, first: 0) { totals { kind count } } }`, { from, to })).body.data!.changes.totals.map((t: { kind: string; count: number }) => [t.kind, t.count]));
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'CIVIL_AFFAIRS', COUNTY);
    await page.getByTestId('stat-overdue-cases').waitFor();
    expect(count(await page.getByTestId('stat-overdue-cases').locator('.stat-value').innerText())).toBe(expectedOverdue);
    expect(count(await page.getByTestId('stat-visits-due').locator('.stat-value').innerText())).toBe(body.data!.dashboard.visitsDue);
    await page.getByTestId('trend-table').waitFor();
    // Two quarters of changes: 2024Q2 (since 2024Q1) and 2024Q3; no state before 2024Q1.
    expect(await page.locator('[data-testid=trend-table] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-quarter')))).toEqual(['2024Q2', '2024Q3']);
    for (const [quarter, from] of [['2024Q2', '2024Q1'], ['2024Q3', '2024Q2']]) {
      const expected = await totals(from, quarter);
      const shown = await page.locator(`[data-testid=trend-table] tr[data-quarter="${quarter}"] td[data-kind]`).evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-kind'), td.textContent]));
      expect(new Map(shown.map(([kind, text]) => [kind, count(text ?? '')]))).toEqual(expected);
    }
    await page.locator('#trend').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-trend');
    // The tile goes to the overdue cases: the same number.
    await page.getByTestId('stat-overdue-cases').click();
    await page.getByTestId('total-count').getByText(`共 ${expectedOverdue} 件`).waitFor();
    await finish(consolePage, origin);
  });

  it('refuses the wrong role: the auditor has no report form, education no visits owed, and their menus do not offer them', async () => {
    const origin = originOf(server);
    const auditor = await openConsole(browser, origin);
    await signIn(auditor.page, 'AUDITOR', COUNTY);
    expect(await auditor.page.locator('nav.menu').innerText()).not.toMatch(/强制报告|报告处置|待走访/);
    await auditor.page.goto(`${origin}/#/reports`);
    await auditor.page.getByText('无权访问此页面').waitFor();
    expect(auditor.graphqlRequests.map((r) => r.operation)).not.toContain('ConsoleMyReports');
    await finish(auditor, origin);

    const education = await openConsole(browser, origin);
    await signIn(education.page, 'EDUCATION', COUNTY);
    expect(await education.page.locator('nav.menu').innerText()).not.toMatch(/报告处置|待走访/);
    await education.page.goto(`${origin}/#/visits-due`);
    await education.page.getByText('无权访问此页面').waitFor();
    await education.page.goto(`${origin}/#/reports/queue`);
    await education.page.getByText('无权访问此页面').waitFor();
    expect(education.graphqlRequests.map((r) => r.operation)).not.toContain('ConsoleVisitsDue');
    await finish(education, origin);
  });
});
