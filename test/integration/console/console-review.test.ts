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

/**
 * Pairs held back for review, as a reconciliation writes them (the way the API's review tests
 * build a queue): two records of different children of the county, each comparison's level and
 * weight, and why the pair waits, one held by a guard, the others between the thresholds. The
 * strongest is first in the queue.
 */
const HELD: { matchWeight: number; reason: 'guard' | 'grey-zone'; heldBy: string; explanation: { comparison: string; level: string; weight: number }[] }[] = [
  {
    matchWeight: 9.4,
    reason: 'guard',
    heldBy: 'guard: twins of two sexes: the names agree only by sound, and no id number to tell them apart',
    explanation: [
      { comparison: 'name', level: 'homophone', weight: 3.12 },
      { comparison: 'id number', level: 'null', weight: 0 },
      { comparison: 'birth date', level: 'exact', weight: 7.85 },
      { comparison: 'sex', level: 'else', weight: -2.31 },
      { comparison: 'area', level: 'village', weight: 3.6 },
      { comparison: 'family', level: "a parent's or guardian's name", weight: 4.1 },
    ],
  },
  ...[6.2, 5.1, 4.6].map((matchWeight) => ({
    matchWeight,
    reason: 'grey-zone' as const,
    heldBy: `weight ${matchWeight} between the review threshold 4 and the link threshold 8`,
    explanation: [
      { comparison: 'name', level: 'near pinyin', weight: 2.4 },
      { comparison: 'id number', level: 'null', weight: 0 },
      { comparison: 'birth date', level: 'one day apart', weight: 3.9 },
      { comparison: 'sex', level: 'exact', weight: 0.95 },
      { comparison: 'area', level: 'town', weight: 1.2 },
      { comparison: 'family', level: 'else', weight: -1.75 },
    ],
  })),
];

async function queuePairs(db: Db, held: typeof HELD): Promise<void> {
  // Records of two different children with the same mother's name (siblings, or a namesake's
  // family) first, then neighbouring records: real pairs of records to read side by side.
  const { rows: pairs } = await db.pool.query(
    `WITH r AS (SELECT cr.source_record_id AS id, cr.child_id, v.normalised->>'motherName' AS mother, row_number() OVER (ORDER BY cr.source_record_id) AS n
                FROM child_record cr JOIN source_record s ON s.id = cr.source_record_id JOIN source_record_version v ON v.id = s.current_version_id)
     SELECT "left", "right", "leftChild", "rightChild" FROM (
       (SELECT DISTINCT ON (a.child_id) 0 AS rank, a.id AS "left", b.id AS "right", a.child_id AS "leftChild", b.child_id AS "rightChild", a.n
        FROM r a JOIN r b ON b.mother = a.mother AND b.id > a.id AND b.child_id <> a.child_id ORDER BY a.child_id, b.id LIMIT $1)
       UNION ALL
       (SELECT 1, a.id, b.id, a.child_id, b.child_id, a.n FROM r a JOIN r b ON b.n = a.n + 1 WHERE a.child_id <> b.child_id ORDER BY a.n LIMIT $1)
     ) pairs ORDER BY rank, n LIMIT $1`,
    [held.length],
  );
  expect(pairs).toHaveLength(held.length);
  for (const [i, pair] of pairs.entries()) {
    await db.pool.query(
      `INSERT INTO review_item (run_id, left_record_id, right_record_id, left_child_id, right_child_id, match_weight, reason, held_by, explanation, county_code, status, created_at)
       VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, '500109', 'OPEN', now())`,
      [pair.left, pair.right, pair.leftChild, pair.rightChild, held[i].matchWeight, held[i].reason, held[i].heldBy, JSON.stringify(held[i].explanation)],
    );
  }
}

// The review screen as civil affairs uses it, on a generated county (invented people) with
// pairs held for review: the pair as the API gives it, a decision by keyboard with
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
    await importCounty(db.pool, county.files);
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    await queuePairs(db, HELD);
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
    expect(items.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = items;

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
    expect(await held.getAttribute('data-kind')).toBe(first.heldBy?.startsWith('guard') ? 'guard' : 'thresholds');
    expect(await held.innerText()).toMatch(first.heldBy?.startsWith('guard') ? /^被防误合规则拦下/ : /^匹配分 [-\d.]+ 介于复核阈值 \d+ 与自动合并阈值 \d+ 之间$/);
    // At the office screen, the decision is in view without scrolling.
    expect((await page.locator('form.decision-bar').boundingBox())!.y + 40).toBeLessThan(OFFICE_SCREEN.height);
    await screenshot(page, 'review');

    // j / k: the next pair and back.
    await page.keyboard.press('j');
    await page.locator(`[data-testid=review-pair][data-item-id="${second.id}"]`).waitFor();
    await page.keyboard.press('k');
    await page.locator(`[data-testid=review-pair][data-item-id="${first.id}"]`).waitFor();

    // m without a reason decides nothing: it takes the cursor to the reason field.
    await page.keyboard.press('m');
    await page.getByTestId('review-problem').waitFor();
    expect(await page.evaluate(`document.activeElement?.getAttribute('name')`)).toBe('reason');
    expect(decisionsSent(consolePage)).toBe(0);
    // Typed in the field, m, n, j and k are text: no decision, no other pair.
    const reason = 'checked the birth certificates: same mother, same kindergarten, j k';
    await page.keyboard.type(reason);
    expect(await page.locator('input[name=reason]').inputValue()).toBe(reason);
    expect(await shownItem(page)).toBe(first.id);
    expect(decisionsSent(consolePage)).toBe(0);
    // Enter confirms the decision m chose; the next pair opens.
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=review-pair][data-item-id="${second.id}"]`).waitFor();
    expect(await page.locator('input[name=reason]').inputValue()).toBe('');
    // The next pair opens as the decision is sent; the hub's answer follows.
    await page.locator('[data-testid=review-last][data-saved=true]', { hasText: `第 ${first.id} 号` }).waitFor();
    const firstDecision = await db.pool.query('SELECT decision, reviewer, reason FROM review_decision WHERE review_item_id = $1', [Number(first.id)]);
    expect(firstDecision.rows).toEqual([{ decision: 'MATCH', reviewer: 'reviewer-wang', reason }]);

    // A reason first, then out of the field (Escape) and n.
    await page.locator('input[name=reason]').fill('两人出生日期不同，户籍证明为两名儿童');
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    await page.locator(`[data-testid=review-pair][data-item-id="${third.id}"]`).waitFor();
    await page.locator('[data-testid=review-last][data-saved=true]', { hasText: `第 ${second.id} 号` }).waitFor();
    const secondDecision = await db.pool.query('SELECT decision, reviewer, reason FROM review_decision WHERE review_item_id = $1', [Number(second.id)]);
    expect(secondDecision.rows).toEqual([{ decision: 'NO_MATCH', reviewer: 'reviewer-wang', reason: '两人出生日期不同，户籍证明为两名儿童' }]);
    const { rows: status } = await db.pool.query('SELECT id::text, status FROM review_item WHERE id = ANY($1::int[]) ORDER BY id', [[Number(first.id), Number(second.id)]]);
    expect(status.map((r) => r.status)).toEqual(['DECIDED', 'DECIDED']);

    // The hub's queue no longer holds them, and the page's count is the hub's.
    const after = (await apiQueue()).body.data!.reviewQueue as { open: number; items: Item[] };
    expect(after.open).toBe(open - 2);
    expect(after.items.map((i) => i.id)).not.toEqual(expect.arrayContaining([first.id]));
    expect(after.items.map((i) => i.id)).not.toEqual(expect.arrayContaining([second.id]));
    await page.getByTestId('review-open').filter({ hasText: `待复核 ${(open - 2).toLocaleString('en-US')} 对` }).waitFor();
    expect(await textOf(page, '[data-testid=review-last]')).toBe(`已记录：第 ${second.id} 号判定为“不匹配（不同儿童）”，下次比对运行时生效`);

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
    // The connection drops on the way to the hub, for the decision only.
    await page.route('**/graphql', (route) => (/ConsoleDecideReview/.test(route.request().postData() ?? '') ? route.abort('connectionfailed') : route.continue()));
    await page.locator('input[name=reason]').fill('同一监护人，出生证明一致');
    await page.keyboard.press('Escape');
    await page.keyboard.press('m');
    await page.getByTestId('review-problem').filter({ hasText: `第 ${id} 号的判定未能保存：无法连接到服务器` }).waitFor();
    expect(await pair.getAttribute('data-item-id')).toBe(id);
    expect(await page.locator('input[name=reason]').inputValue()).toBe('同一监护人，出生证明一致');
    expect(await page.locator('button.decide-MATCH').getAttribute('aria-pressed')).toBe('true');
    expect((await db.pool.query('SELECT 1 FROM review_decision WHERE review_item_id = $1', [Number(id)])).rows).toEqual([]);

    // The connection is back: Enter in the reason field sends the decision chosen before.
    await page.unroute('**/graphql');
    await page.locator('input[name=reason]').press('Enter');
    await page.locator('[data-testid=review-last][data-saved=true]').waitFor();
    const { rows } = await db.pool.query('SELECT decision, reviewer, reason FROM review_decision WHERE review_item_id = $1', [Number(id)]);
    expect(rows).toEqual([{ decision: 'MATCH', reviewer: 'reviewer-zhao', reason: '同一监护人，出生证明一致' }]);
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
