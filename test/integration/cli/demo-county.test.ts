import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEMO_REVIEW_PAIRS, loadDemoCounty, type DemoCounty } from '../../../src/cli/demo-county';
import { cleanRecordKey } from '../../../src/modules/ingest/source-rows';
import { runHub } from '../../support/cli';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer } from '../../support/server';

const REVIEW_QUEUE = `query Q($first: Int) { reviewQueue(first: $first) { open items { id heldBy left { source recordKey idNumber } right { source recordKey idNumber } } } }`;

/**
 * The demo county `hub start` loads into an empty database, at its default size: a newcomer's
 * review screen (console /review, `hub review list`) has a few pairs on it after the first
 * reconciliation, each a child entered twice on the roster whom a reviewer should MATCH.
 */
describe('the demo county', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let demo: DemoCounty;
  /** "source:key" → the person the generator made the row for. */
  let personOf: Map<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    demo = await loadDemoCounty({ dataDir: tmp.dir, children: 3000 }, db.pool, () => undefined);
    const truth = parse(fs.readFileSync(path.join(tmp.dir, 'demo', 'truth.csv'))) as string[][];
    personOf = new Map(truth.slice(1).map(([source, key, person]) => [`${source}:${cleanRecordKey(key)}`, person]));
  }, 240_000);
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  it('has a few pairs for review after its first reconciliation, each a child entered twice on the roster', async () => {
    expect(demo.openReviews).toBeGreaterThanOrEqual(3);
    expect(demo.openReviews).toBeLessThanOrEqual(DEMO_REVIEW_PAIRS);
    const listed = await runHub(['review', 'list', '--json', '--limit', '50'], { ...db.env, HUB_DATA_DIR: tmp.dir });
    expect(listed.code).toBe(0);
    const items = listed.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(items).toHaveLength(demo.openReviews);
    for (const item of items) {
      // One side is the roster's second entry: no ID number, held by a guard, not by a weight.
      const entered = [item.left, item.right].find((side) => side.source === 'civil-affairs' && side.idNumber === null);
      expect(entered).toBeDefined();
      expect(item.heldBy).toMatch(/^guard/);
      // Both rows are one child: a reviewer's MATCH is the right answer.
      expect(personOf.get(`${item.left.source}:${item.left.recordKey}`)).toBe(personOf.get(`${item.right.source}:${item.right.recordKey}`));
    }
  });

  it('says how many pairs wait in review when a reconciliation has nothing to do', async () => {
    const env = { ...db.env, HUB_DATA_DIR: tmp.dir };
    const json = await runHub(['reconcile', '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ runId: null, openReviews: 0, reviewsWaiting: demo.openReviews });
    const text = await runHub(['reconcile'], env);
    expect(text.stdout).toContain(`; ${demo.openReviews} pairs wait in review (hub review list)`);
  });

  it('shows the same pairs on civil affairs’ review screen (the console’s reviewQueue)', async () => {
    const server = await startTestServer(db, tmp.dir);
    try {
      const { body } = await server.graphql(REVIEW_QUEUE, { first: 20 });
      expect(body.errors).toBeUndefined();
      expect(body.data!.reviewQueue.open).toBe(demo.openReviews);
      expect(body.data!.reviewQueue.items).toHaveLength(demo.openReviews);
    } finally {
      await server.stop();
    }
  });
});
