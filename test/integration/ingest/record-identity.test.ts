import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { generateCounty } from '../../../src/generate';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { ImportRefusedError } from '../../../src/modules/ingest/source-rows';
import { SOURCES } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { POLICE_ROWS, csv, tempDir } from '../../support/files';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

// Invented rows. Two counties' civil-affairs rosters both number a record MZ-2021Q3-000328:
// Beibei's (500109) is 王小明's, Shapingba's (500106) another child's.
const roster = (key: string, name: string, birth: string, area: string) =>
  `${key},${name},男,${birth},,汉族,${area},,,留守儿童,,,,是,,,,是,,,祖父,13800000000,委托监护,务工收入,,在校,周敏,2024-03-15`;
const BEIBEI = roster('MZ-2021Q3-000328', '王小明', '2013-04-12', '500109110244');
const SHAPINGBA = roster('MZ-2021Q3-000328', '李想', '2014-06-01', '500106001001');

describe('a record is identified with the county that exported it', () => {
  let db: Db;
  let service: ImportService;
  const tmp = tempDir();
  const registry = ChinaDivisionRegistry.load();

  beforeAll(async () => {
    db = await createTestDatabase();
    service = new ImportService(db.pool, registry, tmp.dir);
  });
  afterAll(async () => {
    await db.close();
    tmp.cleanup();
  });
  beforeEach(async () => {
    await db.asOwner('TRUNCATE import_rejection, source_record_version, source_record, import_run RESTART IDENTITY CASCADE');
  });

  /** Every record as stored: identity, area and current content. */
  const records = async () =>
    (
      await db.pool.query(
        `SELECT r.id, r.source, r.record_key, r.current_version_id, r.content_hash, v.normalised->>'name' AS name
         FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id ORDER BY r.id`,
      )
    ).rows;

  it("keeps two counties' records of the same roster number apart", async () => {
    const first = await service.importFile(tmp.file('beibei.csv', csv('civil-affairs', [BEIBEI])), { source: 'civil-affairs', period: '2024Q1' });
    expect(first).toMatchObject({ new: 1, updated: 0 });
    const before = await records();

    const second = await service.importFile(tmp.file('shapingba.csv', csv('civil-affairs', [SHAPINGBA])), { source: 'civil-affairs', period: '2024Q1' });
    expect(second).toMatchObject({ read: 1, new: 1, updated: 0, unchanged: 0 });
    const after = await records();
    expect(after[0]).toEqual(before[0]); // Beibei's 王小明 is untouched
    expect(after.map((r) => [r.record_key, r.name])).toEqual([
      ['MZ-2021Q3-000328', '王小明'],
      ['MZ-2021Q3-000328', '李想'],
    ]);
    const scopes = await db.pool.query('SELECT key_scope FROM source_record ORDER BY id');
    expect(scopes.rows).toEqual([{ key_scope: '500109' }, { key_scope: '500106' }]);
    const runs = await db.pool.query('SELECT county_code FROM import_run ORDER BY id');
    expect(runs.rows).toEqual([{ county_code: '500109' }, { county_code: '500106' }]);
  });

  it('takes the county named on the command line over what the rows say, and files a row without an area code under it', async () => {
    const noArea = roster('MZ-2024Q1-000001', '张三', '2012-01-01', '');
    const summary = await service.importFile(tmp.file('named.csv', csv('civil-affairs', [noArea])), { source: 'civil-affairs', period: '2024Q1', county: '500106' });
    expect(summary).toMatchObject({ new: 1 });
    expect((await db.pool.query('SELECT key_scope, area_code FROM source_record')).rows).toEqual([{ key_scope: '500106', area_code: '500106' }]);
  });

  it("refuses a file whose rows lie in another county than --county names, before recording anything: its keys would overwrite that county's records", async () => {
    await service.importFile(tmp.file('beibei.csv', csv('civil-affairs', [BEIBEI])), { source: 'civil-affairs', period: '2024Q1' });
    const runs = async () => (await db.pool.query('SELECT count(*)::int AS n FROM import_run')).rows[0].n;
    const before = await runs();
    await expect(service.importFile(tmp.file('shapingba.csv', csv('civil-affairs', [SHAPINGBA])), { source: 'civil-affairs', period: '2024Q1', county: '500109' })).rejects.toThrow(
      new ImportRefusedError(
        'the rows of this file lie in county 500106, not in 500109 that --county names: import it with --county 500106 (or without --county), or check that it is the right file',
      ),
    );
    expect(await runs()).toBe(before);
    // Beibei's record with that key is untouched; named rightly, the file is the other county's.
    expect(await service.importFile(tmp.file('shapingba.csv', csv('civil-affairs', [SHAPINGBA])), { source: 'civil-affairs', period: '2024Q1', county: '500106' })).toMatchObject({ new: 1, updated: 0 });
  });

  it('keeps one record for a national key exported by two counties (a child who moved)', async () => {
    await service.importFile(tmp.file('police-beibei.csv', csv('police', [POLICE_ROWS[0]])), { source: 'police', period: '2024Q1' });
    const moved = POLICE_ROWS[0].replace(/,500109110244,/, ',500106001001,').replace('重庆市北碚区静观镇素心村3组12号', '重庆市沙坪坝区小龙坎街道');
    const summary = await service.importFile(tmp.file('police-shapingba.csv', csv('police', [moved])), { source: 'police', period: '2024Q2' });
    expect(summary).toMatchObject({ new: 0, updated: 1 });
    expect((await db.pool.query('SELECT key_scope, record_key, area_code FROM source_record')).rows).toEqual([
      { key_scope: '', record_key: '500109201304120311', area_code: '500106001001' },
    ]);
  });

  it('refuses a file whose county cannot be told, before recording anything', async () => {
    const noArea = POLICE_ROWS.map((row) => row.replace(/,5001091\d{5},/, ',,'));
    const file = tmp.file('no-area.csv', csv('police', noArea));
    await expect(service.importFile(file, { source: 'police', period: '2024Q1' })).rejects.toThrow(
      new ImportRefusedError('cannot tell which county exported the rows: none of its first rows has an area code; name it with --county CODE'),
    );
    await expect(service.importFile(file, { source: 'police', period: '2024Q1', county: '500100' })).rejects.toThrow(/--county must name a county/);
    await expect(service.importFile(file, { source: 'police', period: '2024Q1', county: '500199' })).rejects.toThrow(/--county must name a county/);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM import_run')).rows[0].n).toBe(0);
    expect(await service.importFile(file, { source: 'police', period: '2024Q1', county: '500109' })).toMatchObject({ new: 3 });
  });

  it('goes on with the county an interrupted import began with, and refuses another', async () => {
    // Rows naming no area: only --county says whose they are (rows of one county named for another
    // are refused before anything begins, by the test above).
    const rows = [roster('MZ-2021Q3-000328', '王小明', '2013-04-12', ''), roster('MZ-2021Q3-000329', '王小红', '2015-02-02', ''), roster('MZ-2021Q3-000330', '王小华', '2016-03-03', '')];
    const file = tmp.file('interrupted.csv', csv('civil-affairs', rows));
    const options = { source: 'civil-affairs', period: '2024Q1', batchSize: 1, errorsPath: null, county: '500109' };
    // A failure injected by the schema's owner (the hub's own role may create no trigger).
    await db.asOwner(`CREATE FUNCTION fail_second() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF (SELECT count(*) FROM source_record_version) > 1 THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NULL; END $$`);
    await db.asOwner('CREATE TRIGGER fail_second AFTER INSERT ON source_record_version FOR EACH STATEMENT EXECUTE FUNCTION fail_second()');
    try {
      await expect(service.importFile(file, options)).rejects.toThrow(/disk full/);
    } finally {
      await db.asOwner('DROP TRIGGER fail_second ON source_record_version');
      await db.asOwner('DROP FUNCTION fail_second');
    }
    await expect(service.importFile(file, { ...options, county: '500106' })).rejects.toThrow(/begun for county 500109, not 500106/);
    const resumed = await service.importFile(file, options);
    expect(resumed).toMatchObject({ resumed: true, read: 3, new: 3 });
    expect((await db.pool.query('SELECT DISTINCT key_scope FROM source_record')).rows).toEqual([{ key_scope: '500109' }]);
  });

  it('refuses a period before 2000 or after the current quarter (the clock is injected)', async () => {
    const file = tmp.file('periods.csv', csv('police', POLICE_ROWS));
    const may2024 = new ImportService(db.pool, registry, tmp.dir, undefined, () => new Date('2024-05-15T00:00:00Z'));
    await expect(may2024.importFile(file, { source: 'police', period: '2024Q3' })).rejects.toThrow(/2024Q3 has not begun: the current quarter is 2024Q2/);
    await expect(may2024.importRows([], { source: 'police', period: '1999Q4', county: '500109' })).rejects.toThrow(/before 2000/);
    await expect(service.importFile(file, { source: 'police', period: '2099Q4' })).rejects.toThrow(/2099Q4 has not begun/);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM import_run')).rows[0].n).toBe(0);
    expect(await may2024.importFile(file, { source: 'police', period: '2024Q2' })).toMatchObject({ new: 3 });
  });
});

describe('a second generated county, of another code, imported after a first', () => {
  const tmp = tempDir();
  let db: Db;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
    tmp.cleanup();
  });

  it("updates none of the first county's records", async () => {
    // As the welcome text suggests: the demo county, then a small neighbouring one.
    const first = await generateCounty({ children: 400, seed: 'demo', noise: 'realistic' }, `${tmp.dir}/first`);
    const second = await generateCounty({ children: 200, seed: 7, noise: 'realistic', county: '500106' }, `${tmp.dir}/second`);
    const service = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
    const files = (g: typeof first) => ({ 'civil-affairs': g.files.civilAffairs, education: g.files.education, police: g.files.police });
    for (const source of SOURCES) await service.importFile(files(first)[source], { source, period: '2024Q1' });
    const snapshot = async () =>
      (await db.pool.query(`SELECT id, source, record_key, current_version_id, content_hash, last_import_id FROM source_record ORDER BY id`)).rows;
    const before = await snapshot();

    for (const source of SOURCES) {
      const summary = await service.importFile(files(second)[source], { source, period: '2024Q1' });
      expect({ source, updated: summary.updated, unchanged: summary.unchanged }).toEqual({ source, updated: 0, unchanged: 0 });
      expect(summary.new).toBeGreaterThan(0);
    }
    const after = await snapshot();
    expect(after.slice(0, before.length)).toEqual(before);
    const { rows } = await db.pool.query(`SELECT county_code FROM import_run ORDER BY id`);
    expect(rows.map((r) => r.county_code)).toEqual(['500109', '500109', '500109', '500106', '500106', '500106']);
  });
});
