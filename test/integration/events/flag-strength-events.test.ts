import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { Role } from '../../../src/auth/roles';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, type GraphqlClient } from '../../support/server';

const COUNTY = '500109';
const EVENTS = `query E($filter: EventFilter) { events(filter: $filter, first: 100) { edges { node { id kind childId flag strength areaCode period } } } }`;

interface EventNode {
  id: string;
  kind: string;
  childId: string;
  flag: string | null;
  strength: string | null;
  areaCode: string | null;
  period: string | null;
}

/**
 * DROPOUT's strength is told (education acts on CONFIRMED): a child not found in the school
 * export (TO_VERIFY) whose school then reports it 辍学 (CONFIRMED) raises FLAG_STRENGTH_CHANGED,
 * with the strength, to the roles that see DROPOUT, through the real server; and back.
 */
describe('events of a flag’s strength', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  /** A child flagged DROPOUT/TO_VERIFY, known to the police (its ID number), in a village. */
  let child: { id: string; area: string; raw: Record<string, string> };

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 400, 'flag-strength', 'low');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    const { rows } = await db.pool.query(
      `SELECT c.id, c.area_code AS area, v.raw FROM child c
         JOIN child_record cr ON cr.child_id = c.id JOIN source_record r ON r.id = cr.source_record_id AND r.source = 'police'
         JOIN source_record_version v ON v.id = r.current_version_id
       WHERE c.flag_names @> '{DROPOUT/TO_VERIFY}' AND c.record_count = 1 AND length(c.area_code) = 12 ORDER BY c.id LIMIT 1`,
    );
    [child] = rows;
    server = await startTestServer(db, tmp.dir);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  const told = async (client: GraphqlClient, kinds: string[]): Promise<EventNode[]> => {
    const { body } = await client(EVENTS, { filter: { kinds } });
    expect(body.errors).toBeUndefined();
    return body.data!.events.edges.map((e: { node: EventNode }) => e.node).filter((e: EventNode) => e.childId === child.id);
  };

  it('raised DROPOUT with its strength', async () => {
    expect(child).toBeDefined();
    const raised = await told(await server.as(Role.EDUCATION, COUNTY), ['FLAG_RAISED']);
    expect(raised.filter((e) => e.flag === 'DROPOUT')).toEqual([expect.objectContaining({ strength: 'TO_VERIFY', period: '2024Q1' })]);
  });

  it('tells education, not the police, when the school’s 辍学 confirms the dropout, without raising the flag again', async () => {
    const id = child.raw['公民身份号码'];
    const row = {
      全国学籍号: `G${id}`, 姓名: child.raw['姓名'], 性别: child.raw['性别'], 出生日期: child.raw['出生日期'], 证件类型: '居民身份证', 身份证号: id,
      学校标识码: '2150099001', 学校名称: '北碚区示例小学', 年级: '五年级', 班级: '2班', 入学年月: '2019-09', 学籍状态: '辍学', 变动日期: '2024-03-01',
      是否留守儿童: '否', 行政区划代码: child.area,
    };
    const imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
    expect(await imports.importRows([row], { source: 'education', period: '2024Q1', county: COUNTY })).toMatchObject({ new: 1, rejected: 0 });
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    const { rows } = await db.pool.query(`SELECT flag_names FROM child WHERE id = $1`, [child.id]);
    expect(rows[0].flag_names).toEqual(expect.arrayContaining(['DROPOUT', 'DROPOUT/CONFIRMED']));

    const education = await server.as(Role.EDUCATION, COUNTY);
    const changed = await told(education, ['FLAG_STRENGTH_CHANGED']);
    expect(changed).toEqual([expect.objectContaining({ kind: 'FLAG_STRENGTH_CHANGED', flag: 'DROPOUT', strength: 'CONFIRMED', areaCode: child.area, period: '2024Q1' })]);
    // The flag stayed: no second raising, no clearing.
    expect((await told(education, ['FLAG_RAISED', 'FLAG_CLEARED'])).filter((e) => e.flag === 'DROPOUT')).toHaveLength(1);
    // The village director sees the flag; the police do not, and are not told.
    expect(await told(await server.as(Role.VILLAGE_DIRECTOR, child.area), ['FLAG_STRENGTH_CHANGED'])).toHaveLength(1);
    expect(await told(await server.as(Role.POLICE, COUNTY), ['FLAG_STRENGTH_CHANGED'])).toEqual([]);
  });

  it('tells a strength going back to TO_VERIFY too, whatever writes the flags', async () => {
    await db.pool.query(`UPDATE child SET flag_names = array_replace(flag_names, 'DROPOUT/CONFIRMED', 'DROPOUT/TO_VERIFY') WHERE id = $1`, [child.id]);
    const changed = await told(await server.as(Role.EDUCATION, COUNTY), ['FLAG_STRENGTH_CHANGED']);
    expect(changed.map((e) => e.strength)).toEqual(['CONFIRMED', 'TO_VERIFY']);
  });
});
