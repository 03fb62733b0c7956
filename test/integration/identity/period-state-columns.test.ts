import { Client } from 'pg';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

// A period state reads the columns PostgreSQL keeps beside the golden record (golden_category,
// leaving_facts, golden_birth_date). They must say what the golden record says: the states are
// checked here against the same rules read out of the golden document itself.
describe('period states and the columns kept beside the golden record', () => {
  const tmp = tempDir();
  let db: Db;

  beforeAll(async () => {
    db = await createTestDatabase();
    const { files } = await generatedCounty(tmp.dir, 600, 'state-columns', 'realistic');
    await importCounty(db.pool, files, undefined, '2024Q1');
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
  }, 300_000);
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  it('keeps each child state as the golden record gives it', async () => {
    const { rows } = await db.pool.query(
      `SELECT s.child_id, s.category, s.leaving, s.present,
         CASE WHEN c.golden->'category'->'value' ?| ARRAY['困境儿童', '散居孤儿'] THEN 'IN_DIFFICULTY'
              WHEN c.golden->'category'->'value' ? '留守儿童' THEN 'LEFT_BEHIND' END AS "goldenCategory",
         array_remove(ARRAY[
           CASE WHEN c.golden->'status'->>'value' IN ('迁出', '死亡', '注销') THEN 'status:' || (c.golden->'status'->>'value') END,
           CASE WHEN c.golden->'enrolmentStatus'->>'value' IN ('毕业', '转出', '死亡') THEN 'enrolmentStatus:' || (c.golden->'enrolmentStatus'->>'value') END,
           CASE WHEN c.golden->'birthDate'->>'value' <= '2006-03-31' THEN 'birthDate:AGED_18' END]::text[], NULL) AS "goldenLeaving"
       FROM child_period_state s JOIN child c ON c.id = s.child_id
       WHERE s.county_code = '500109' AND s.period = '2024Q1'`,
    );
    expect(rows.length).toBeGreaterThan(500);
    for (const row of rows) {
      expect({ id: row.child_id, category: row.category, leaving: row.leaving }).toEqual({ id: row.child_id, category: row.goldenCategory, leaving: row.goldenLeaving });
    }
    // The county's data holds each kind the columns carry, so the comparison above compared something.
    expect(rows.some((r) => r.category === 'IN_DIFFICULTY')).toBe(true);
    expect(rows.some((r) => r.category === 'LEFT_BEHIND')).toBe(true);
    expect(rows.some((r) => r.leaving.some((l: string) => l.startsWith('status:')))).toBe(true);
    expect(rows.some((r) => r.leaving.some((l: string) => l.startsWith('enrolmentStatus:')))).toBe(true);
    expect(rows.some((r) => r.present) && rows.some((r) => !r.present)).toBe(true);
  });

  it('follows a golden record that changes', async () => {
    const { rows } = await db.pool.query(`SELECT id FROM child WHERE golden ? 'status' AND golden ? 'birthDate' ORDER BY id LIMIT 1`);
    await db.pool.query(
      `UPDATE child SET golden = jsonb_set(jsonb_set(golden, '{status,value}', '"死亡"'), '{birthDate,value}', '"2005-01-02"') WHERE id = $1`,
      [rows[0].id],
    );
    const { rows: kept } = await db.pool.query(`SELECT leaving_facts, golden_birth_date FROM child WHERE id = $1`, [rows[0].id]);
    expect(kept[0].leaving_facts).toContain('status:死亡');
    expect(kept[0].golden_birth_date).toBe('2005-01-02');
  });

  it('vacuums what a full run rewrote, so that the next run does not mark its rows committed', async () => {
    const { rows } = await db.pool.query(
      `SELECT relname, vacuum_count FROM pg_stat_user_tables
       WHERE relname IN ('child', 'child_record', 'child_alias', 'review_item', 'child_period_state') ORDER BY relname`,
    );
    expect(rows.map((r) => r.relname)).toEqual(['child', 'child_alias', 'child_period_state', 'child_record', 'review_item']);
    for (const row of rows) expect({ table: row.relname, vacuumed: Number(row.vacuum_count) > 0 }).toEqual({ table: row.relname, vacuumed: true });
  });

  it('tells in the run log when the vacuum is skipped for want of the MAINTAIN privilege', async () => {
    const owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    const app = (await db.pool.query('SELECT current_user AS name')).rows[0].name as string;
    try {
      await owner.query(`REVOKE MAINTAIN ON child FROM ${owner.escapeIdentifier(app)}`);
      const log: string[] = [];
      await new ReconcileService(new IdentityStore(db.pool), undefined, (m) => log.push(m)).reconcile({ full: true });
      expect(log.filter((line) => line.includes('the vacuum after the full run was skipped in part'))).toEqual([
        expect.stringMatching(/permission denied to vacuum "child".*grant the application role MAINTAIN/),
      ]);
    } finally {
      await owner.query(`GRANT MAINTAIN ON child TO ${owner.escapeIdentifier(app)}`);
      await owner.end();
    }
  }, 120_000);
});
