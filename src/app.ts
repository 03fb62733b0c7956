import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ChinaDivisionRegistry } from './areas/china-division-registry';
import type { HubConfig } from './config';
import type { Database } from './db/database';
import type { RequestContext, Services } from './graphql/context';
import { formatError } from './graphql/errors';
import { buildHubSchema } from './graphql/schema';
import { GraphQLError } from 'graphql';
import { developmentSecret, TokenVerifier } from './auth/tokens';
import { AuthError } from './auth/viewer';
import { AuditService } from './modules/audit/audit.service';
import { ReviewService } from './modules/identity/review.service';
import { ImportService } from './modules/ingest/import.service';
import { childLoaders } from './modules/sharing/child.loaders';
import { ChildService } from './modules/sharing/child.service';
import { StatusService } from './modules/status/status.service';

/** The composition root: services are wired here from the config and the database, nowhere else. */
export function createServices(config: Pick<HubConfig, 'dataDir'>, db: Database, registry = ChinaDivisionRegistry.load()): Services {
  return {
    imports: new ImportService(db.pool, registry, path.join(config.dataDir, 'import-errors')),
    status: new StatusService(db.pool),
    children: new ChildService(db.pool),
    audit: new AuditService(db.pool),
    reviews: new ReviewService(db.pool),
  };
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export type ServerConfig = Pick<HubConfig, 'dataDir' | 'port' | 'host' | 'production' | 'jwtSecret' | 'jwksUrl'>;

export function tokenVerifier(config: Pick<HubConfig, 'dataDir' | 'jwtSecret' | 'jwksUrl'>): TokenVerifier {
  return config.jwksUrl !== null
    ? new TokenVerifier({ secret: null, jwksUrl: config.jwksUrl })
    : new TokenVerifier({ secret: developmentSecret(config.dataDir, config.jwtSecret), jwksUrl: null });
}

export async function startServer(config: ServerConfig, db: Database): Promise<RunningServer> {
  const services = createServices(config, db);
  const tokens = tokenVerifier(config);
  const server = new ApolloServer<RequestContext>({
    schema: await buildHubSchema(),
    formatError,
    introspection: !config.production,
    includeStacktraceInErrorResponses: !config.production,
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: config.port, host: config.host },
    context: async ({ req }) => {
      try {
        const viewer = await tokens.viewerOf(req.headers.authorization);
        return { services, viewer, loaders: childLoaders(db.pool, viewer) };
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        // No token, or a bad or expired one: HTTP 401 and one line saying why, before any query runs.
        throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      }
    },
  });
  return { url, stop: () => server.stop() };
}
