import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { Role } from '../../../src/auth/roles';
import { startTestServer, type GraphqlClient } from '../../support/server';

const IMPORT = `mutation Import($source: Source!, $period: String!, $rows: [JSONObject!]!) {
  importRecords(source: $source, period: $period, rows: $rows) {
    read new updated unchanged rejected errorsFile resumed
    rejections { line reason rawLine }
    problems { code rows }
  }
}`;

describe('importRecords mutation (through the real server)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let education: GraphqlClient;
  const tmp = tempDir();

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, tmp.dir);
    education = await server.as(Role.EDUCATION, '500109');
  });
  afterAll(async () => {
    await server.stop();
    await db.close();
    tmp.cleanup();
  });

  const rows = [
    { 全国学籍号: 'G500109201304120311', 姓名: '王小明', 性别: '男', 出生日期: '2013-04-12', 身份证号: '500109201304120311', 学籍状态: '在读' },
    { student_number: 'L5001092017032100008', name: '赵雨涵', sex: '女', birth_date: '2017-03-21', id_type: '无', enrolment_status: '在读' },
    { 姓名: '没有学籍号' },
  ];

  it("refuses another department's rows", async () => {
    const { body } = await server.graphql(IMPORT, { source: 'EDUCATION', period: '2024Q1', rows });
    expect(body.errors?.[0]).toMatchObject({ message: 'a CIVIL_AFFAIRS token may push civil-affairs rows only, not education', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('imports pushed rows like a file: counts add up, bad rows come back with their reason', async () => {
    const { status, body } = await education(IMPORT, { source: 'EDUCATION', period: '2024Q1', rows });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const summary = body.data!.importRecords;
    expect(summary).toMatchObject({ read: 3, new: 2, updated: 0, unchanged: 0, rejected: 1, errorsFile: null, resumed: false });
    expect(summary.rejections).toEqual([{ line: 3, reason: expect.stringMatching(/^no record key/), rawLine: JSON.stringify(rows[2]) }]);
    // Neither row states its area (a county's push: they lie in the county): kept, and counted.
    expect(summary.problems).toEqual([{ code: 'area-empty', rows: 2 }]);

    const again = await education(IMPORT, { source: 'EDUCATION', period: '2024Q1', rows: rows.slice(0, 2) });
    expect(again.body.data!.importRecords).toMatchObject({ read: 2, new: 0, unchanged: 2, rejected: 0 });

    const status2 = await server.graphql('{ hubStatus { sources { source records latestPeriod imports rejectedRows } } }');
    expect(status2.body.data!.hubStatus.sources).toContainEqual({ source: 'EDUCATION', records: 2, latestPeriod: '2024Q1', imports: 2, rejectedRows: 1 });
  });

  describe("stays in the token's area", () => {
    const POLICE = 'POLICE';
    // Invented children: one in 静观镇 (town 500109110), one in 三圣镇 (town 500109113), one in
    // another county (沙坪坝区 500106).
    const jingguan = { 公民身份号码: '500109201304120311', 姓名: '王小明', 性别: '男', 出生日期: '20130412', 行政区划代码: '500109110244' };
    const sansheng = { 公民身份号码: '500109201201300176', 姓名: '陈浩', 性别: '男', 出生日期: '20120130', 行政区划代码: '500109113214' };
    const shapingba = { 公民身份号码: '500106201405060021', 姓名: '李想', 性别: '女', 出生日期: '20140506', 行政区划代码: '500106001001' };
    const noArea = { 公民身份号码: '500109201509080464', 姓名: '刘思琪', 性别: '女', 出生日期: '20150908' };
    const stored = async (key: string) =>
      (await db.pool.query(`SELECT v.normalised->>'name' AS name, r.area_code FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id WHERE r.source = 'police' AND r.record_key = $1`, [key])).rows[0] ?? null;

    it("rejects another county's row, and the rest of the batch goes on", async () => {
      const { body } = await education(IMPORT, {
        source: 'EDUCATION',
        period: '2024Q1',
        rows: [
          { 全国学籍号: 'G500106201405060021', 姓名: '李想', 性别: '女', 出生日期: '2014-05-06', 行政区划代码: '500106001001' },
          { 全国学籍号: 'G500109201201300176', 姓名: '陈浩', 性别: '男', 出生日期: '2012-01-30', 行政区划代码: '500109113214' },
        ],
      });
      expect(body.errors).toBeUndefined();
      expect(body.data!.importRecords).toMatchObject({ read: 2, new: 1, rejected: 1 });
      // The raw row comes back masked for education, like every answer to it.
      expect(body.data!.importRecords.rejections).toEqual([
        { line: 1, reason: "the row's area code 500106001001 is outside your area 500109", rawLine: expect.stringContaining('G500106************') },
      ]);
      const { rows } = await db.pool.query(`SELECT record_key FROM source_record WHERE record_key LIKE 'G500106%'`);
      expect(rows).toEqual([]);
    });

    it("lets a town's police write its own town's rows only", async () => {
      const town = await server.as(Role.POLICE, '500109110');
      const { body } = await town(IMPORT, { source: POLICE, period: '2024Q1', rows: [sansheng, jingguan, noArea] });
      expect(body.errors).toBeUndefined();
      expect(body.data!.importRecords).toMatchObject({ read: 3, new: 1, rejected: 2 });
      expect(body.data!.importRecords.rejections.map((r: { line: number; reason: string }) => [r.line, r.reason])).toEqual([
        [1, "the row's area code 500109113214 is outside your area 500109110"],
        [3, 'the row has no area code, so it cannot be shown to lie in your area 500109110'],
      ]);
      expect(await stored(sansheng.公民身份号码)).toBeNull();
      expect(await stored(jingguan.公民身份号码)).toEqual({ name: '王小明', area_code: '500109110244' });
    });

    it("does not let a town's police overwrite another town's record, even with a row of its own town", async () => {
      const county = await server.as(Role.POLICE, '500109');
      const first = await county(IMPORT, { source: POLICE, period: '2024Q1', rows: [sansheng, noArea] });
      // The county's police may push a row without an area code: it lies in their county.
      expect(first.body.data!.importRecords).toMatchObject({ new: 2, rejected: 0 });
      expect(await stored(noArea.公民身份号码)).toEqual({ name: '刘思琪', area_code: '500109' });

      const town = await server.as(Role.POLICE, '500109110');
      const claimed = { ...sansheng, 姓名: '陈小浩', 行政区划代码: '500109110244' };
      const { body } = await town(IMPORT, { source: POLICE, period: '2024Q2', rows: [claimed] });
      expect(body.data!.importRecords).toMatchObject({ read: 1, new: 0, updated: 0, rejected: 1 });
      expect(body.data!.importRecords.rejections[0].reason).toBe(
        'key 500109201201300176 belongs to a record outside your area 500109110: it cannot be overwritten from here',
      );
      expect(await stored(sansheng.公民身份号码)).toEqual({ name: '陈浩', area_code: '500109113214' });
    });

    it("does not let another county's police create or overwrite this county's children", async () => {
      const other = await server.as(Role.POLICE, '500106');
      const { body } = await other(IMPORT, {
        source: POLICE,
        period: '2024Q2',
        rows: [{ ...jingguan, 姓名: '王大明' }, { ...jingguan, 公民身份号码: '500109201304120338', 行政区划代码: '500106001001' }, shapingba],
      });
      expect(body.data!.importRecords).toMatchObject({ read: 3, new: 2, updated: 0, rejected: 1 });
      expect(body.data!.importRecords.rejections.map((r: { line: number }) => r.line)).toEqual([1]);
      expect(await stored(jingguan.公民身份号码)).toEqual({ name: '王小明', area_code: '500109110244' });
      expect(await stored(shapingba.公民身份号码)).toEqual({ name: '李想', area_code: '500106001001' });
    });
  });

  it('refuses a period that has not begun, which would become every record\'s current version for good', async () => {
    const police = await server.as(Role.POLICE, '500109');
    const { body } = await police(IMPORT, { source: 'POLICE', period: '2099Q4', rows: [{ 公民身份号码: '500109201304120311', 行政区划代码: '500109110244' }] });
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/period 2099Q4 has not begun/), extensions: { code: 'BAD_USER_INPUT' } });
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM import_run WHERE period = '2099Q4'`);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a bad period as a clear input error that stores nothing', async () => {
    const police = await server.as(Role.POLICE, '500109');
    const runs = async () => (await db.pool.query('SELECT count(*)::int AS n FROM import_run')).rows[0].n;
    const before = await runs();
    const { body } = await police(IMPORT, { source: 'POLICE', period: 'last spring', rows: [] });
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/period must be a quarter/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await runs()).toBe(before);
  });
});
