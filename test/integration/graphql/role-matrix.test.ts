import { Role } from '../../../src/auth/roles';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer } from '../../support/server';

// Every role × every operation: allowed, or refused with FORBIDDEN before its resolver runs.
// (What an allowed role sees of a child's file, field by field and area by area, is tested in
// children-api.test.ts.)
const OPERATIONS: Record<string, { query: string; allowed: Role[] }> = {
  hubStatus: { query: '{ hubStatus { identity { children } } }', allowed: Object.values(Role) },
  child: { query: '{ child(id: "C0000000000000000") { id } }', allowed: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE, Role.TOWN_SUPERVISOR, Role.VILLAGE_DIRECTOR] },
  children: { query: '{ children(first: 1) { totalCount } }', allowed: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE, Role.TOWN_SUPERVISOR, Role.VILLAGE_DIRECTOR] },
  auditLog: { query: '{ auditLog(first: 1) { totalCount } }', allowed: [Role.AUDITOR] },
  reviewQueue: { query: '{ reviewQueue(first: 1) { open } }', allowed: [Role.CIVIL_AFFAIRS] },
  decideReview: { query: 'mutation { decideReview(input: { id: "0", decision: MATCH, reason: "x" }) { id } }', allowed: [Role.CIVIL_AFFAIRS] },
  dashboard: { query: '{ dashboard { children } }', allowed: [Role.CIVIL_AFFAIRS, Role.TOWN_SUPERVISOR] },
  recordVisit: { query: 'mutation { recordVisit(input: { childId: "C0000000000000000", kind: CONTACT, visitedOn: "2024-01-01", notes: "x" }) { id } }', allowed: [Role.VILLAGE_DIRECTOR] },
  importRecords: { query: 'mutation { importRecords(source: POLICE, period: "2024Q1", rows: []) { read } }', allowed: [Role.CIVIL_AFFAIRS, Role.EDUCATION, Role.POLICE] },
};

const AREA: Record<Role, string> = {
  [Role.CIVIL_AFFAIRS]: '500109',
  [Role.EDUCATION]: '500109',
  [Role.POLICE]: '500109',
  [Role.TOWN_SUPERVISOR]: '500109001',
  [Role.VILLAGE_DIRECTOR]: '500109001001',
  [Role.AUDITOR]: '500109',
};

describe('role × operation', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, tmp.dir);
  });
  afterAll(async () => {
    await server.stop();
    await db.close();
    tmp.cleanup();
  });

  const cases = Object.entries(OPERATIONS).flatMap(([operation, { query, allowed }]) =>
    Object.values(Role).map((role) => ({ operation, role, query, allowed: allowed.includes(role) })),
  );

  it.each(cases)('$operation as $role: allowed = $allowed', async ({ role, query, allowed }) => {
    const client = await server.as(role, AREA[role]);
    const { body } = await client(query);
    const codes = (body.errors ?? []).map((e) => e.extensions?.code);
    if (allowed) expect(codes).not.toContain('FORBIDDEN');
    else expect(codes).toEqual(['FORBIDDEN']);
  });
});
