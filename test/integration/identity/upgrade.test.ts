import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { generatedCounty, importCounty, linkTable } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { withOwnerOrm } from '../../../src/db/database';

const MIGRATION = 'Migration20261206100003';

// A database written before records knew their county: the migration tells each record's scope
// and area from what is stored, exactly as an import now writes them, and every child keeps its id.
describe('upgrading a database to county-scoped record keys', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
    tmp.cleanup();
  });

  it('backfills what an import writes today, and a run afterwards keeps every link and child id', async () => {
    const county = await generatedCounty(tmp.dir, 300, 'upgrade-test');
    await importCounty(db.pool, county.files);
    const reconcile = new ReconcileService(new IdentityStore(db.pool));
    await reconcile.reconcile({ full: true });
    const written = async () => ({
      records: (await db.pool.query('SELECT id, key_scope, area_code FROM source_record ORDER BY id')).rows,
      runs: (await db.pool.query('SELECT id, county_code FROM import_run ORDER BY id')).rows,
    });
    const asImported = await written();
    const links = await linkTable(db.pool);
    expect(new Set(asImported.records.map((r) => r.key_scope))).toEqual(new Set(['', '500109']));

    // Back to the schema before the change, with a run report of that time (one day for all).
    // Migrations run as the owner of the schema, as the hub runs them.
    await withOwnerOrm(db.ownerUrl, (orm) => orm.getMigrator().down(MIGRATION));
    await db.pool.query(`UPDATE reconcile_run SET report = jsonb_set(report, '{flagsAsOf}', '"2024-03-31"')`);
    const { rows: columns } = await db.pool.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'source_record' AND column_name IN ('key_scope', 'area_code')`);
    expect(columns).toEqual([]);

    await withOwnerOrm(db.ownerUrl, (orm) => orm.getMigrator().up(MIGRATION));
    expect(await written()).toEqual(asImported);
    expect(await reconcile.reconcile()).toMatchObject({ runId: null, changed: 0 });
    const full = await reconcile.reconcile({ full: true });
    expect(full).toMatchObject({ newChildren: 0, mergedChildren: 0, movedRecords: 0, linkedRecords: 0 });
    expect(await linkTable(db.pool)).toEqual(links);
  });

  it('moves the flags of a run written with one day for all on to the county\'s next period', async () => {
    await db.pool.query(`UPDATE reconcile_run SET report = jsonb_set(report, '{flagsAsOf}', '"2024-03-31"')`);
    const { rows } = await db.pool.query(
      `SELECT v.raw FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id WHERE r.source = 'police' ORDER BY r.record_key LIMIT 1`,
    );
    const imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
    await imports.importRows([{ ...rows[0].raw, 变动日期: '20240601' }], { source: 'police', period: '2024Q2', county: '500109' });
    const run = await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    expect(run.mode).toBe('incremental');
    const { rows: report } = await db.pool.query(`SELECT report->'flagsAsOf' AS days FROM reconcile_run ORDER BY id DESC LIMIT 1`);
    expect(report[0].days).toEqual({ '500109': '2024-06-30' });
    // Children crossing 16 or 18 between the two days are evaluated again; the others stand.
    const { rows: moved } = await db.pool.query(
      `SELECT count(*)::int AS n FROM child WHERE flags_as_of = '2024-06-30' AND golden->'birthDate'->>'value' NOT BETWEEN '2006-03-31' AND '2008-06-30'`,
    );
    expect(moved[0].n).toBeLessThanOrEqual(5); // the rebuilt child and its like, not the county
  });
});
