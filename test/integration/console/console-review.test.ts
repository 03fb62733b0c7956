import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Role } from '../../../src/auth/roles';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { launchBrowser, OFFICE_SCREEN, PHONE_SCREEN } from '../../support/browser';
import { openConsole, screenshot, signIn, textOf, type ConsolePage } from '../../support/console';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;
interface Side {
  ref: string;
  name: string | null;
  idNumber: string | null;
  birthDate: string | null;
  [field: string]: string | null;
}
interface Item {
  id: string;
  matchWeight: number;
  heldBy: string | null;
  comparisons: { comparison: string; level: string; weight: number }[];
  left: Side;
  right: Side;
}

const QUEUE = fs.readFileSync(path.join(__dirname, '../../../schema/operations/console/review-queue.graphql'), 'utf8');

/** Appends rows to a generated source file, each cell under its header (the rows hold no commas). */
function appendRows(file: string, rows: Record<string, string>[]): void {
  const text = fs.readFileSync(file, 'utf8');
  const header = text.split(/\r?\n/)[0].replace(/^\uFEFF/, '').split(',');
  fs.writeFileSync(file, text.replace(/\r?\n?$/, '\n') + rows.map((row) => header.map((h) => row[h] ?? '').join(',')).join('\n') + '\n');
}

const NEW_HOUSES = { 行政区划代码: '500109002013', 户籍地址: '重庆市北碚区朝阳街道新房子社区12栋', 现住址: '重庆市北碚区朝阳街道新房子社区12栋3号' };
const NEW_STAR = { 行政区划代码: '500109001028', 户籍地址: '重庆市北碚区天生街道新星路社区9栋', 现住址: '重庆市北碚区天生街道新星路社区9栋12号' };
const civilAffairs = (row: Record<string, string>) => ({ 民族: '汉族', ...NEW_HOUSES, 儿童类别: '留守儿童', 父亲外出务工: '是', 父亲务工地: '广东省', 母亲外出务工: '否', 监护类型: '委托监护', 家庭经济来源: '务工收入', 就学情况: '在校', 填报人: '王美玉', 填报日期: '2024/01/13', ...row });

/**
 * Invented records that the matching engine itself holds back for review when the county is
 * reconciled (no row is written to the queue by hand): what a reviewer reads is the engine's
 * comparisons, weights and reason for these very records. Strongest first, as the queue orders them:
 * - a boy and a girl born the same day to one mother, names alike only by sound, no ID number
 *   (the guard "twins of two sexes");
 * - one girl in civil affairs and at school, the school's birth date a day later and an aunt as
 *   guardian, no ID number (the guard "namesakes": no family agrees);
 * - two pairs of girls born the same day with homophone names, two different ID numbers (one not
 *   valid), in two towns with two families: no guard, a weight between the thresholds.
 */
function addPairsForReview(files: Record<'civil-affairs' | 'education', string>): void {
  appendRows(files['civil-affairs'], [
    civilAffairs({ 记录编号: 'MZ-2024Q1-900001', 姓名: '邹思涵', 性别: '女', 出生日期: '2018/05/14', 父亲姓名: '邹建军', 母亲姓名: '龚丽萍', 监护人姓名: '龚丽萍', 监护人关系: '母亲', 监护人电话: '13983300417', 监护类型: '父母监护', 就学情况: '学龄前' }),
    civilAffairs({ 记录编号: 'MZ-2024Q1-900002', 姓名: '邹斯晗', 性别: '男', 出生日期: '2018/05/14', 父亲姓名: '邹建军', 母亲姓名: '龚丽萍', 监护人姓名: '龚丽萍', 监护人关系: '母亲', 监护人电话: '13983300417', 监护类型: '父母监护', 就学情况: '学龄前' }),
    civilAffairs({ 记录编号: 'MZ-2024Q1-900003', 姓名: '韦子墨', 性别: '女', 出生日期: '2016/09/03', 父亲姓名: '韦国强', 母亲姓名: '温秀英', 监护人姓名: '韦德福', 监护人关系: '祖父', 监护人电话: '15923870612' }),
    civilAffairs({ 记录编号: 'MZ-2024Q1-900004', 姓名: '罗婉婷', 性别: '女', 出生日期: '2014/06/21', 身份证号: '500109201406212620', 父亲姓名: '罗永春', 母亲姓名: '屈海燕', 监护人姓名: '屈海燕', 监护人关系: '母亲', 监护人电话: '13608271954' }),
    civilAffairs({ 记录编号: 'MZ-2024Q1-900005', 姓名: '罗宛婷', 性别: '女', 出生日期: '2014/06/21', 身份证号: '500109201406214825', ...NEW_STAR, 父亲姓名: '罗建华', 母亲姓名: '严春兰', 监护人姓名: '罗桂英', 监护人关系: '祖母', 监护人电话: '13752046683' }),
    civilAffairs({ 记录编号: 'MZ-2024Q1-900006', 姓名: '谭静怡', 性别: '女', 出生日期: '2013/02/17', 身份证号: '500109201302173647', 父亲姓名: '谭德明', 母亲姓名: '付玉兰', 监护人姓名: '付玉兰', 监护人关系: '母亲', 监护人电话: '15826039417' }),
    civilAffairs({ 记录编号: 'MZ-2024Q1-900007', 姓名: '谭靖怡', 性别: '女', 出生日期: '2013/02/17', 身份证号: '500109201302175427', ...NEW_STAR, 父亲姓名: '谭国平', 母亲姓名: '简秀芳', 监护人姓名: '简秀芳', 监护人关系: '母亲', 监护人电话: '18983152760' }),
  ]);
  appendRows(files.education, [
    { 全国学籍号: 'L5001092016090405901', 姓名: '韦子墨', 性别: '女', 出生日期: '2016-09-04', 证件类型: '无', 学校标识码: '2150012471', 学校名称: '北碚区朝阳小学', 年级: '二年级', 班级: '3班', 入学年月: '2022-09', 学籍状态: '在读', 是否留守儿童: '是', 监护人姓名: '韦秀兰', 监护人关系: '姑姑', 监护人电话: '18716624035', 户口所在地: '重庆市北碚区朝阳街道新房子社区', 现住址: NEW_HOUSES.现住址, 行政区划代码: NEW_HOUSES.行政区划代码 },
  ]);
}

/** The names of a review item's two records, as the API gives them. */
const namesOf = (item: Item) => [item.left.name, item.right.name];

// The review screen as civil affairs uses it, on a generated county (invented people) with
// pairs the matching engine holds for review: the pair as the API gives it, a decision by keyboard with
// a reason that reaches the database, the next pair; and the page refused to any other role.
describe('the console review screen (real server, real browser)', () => {
  const tmp = tempDir();
  let db: Db;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let origin: string;
  let browser: Browser;
  const apiQueue = async (role = Role.CIVIL_AFFAIRS) => (await server.as(role, '500109'))(QUEUE);
  const shownItem = (page: Page) => page.getByTestId('review-pair').getAttribute('data-item-id');
  const decisionsSent = (consolePage: ConsolePage) => consolePage.graphqlRequests.filter((r) => r.operation === 'ConsoleDecideReview').length;

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 200, 'console-review');
    db = await createTestDatabase();
    addPairsForReview(county.files);
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

  it('civil affairs sees the pair as the API gives it, decides with the keyboard and a reason, and the next pair opens', async () => {
    const { body } = await apiQueue();
    expect(body.errors).toBeUndefined();
    const { open, items } = body.data!.reviewQueue as { open: number; items: Item[] };
    // The queue is the engine's: the pairs added for it, each held for its own reason.
    expect(items.slice(0, 2).map((i) => namesOf(i).sort())).toEqual([['邹思涵', '邹斯晗'].sort(), ['韦子墨', '韦子墨']]);
    expect(items.slice(2).map((i) => namesOf(i).sort().join('/')).sort()).toEqual([['罗婉婷', '罗宛婷'].sort().join('/'), ['谭静怡', '谭靖怡'].sort().join('/')].sort());
    expect(open).toBe(4);
    const [first, second, third] = items;
    const levels = (item: Item) => Object.fromEntries(item.comparisons.map((c) => [c.comparison, c.level]));
    expect(first.heldBy).toBe('guard: twins of two sexes: the names agree only by sound, and no id number to tell them apart');
    expect(levels(first)).toMatchObject({ name: 'homophone', 'id number': 'null', 'birth date': 'exact', sex: 'else' });
    expect(second.heldBy).toBe('guard: namesakes: a name and a near birth date, but no id number and no family to agree on');
    expect(levels(second)).toMatchObject({ name: 'exact as typed', 'id number': 'null', 'birth date': 'one day apart', family: 'else' });
    for (const item of items.slice(2)) {
      expect(item.heldBy).toBe(`weight ${item.matchWeight} between the review threshold 4 and the link threshold 8`);
      expect(levels(item)).toMatchObject({ name: 'homophone', 'id number': 'else', 'birth date': 'exact', family: 'else' });
    }

    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'CIVIL_AFFAIRS', '500109', 'reviewer-wang');
    await page.locator('nav.menu a', { hasText: '复核比对' }).click();
    await page.locator(`[data-testid=review-pair][data-item-id="${first.id}"]`).waitFor();
    expect(await textOf(page, '[data-testid=review-open]')).toBe(`待复核 ${open.toLocaleString('en-US')} 对`);

    // Both records side by side, each row marked by whether its two values agree.
    const table = page.getByTestId('pair-table');
    for (const field of ['name', 'birthDate', 'idNumber', 'fatherName', 'motherName', 'guardianPhone']) {
      const row = table.locator(`tr[data-field=${field}]`);
      const [left, right] = [first.left[field], first.right[field]];
      expect([field, await row.locator('td').nth(0).innerText(), await row.locator('td').nth(1).innerText()]).toEqual([field, left ?? '—', right ?? '—']);
      const expected = left === null && right === null ? 'neither' : left === null || right === null ? 'one-side' : left === right ? 'same' : 'differs';
      expect([field, await row.getAttribute('data-agreement')]).toEqual([field, expected]);
      // Characters that differ between two values of one length are marked one by one.
      if (expected === 'differs' && [...left!].length === [...right!].length) {
        const differing = [...left!].filter((c, i) => c !== [...right!][i]).join('');
        expect((await row.locator('td').nth(0).locator('mark').allInnerTexts()).join('')).toBe(differing);
      }
    }
    // Each comparison's weight, the total, the waterfall, and why the pair waits.
    expect(await page.locator('[data-testid=comparisons] tbody tr[data-comparison]').count()).toBe(first.comparisons.length);
    expect(Number(await textOf(page, '[data-testid=match-weight]'))).toBe(first.matchWeight);
    await page.getByTestId('waterfall').locator('canvas').waitFor();
    const held = page.getByTestId('held-by');
    expect(await held.getAttribute('data-kind')).toBe('guard');
    expect(await held.innerText()).toMatch(/^被防误合规则拦下/);
    expect(await held.innerText()).toContain('可能是龙凤胎：姓名仅读音相同，没有身份证号可区分');
    // Each comparison as the engine found it for these two records: the names alike by sound,
    // the birth dates the same, the sexes not, no ID number to compare.
    for (const c of first.comparisons) expect([c.comparison, await page.locator(`[data-testid=comparisons] tr[data-comparison="${c.comparison}"] td`).nth(1).getAttribute('title')]).toEqual([c.comparison, c.level]);
    const shownLevel = (comparison: string) => page.locator(`[data-testid=comparisons] tr[data-comparison="${comparison}"] td`).nth(1).innerText();
    expect([await shownLevel('name'), await shownLevel('birth date'), await shownLevel('sex'), await shownLevel('id number')]).toEqual(['同音', '一致', '不一致', '至少一方无值']);
    // At the office screen, the decision is in view without scrolling.
    expect((await page.locator('form.decision-bar').boundingBox())!.y + 40).toBeLessThan(OFFICE_SCREEN.height);
    await screenshot(page, 'review');

    // j / k: the next pair and back.
    await page.keyboard.press('j');
    await page.locator(`[data-testid=review-pair][data-item-id="${second.id}"]`).waitFor();
    await page.keyboard.press('k');
    await page.locator(`[data-testid=review-pair][data-item-id="${first.id}"]`).waitFor();

    // The first pair is a boy and a girl: n (no match). Without a reason it decides nothing: it
    // takes the cursor to the reason field.
    await page.keyboard.press('n');
    await page.getByTestId('review-problem').waitFor();
    expect(await page.evaluate(`document.activeElement?.getAttribute('name')`)).toBe('reason');
    expect(decisionsSent(consolePage)).toBe(0);
    // Typed in the field, m, n, j and k are text: no decision, no other pair.
    const reason = 'a boy and a girl, twins: two birth certificates, one mother; j k m n';
    await page.keyboard.type(reason);
    expect(await page.locator('input[name=reason]').inputValue()).toBe(reason);
    expect(await shownItem(page)).toBe(first.id);
    expect(decisionsSent(consolePage)).toBe(0);
    // Enter confirms the decision n chose; the next pair opens.
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=review-pair][data-item-id="${second.id}"]`).waitFor();
    expect(await page.locator('input[name=reason]').inputValue()).toBe('');
    // The next pair opens as the decision is sent; the hub's answer follows.
    await page.locator('[data-testid=review-last][data-saved=true]', { hasText: `第 ${first.id} 号` }).waitFor();
    const firstDecision = await db.pool.query('SELECT decision, reviewer, reason FROM review_decision WHERE review_item_id = $1', [Number(first.id)]);
    expect(firstDecision.rows).toEqual([{ decision: 'NO_MATCH', reviewer: 'reviewer-wang', reason }]);

    // The second pair is one girl, whom the school registered a day late: a reason first, then
    // out of the field (Escape) and m.
    await page.locator('input[name=reason]').fill('出生证明为9月3日，学校登记晚一天；同一女孩，由姑姑接送');
    await page.keyboard.press('Escape');
    await page.keyboard.press('m');
    await page.locator(`[data-testid=review-pair][data-item-id="${third.id}"]`).waitFor();
    await page.locator('[data-testid=review-last][data-saved=true]', { hasText: `第 ${second.id} 号` }).waitFor();
    const secondDecision = await db.pool.query('SELECT decision, reviewer, reason FROM review_decision WHERE review_item_id = $1', [Number(second.id)]);
    expect(secondDecision.rows).toEqual([{ decision: 'MATCH', reviewer: 'reviewer-wang', reason: '出生证明为9月3日，学校登记晚一天；同一女孩，由姑姑接送' }]);
    const { rows: status } = await db.pool.query('SELECT id::text, status FROM review_item WHERE id = ANY($1::int[]) ORDER BY id', [[Number(first.id), Number(second.id)]]);
    expect(status.map((r) => r.status)).toEqual(['DECIDED', 'DECIDED']);

    // The hub's queue no longer holds them, and the page's count is the hub's.
    const after = (await apiQueue()).body.data!.reviewQueue as { open: number; items: Item[] };
    expect(after.open).toBe(open - 2);
    expect(after.items.map((i) => i.id)).not.toEqual(expect.arrayContaining([first.id]));
    expect(after.items.map((i) => i.id)).not.toEqual(expect.arrayContaining([second.id]));
    await page.getByTestId('review-open').filter({ hasText: `待复核 ${(open - 2).toLocaleString('en-US')} 对` }).waitFor();
    expect(await textOf(page, '[data-testid=review-last]')).toBe(`已记录：第 ${second.id} 号判定为“匹配（同一儿童）”，下次比对运行时生效`);

    expect(consolePage.graphqlRequests.every((r) => r.authorization?.startsWith('Bearer ') && r.cookie === undefined)).toBe(true);
    expect(consolePage.requests.foreign(origin)).toEqual([]);
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });

  it('a decision the hub did not record brings its pair back, with the reason typed and why', async () => {
    const consolePage = await openConsole(browser, origin);
    const { page } = consolePage;
    await signIn(page, 'CIVIL_AFFAIRS', '500109', 'reviewer-zhao');
    await page.goto(`${origin}/#/review`);
    const pair = page.getByTestId('review-pair');
    await pair.waitFor();
    const id = (await pair.getAttribute('data-item-id'))!;
    // The next pair in the queue: two girls no guard holds, their weight between the thresholds.
    expect(await page.getByTestId('held-by').getAttribute('data-kind')).toBe('thresholds');
    expect(await page.getByTestId('held-by').innerText()).toMatch(/^匹配分 [-\d.]+ 介于复核阈值 4 与自动合并阈值 8 之间$/);
    // The connection drops on the way to the hub, for the decision only.
    await page.route('**/graphql', (route) => (/ConsoleDecideReview/.test(route.request().postData() ?? '') ? route.abort('connectionfailed') : route.continue()));
    await page.locator('input[name=reason]').fill('两人身份证号不同，父母不同，住在不同街道');
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    await page.getByTestId('review-problem').filter({ hasText: `第 ${id} 号的判定未能保存：无法连接到服务器` }).waitFor();
    expect(await pair.getAttribute('data-item-id')).toBe(id);
    expect(await page.locator('input[name=reason]').inputValue()).toBe('两人身份证号不同，父母不同，住在不同街道');
    expect(await page.locator('button.decide-NO_MATCH').getAttribute('aria-pressed')).toBe('true');
    expect((await db.pool.query('SELECT 1 FROM review_decision WHERE review_item_id = $1', [Number(id)])).rows).toEqual([]);

    // The connection is back: Enter in the reason field sends the decision chosen before.
    await page.unroute('**/graphql');
    await page.locator('input[name=reason]').press('Enter');
    await page.locator('[data-testid=review-last][data-saved=true]').waitFor();
    const { rows } = await db.pool.query('SELECT decision, reviewer, reason FROM review_decision WHERE review_item_id = $1', [Number(id)]);
    expect(rows).toEqual([{ decision: 'NO_MATCH', reviewer: 'reviewer-zhao', reason: '两人身份证号不同，父母不同，住在不同街道' }]);
    expect(await pair.getAttribute('data-item-id')).not.toBe(id);
    // The dropped request is the only error the page reports (the browser logs a failed fetch).
    expect(consolePage.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await consolePage.close();
  });

  it('works on a phone: one column, no sideways scrolling, the decision buttons in reach', async () => {
    const consolePage = await openConsole(browser, origin, PHONE_SCREEN);
    const { page } = consolePage;
    await signIn(page, 'CIVIL_AFFAIRS', '500109');
    await page.goto(`${origin}/#/review`);
    await page.getByTestId('review-pair').waitFor();
    await page.getByTestId('waterfall').locator('canvas').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_SCREEN.width);
    const match = (await page.locator('button.decide-MATCH').boundingBox())!;
    expect(match.y + match.height).toBeLessThanOrEqual(PHONE_SCREEN.height);
    expect(consolePage.errors).toEqual([]);
    await consolePage.close();
  });

  it.each([['TOWN_SUPERVISOR', 'a town'], ['EDUCATION', '500109'], ['POLICE', '500109'], ['AUDITOR', '500109']])(
    'refuses the page to %s, without asking the API, which refuses it too',
    async (role, area) => {
      const consolePage = await openConsole(browser, origin);
      const { page } = consolePage;
      const town = role === 'TOWN_SUPERVISOR' ? ((await db.pool.query(`SELECT DISTINCT left(area_code, 9) AS town FROM child WHERE length(area_code) >= 9 ORDER BY 1 LIMIT 1`)).rows[0].town as string) : area;
      await signIn(page, role, town);
      await page.goto(`${origin}/#/review`);
      await page.getByText('无权访问此页面').waitFor();
      expect(await page.locator('nav.menu').innerText()).not.toContain('复核比对');
      expect(consolePage.graphqlRequests.map((r) => r.operation)).not.toContain('ConsoleReviewQueue');
      expect(consolePage.errors).toEqual([]);
      await consolePage.close();
      const refused = await (await server.as(role as Role, town))(QUEUE);
      expect(refused.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(refused.body.data ?? null).toBeNull();
    },
  );
});
