import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { Role } from '../../../src/auth/roles';
import { signDevelopmentToken } from '../../../src/auth/tokens';
import { DEFAULT_MAX_BODY_BYTES } from '../../../src/config';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { operationVariables } from '../../support/operation-variables';
import { startTestServer, TEST_SECRET, type GraphqlClient } from '../../support/server';
import { buildHubSubgraph } from '../../../src/graphql/subgraph';
import type { GraphQLSchema } from 'graphql';

// Hostile queries are refused while the query is validated: a clear error, and no resolver runs
// (so no audit row is written and the database is not asked anything about children).
describe('query limits (through the real server)', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let civil: GraphqlClient;
  let schema: GraphQLSchema;
  const bearer = async () => `Bearer ${await signDevelopmentToken(TEST_SECRET, { sub: 'civil-tester', role: Role.CIVIL_AFFAIRS, area: '500109' })}`;
  const bearerFor = async (role: Role, area = '500109') => `Bearer ${await signDevelopmentToken(TEST_SECRET, { sub: 'department-tester', role, area })}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, tmp.dir);
    civil = await server.as(Role.CIVIL_AFFAIRS, '500109');
    schema = await buildHubSubgraph();
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

  // A suggestion names a piece of the schema; a stack trace repeats the first message, suggestion
  // included, and shows the server's code. Neither may be anywhere in an answer, in any mode.
  it.each([
    ['a field', '{ childre { totalCount } }', undefined, /Cannot query field "childre" on type "Query"\.$/],
    ['an argument', '{ children(fist: 1) { totalCount } }', undefined, /Unknown argument "fist" on field "Query\.children"\.$/],
    ['a type', 'query L($f: ChildFilte) { children(filter: $f) { totalCount } }', undefined, /Unknown type "ChildFilte"\.$/],
    ['an enum value', '{ children(filter: { flags: [DROPOT] }) { totalCount } }', undefined, /Value "DROPOT" does not exist in "ChildFlag" enum\.$/],
    ['an input field', '{ children(filter: { flag: [DROPOUT] }) { totalCount } }', undefined, /Field "flag" is not defined by type "ChildFilter"\.$/],
    ['an enum value in variables', 'query L($f: ChildFilter) { children(filter: $f) { totalCount } }', { f: { flags: ['DROPOT'] } }, /Value "DROPOT" does not exist in "ChildFlag" enum\.$/],
    ['an input field in variables', 'query L($f: ChildFilter) { children(filter: $f) { totalCount } }', { f: { flag: ['DROPOUT'] } }, /Field "flag" is not defined by type "ChildFilter"\.$/],
  ])('gives no suggestion and no stack trace for %s mistyped', async (_what, query, variables, message) => {
    const { status, body } = await civil(query, variables);
    expect(status).toBe(400);
    expect(body.errors?.[0].message).toMatch(message);
    const answer = JSON.stringify(body);
    expect(answer).not.toMatch(/Did you mean|Suggestion hidden/i);
    expect(answer).not.toMatch(/stacktrace|\bat [\w.<>]+ \(/);
  });

  // Depth counts every level of fields, introspection's included, wherever fragments put them.
  const TYPE_REF = (levels: number) => `${'ofType { '.repeat(levels)}name${' }'.repeat(levels)}`;
  const depths = (total: number): [string, string][] => {
    const levels = total - 5; // __schema types fields type … name
    return [
      [`introspection, depth ${total}`, `{ __schema { types { fields { type { ${TYPE_REF(levels)} } } } } }`],
      [`__type, depth ${total}`, `{ __type(name: "Child") { fields { type { ${TYPE_REF(levels + 1)} } } } }`],
      [`fragments, depth ${total}`, `{ __schema { ...S } } fragment S on __Schema { types { ...T } } fragment T on __Type { fields { type { ...R } } } fragment R on __Type { ${TYPE_REF(levels)} }`],
      [`inline fragments, depth ${total}`, `{ __schema { ... on __Schema { types { ... on __Type { fields { ... { type { ${TYPE_REF(levels)} } } } } } } } }`],
    ];
  };

  it.each([...depths(9), ...depths(10)])('refuses a query through %s (limit 8)', async (_what, query) => {
    const { status, body } = await civil(query);
    expect(status).toBe(400);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0].message).toMatch(/^Query depth limit of 8 exceeded, found (9|10)\.$/);
  });

  it.each(depths(8))('answers a query through %s', async (_what, query) => {
    const { status, body } = await civil(query);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('refuses fragments that multiply a short document into billions of selections, before weighing it', async () => {
    const fragments = Array.from({ length: 10 }, (_, i) => (i === 9 ? `fragment F${i} on Query { __typename }` : `fragment F${i} on Query { ${`...F${i + 1} `.repeat(10)}}`));
    const { status, body } = await civil(`{ ...F0 } ${fragments.join(' ')}`);
    expect(status).toBe(400);
    expect(body.errors?.[0].message).toBe('Query has 1.0e+9 selections once its fragments are spread; the limit is 2000.');
  });

  // graphql-armor's cost limit read the document only: children(first: $n) cost the same whatever $n was.
  it('weighs a page by the size its variables ask for', async () => {
    const PAGES = `query Pages($n: Int) { ${['a', 'b', 'c'].map((alias) => `${alias}: children(first: $n) { edges { node { id name flags { flag evidence } sourceRecords { source recordKey } } } }`).join(' ')} }`;
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n;
    const small = await civil(PAGES, { n: 5 });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    const large = await civil(PAGES, { n: 100 });
    expect(large.status).toBe(400);
    expect(large.body.data ?? null).toBeNull();
    expect(large.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Query cost limit of 7500 exceeded, found \d+/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    // Costs already weighed are remembered per operation and page size, never across sizes.
    expect((await civil(PAGES, { n: 5 })).status).toBe(200);
    expect((await civil(PAGES, { n: 100 })).status).toBe(400);
    expect((await civil(PAGES, {})).status).toBe(200); // the default page, 20
    expect((await db.pool.query('SELECT count(*)::int AS n FROM audit_entry')).rows[0].n).toBe(before);
  });

  // Each department's questions (its contract with us) at their largest page pass every limit.
  it.each(departmentOperations())('lets %s through every limit', async (_name, department, document, operationName) => {
    // The console's operations are sent by the page of the role that uses them (civil affairs unless named).
    const consoleAsker: Record<string, { role: Role; area: string }> = {
      ConsoleAuditLog: { role: Role.AUDITOR, area: '500109' },
      ConsoleRecordVisit: { role: Role.VILLAGE_DIRECTOR, area: '500109001001' },
      ConsoleVisitsDue: { role: Role.VILLAGE_DIRECTOR, area: '500109001001' },
      ConsoleAttachReportChild: { role: Role.POLICE, area: '500109' },
      ConsoleRecordReportResponse: { role: Role.POLICE, area: '500109' },
    };
    const asker =
      department === 'console'
        ? (consoleAsker[operationName] ?? { role: Role.CIVIL_AFFAIRS, area: '500109' })
        : { role: { 'civil-affairs': Role.CIVIL_AFFAIRS, education: Role.EDUCATION, police: Role.POLICE }[department]!, area: '500109' };
    const sections = { family: true, guardianship: true, welfare: true, schooling: true, visits: true };
    const operation = parse(document).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === operationName)!;
    // Pages at their largest; every other variable (a mutation's input) a sample of its type.
    const variables = operationVariables(schema, operation, { id: 'C0000000000000000', first: 100, after: null, areaCode: null, from: '2024Q1', to: '2024Q2', filter: null, childId: null, ...sections });
    const response = await fetch(server.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await bearerFor(asker.role, asker.area) },
      body: JSON.stringify({ query: document, variables, operationName }),
    });
    const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(response.status).toBe(200);
    // On this empty database a mutation on item 1 (a review item, a case) is refused (no such item): that is all.
    expect((body.errors ?? []).filter((e) => e.extensions?.code !== 'BAD_USER_INPUT')).toEqual([]);
  });

  // Before it listens, the server sends a request meeting each limit through its own handler, so
  // that no client's first request pays for what is lazy (modules, source maps, compilation).
  it('met every limit, and answered a normal question, before it listened', () => {
    expect(server.warmedUp.map(({ name, status }) => [name, status])).toEqual(server.warmedUp.map(({ name, expected }) => [name, expected]));
    expect(server.warmedUp.map((w) => w.status).sort()).toEqual([200, 400, 400, 400, 400, 400, 400, 400, 400, 400, 401]);
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

  it('answers a path that is neither the API nor a page with 404, and serves the API at /graphql only', async () => {
    const origin = server.url.replace(/\/$/, '');
    const headers = { 'content-type': 'application/json', authorization: await bearer() };
    const body = JSON.stringify({ query: '{ __typename }' });
    for (const [method, path] of [['GET', '/nope'], ['GET', '/graphqlx'], ['POST', '/api'], ['POST', '/'], ['GET', '/children?first=1']] as const) {
      const response = await fetch(`${origin}${path}`, method === 'POST' ? { method, headers, body } : { headers: { authorization: headers.authorization } });
      const answer = await response.json();
      expect({ method, path, status: response.status, code: answer.errors?.[0]?.extensions?.code }).toEqual({ method, path, status: 404, code: 'NOT_FOUND' });
      expect(answer.errors[0].message).toContain('/graphql');
    }
    for (const path of ['/graphql', '/graphql/']) {
      const response = await fetch(`${origin}${path}`, { method: 'POST', headers, body });
      expect({ path, status: response.status, data: (await response.json()).data }).toEqual({ path, status: 200, data: { __typename: 'Query' } });
    }
  });
});

/** [name, department, document, operation name] of every operation in schema/operations/<department>/. */
function departmentOperations(): [string, string, string, string][] {
  const root = path.resolve(__dirname, '../../../schema/operations');
  return fs.readdirSync(root).flatMap((department) =>
    fs.readdirSync(path.join(root, department)).flatMap((file) => {
      const document = fs.readFileSync(path.join(root, department, file), 'utf8');
      return parse(document)
        .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
        .map((op): [string, string, string, string] => [`${department}/${file} ${op.name!.value}`, department, document, op.name!.value]);
    }),
  );
}
