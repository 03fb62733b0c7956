import { Role } from '../../../src/auth/roles';
import { SignJWT } from 'jose';
import { DEVELOPMENT_TOKEN_ADDRESS, signDevelopmentToken } from '../../../src/auth/tokens';
import { MAX_SUBJECT_LENGTH } from '../../../src/auth/viewer';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { postGraphql, startTestServer, TEST_SECRET } from '../../support/server';

const ENTITIES = `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id name } } }`;

// Limits on what reads one request may make, on a county with children to read: a federated
// reference reads and audits a child's file, as child(id) does, so `_entities` gets the page cap
// of `children` and the same cost accounting; every read is audited under the token's subject,
// so a subject the audit log cannot hold is refused with the token.
describe('reads within the limits (through the real server)', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let ids: string[];
  const audited = async (subject: string) => (await db.pool.query('SELECT count(*)::int AS n FROM audit_entry WHERE subject = $1', [subject])).rows[0].n as number;
  const references = (count: number) => Array.from({ length: count }, (_, i) => ({ __typename: 'Child', id: ids[i % ids.length] }));

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 150, 'federation-limits');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    ids = (await db.pool.query(`SELECT id FROM child WHERE area_code LIKE '500109%' ORDER BY id LIMIT 101`)).rows.map((r) => r.id);
    server = await startTestServer(db, tmp.dir);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    tmp.cleanup();
  });

  it('read nothing while it warmed up before listening', async () => {
    expect(server.warmedUp.length).toBeGreaterThan(5);
    expect(await audited('warm-up')).toBe(0);
  });

  it('answers 100 representations, each read audited', async () => {
    expect(ids.length).toBeGreaterThanOrEqual(100);
    const civil = await server.as(Role.CIVIL_AFFAIRS, '500109', 'federation-100');
    const { status, body } = await civil(ENTITIES, { r: references(100) });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities.map((e: { id: string }) => e.id)).toEqual(ids.slice(0, 100));
    expect(await audited('federation-100')).toBe(100);
  });

  it('refuses 101 representations with a clear error: no data, nothing read or audited', async () => {
    const civil = await server.as(Role.CIVIL_AFFAIRS, '500109', 'federation-101');
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n;
    // A child(id) beside it: nothing of the request runs, not even the part within the limits.
    const { status, body } = await civil(`query E($r: [_Any!]!, $id: ID!) { child(id: $id) { id } _entities(representations: $r) { ... on Child { id } } }`, { r: references(101), id: ids[0] });
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toEqual([{ message: '_entities takes at most 100 representations in one request, got 101', extensions: { code: 'BAD_USER_INPUT' } }]);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n).toBe(before);
  });

  it('refuses a literal list of 101 representations the same way', async () => {
    const civil = await server.as(Role.CIVIL_AFFAIRS, '500109', 'federation-literal');
    const literal = `{ _entities(representations: [${references(101).map((r) => `{ __typename: "Child", id: "${r.id}" }`).join(', ')}]) { ... on Child { id } } }`;
    const { status, body } = await civil(literal);
    expect(status).toBe(400);
    expect(body.errors?.[0].message).toBe('_entities takes at most 100 representations in one request, got 101');
    expect(await audited('federation-literal')).toBe(0);
  });

  it('weighs each representation as a file read: two batches of 100 complete files cost too much', async () => {
    const FILE = 'id name sex birthDate idNumber areaCode verification flags { flag rule evidence } sourceRecords { source recordKey period } family { fatherName motherName householdNumber } guardianship { guardianName guardianPhone } welfare { categories assistance } schooling { schoolName grade enrolmentStatus }';
    const civil = await server.as(Role.CIVIL_AFFAIRS, '500109', 'federation-cost');
    const one = await civil(`query E($r: [_Any!]!) { a: _entities(representations: $r) { ... on Child { ${FILE} } } }`, { r: references(100) });
    expect(one.status).toBe(200);
    expect(one.body.errors).toBeUndefined();
    const two = await civil(`query E($r: [_Any!]!) { a: _entities(representations: $r) { ... on Child { ${FILE} } } b: _entities(representations: $r) { ... on Child { ${FILE} } } }`, { r: references(100) });
    expect(two.status).toBe(400);
    expect(two.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Query cost limit of 7500 exceeded/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(await audited('federation-cost')).toBe(100); // the first request's files only
  });

  it('refuses a token whose subject the audit log cannot hold with 401, and audits the longest it can', async () => {
    const FILE = 'query F($id: ID!) { child(id: $id) { id } }';
    const longest = 's'.repeat(MAX_SUBJECT_LENGTH);
    const fits = await postGraphql(server.endpoint, FILE, { id: ids[0] }, await signDevelopmentToken(TEST_SECRET, { sub: longest, role: Role.CIVIL_AFFAIRS, area: '500109' }));
    expect(fits.status).toBe(200);
    expect(fits.body.data!.child).toEqual({ id: ids[0] });
    expect(await audited(longest)).toBe(1);
    // Signed by hand: signDevelopmentToken refuses such a subject itself.
    const tooLong = await new SignJWT({ role: Role.CIVIL_AFFAIRS, area: '500109' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(`${longest}s`)
      .setIssuer(DEVELOPMENT_TOKEN_ADDRESS.issuer)
      .setAudience(DEVELOPMENT_TOKEN_ADDRESS.audience)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_SECRET));
    const refused = await postGraphql(server.endpoint, FILE, { id: ids[0] }, tooLong);
    expect(refused.status).toBe(401);
    expect(refused.body.errors).toEqual([{ message: `the token's subject (sub) is longer than ${MAX_SUBJECT_LENGTH} characters`, extensions: { code: 'UNAUTHENTICATED' } }]);
  });
});
