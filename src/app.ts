import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ChinaDivisionRegistry } from './areas/china-division-registry';
import type { HubConfig } from './config';
import type { Database } from './db/database';
import type { RequestContext, Services } from './graphql/context';
import { formatError } from './graphql/errors';
import { buildHubSchema } from './graphql/schema';
import { ImportService } from './modules/ingest/import.service';
import { StatusService } from './modules/status/status.service';

/** The composition root: services are wired here from the config and the database, nowhere else. */
export function createServices(config: Pick<HubConfig, 'dataDir'>, db: Database, registry = ChinaDivisionRegistry.load()): Services {
  return {
    imports: new ImportService(db.pool, registry, path.join(config.dataDir, 'import-errors')),
    status: new StatusService(db.pool),
  };
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Pick<HubConfig, 'dataDir' | 'port' | 'host' | 'production'>, db: Database): Promise<RunningServer> {
  const services = createServices(config, db);
  const server = new ApolloServer<RequestContext>({
    schema: await buildHubSchema(),
    formatError,
    introspection: !config.production,
    includeStacktraceInErrorResponses: !config.production,
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: config.port, host: config.host },
    context: async () => ({ services }),
  });
  return { url, stop: () => server.stop() };
}
