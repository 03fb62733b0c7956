import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { batchesHere, fileItems, type BatchRead } from '../../../src/modules/ingest/batches';
import { readCsv, readLines } from '../../../src/modules/ingest/csv-lines';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { ImportRefusedError } from '../../../src/modules/ingest/source-rows';
import { createTestDatabase } from '../../support/database';
import { POLICE_ROWS, csv, tempDir } from '../../support/files';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

describe('importing an export', () => {
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

  const versionsOf = async (source: string, key: string) =>
    (
      await db.pool.query(
        `SELECT v.period, v.raw, v.normalised, v.problems, (r.current_version_id = v.id) AS current
         FROM source_record r JOIN source_record_version v ON v.source_record_id = r.id
         WHERE r.source = $1 AND r.record_key = $2 ORDER BY v.id`,
        [source, key],
      )
    ).rows;

  it('stores every row with its raw and normalised values', async () => {
    const file = tmp.file('police.csv', csv('police', POLICE_ROWS, { bom: true }));
    const summary = await service.importFile(file, { source: 'police', period: '2024Q1' });
    expect(summary).toMatchObject({ read: 3, new: 3, updated: 0, unchanged: 0, rejected: 0, errorsFile: null });
    const [liu] = await versionsOf('police', '500109201509080464');
    expect(liu.raw['姓名']).toBe('劉思琪'); // raw kept exactly
    expect(liu.normalised.name).toBe('刘思琪'); // traditional → simplified
    expect(liu.normalised.birthDate).toBe('2015-09-08');
    expect(liu.current).toBe(true);
  });

  it('is idempotent: the same file again leaves everything unchanged', async () => {
    const file = tmp.file('police-again.csv', csv('police', POLICE_ROWS));
    await service.importFile(file, { source: 'police', period: '2024Q1' });
    const again = await service.importFile(file, { source: 'police', period: '2024Q1' });
    expect(again).toMatchObject({ read: 3, new: 0, updated: 0, unchanged: 3, rejected: 0 });
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM source_record_version');
    expect(rows[0].n).toBe(3);
  });

  it('updates a key seen in a later period and keeps the earlier version as history', async () => {
    await service.importFile(tmp.file('q1.csv', csv('police', POLICE_ROWS)), { source: 'police', period: '2024Q1' });
    const moved = POLICE_ROWS[2].replace('正常,陈大勇', '迁出,陈大勇');
    const q2 = await service.importFile(tmp.file('q2.csv', csv('police', [POLICE_ROWS[0], POLICE_ROWS[1], moved])), {
      source: 'police',
      period: '2024Q2',
    });
    expect(q2).toMatchObject({ read: 3, new: 0, updated: 3, unchanged: 0, rejected: 0 });
    const history = await versionsOf('police', '500109201201300176');
    expect(history.map((v) => [v.period, v.raw['人员状态'], v.current])).toEqual([
      ['2024Q1', '正常', false],
      ['2024Q2', '迁出', true],
    ]);
    // An older period imported late is history only: the current version stays the newest.
    const late = await service.importFile(tmp.file('q1-late.csv', csv('police', [POLICE_ROWS[2]])), { source: 'police', period: '2024Q1' });
    expect(late).toMatchObject({ read: 1, unchanged: 1 });
    expect((await versionsOf('police', '500109201201300176')).filter((v) => v.current)[0].period).toBe('2024Q2');
  });

  it('rejects unreadable rows with line and reason, loses none, and reads on', async () => {
    const rows = [
      POLICE_ROWS[0],
      '500109201509080464,劉思琪,,女', // line 3: too few columns
      '', // line 4: empty line
      `${POLICE_ROWS[2]},extra,cells`, // line 5: too many columns
      ',无名,,男,20130101,汉,,,,,500109110244,正常,,,,,,', // line 6: no key
      '500109201401010018,"张 三,,男,20140101,汉,,,,,500109110244,正常,,,,,,', // line 7: unclosed quote
      POLICE_ROWS[1], // line 8
      POLICE_ROWS[0].replace('王小明', '王晓明'), // line 9: duplicate key, other content
      `${POLICE_ROWS[2]},,`, // line 10: trailing empty cells are fine
    ];
    const errors = `${tmp.dir}/errors.csv`;
    const summary = await service.importFile(tmp.file('messy.csv', csv('police', rows)), { source: 'police', period: '2024Q1', errorsPath: errors });
    expect(summary).toMatchObject({ read: 9, new: 3, updated: 0, unchanged: 0, rejected: 6, errorsFile: errors });
    expect(summary.read).toBe(summary.new + summary.updated + summary.unchanged + summary.rejected);
    const report = parse(fs.readFileSync(errors, 'utf8'), { columns: true }) as { line: string; reason: string; raw_line: string }[];
    expect(report.map((r) => [Number(r.line), r.reason.split(':')[0]])).toEqual([
      [3, 'too few columns'],
      [4, 'empty line'],
      [5, 'too many columns'],
      [6, 'no record key'],
      [7, 'unclosed quote'],
      [9, 'duplicate key 500109201304120311'],
    ]);
    expect(report[5].raw_line).toContain('王晓明');
    expect(report[1].raw_line).toBe('');
  });

  it('tells how many rows it kept with a problem, code by code, over batches and a second import', async () => {
    const rows = [
      POLICE_ROWS[0].replace(',20130412,', ',20130230,'), // 30 February: a date that is not one
      POLICE_ROWS[1].replace(',20150908,', ',banana,'), // not a date at all
      POLICE_ROWS[2],
    ];
    const summary = await service.importFile(tmp.file('dates.csv', csv('police', rows)), { source: 'police', period: '2024Q1', batchSize: 1 });
    expect(summary).toMatchObject({ read: 3, new: 3, rejected: 0 });
    const counted = new Map(summary.problems.map((p) => [p.code, p.rows]));
    expect(counted.get('date-invalid')).toBe(1);
    expect(counted.get('date-unreadable')).toBe(1);
    // The rows are kept, their birth dates left empty and the reason on the record.
    const { rows: stored } = await db.pool.query(`SELECT v.normalised->>'birthDate' AS birth, v.problems::text AS problems FROM source_record_version v ORDER BY v.line`);
    expect(stored.map((r) => r.birth)).toEqual([null, null, '2012-01-30']);
    expect(stored[0].problems).toContain('date-invalid');
  });

  it('writes batches prepared beforehand exactly as importFile writes the file (the benchmark times the two apart)', async () => {
    const rows = [POLICE_ROWS[0], '500109201509080464,劉思琪,,女', POLICE_ROWS[1], POLICE_ROWS[0].replace('王小明', '王晓明'), POLICE_ROWS[2]];
    const file = tmp.file('prepared.csv', csv('police', rows));
    const stored = async () =>
      (await db.pool.query(`SELECT r.record_key, v.line, v.raw, v.normalised, v.problems, v.content_hash FROM source_record r
         JOIN source_record_version v ON v.id = r.current_version_id ORDER BY r.record_key`)).rows;
    const rejected = async () => (await db.pool.query('SELECT line, reason FROM import_rejection ORDER BY line')).rows;

    const prepared: BatchRead[] = [];
    const options = { source: 'police' as const, period: '2024Q1', linesDone: 0, batchSize: 2, registry, bytes: () => 0 };
    for await (const batch of batchesHere(fileItems('police', readCsv(readLines(file))), options, () => undefined)) prepared.push(batch);
    const replayed = await service.importPrepared('police', '2024Q1', 'prepared', prepared);
    const replayedRows = await stored();
    const replayedRejections = await rejected();

    await db.asOwner('TRUNCATE import_rejection, source_record_version, source_record, import_run RESTART IDENTITY CASCADE');
    const imported = await service.importFile(file, { source: 'police', period: '2024Q1', batchSize: 2, errorsPath: null });
    const counts = ({ read, new: created, updated, unchanged, rejected }: typeof imported) => ({ read, created, updated, unchanged, rejected });
    expect(counts(replayed)).toEqual({ read: 5, created: 3, updated: 0, unchanged: 0, rejected: 2 });
    expect(counts(replayed)).toEqual(counts(imported));
    expect(replayedRows).toHaveLength(3);
    expect(replayedRows).toEqual(await stored());
    expect(replayedRejections).toEqual(await rejected());
  });

  it('accepts English headers, extra columns and GB18030 files', async () => {
    const english =
      'id_number,name,former_name,sex,birth_date,ethnicity,household_number,householder_name,relation_to_householder,address,area_code,status,father_name,father_id_number,mother_name,mother_id_number,registered_on,changed_on,note';
    const file = tmp.file('english.csv', `${english}\n${POLICE_ROWS[0]},extra note\n`);
    const summary = await service.importFile(file, { source: 'police', period: '2024Q1' });
    expect(summary).toMatchObject({ read: 1, new: 1, rejected: 0 });
    const [version] = await versionsOf('police', '500109201304120311');
    expect(version.raw.note).toBe('extra note');
    expect(version.normalised.name).toBe('王小明');
  });

  it('reads a GB18030 file (Excel on Chinese Windows) instead of garbling it', async () => {
    const header = 'id_number,name,former_name,sex,birth_date,ethnicity,household_number,householder_name,relation_to_householder,address,area_code,status,father_name,father_id_number,mother_name,mother_id_number,registered_on,changed_on';
    // 王小明 in GB18030 (Node can decode GB18030 but not encode it, so the bytes are spelt out).
    const wangXiaoMing = Buffer.from([0xcd, 0xf5, 0xd0, 0xa1, 0xc3, 0xf7]);
    const file = tmp.file(
      'gbk.csv',
      Buffer.concat([Buffer.from(`${header}\n500109201304120311,`), wangXiaoMing, Buffer.from(',,1,20130412,,,,,,500109110244,,,,,,,\n')]),
    );
    await service.importFile(file, { source: 'police', period: '2024Q1' });
    const [version] = await versionsOf('police', '500109201304120311');
    expect(version.raw.name).toBe('王小明');
  });

  it('refuses a file it cannot use, with a one-line reason', async () => {
    const refused = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(ImportRefusedError);
    await refused(service.importFile(`${tmp.dir}/missing.csv`, { source: 'police', period: '2024Q1' }));
    await refused(service.importFile(tmp.file('book.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), { source: 'police', period: '2024Q1' }));
    await refused(service.importFile(tmp.file('p.csv', csv('police', POLICE_ROWS)), { source: 'welfare', period: '2024Q1' }));
    await refused(service.importFile(tmp.file('p2.csv', csv('police', POLICE_ROWS)), { source: 'police', period: '2024-03' }));
    await expect(service.importFile(tmp.file('wrong.csv', csv('education', ['G1,x'])), { source: 'police', period: '2024Q1' })).rejects.toThrow(
      /this looks like the education export, not police/,
    );
    const noKey = tmp.file('nokey.csv', '姓名,性别,出生日期,户号,人员状态\n王小明,男,20130412,500109110244031,正常\n');
    await expect(service.importFile(noKey, { source: 'police', period: '2024Q1' })).rejects.toThrow(
      /key column 公民身份号码 \[id_number\] is not in the header/,
    );
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM import_run');
    expect(rows[0].n).toBe(0);
  });

  it('imports pushed rows with the same semantics', async () => {
    const rows = [
      { 公民身份号码: '500109201304120311', 姓名: '王小明', 性别: '男', 出生日期: '20130412', 行政区划代码: '500109110244' },
      { id_number: '500109201509080464', name: '劉思琪', sex: '2', birth_date: '2015/9/8' },
      { 姓名: '无号' },
    ];
    const summary = await service.importRows(rows, { source: 'police', period: '2024Q1' });
    expect(summary).toMatchObject({ read: 3, new: 2, rejected: 1, errorsFile: null });
    expect(summary.rejections).toEqual([expect.objectContaining({ line: 3, reason: expect.stringMatching(/^no record key/) })]);
    const again = await service.importRows(rows.slice(0, 2), { source: 'police', period: '2024Q1' });
    expect(again).toMatchObject({ read: 2, unchanged: 2 });
  });

  it('rejects a row with a character PostgreSQL cannot store, and writes the rest', async () => {
    // A NUL in a file's cell, and an unpaired surrogate in pushed JSON: either would fail its batch.
    // Past the first 4 KiB (a NUL there makes the file binary, refused as a whole).
    const filler = Array.from({ length: 40 }, (_, i) => POLICE_ROWS[2].replace('500109201201300176', `5001092012013${String(i).padStart(5, '0')}`));
    const file = tmp.file('nul.csv', csv('police', [...filler, POLICE_ROWS[0].replace('王小明', '王\u0000小明'), POLICE_ROWS[1]]));
    const summary = await service.importFile(file, { source: 'police', period: '2024Q1', errorsPath: `${tmp.dir}/nul-errors.csv` });
    expect(summary).toMatchObject({ read: 42, new: 41, rejected: 1 });
    const report = parse(fs.readFileSync(summary.errorsFile!, 'utf8'), { columns: true }) as { line: string; reason: string; raw_line: string }[];
    expect(report).toEqual([{ line: '42', reason: expect.stringMatching(/NUL/), raw_line: expect.stringContaining('王\\u0000小明') }]);

    const pushed = await service.importRows(
      [{ 公民身份号码: '500109201304120311', 姓名: 'x\ud800', 性别: '男' }, { 公民身份号码: '500109201509080464', 姓名: '劉思琪' }],
      { source: 'police', period: '2024Q2', county: '500109' },
    );
    expect(pushed).toMatchObject({ read: 2, rejected: 1 });
    expect(pushed.rejections).toEqual([expect.objectContaining({ line: 1, reason: expect.stringMatching(/surrogate/) })]);
  });

  it('lets two runs resuming the same interrupted import at once take turns: one finishes it, the other finds it done', async () => {
    const file = tmp.file('resume-race.csv', csv('police', POLICE_ROWS));
    const options = { source: 'police', period: '2024Q3', batchSize: 1, errorsPath: null };
    // Interrupted after its first batch: the second batch's version cannot be written.
    await db.asOwner(`CREATE FUNCTION fail_second() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF (SELECT count(*) FROM source_record_version WHERE period = '2024Q3') > 1 THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NULL; END $$`);
    await db.asOwner('CREATE TRIGGER fail_second AFTER INSERT ON source_record_version FOR EACH STATEMENT EXECUTE FUNCTION fail_second()');
    try {
      await expect(service.importFile(file, options)).rejects.toThrow(/disk full/);
    } finally {
      await db.asOwner('DROP TRIGGER fail_second ON source_record_version');
      await db.asOwner('DROP FUNCTION fail_second');
    }
    // Both runs start while the source's import lock is held: both wait for it before reading
    // where the interrupted import stopped.
    const holder = await db.pool.connect();
    await holder.query(`SELECT pg_advisory_lock(hashtext('import:police'))`);
    const both = Promise.allSettled([service.importFile(file, options), service.importFile(file, options)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await holder.query(`SELECT pg_advisory_unlock(hashtext('import:police'))`);
    holder.release();
    const [a, b] = await both;
    expect([a.status, b.status]).toEqual(['fulfilled', 'fulfilled']);
    const summaries = [a, b].map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof service.importFile>>>).value);
    summaries.sort((x, y) => x.importId - y.importId);
    expect(summaries[0]).toMatchObject({ resumed: true, read: 3, new: 3, unchanged: 0 });
    expect(summaries[1]).toMatchObject({ resumed: false, read: 3, new: 0, unchanged: 3 });
    const { rows } = await db.pool.query(`SELECT status, read_count, new_count, unchanged_count FROM import_run WHERE period = '2024Q3' ORDER BY id`);
    expect(rows).toEqual([
      { status: 'done', read_count: 3, new_count: 3, unchanged_count: 0 },
      { status: 'done', read_count: 3, new_count: 0, unchanged_count: 3 },
    ]);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM source_record_version WHERE period = '2024Q3'`)).rows[0].n).toBe(3);
  });
});
