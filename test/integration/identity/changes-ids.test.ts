import path from 'node:path';
import { Role } from '../../../src/auth/roles';
import { generateNextQuarter } from '../../../src/generate/next-quarter';
import { ChangesService } from '../../../src/modules/changes/changes.service';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { ReviewService } from '../../../src/modules/identity/review.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';

const CIVIL = { sub: 'changes-ids-test', role: Role.CIVIL_AFFAIRS, area: '500109' };

// A reviewer's MATCH merges two children between two quarters, and a later NO_MATCH splits them
// again in the next: the comparison reports the id that changed (MERGED, SPLIT), never a child
// that disappeared or appeared. (The pair is put in the queue by the test: which pairs a county's
// engine sends to review depends on its data, and the decision is what this test is about.)
describe('changes when an id changes between two quarters', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const files = (dir: string) => Object.fromEntries(['civil-affairs', 'education', 'police'].map((s) => [s, path.join(dir, `${s}.csv`)]));
  const reconcile = () => new ReconcileService(new IdentityStore(db.pool)).reconcile();
  const all = async (from: string, to: string) => {
    const service = new ChangesService(db.pool);
    const changes = [];
    let after: string | null = null;
    for (;;) {
      const page = await service.changes(CIVIL, { from, to, first: 100, after });
      changes.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return changes;
      after = page.pageInfo.endCursor;
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  it('reports MERGED after a MATCH, then SPLIT after a NO_MATCH', async () => {
    const q1 = path.join(tmp.dir, 'q1');
    await generatedCounty(q1, 400, 'changes-ids', 'low');
    await importCounty(db.pool, files(q1), undefined, '2024Q1');
    await reconcile();
    const reviews = new ReviewService(db.pool);
    // Two children of one village, one record each, both in the quarter's care, put before a
    // reviewer as the engine puts a pair it will not decide alone.
    const { rows } = await db.pool.query(
      `WITH single AS (
         SELECT c.id, c.area_code, min(cr.source_record_id) AS record FROM child c JOIN child_record cr ON cr.child_id = c.id
         JOIN child_period_state s ON s.child_id = c.id AND s.period = '2024Q1' AND s.present
         GROUP BY c.id, c.area_code HAVING count(*) = 1)
       SELECT a.id AS left, b.id AS right, a.record AS left_record, b.record AS right_record
       FROM single a JOIN single b ON b.area_code = a.area_code AND b.record > a.record ORDER BY a.record, b.record LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    const { rows: opened } = await db.pool.query(
      `INSERT INTO review_item (run_id, left_record_id, right_record_id, left_child_id, right_child_id, match_weight, reason, held_by, explanation, county_code, status, created_at)
       SELECT max(id), $1, $2, $3, $4, 0, 'weight', 'weight between the thresholds', '{}', '500109', 'OPEN', now() FROM reconcile_run RETURNING id`,
      [rows[0].left_record, rows[0].right_record, rows[0].left, rows[0].right],
    );
    rows[0].id = opened[0].id;
    const item = rows[0];
    await reviews.decide(item.id, 'MATCH', 'reviewer', 'the same birth certificate');

    const q2 = path.join(tmp.dir, 'q2');
    await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'changes-ids' }, q2);
    await importCounty(db.pool, files(q2), undefined, '2024Q2');
    await reconcile();
    const merged = (await all('2024Q1', '2024Q2')).filter((c) => [item.left, item.right].includes(c.before ?? c.childId));
    // One of the two ids survives; the other is an alias of it now.
    const { rows: standing } = await db.pool.query(`SELECT id FROM child WHERE id = ANY($1)`, [[item.left, item.right]]);
    expect(standing).toHaveLength(1);
    const survivor: string = standing[0].id;
    const gone = survivor === item.left ? item.right : item.left;
    expect(merged.filter((c) => c.kind === 'MERGED')).toEqual([expect.objectContaining({ childId: survivor, kind: 'MERGED', before: gone, after: survivor })]);
    // The absorbed id neither disappeared nor appeared.
    const changedIds = (await all('2024Q1', '2024Q2')).filter((c) => c.kind === 'DISAPPEARED' || c.kind === 'APPEARED').map((c) => c.childId);
    expect(changedIds).not.toContain(gone);

    await reviews.decide(item.id, 'NO_MATCH', 'reviewer', 'two children after all');
    const q3 = path.join(tmp.dir, 'q3');
    await generateNextQuarter({ from: q2, period: '2024Q3', seed: 'changes-ids' }, q3);
    await importCounty(db.pool, files(q3), undefined, '2024Q3');
    await reconcile();
    const later = await all('2024Q2', '2024Q3');
    const split = later.filter((c) => c.kind === 'SPLIT' && c.before === survivor);
    expect(split).toHaveLength(1);
    expect(split[0].childId).not.toBe(survivor);
    expect(later.filter((c) => c.kind === 'APPEARED').map((c) => c.childId)).not.toContain(split[0].childId);
  }, 300_000);
});
