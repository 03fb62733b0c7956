import path from 'node:path';
import { idCheckDigit } from '../../reconciliation/normalise/ids';
import { Role } from '../../src/auth/roles';
import { IdentityStore } from '../../src/modules/identity/identity.store';
import { ReconcileService } from '../../src/modules/identity/reconcile.service';
import { ChinaDivisionRegistry } from '../../src/areas/china-division-registry';
import { ImportService } from '../../src/modules/ingest/import.service';
import { generatedCounty, importCounty } from './county';
import { createTestDatabase } from './database';
import { tempDir } from './files';
import { startTestServer } from './server';

export const COUNTY_A = '500109';
export const COUNTY_B = '500110';

export interface Place {
  /** A child living here. */
  childId: string;
  area: string;
}

/**
 * Two generated counties (invented people), imported and reconciled, served by the real server,
 * with the places an access test needs: a village V1 and another village V2 of the same town T1,
 * another town T2 of county A, and county B. A child of V1 lies inside every role's area; each of
 * the others lies outside one of them.
 */
export async function twoCounties(options: { childrenA?: number; childrenB?: number } = {}) {
  const tmp = tempDir();
  const a = await generatedCounty(path.join(tmp.dir, 'a'), options.childrenA ?? 200, 'access-a');
  const b = await generatedCounty(path.join(tmp.dir, 'b'), options.childrenB ?? 60, 'access-b', 'realistic', COUNTY_B);
  const db = await createTestDatabase();
  await importCounty(db.pool, a.files);
  await importCounty(db.pool, b.files);
  const reconcile = new ReconcileService(new IdentityStore(db.pool));
  await reconcile.reconcile();
  // Review items the engine will not decide alone: for children of each county, a twin (same
  // parents, same birth date, another name: the sibling guard), as a civil-affairs roster lists it.
  const imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), path.join(tmp.dir, 'errors'));
  const pairs = [COUNTY_A, COUNTY_A, COUNTY_B];
  const { rows: parents } = await db.pool.query(
    `SELECT county_code, golden FROM child WHERE sources @> '["civil-affairs","police"]' AND golden->'fatherIdNumber' IS NOT NULL
       AND golden->'motherIdNumber' IS NOT NULL ORDER BY id`,
  );
  const used = new Set<number>();
  for (const [i, county] of pairs.entries()) {
    const k = parents.findIndex((p, j) => !used.has(j) && p.county_code === county);
    used.add(k);
    const golden = parents[k].golden;
    const v = (field: string) => golden[field]?.value ?? '';
    const twin = {
      记录编号: `MZ-TWIN-${i}`, 姓名: `${String(v('name')).slice(0, 1)}双${'乐安宁康'[i]}`, 性别: v('sex') === 'M' ? '男' : '女', 出生日期: v('birthDate'),
      行政区划代码: v('areaCode'), 父亲姓名: v('fatherName'), 父亲身份证号: v('fatherIdNumber'), 母亲姓名: v('motherName'),
      母亲身份证号: v('motherIdNumber'), 监护人姓名: v('guardianName'), 监护人电话: v('guardianPhone'), 儿童类别: '留守儿童',
    };
    await imports.importRows([twin], { source: 'civil-affairs', period: '2024Q1', county });
  }
  await reconcile.reconcile();
  const server = await startTestServer(db, tmp.dir, { workers: false, webhookHosts: ['127.0.0.1'] });

  // A village V1 of county A with a child known to all three departments, whose town T1 has
  // another populated village V2; another town T2 of county A; a village of county B.
  const { rows: villages } = await db.pool.query<{ area: string; n: number; complete: number }>(
    `SELECT area_code AS area, count(*)::int AS n,
       count(*) FILTER (WHERE sources @> '["civil-affairs","education","police"]' AND golden->'fatherIdNumber' IS NOT NULL)::int AS complete
     FROM child WHERE length(area_code) = 12 GROUP BY area_code ORDER BY complete DESC, n DESC, area_code`,
  );
  const inA = villages.filter((v) => v.area.startsWith(COUNTY_A));
  const v1 = inA.find((v) => v.complete > 0 && inA.some((w) => w.area !== v.area && w.area.startsWith(v.area.slice(0, 9))))!.area;
  const t1 = v1.slice(0, 9);
  const v2 = inA.find((v) => v.area !== v1 && v.area.startsWith(t1))!.area;
  const t2Village = inA.find((v) => !v.area.startsWith(t1))!.area;
  const bVillage = villages.find((v) => v.area.startsWith(COUNTY_B))!.area;
  const childIn = async (area: string): Promise<Place> => {
    // Prefer a child known to all three departments, with a police ID number and parents.
    const { rows } = await db.pool.query(
      `SELECT id FROM child WHERE area_code = $1
       ORDER BY (sources @> '["civil-affairs","education","police"]') DESC, (golden->'fatherIdNumber') IS NOT NULL DESC, id LIMIT 1`,
      [area],
    );
    return { childId: rows[0].id, area };
  };
  const places = { v1: await childIn(v1), v2: await childIn(v2), t2: await childIn(t2Village), b: await childIn(bVillage), t1 };

  return {
    db,
    server,
    places,
    /** The generated exports of each county (for a later quarter made from them). */
    dirs: { a: path.join(tmp.dir, 'a'), b: path.join(tmp.dir, 'b') },
    /** The token area each role is tested with: all of them contain V1. */
    areaOf: (role: Role): string =>
      ({
        [Role.CIVIL_AFFAIRS]: COUNTY_A,
        [Role.EDUCATION]: COUNTY_A,
        [Role.POLICE]: t1, // a 派出所: the narrowest police scope
        [Role.TOWN_SUPERVISOR]: t1,
        [Role.VILLAGE_DIRECTOR]: v1,
        [Role.AUDITOR]: COUNTY_A,
      })[role],
    /** A place outside the role's area (but a real one, with children). */
    outsideOf: (role: Role): Place => (role === Role.VILLAGE_DIRECTOR ? places.v2 : role === Role.POLICE || role === Role.TOWN_SUPERVISOR ? places.t2 : places.b),
    async close() {
      await server.stop();
      await db.close();
      tmp.cleanup();
    },
  };
}

let serial = 0;
/** A new, valid (invented) ID number of a child born in 2015 in a county: region + birth date + sequence + check. */
export function newIdNumber(county: string): string {
  serial += 1;
  const first17 = `${county}2015${String(1 + (serial % 12)).padStart(2, '0')}${String(1 + (serial % 28)).padStart(2, '0')}${String(500 + serial).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}
