import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ChinaDivisionRegistry } from './areas/china-division-registry';
import type { HubConfig } from './config';
import type { Database } from './db/database';
import type { RequestContext, Services } from './graphql/context';
import { formatError } from './graphql/errors';
import { idMaskingPlugin } from './graphql/id-masking.plugin';
import { API_PATH, serveHttp } from './graphql/http-server';
import { graphiqlRoute } from './web/graphiql';
import { ensureGraphiqlAssets } from './web/graphiql-assets';
import { buildHubSubgraph, noSubgraphSdlRule } from './graphql/subgraph';
import { depthLimitRule } from './graphql/depth-limit';
import { selectionLimitRule } from './graphql/selection-limit';
import { MAX_QUERY_COST, queryCostPlugin } from './graphql/query-cost';
import { isWarmUpKey, sendWarmUpRequests, WARM_UP_HEADER, warmUpRequests, type WarmUpAnswer } from './graphql/warm-up';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationRule } from 'graphql';
import { developmentSecret, TokenVerifier } from './auth/tokens';
import { Role } from './auth/roles';
import { AuthError, type Viewer } from './auth/viewer';
import { AuditService } from './modules/audit/audit.service';
import { VisitService } from './modules/casework/visit.service';
import { ChangesService } from './modules/changes/changes.service';
import { VisitsDueService } from './modules/casework/visits-due.service';
import { caseDue } from './modules/cases/case-due';
import { CaseService } from './modules/cases/case.service';
import { systemClock, type Clock } from './modules/ingest/periods';
import { MandatoryReportService } from './modules/cases/mandatory-report.service';
import { DashboardService } from './modules/dashboard/dashboard.service';
import { EventService } from './modules/events/event.service';
import { EventFeed } from './modules/events/subscription.feed';
import { subscriptionServer, type SubscriptionLimits } from './modules/events/subscription.server';
import { EventSubscriptionService } from './modules/events/subscription.service';
import { SecretBox, webhookKeyMaterial } from './modules/webhooks/secret-box';
import { WebhookService } from './modules/webhooks/webhook.service';
import { startHubWorkers, type WorkerTuning } from './jobs/tasks';
import { ReviewService } from './modules/identity/review.service';
import { ImportService } from './modules/ingest/import.service';
import { childLoaders } from './modules/sharing/child.loaders';
import { ChildService } from './modules/sharing/child.service';
import { MAX_PAGE } from './modules/common/requests';
import { StatusService } from './modules/status/status.service';
import { AreaNames } from './console/area-names';
import { ensureConsoleBuilt } from './console/build';
import { consoleRoutes } from './console/routes';

/** The composition root: services are wired here from the config and the database, nowhere else. */
/** What webhooks need from the configuration: the hosts they may call, the key that seals their secrets. */
export type WebhookConfig = Pick<HubConfig, 'dataDir'> & Partial<Pick<HubConfig, 'webhookHosts' | 'webhookKey'>>;

export function webhookSettings(config: WebhookConfig): { box: SecretBox; allowedHosts: readonly string[] } {
  return { box: new SecretBox(webhookKeyMaterial(config.dataDir, config.webhookKey ?? null)), allowedHosts: config.webhookHosts ?? [] };
}

export function createServices(config: WebhookConfig, db: Database, registry = ChinaDivisionRegistry.load(), clock: Clock = systemClock): Services {
  const reviews = new ReviewService(db.pool);
  caseDue(); // a bad HUB_CASE_DUE refuses to serve, rather than failing the first case opened
  const visitsDue = new VisitsDueService(db.pool, clock);
  const cases = new CaseService(db.pool, clock);
  const webhooks = webhookSettings(config);
  return {
    imports: new ImportService(db.pool, registry, path.join(config.dataDir, 'import-errors')),
    status: new StatusService(db.pool, reviews),
    children: new ChildService(db.pool),
    audit: new AuditService(db.pool),
    reviews,
    dashboard: new DashboardService(db.pool, reviews, { visitsDue, cases }),
    visits: new VisitService(db.pool),
    changes: new ChangesService(db.pool),
    visitsDue,
    cases,
    reports: new MandatoryReportService(db.pool, clock),
    events: new EventService(db.pool),
    webhooks: new WebhookService(db.pool, webhooks.box, webhooks.allowedHosts),
  };
}

/**
 * Limits on what one query may ask: generous for every question the departments ask
 * (schema/operations), far below what a hostile query needs. graphql-armor counts aliases and
 * directives; depth, cost and suggestions are the hub's own (see queryLimitRules,
 * queryCostPlugin and formatError), because armor's leave gaps: its depth skips introspection,
 * its cost cannot see variables, and its suggestion mask leaves the suggestion in the stack
 * trace and the fact that there was one in the message.
 */
export const MAX_TOKENS = 2000;
export const MAX_DEPTH = 8;

export function queryLimits(): ApolloArmor {
  return new ApolloArmor({
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    // Tokens are limited by graphql-js's parser (parseOptions below): a refusal there is an
    // HTTP 400 like every other bad query, where armor's own token limit answers 500.
    maxTokens: { enabled: false },
    maxDepth: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
}

/**
 * The hub's own validation rules: depth (introspection and fragments counted), selections once
 * fragments are spread (no more than a document of MAX_TOKENS could hold without them), and no
 * `_service` where introspection is off.
 */
export function queryLimitRules(production: boolean): ValidationRule[] {
  return [depthLimitRule(MAX_DEPTH), selectionLimitRule(MAX_TOKENS), ...(production ? [noSubgraphSdlRule] : [])];
}

export interface RunningServer {
  url: string;
  /** What each warm-up request got before the server listened (each limit's refusal, a normal answer). */
  warmedUp: readonly WarmUpAnswer[];
  stop(): Promise<void>;
}

export type ServerConfig = Pick<HubConfig, 'dataDir' | 'port' | 'host' | 'production' | 'jwtSecret' | 'jwksUrl' | 'jwtIssuer' | 'jwtAudience' | 'maxBodyBytes'> & WebhookConfig;

export function tokenVerifier(config: Pick<HubConfig, 'dataDir' | 'jwtSecret' | 'jwksUrl' | 'jwtIssuer' | 'jwtAudience'>): TokenVerifier {
  const address = { issuer: config.jwtIssuer, audience: config.jwtAudience };
  return config.jwksUrl !== null
    ? new TokenVerifier({ secret: null, jwksUrl: config.jwksUrl, ...address })
    : new TokenVerifier({ secret: developmentSecret(config.dataDir, config.jwtSecret), jwksUrl: null, ...address });
}

/**
 * Who the server's warm-up requests run as, before it listens: an auditor of a county code that
 * does not exist, the role that sees least, under which only `{ __typename }` ever executes
 * (every other warm-up request is refused before execution).
 */
const WARM_UP_VIEWER: Viewer = Object.freeze({ sub: 'warm-up', role: Role.AUDITOR, area: '000000' });

/**
 * What runs beside the API: the job workers (default), or none (`false`: tests that drive jobs
 * themselves); `clock`: what time it is for deadlines and visits owed (tests move it on).
 */
export interface ServerOptions {
  workers?: WorkerTuning | false;
  log?: (message: string) => void;
  clock?: Clock;
  /** Limits on WebSocket subscriptions (tests lower them). */
  subscriptionLimits?: Partial<SubscriptionLimits>;
}

export async function startServer(config: ServerConfig, db: Database, options: ServerOptions = {}): Promise<RunningServer> {
  const registry = ChinaDivisionRegistry.load();
  const services = createServices(config, db, registry, options.clock ?? systemClock);
  const tokens = tokenVerifier(config);
  const armor = queryLimits().protect();
  const schema = await buildHubSubgraph();
  const costSettings = { maxCost: MAX_QUERY_COST, maxBatch: MAX_PAGE, fileType: 'Child', maxSelections: MAX_TOKENS };
  const validationRules = [...armor.validationRules, ...queryLimitRules(config.production)];
  const server = new ApolloServer<RequestContext>({
    schema,
    formatError,
    // Hostile queries are refused while validating, before any resolver (or database) runs.
    // No inline traces (ftv1) for whoever sends the federation header: timings and error paths
    // are for our own monitoring, not for callers.
    // No cache hints either: no answer about children may be cached anywhere (the HTTP layer
    // sends Cache-Control: no-store), and computing hints wraps every field resolver.
    // The cost of an operation is weighed with its variables, after validation and before
    // execution (queryCostPlugin): refused with HTTP 400, nothing read.
    plugins: [
      ...armor.plugins,
      idMaskingPlugin(),
      queryCostPlugin<RequestContext>(costSettings),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
    validationRules,
    allowBatchedHttpRequests: false,
    // The hub's commands stop the server on SIGINT/SIGTERM themselves (sockets, workers, then the
    // database); Apollo's own handler would stop it a second time and raise the signal again.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    introspection: !config.production,
    // Never, in any mode: internal errors are logged on the server (formatError).
    includeStacktraceInErrorResponses: false,
    // Apollo's CSRF prevention (on by default) stays on: a browser's simple request is refused.
    csrfPrevention: true,
  });
  const contextFor = (viewer: Viewer): RequestContext => ({ services, viewer, loaders: { ...childLoaders(db.pool, viewer), visits: services.visits.loader() } });
  const contextOf = async (authorization: string | undefined): Promise<RequestContext> => {
    try {
      return contextFor(await tokens.viewerOf(authorization));
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      // No token, or a bad or expired one: HTTP 401 and one line saying why, before any query runs.
      throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
  };
  // The first requests after a start paid for what is lazy (75-150 ms for the first refusal):
  // they are made before the port opens (warm-up.ts), on a loopback listener of their own.
  // Those with a token go through the token check; the others run as the warm-up viewer if
  // they carry this start's key, and need a token like any request if they do not.
  const warmUpKey = randomBytes(32).toString('base64url');
  let warmedUp: WarmUpAnswer[] = [];
  const warmUp = {
    context: ({ req }: { req: IncomingMessage }) =>
      req.headers.authorization === undefined && isWarmUpKey(req.headers[WARM_UP_HEADER], warmUpKey) ? Promise.resolve(contextFor(WARM_UP_VIEWER)) : contextOf(req.headers.authorization),
    send: async (url: string) => {
      warmedUp = await sendWarmUpRequests(url, warmUpRequests({ maxBatch: MAX_PAGE }), warmUpKey);
    },
  };
  // GraphiQL for developers only: in production its path is a 404 and its bundle is never built.
  const graphiql = graphiqlRoute(config.production ? null : await ensureGraphiqlAssets());
  // The console (pages for people) is served by the same server; its bundle is built here when
  // missing or stale. Its development sign-in exists only where the hub signs its own tokens.
  ensureConsoleBuilt();
  const pages = consoleRoutes({
    developmentSecret: config.production || config.jwksUrl !== null ? null : developmentSecret(config.dataDir, config.jwtSecret),
    tokens,
    pool: db.pool,
    areaNames: new AreaNames(registry),
  });
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  // Subscriptions over graphql-ws on the API's path, with the same schema, tokens and limits. The
  // process listens for new events on one connection of its own before the port opens.
  const feed = new EventFeed(db.url, log);
  await feed.start();
  const subscriptions = subscriptionServer({
    path: API_PATH,
    schema,
    tokens,
    contextFor,
    subscriptions: new EventSubscriptionService(db.pool, feed),
    validationRules,
    maxTokens: MAX_TOKENS,
    cost: costSettings,
    production: config.production,
    limits: options.subscriptionLimits,
    log,
  });
  const stopSubscriptions = async () => {
    await subscriptions.stop();
    await feed.stop();
  };
  const { url } = await serveHttp(
    server,
    { port: config.port, host: config.host, maxBodyBytes: config.maxBodyBytes, graphiql, pages, upgrade: subscriptions.upgrade },
    ({ req }) => contextOf(req.headers.authorization),
    warmUp,
  ).catch(async (error: unknown) => {
    await stopSubscriptions();
    throw error;
  });
  // The server process runs the job workers (jobs/tasks.ts); `hub worker` runs them alone.
  const workers = options.workers === false ? null : await startHubWorkers(db, log, webhookSettings(config), { clock: options.clock, ...options.workers }).catch(async (error: unknown) => {
    await stopSubscriptions();
    await server.stop();
    throw error;
  });
  let stopped: Promise<void> | undefined;
  return {
    url,
    warmedUp,
    // Once, however often it is asked (two signals, a signal during a test's stop).
    stop: () =>
      (stopped ??= (async () => {
        // Sockets first: the HTTP server's close waits for every connection, upgraded ones included.
        await stopSubscriptions();
        await workers?.stop();
        await server.stop();
      })()),
  };
}
