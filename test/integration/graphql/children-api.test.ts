import { Client } from 'pg';
import { Role } from '../../../src/auth/roles';
import { signDevelopmentToken } from '../../../src/auth/tokens';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { ChildService } from '../../../src/modules/sharing/child.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, TEST_SECRET } from '../../support/server';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

const FILE = `query File($id: ID!) {
  child(id: $id) {
    id name idNumber verification areaCode
    flags { flag rule evidence }
    sourceRecords { ref source recordKey period }
    family { fatherName fatherIdNumber householdNumber }
    guardianship { guardianName guardianPhone }
    welfare { categories assistance }
    schooling { schoolName enrolmentStatus }
  }
}`;

// A generated county (invented people), imported and reconciled, served by the real server.
describe('the role-gated API (through the real server)', () => {
  const tmp = tempDir();
  let db: Db;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let sample: { id: string; area: string; idNumber: string };
  const as = (role: Role, area: string) => server.as(role, area);

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 300, 'api-test');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    server = await startTestServer(db, tmp.dir);
    // A verified child in a village, with a police ID number and family details.
    const { rows } = await db.pool.query(
      `SELECT id, area_code AS area, golden->'idNumber'->>'value' AS "idNumber" FROM child
       WHERE verification = 'VERIFIED' AND length(area_code) = 12 AND golden->'fatherName' IS NOT NULL AND golden->'guardianPhone' IS NOT NULL
         AND sources @> '["civil-affairs","education","police"]'
       ORDER BY id LIMIT 1`,
    );
    sample = rows[0];
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  describe('authentication', () => {
    const post = (headers: Record<string, string>) =>
      fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ hubStatus { identity { children } } }' }) });

    it.each([
      ['no token', {}, 'no token: send Authorization: Bearer <token>'],
      ['a malformed header', { authorization: 'Token abc' }, 'the Authorization header must be "Bearer <token>"'],
      ['a token signed with another secret', { authorization: 'Bearer OTHER' }, "the token's signature does not match this hub's key (a development token must be made with this hub's secret)"],
    ])('answers %s with HTTP 401 and a one-line reason', async (_what, headers, reason) => {
      let auth = headers as Record<string, string>;
      if (auth.authorization === 'Bearer OTHER') {
        auth = { authorization: `Bearer ${await signDevelopmentToken('another-secret-of-at-least-32-characters', { sub: 'x', role: Role.CIVIL_AFFAIRS, area: '500109' })}` };
      }
      const response = await post(auth);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]).toMatchObject({ message: reason, extensions: { code: 'UNAUTHENTICATED' } });
      expect(body.errors[0].message).not.toContain('\n');
    });

    it('answers an expired token with HTTP 401', async () => {
      const token = await signDevelopmentToken(TEST_SECRET, { sub: 'x', role: Role.CIVIL_AFFAIRS, area: '500109' }, '-1m');
      const response = await post({ authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { errors: { message: string }[] }).errors[0].message).toBe('the token has expired');
    });

    it('refuses to sign a token whose area does not fit its role', async () => {
      await expect(signDevelopmentToken(TEST_SECRET, { sub: 'x', role: Role.VILLAGE_DIRECTOR, area: '500109' })).rejects.toThrow(/needs an area code of 12 digits/);
    });
  });

  describe('child(id)', () => {
    it('gives civil affairs the whole file with the full ID number and flags with their evidence', async () => {
      const { body } = await (await as(Role.CIVIL_AFFAIRS, '500109'))(FILE, { id: sample.id });
      expect(body.errors).toBeUndefined();
      const child = body.data!.child;
      expect(child).toMatchObject({ id: sample.id, idNumber: sample.idNumber, verification: 'VERIFIED' });
      expect(child.family.fatherName).not.toBeNull();
      expect(child.guardianship.guardianPhone).not.toBeNull();
      expect(new Set(child.sourceRecords.map((r: { source: string }) => r.source))).toEqual(new Set(['civil-affairs', 'education', 'police']));
      for (const flag of child.flags) expect(flag.evidence.length).toBeGreaterThan(0);
    });

    // Role × sensitive field: what each role sees of the same child.
    it.each([
      { role: Role.EDUCATION, area: 'county', masked: true, family: false, guardianship: false, welfare: false, schooling: true, sources: ['education'] },
      { role: Role.POLICE, area: 'county', masked: false, family: true, guardianship: false, welfare: false, schooling: false, sources: ['police'] },
      { role: Role.TOWN_SUPERVISOR, area: 'town', masked: true, family: true, guardianship: true, welfare: true, schooling: true, sources: ['civil-affairs', 'education', 'police'] },
      { role: Role.VILLAGE_DIRECTOR, area: 'village', masked: true, family: true, guardianship: true, welfare: true, schooling: true, sources: ['civil-affairs', 'education', 'police'] },
    ])('$role sees masked ID: $masked, family: $family, guardianship: $guardianship, welfare: $welfare, schooling: $schooling', async (c) => {
      const area = c.area === 'county' ? '500109' : c.area === 'town' ? sample.area.slice(0, 9) : sample.area;
      const { body } = await (await as(c.role, area))(FILE, { id: sample.id });
      const child = body.data!.child;
      expect(child.idNumber).toBe(c.masked ? `${sample.idNumber.slice(0, 6)}************` : sample.idNumber);
      expect(child.family !== null).toBe(c.family);
      expect(child.guardianship !== null).toBe(c.guardianship);
      expect(child.welfare !== null).toBe(c.welfare);
      expect(child.schooling !== null).toBe(c.schooling);
      expect([...new Set(child.sourceRecords.map((r: { source: string }) => r.source))].sort()).toEqual(c.sources);
      const denied = (body.errors ?? []).map((e) => e.extensions?.code);
      expect(denied.every((code) => code === 'FORBIDDEN' || code === undefined)).toBe(true);
    });

    it('gives an auditor no child at all', async () => {
      const { body } = await (await as(Role.AUDITOR, '500109'))(FILE, { id: sample.id });
      expect(body.data?.child ?? null).toBeNull();
      expect(body.errors?.[0].message).toMatch(/^Access denied: your role may not see/);
    });

    it('answers null outside the area, exactly as for no such child', async () => {
      const otherVillage = sample.area.slice(0, 9) + (sample.area.endsWith('999') ? '998' : '999');
      const director = await as(Role.VILLAGE_DIRECTOR, otherVillage);
      const outside = await director(FILE, { id: sample.id });
      const missing = await director(FILE, { id: 'C0000000000000000' });
      expect(outside.body).toEqual(missing.body);
      expect(outside.body.data!.child).toBeNull();
    });

    it('resolves an absorbed id to the surviving child', async () => {
      await db.pool.query(`INSERT INTO child_alias (alias, child_id, run_id, created_at) VALUES ('CALIASTEST000001', $1, 1, now())`, [sample.id]);
      const { body } = await (await as(Role.CIVIL_AFFAIRS, '500109'))(FILE, { id: 'CALIASTEST000001' });
      expect(body.data!.child.id).toBe(sample.id);
    });
  });

  describe('children(filter, first, after)', () => {
    const LIST = `query List($filter: ChildFilter, $first: Int, $after: String) {
      children(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { id areaCode flags { flag } } } pageInfo { hasNextPage endCursor } }
    }`;

    it('lists dropouts for education, every one flagged DROPOUT, page by page', async () => {
      const education = await as(Role.EDUCATION, '500109');
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM child WHERE 'DROPOUT' = ANY(flag_names)`);
      expect(rows[0].n).toBeGreaterThan(2);
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page++) {
        const { body }: { body: { data?: Record<string, any> | null } } = await education(LIST, { filter: { flags: ['DROPOUT'] }, first: 2, after });
        const connection = body.data!.children;
        expect(connection.totalCount).toBe(rows[0].n);
        for (const edge of connection.edges) {
          expect(edge.node.flags.map((f: { flag: string }) => f.flag)).toContain('DROPOUT');
          seen.push(edge.node.id);
        }
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen.length).toBe(rows[0].n);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('counts every kind of filter as the children it selects', async () => {
      const civil = await as(Role.CIVIL_AFFAIRS, '500109');
      const cases: [Record<string, unknown>, string][] = [
        [{}, 'true'],
        [{ areaCode: null, flags: null, verification: null, search: null }, 'true'],
        [{ verification: 'VERIFIED' }, `verification = 'VERIFIED'`],
        [{ flags: ['UNREGISTERED'] }, `'UNREGISTERED' = ANY(flag_names)`],
        [{ flags: ['LEFT_BEHIND', 'IN_DIFFICULTY'] }, `flag_names @> '{LEFT_BEHIND,IN_DIFFICULTY}'`],
        [{ flags: ['UNREGISTERED'], verification: 'SINGLE_SOURCE' }, `'UNREGISTERED' = ANY(flag_names) AND verification = 'SINGLE_SOURCE'`],
        [{ areaCode: sample.area.slice(0, 9), flags: ['DROPOUT'] }, `'DROPOUT' = ANY(flag_names) AND area_code LIKE '${sample.area.slice(0, 9)}%'`],
      ];
      for (const [filter, where] of cases) {
        const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM child WHERE area_code LIKE '500109%' AND ${where}`);
        const { body } = await civil(LIST, { filter, first: 1 });
        expect({ filter, totalCount: body.data!.children.totalCount }).toEqual({ filter, totalCount: rows[0].n });
      }
    });

    it('keeps a village director inside the village, whatever area the filter asks for', async () => {
      const director = await as(Role.VILLAGE_DIRECTOR, sample.area);
      const { body } = await director(LIST, { filter: { areaCode: '500109' }, first: 100 });
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM child WHERE area_code = $1', [sample.area]);
      expect(body.data!.children.totalCount).toBe(rows[0].n);
      for (const edge of body.data!.children.edges) expect(edge.node.areaCode).toBe(sample.area);
      const elsewhere = await director(LIST, { filter: { areaCode: '500112' }, first: 10 });
      expect(elsewhere.body.data!.children).toMatchObject({ totalCount: 0, edges: [] });
    });

    it('refuses a page of more than 100 with a clear error', async () => {
      const { body } = await (await as(Role.CIVIL_AFFAIRS, '500109'))(LIST, { first: 101 });
      expect(body.errors?.[0]).toMatchObject({ message: 'first must be between 0 and 100', extensions: { code: 'BAD_USER_INPUT' } });
    });
  });

  describe('audit', () => {
    const LOG = `query Log($filter: AuditFilter) { auditLog(filter: $filter, first: 50) { totalCount edges { node { subject role operation childId } } } }`;

    it('records every read of a child’s file, and shows it to auditors only', async () => {
      const police = await server.as(Role.POLICE, '500109', 'officer-zhang');
      await police(FILE, { id: sample.id });
      const auditor = await as(Role.AUDITOR, '500109');
      const { body } = await auditor(LOG, { filter: { childId: sample.id, subject: 'officer-zhang' } });
      expect(body.data!.auditLog.totalCount).toBe(1);
      expect(body.data!.auditLog.edges[0].node).toEqual({ subject: 'officer-zhang', role: 'POLICE', operation: 'child', childId: sample.id });

      const denied = await police(LOG, {});
      expect(denied.body.data?.auditLog ?? null).toBeNull();
      expect(denied.body.errors?.[0].message).toMatch(/^Access denied: your role may not see/);
    });

    it('cannot be changed or deleted, even by the database owner', async () => {
      await expect(db.asOwner(`UPDATE audit_entry SET subject = 'someone else'`)).rejects.toThrow(/cannot be changed or deleted/);
      await expect(db.asOwner('DELETE FROM audit_entry')).rejects.toThrow(/cannot be changed or deleted/);
      await expect(db.asOwner('TRUNCATE audit_entry')).rejects.toThrow(/cannot be changed or deleted/);
    });

    it('fails the read when the audit cannot be written', async () => {
      await db.asOwner(`CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$`);
      await db.asOwner('CREATE TRIGGER audit_down BEFORE INSERT ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_down()');
      try {
        const { body } = await (await as(Role.CIVIL_AFFAIRS, '500109'))(FILE, { id: sample.id });
        expect(body.data?.child ?? null).toBeNull();
        expect(body.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      } finally {
        await db.asOwner('DROP TRIGGER audit_down ON audit_entry');
        await db.asOwner('DROP FUNCTION audit_down');
      }
    });
  });

  describe('review queue', () => {
    const QUEUE = `{ reviewQueue(first: 5) { open items { id leftChildId rightChildId matchWeight reason explanation { comparison level weight } } } }`;
    const DECIDE = `mutation Decide($input: DecideReviewInput!) { decideReview(input: $input) { id } }`;

    it('lets civil affairs read and settle the queue, and no one else', async () => {
      await db.pool.query(
        `INSERT INTO review_item (run_id, left_record_id, right_record_id, left_child_id, right_child_id, match_weight, reason, explanation, county_code, status, created_at)
         SELECT 1, a.source_record_id, b.source_record_id, a.child_id, b.child_id, 6.5, 'guard', '[{"comparison":"name","level":"similar","weight":1.2}]', '500109', 'OPEN', now()
         FROM child_record a, child_record b WHERE a.child_id <> b.child_id LIMIT 1`,
      );
      const civil = await server.as(Role.CIVIL_AFFAIRS, '500109', 'reviewer-li');
      const { body } = await civil(QUEUE);
      expect(body.errors).toBeUndefined();
      const queue = body.data!.reviewQueue;
      expect(queue.open).toBeGreaterThan(0);
      expect(queue.items[0].explanation[0]).toEqual({ comparison: 'name', level: 'similar', weight: 1.2 });

      const id = queue.items[0].id;
      const decided = await civil(DECIDE, { input: { id, decision: 'NO_MATCH', reason: 'two children: checked the birth certificates' } });
      expect(decided.body.data!.decideReview).toEqual({ id });
      const { rows } = await db.pool.query('SELECT decision, reviewer FROM review_decision WHERE review_item_id = $1', [Number(id)]);
      expect(rows).toEqual([{ decision: 'NO_MATCH', reviewer: 'reviewer-li' }]);

      // A later decision on the same pair supersedes the earlier one (before: "decided, not open").
      const again = await civil(DECIDE, { input: { id, decision: 'MATCH', reason: 'changed my mind' } });
      expect(again.body.errors).toBeUndefined();
      expect(again.body.data!.decideReview).toEqual({ id });
      const { rows: both } = await db.pool.query('SELECT decision FROM review_decision WHERE review_item_id = $1 ORDER BY id', [Number(id)]);
      expect(both.map((r) => r.decision)).toEqual(['NO_MATCH', 'MATCH']);

      for (const role of [Role.EDUCATION, Role.POLICE, Role.AUDITOR]) {
        const denied = await (await as(role, '500109'))(QUEUE);
        expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
    });

    it('answers an item of another county as one that does not exist', async () => {
      const { rows } = await db.pool.query(`SELECT id FROM review_item WHERE status = 'OPEN' LIMIT 1`);
      if (rows.length === 0) {
        await db.pool.query(
          `INSERT INTO review_item (run_id, left_record_id, right_record_id, left_child_id, right_child_id, match_weight, reason, explanation, county_code, status, created_at)
           VALUES (1, 1, 2, 'CA', 'CB', 5, 'grey-zone', '[]', '500109', 'OPEN', now())`,
        );
      }
      const id = String((await db.pool.query(`SELECT id FROM review_item WHERE status = 'OPEN' LIMIT 1`)).rows[0].id);
      const other = await as(Role.CIVIL_AFFAIRS, '500112');
      const { body } = await other(DECIDE, { input: { id, decision: 'MATCH', reason: 'x' } });
      expect(body.errors?.[0].message).toBe(`no review item ${id}`);
    });
  });

  it('reads files asked for at the same moment in one statement, each with its own viewer, scope and audit row', async () => {
    const { rows: others } = await db.pool.query(`SELECT id, area_code AS area FROM child WHERE length(area_code) = 12 AND area_code <> $1 ORDER BY id LIMIT 1`, [sample.area]);
    const other = others[0] as { id: string; area: string };
    const service = new ChildService(db.pool);
    const director = { sub: 'director-batch', role: Role.VILLAGE_DIRECTOR, area: sample.area };
    const police = { sub: 'police-batch', role: Role.POLICE, area: '500109' };
    const original = Client.prototype.query;
    let statements = 0;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      statements++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    let files: Awaited<ReturnType<ChildService['child']>>[];
    try {
      files = await Promise.all([
        service.child(director, sample.id),
        service.child(director, other.id), // another village: not the director's
        service.child(police, other.id),
        service.child(police, 'C-no-such-child'),
        service.child(police, `${other.id}\u0000`), // never reaches PostgreSQL, so cannot fail the others
      ]);
    } finally {
      Client.prototype.query = original;
    }
    expect(statements).toBe(1);
    expect(files.map((f) => f?.id ?? null)).toEqual([sample.id, null, other.id, null, null]);
    // Read straight from the service: masking happens once, as the answer leaves the server (id-masking.plugin.ts).
    expect(files[0]!.idNumber).toBe(sample.idNumber);
    expect(files[2]!.prefetchedSourceRecords.every((r) => r.source === 'police')).toBe(true); // police sees its own records only
    const { rows: audited } = await db.pool.query(`SELECT subject, role, area, child_id FROM audit_entry WHERE subject LIKE '%-batch' ORDER BY subject`);
    expect(audited).toEqual([
      { subject: 'director-batch', role: Role.VILLAGE_DIRECTOR, area: sample.area, child_id: sample.id },
      { subject: 'police-batch', role: Role.POLICE, area: '500109', child_id: other.id },
    ]);
  });

  it('pages of 100 children with their source records cost no more statements than pages of 5 (no N+1)', async () => {
    const LIST = `query List($first: Int) { children(first: $first) { edges { node { id flags { flag } sourceRecords { source recordKey } } } } }`;
    const civil = await as(Role.CIVIL_AFFAIRS, '500109');
    const count = async (first: number) => {
      // Every statement the server sends goes through a pg Client (the pool's included).
      const original = Client.prototype.query;
      let statements = 0;
      Client.prototype.query = function (this: Client, ...args: unknown[]) {
        statements++;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      try {
        const { body } = await civil(LIST, { first });
        expect(body.data!.children.edges).toHaveLength(first);
      } finally {
        Client.prototype.query = original;
      }
      return statements;
    };
    const small = await count(5);
    const large = await count(100);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  });

  describe('dashboard', () => {
    const DASHBOARD = `query D($area: String) { dashboard(areaCode: $area) {
      areaCode children byFlag { key count } byCategory { key count } byVerification { key count }
      areas { areaCode children flags { key count } } dataQuality { source records invalidIdNumbers missingIdNumbers unmatched } reviewBacklog } }`;

    it('gives civil affairs the county by town, with counts that add up to the database', async () => {
      const audited = async () => (await db.pool.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n as number;
      const before = await audited();
      const { body } = await (await as(Role.CIVIL_AFFAIRS, '500109'))(DASHBOARD, {});
      expect(body.errors).toBeUndefined();
      const d = body.data!.dashboard;
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE 'DROPOUT' = ANY(flag_names))::int AS dropouts FROM child WHERE area_code LIKE '500109%'`);
      expect(d.children).toBe(rows[0].n);
      expect(d.byFlag.find((t: { key: string }) => t.key === 'DROPOUT')?.count ?? 0).toBe(rows[0].dropouts);
      expect(d.byVerification.reduce((sum: number, t: { count: number }) => sum + t.count, 0)).toBe(rows[0].n);
      expect(d.areas.every((a: { areaCode: string }) => a.areaCode.length === 9 && a.areaCode.startsWith('500109'))).toBe(true);
      const sources = d.dataQuality.map((q: { source: string }) => q.source);
      expect(sources).toEqual(['civil-affairs', 'education', 'police']);
      expect(await audited()).toBe(before); // counts only: no child's file was read
    });

    it('gives a town supervisor its town by village, and refuses another town', async () => {
      const town = sample.area.slice(0, 9);
      const supervisor = await as(Role.TOWN_SUPERVISOR, town);
      const { body } = await supervisor(DASHBOARD, {});
      expect(body.data!.dashboard.areaCode).toBe(town);
      expect(body.data!.dashboard.areas.every((a: { areaCode: string }) => a.areaCode.length === 12 && a.areaCode.startsWith(town))).toBe(true);
      const other = await supervisor(DASHBOARD, { area: '500109999' });
      expect(other.body.errors?.[0]).toMatchObject({ message: 'areaCode 500109999 is outside your area', extensions: { code: 'BAD_USER_INPUT' } });
      for (const role of [Role.EDUCATION, Role.POLICE, Role.VILLAGE_DIRECTOR, Role.AUDITOR]) {
        const area = role === Role.VILLAGE_DIRECTOR ? sample.area : '500109';
        const denied = await (await as(role, area))(DASHBOARD, {});
        expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
    });
  });

  it('resolves a federated reference to a child through the same area scope and audit', async () => {
    const ENTITIES = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id idNumber } } }`;
    const representations = [{ __typename: 'Child', id: sample.id }];
    const director = await server.as(Role.VILLAGE_DIRECTOR, sample.area, 'director-wang');
    const inside = await director(ENTITIES, { r: representations });
    expect(inside.body.data!._entities).toEqual([{ id: sample.id, idNumber: `${sample.idNumber.slice(0, 6)}************` }]);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM audit_entry WHERE subject = 'director-wang' AND child_id = $1`, [sample.id]);
    expect(rows[0].n).toBe(1);
    const otherVillage = sample.area.slice(0, 9) + (sample.area.endsWith('999') ? '998' : '999');
    const outside = await (await as(Role.VILLAGE_DIRECTOR, otherVillage))(ENTITIES, { r: representations });
    expect(outside.body.data!._entities).toEqual([null]);
  });

  describe('visits', () => {
    const RECORD = `mutation V($input: RecordVisitInput!) { recordVisit(input: $input) { id kind visitedOn notes recordedBy } }`;
    const VISITS = `query F($id: ID!) { child(id: $id) { id visits { kind visitedOn notes recordedBy } } }`;

    it('lets the village director record a home visit, seen on the file by director and civil affairs', async () => {
      const director = await server.as(Role.VILLAGE_DIRECTOR, sample.area, 'director-zhou');
      const { body } = await director(RECORD, { input: { childId: sample.id, kind: 'HOME_VISIT', visitedOn: '2024-03-20', notes: 'lives with grandparents; school attendance fine' } });
      expect(body.errors).toBeUndefined();
      expect(body.data!.recordVisit).toMatchObject({ kind: 'HOME_VISIT', visitedOn: '2024-03-20', recordedBy: 'director-zhou' });
      for (const reader of [director, await as(Role.CIVIL_AFFAIRS, '500109')]) {
        const file = await reader(VISITS, { id: sample.id });
        expect(file.body.data!.child.visits[0]).toEqual({ kind: 'HOME_VISIT', visitedOn: '2024-03-20', notes: 'lives with grandparents; school attendance fine', recordedBy: 'director-zhou' });
      }
      const education = await (await as(Role.EDUCATION, '500109'))(VISITS, { id: sample.id });
      expect(education.body.data!.child.visits).toBeNull();
      expect(education.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it.each([
      ['a child of another village', 'other', '2024-03-20', 'notes', /^no child /],
      ['a date in the future', 'own', '2999-01-01', 'notes', /cannot be in the future/],
      ['no notes', 'own', '2024-03-20', '  ', /needs notes/],
      ['a day that does not exist', 'own', '2024-02-30', 'notes', /must be a real date/],
      ['a date that is no date', 'own', '20.03.2024', 'notes', /must be a real date/],
      ['a day before the child was born', 'own', '1999-12-31', 'notes', /before the child was born/],
      ['a child id that could be no child id', 'own', '2024-03-20', 'notes', /^no child /],
    ])('refuses a visit to %s', async (what, village, visitedOn, notes, message) => {
      const area = village === 'own' ? sample.area : sample.area.slice(0, 9) + (sample.area.endsWith('999') ? '998' : '999');
      const childId = what.startsWith('a child id') ? 'C\u0000; DROP TABLE visit' : sample.id;
      const { body } = await (await as(Role.VILLAGE_DIRECTOR, area))(RECORD, { input: { childId, kind: 'CONTACT', visitedOn, notes } });
      expect(body.errors?.[0].message).toMatch(message);
      expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('is for village directors only', async () => {
      const { body } = await (await as(Role.CIVIL_AFFAIRS, '500109'))(RECORD, { input: { childId: sample.id, kind: 'CONTACT', visitedOn: '2024-03-20', notes: 'x' } });
      expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });
});
