import { serverAudits } from 'graphql-http';
import { Role } from '../../../src/auth/roles';
import { signDevelopmentToken } from '../../../src/auth/tokens';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { startTestServer, TEST_SECRET } from '../../support/server';

// The GraphQL-over-HTTP spec's own server audit suite, run against the live server with a token.
describe('GraphQL over HTTP (graphql-http server audits)', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let results: { id: string; name: string; status: string; reason?: string }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startTestServer(db, tmp.dir);
    const token = await signDevelopmentToken(TEST_SECRET, { sub: 'http-audit', role: Role.CIVIL_AFFAIRS, area: '500109' });
    const fetchWithToken: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    for (const audit of serverAudits({ url: server.endpoint, fetchFn: fetchWithToken })) {
      const result = await audit.fn();
      results.push({ id: audit.id, name: audit.name, status: result.status, reason: result.status === 'ok' ? undefined : result.reason });
    }
  });
  afterAll(async () => {
    await server.stop();
    await db.close();
    tmp.cleanup();
  });

  it('runs the whole suite', () => {
    expect(results.length).toBeGreaterThan(20);
  });

  it('has no MUST failure', () => {
    const failures = results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok');
    expect(failures).toEqual([]);
  });
});
