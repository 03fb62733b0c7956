import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { Role } from '../../../src/auth/roles';
import { startTestServer, type GraphqlClient } from '../../support/server';

const IMPORT = `mutation Import($source: Source!, $period: String!, $rows: [JSONObject!]!) {
  importRecords(source: $source, period: $period, rows: $rows) {
    read new updated unchanged rejected errorsFile resumed
    rejections { line reason rawLine }
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

    const again = await education(IMPORT, { source: 'EDUCATION', period: '2024Q1', rows: rows.slice(0, 2) });
    expect(again.body.data!.importRecords).toMatchObject({ read: 2, new: 0, unchanged: 2, rejected: 0 });

    const status2 = await server.graphql('{ hubStatus { sources { source records latestPeriod imports rejectedRows } } }');
    expect(status2.body.data!.hubStatus.sources).toContainEqual({ source: 'EDUCATION', records: 2, latestPeriod: '2024Q1', imports: 2, rejectedRows: 1 });
  });

  it('refuses a bad period as a clear input error that stores nothing', async () => {
    const police = await server.as(Role.POLICE, '500109');
    const { body } = await police(IMPORT, { source: 'POLICE', period: 'last spring', rows: [] });
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/period must be a quarter/), extensions: { code: 'BAD_USER_INPUT' } });
    const { rows: runs } = await db.pool.query("SELECT count(*)::int AS n FROM import_run WHERE source = 'police'");
    expect(runs[0].n).toBe(0);
  });
});
