import { startServer, type RunningServer } from '../../src/app';
import type { Database } from '../../src/db/database';

/** The real hub server on a free port, over a test database. */
export async function startTestServer(db: Database, dataDir: string): Promise<RunningServer & { graphql: GraphqlClient }> {
  const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', production: false }, db);
  const endpoint = `${server.url.replace(/\/$/, '')}/graphql`;
  return { ...server, graphql: (query, variables) => postGraphql(endpoint, query, variables) };
}

export type GraphqlClient = (query: string, variables?: Record<string, unknown>) => Promise<{ status: number; body: GraphqlBody }>;

export interface GraphqlBody {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function postGraphql(endpoint: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphqlBody };
}
