import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { generateCounty } from '../../../src/generate';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { SOURCES } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';

// Two small generated counties (invented people): Beibei (500109) exported 2024Q1, Shapingba
// (500106) 2024Q2. Each county's children are flagged as of its own latest period.
describe('the day flags are evaluated for is kept per county', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let imports: ImportService;
  let reconcile: ReconcileService;

  beforeAll(async () => {
    db = await createTestDatabase();
    imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
    reconcile = new ReconcileService(new IdentityStore(db.pool));
    const beibei = await generateCounty({ children: 150, seed: 'flags-a', noise: 'low' }, `${tmp.dir}/beibei`);
    const shapingba = await generateCounty({ children: 150, seed: 'flags-b', noise: 'low', county: '500106', period: '2024Q2', today: '2024-06-30' }, `${tmp.dir}/shapingba`);
    const files = (g: typeof beibei) => ({ 'civil-affairs': g.files.civilAffairs, education: g.files.education, police: g.files.police });
    for (const source of SOURCES) await imports.importFile(files(beibei)[source], { source, period: '2024Q1' });
    for (const source of SOURCES) await imports.importFile(files(shapingba)[source], { source, period: '2024Q2' });
  });
  afterAll(async () => {
    await db.close();
    tmp.cleanup();
  });

  /** (county, day) of the children that have a county (a child with no area code has none). */
  const days = async () =>
    (
      await db.pool.query(
        `SELECT county_code AS county, to_char(flags_as_of, 'YYYY-MM-DD') AS day FROM child WHERE county_code IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
      )
    ).rows.map((r) => [r.county, r.day]);

  it("evaluates each county's children as of the end of the latest period imported for it", async () => {
    await reconcile.reconcile();
    expect(await days()).toEqual([
      ['500106', '2024-06-30'],
      ['500109', '2024-03-31'],
    ]);
    // Every child with a county follows its own (none lives across the line); one without follows
    // the county that exported its records.
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM child WHERE flags_county IS DISTINCT FROM coalesce(county_code, flags_county) OR flags_county IS NULL`);
    expect(rows[0].n).toBe(0);
    // The evidence counts ages to the county's day.
    const { rows: evidence } = await db.pool.query(
      `SELECT county_code, e->>'text' AS evidence FROM child, jsonb_array_elements(flags) f, jsonb_array_elements(f->'evidence') e
       WHERE e->>'text' LIKE 'born %' AND e->>'text' NOT LIKE '%compulsory-education%' LIMIT 400`,
    );
    expect(new Set(evidence.map((e) => e.county_code))).toEqual(new Set(['500106', '500109']));
    for (const { county_code: county, evidence: text } of evidence) {
      if (county === '500109') expect(text).toMatch(/on 2024-03-31$/);
      if (county === '500106') expect(text).toMatch(/on 2024-06-30$/);
    }
  });

  it("moves only that county's day when it pushes a later period", async () => {
    const before = await db.pool.query(`SELECT id, flags, flags_as_of FROM child WHERE county_code = '500109' ORDER BY id`);
    const { rows } = await db.pool.query(
      `SELECT v.raw FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id
       WHERE r.source = 'police' AND r.key_scope = '' AND r.area_code LIKE '500106%' ORDER BY r.record_key LIMIT 1`,
    );
    const pushed = await imports.importRows([{ ...rows[0].raw, 变动日期: '20240901' }], { source: 'police', period: '2024Q3', county: '500106' });
    expect(pushed).toMatchObject({ updated: 1, rejected: 0 });

    const run = await reconcile.reconcile();
    expect(run.mode).toBe('incremental');
    expect(await days()).toEqual([
      ['500106', '2024-09-30'], // a new school year: every child of the county is looked at again
      ['500109', '2024-03-31'],
    ]);
    const after = await db.pool.query(`SELECT id, flags, flags_as_of FROM child WHERE county_code = '500109' ORDER BY id`);
    expect(after.rows).toEqual(before.rows);
    const { rows: report } = await db.pool.query(`SELECT report->'flagsAsOf' AS days FROM reconcile_run ORDER BY id DESC LIMIT 1`);
    expect(report[0].days).toEqual({ '500106': '2024-09-30', '500109': '2024-03-31' });
  });
});
