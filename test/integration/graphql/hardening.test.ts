import { Role } from '../../../src/auth/roles';
import { signDevelopmentToken } from '../../../src/auth/tokens';
import { DEFAULT_MAX_BODY_BYTES } from '../../../src/config';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, TEST_SECRET, type GraphqlClient } from '../../support/server';

// Hostile queries are refused while the query is validated: a clear error, and no resolver runs
// (so no audit row is written and the database is not asked anything about children).
describe('query limits (through the real server)', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let civil: GraphqlClient;
  const bearer = async () => `Bearer ${await signDevelopmentToken(TEST_SECRET, { sub: 'civil-tester', role: Role.CIVIL_AFFAIRS, area: '500109' })}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, tmp.dir);
    civil = await server.as(Role.CIVIL_AFFAIRS, '500109');
  });
  afterAll(async () => {
    await server.stop();
    await db.close();
    tmp.cleanup();
  });

  it.each([
    ['a query 100 levels deep', `{ ${'children { edges { node { '.repeat(25)}id${' } } }'.repeat(25)} }`, /depth|cost/i],
    ['10,000 aliases', `{ ${Array.from({ length: 10000 }, (_, i) => `a${i}: __typename`).join(' ')} }`, /aliases|tokens/i],
    ['1,000 directives', `{ __typename ${'@include(if: true) '.repeat(1000)}}`, /directives|tokens/i],
    ['a query of a megabyte', `{ __typename ${' '.repeat(10)}${'a: __typename '.repeat(80000)}}`, /tokens|aliases/i],
    ['a nested-connection cost bomb', `{ a: children(first: 100) { edges { node { sourceRecords { source recordKey period } family { fatherName motherName householdNumber } guardianship { guardianName guardianPhone } welfare { categories assistance } schooling { schoolName grade } } } } b: children(first: 100) { edges { node { sourceRecords { source recordKey period } family { fatherName motherName householdNumber } guardianship { guardianName guardianPhone } welfare { categories assistance } schooling { schoolName grade } } } } c: children(first: 100) { edges { node { sourceRecords { source recordKey period } family { fatherName motherName householdNumber } guardianship { guardianName guardianPhone } welfare { categories assistance } schooling { schoolName grade } } } } d: children(first: 100) { edges { node { sourceRecords { source recordKey period } family { fatherName motherName householdNumber } guardianship { guardianName guardianPhone } welfare { categories assistance } schooling { schoolName grade } } } } e: children(first: 100) { edges { node { sourceRecords { source recordKey period } family { fatherName motherName householdNumber } guardianship { guardianName guardianPhone } welfare { categories assistance } schooling { schoolName grade } } } } f: children(first: 100) { edges { node { sourceRecords { source recordKey period } family { fatherName motherName householdNumber } guardianship { guardianName guardianPhone } welfare { categories assistance } schooling { schoolName grade } } } } }`, /cost/i],
  ])('refuses %s with a clear error, before anything is read', async (_what, query, reason) => {
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n;
    const { status, body } = await civil(query);
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0].message).toMatch(reason);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n).toBe(before);
  });

  it('refuses a body over the size limit with 413, before reading or parsing it', async () => {
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n;
    const rows = Array.from({ length: 6000 }, (_, i) => ({ 记录编号: `MZ-${i}`, 姓名: '张'.repeat(40), 备注: 'x'.repeat(300) }));
    const body = JSON.stringify({ query: 'mutation I($rows: [JSONObject!]!) { importRecords(source: CIVIL_AFFAIRS, period: "2024Q1", rows: $rows) { read } }', variables: { rows } });
    expect(Buffer.byteLength(body)).toBeGreaterThan(DEFAULT_MAX_BODY_BYTES);
    const response = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: await bearer() }, body });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: expect.stringMatching(/larger than 2097152 bytes/), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM import_run')).rows[0].n).toBe(0);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n).toBe(before);
  });

  it('refuses an over-limit body sent in chunks (no Content-Length) with 413 as well', async () => {
    const chunk = new TextEncoder().encode(`{"query":"{ __typename }","variables":{"pad":"${'x'.repeat(64 * 1024)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 64 KiB at a time, until past the limit (the JSON never closes: it is never read whole).
        if (sent > DEFAULT_MAX_BODY_BYTES + chunk.length) controller.close();
        else controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const response = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: await bearer() }, body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a body that is not JSON with 400 and a GraphQL error', async () => {
    const response = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: await bearer() }, body: '{"query": "{ __typename }"' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('sends no CORS headers: another origin’s page cannot read an answer', async () => {
    const preflight = await fetch(server.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const answer = await fetch(server.endpoint, { method: 'POST', headers: { origin: 'https://elsewhere.example', 'content-type': 'application/json', authorization: await bearer() }, body: '{"query":"{ __typename }"}' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('tells every cache not to keep an answer (Cache-Control: no-store)', async () => {
    const { status, body } = await civil('{ children(first: 1) { totalCount } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const answer = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', authorization: await bearer() }, body: '{"query":"{ children(first: 1) { edges { node { id name } } } }"}' });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const refused = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'not json' });
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('gives no field suggestions', async () => {
    const { body } = await civil('{ childre { totalCount } }');
    expect(body.errors?.[0].message).toMatch(/Cannot query field "childre"/);
    expect(body.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('refuses a simple cross-site request (CSRF prevention)', async () => {
    const response = await fetch(`${server.endpoint}?query=${encodeURIComponent('{ __typename }')}`, { method: 'GET' });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });

  it('lets an ordinary department question through', async () => {
    const { status, body } = await civil('{ children(first: 20, filter: { flags: [DROPOUT] }) { totalCount edges { node { id name idNumber flags { flag rule evidence } sourceRecords { source recordKey } } } } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });
});
