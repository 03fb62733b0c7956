import { startServer, type RunningServer, type ServerOptions } from '../../src/app';
import { Role } from '../../src/auth/roles';
import { signDevelopmentToken } from '../../src/auth/tokens';
import { DEFAULT_MAX_BODY_BYTES, DEVELOPMENT_JWT_AUDIENCE, DEVELOPMENT_JWT_ISSUER } from '../../src/config';
import type { Database } from '../../src/db/database';
import type { Clock } from '../../src/modules/ingest/periods';

export const TEST_SECRET = 'a-test-secret-of-at-least-32-characters!';

/** The real hub server on a free port, over a test database; `as(role, area)` is a client with that role's token. */
/**
 * Job workers run only where a test asks for them (`options.workers`): other tests reconcile by
 * hand, when they choose. `options.clock`: the server's time for deadlines and visits owed (a test
 * moves it on to see cases go overdue).
 */
export async function startTestServer(db: Database, dataDir: string, options: ServerOptions & { webhookHosts?: string[] } = { workers: false }): Promise<RunningServer & { endpoint: string; graphql: GraphqlClient; as(role: Role, area: string, sub?: string): Promise<GraphqlClient> }> {
  const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', production: false, jwtSecret: TEST_SECRET, jwksUrl: null, jwtIssuer: DEVELOPMENT_JWT_ISSUER, jwtAudience: DEVELOPMENT_JWT_AUDIENCE, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, webhookHosts: options.webhookHosts ?? [] }, db, options);
  const endpoint = `${server.url.replace(/\/$/, '')}/graphql`;
  const as = async (role: Role, area: string, sub = `${role.toLowerCase()}-tester`) => {
    const token = await signDevelopmentToken(TEST_SECRET, { sub, role, area });
    return ((query, variables) => postGraphql(endpoint, query, variables, token)) as GraphqlClient;
  };
  // The default client: civil affairs of the demo county (the role that sees most).
  const civil = await as(Role.CIVIL_AFFAIRS, '500109');
  return { ...server, endpoint, graphql: civil, as };
}

export type GraphqlClient = (query: string, variables?: Record<string, unknown>) => Promise<{ status: number; body: GraphqlBody }>;

export interface GraphqlBody {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function postGraphql(endpoint: string, query: string, variables?: Record<string, unknown>, token?: string) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphqlBody };
}
