import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, NoSchemaIntrospectionCustomRule, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode, type Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import { WebSocketServer, type WebSocket } from 'ws';
import { seesFullIdNumbers } from '../../auth/access';
import { maskIdNumbersDeep } from '../../auth/masking';
import type { TokenVerifier } from '../../auth/tokens';
import { aRole } from '../../auth/roles';
import { AuthError, type Viewer } from '../../auth/viewer';
import type { RequestContext } from '../../graphql/context';
import { formatError } from '../../graphql/errors';
import { operationCost, type CostSettings } from '../../graphql/query-cost';
import { kindsFor } from './event-kinds';
import type { SubscriptionContext } from './subscription.resolver';
import type { EventSubscriptionService } from './subscription.service';

/** What one token, one socket and the whole process may hold open. */
export interface SubscriptionLimits {
  /** Subscriptions open at once on one socket. */
  perConnection: number;
  /** Sockets open at once under one token subject (`sub`), across all its tokens. */
  connectionsPerSubject: number;
  /** Sockets open at once on this process, authenticated or not yet. */
  sockets: number;
  /** The largest message read from a socket, in bytes (a subscription document is small). */
  maxPayloadBytes: number;
  /** How long a socket may stay open without a `connection_init`. */
  initTimeoutMs: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = Object.freeze({
  perConnection: 20,
  connectionsPerSubject: 10,
  sockets: 1000,
  maxPayloadBytes: 64 * 1024,
  initTimeoutMs: 3000,
});

/** Close codes beside graphql-ws's own (4401 Unauthorized, 4403 Forbidden). */
export const TOO_MANY_CONNECTIONS = 4429;

export interface SubscriptionServerOptions {
  /** The path shared with the HTTP API: `/graphql`. */
  path: string;
  /** The schema Apollo serves (one schema, one set of resolvers). */
  schema: GraphQLSchema;
  tokens: TokenVerifier;
  /** A request's context for a viewer, as the HTTP API builds it. */
  contextFor(viewer: Viewer): RequestContext;
  subscriptions: EventSubscriptionService;
  /** The HTTP API's validation rules (armor's, depth, selections, `_service` in production). */
  validationRules: readonly ValidationRule[];
  /** The parser's token limit, as for HTTP. */
  maxTokens: number;
  cost: CostSettings & { maxCost: number };
  production: boolean;
  limits?: Partial<SubscriptionLimits>;
  log?: (message: string) => void;
}

export interface SubscriptionServer {
  /** The HTTP server's `upgrade` handler. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket (1001, going away: a client resumes elsewhere or after a restart). */
  stop(): Promise<void>;
}

/** What the hub knows of one socket once its token is checked. */
interface Connection {
  viewer: Viewer;
  /** Closes the socket when the token expires: a token is never used past its `exp`. */
  expiry: NodeJS.Timeout;
}

/** A close frame's reason holds at most 123 bytes. */
function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

/**
 * GraphQL subscriptions over graphql-ws (subprotocol graphql-transport-ws) on the API's own path.
 *
 * - The token comes in `connection_init`'s payload (`{ authorization: 'Bearer …' }` or
 *   `{ token }`) and is checked as an HTTP request's is: a missing, bad or expired one closes
 *   the socket with 4401 and the one-line reason the HTTP API gives; a role that hears of no
 *   event (the auditor) with 4403. The socket is closed (4401) when the token expires.
 * - Only subscriptions: queries and mutations are answered over HTTP, where the answer is
 *   masked, weighed and audited by Apollo's plugins.
 * - A subscription document meets the HTTP API's limits (tokens, depth, selections, aliases,
 *   directives, cost) before it runs, and its errors are formatted as the HTTP API's are.
 * - Limits on subscriptions per socket, sockets per token subject and sockets per process
 *   (SubscriptionLimits).
 * - A browser page of another origin cannot open a socket (no CORS over HTTP either).
 */
export function subscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const limits = { ...DEFAULT_SUBSCRIPTION_LIMITS, ...options.limits };
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes });
  const connections = new WeakMap<Context, Connection>();
  const perSubject = new Map<string, number>();
  const rules = [...specifiedRules, ...options.validationRules, ...(options.production ? [NoSchemaIntrospectionCustomRule] : [])];

  const socketOf = (ctx: Context) => (ctx.extra as { socket: WebSocket }).socket;
  const refuse = (ctx: Context, code: number, reason: string): false => {
    socketOf(ctx).close(code, closeReason(reason));
    return false;
  };

  useServer<Record<string, unknown> | undefined, { socket: WebSocket; request: IncomingMessage }>(
    {
      schema: options.schema,
      connectionInitWaitTimeout: limits.initTimeoutMs,
      onConnect: async (ctx) => {
        const authorization = authorizationOf(ctx.connectionParams);
        let viewer: Viewer;
        try {
          viewer = await options.tokens.viewerOf(authorization);
        } catch (error) {
          if (!(error instanceof AuthError)) throw error;
          return refuse(ctx, CloseCode.Unauthorized, error.message);
        }
        // Closed while its token was checked: onClose has run already, nothing to count.
        if (socketOf(ctx).readyState !== socketOf(ctx).OPEN) return false;
        if (kindsFor(viewer.role).length === 0) return refuse(ctx, CloseCode.Forbidden, `${aRole(viewer.role)} token hears of no events: nothing to subscribe to`);
        const open = perSubject.get(viewer.sub) ?? 0;
        if (open >= limits.connectionsPerSubject) return refuse(ctx, TOO_MANY_CONNECTIONS, `at most ${limits.connectionsPerSubject} sockets per token subject`);
        perSubject.set(viewer.sub, open + 1);
        const expiresInMs = Math.max(0, (decodeJwt(bearerToken(authorization!)).exp ?? 0) * 1000 - Date.now());
        const expiry = setTimeout(() => socketOf(ctx).close(CloseCode.Unauthorized, 'the token has expired'), Math.min(expiresInMs, 2 ** 31 - 1));
        connections.set(ctx, { viewer, expiry });
        return true;
      },
      onClose: (ctx) => {
        const connection = connections.get(ctx);
        if (connection === undefined) return;
        connections.delete(ctx);
        clearTimeout(connection.expiry);
        const open = (perSubject.get(connection.viewer.sub) ?? 1) - 1;
        if (open > 0) perSubject.set(connection.viewer.sub, open);
        else perSubject.delete(connection.viewer.sub);
      },
      onSubscribe: (ctx, _id, payload) => {
        const connection = connections.get(ctx);
        if (connection === undefined) return [new GraphQLError('no token', { extensions: { code: 'UNAUTHENTICATED' } })];
        // The one being opened is already counted.
        if (Object.keys(ctx.subscriptions).length > limits.perConnection) {
          return [new GraphQLError(`at most ${limits.perConnection} subscriptions per socket: complete one first, or open another socket`, { extensions: { code: 'BAD_REQUEST' } })];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: options.maxTokens });
        } catch (error) {
          return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(options.schema, document, rules);
        if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('no operation to run (name the one to run with operationName)', { extensions: { code: 'BAD_REQUEST' } })];
        if (operation.operation !== 'subscription') {
          return [new GraphQLError('only subscriptions are served over WebSocket: send queries and mutations over HTTP', { extensions: { code: 'BAD_REQUEST' } })];
        }
        const variables = payload.variables ?? {};
        let cost: number;
        try {
          cost = operationCost(options.schema, document, operation, variables, options.cost);
        } catch (error) {
          return [new GraphQLError(`the query cannot be weighed: ${(error as Error).message}`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })];
        }
        if (cost > options.cost.maxCost) return [new GraphQLError(`Query cost limit of ${options.cost.maxCost} exceeded, found ${cost}`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })];
        const contextValue: SubscriptionContext = { ...options.contextFor(connection.viewer), eventSubscriptions: options.subscriptions };
        return { schema: options.schema, document, operationName: payload.operationName, variableValues: variables, contextValue };
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        const viewer = connections.get(ctx)?.viewer;
        const { errors, ...rest } = result as ExecutionResult;
        const answer = { ...rest, ...(errors === undefined ? {} : { errors: errors.map((error) => formatted(error, 'BAD_USER_INPUT')) }) };
        // As every HTTP answer (id-masking.plugin.ts): events hold no ID number, and one added tomorrow is masked anyway.
        return viewer !== undefined && seesFullIdNumbers(viewer.role) ? answer : (maskIdNumbersDeep(answer) as typeof answer);
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatted(error, 'BAD_USER_INPUT')),
    },
    wss,
  );

  return {
    upgrade(req, socket, head) {
      const refusal = upgradeRefusal(req, options.path, wss.clients.size, limits.sockets);
      if (refusal !== null) {
        socket.end(`HTTP/1.1 ${refusal.status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\n\r\n${refusal.message}\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    async stop() {
      for (const client of wss.clients) client.close(1001, 'the server is stopping');
      // A client that does not answer the close frame is cut off rather than waited for.
      const cutOff = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, 2000);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      clearTimeout(cutOff);
      if (wss.clients.size > 0) log(`subscriptions: ${wss.clients.size} sockets still open at stop`);
    },
  };
}

/** The Authorization value of a `connection_init` payload: `{ authorization: 'Bearer …' }` or `{ token: '…' }`. */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const header = params?.authorization ?? params?.Authorization;
  if (typeof header === 'string') return header;
  if (typeof params?.token === 'string' && params.token !== '') return `Bearer ${params.token}`;
  return undefined;
}

function bearerToken(authorization: string): string {
  return authorization.trim().replace(/^Bearer\s+/i, '');
}

/** Why an upgrade request is not served, or null. */
function upgradeRefusal(req: IncomingMessage, path: string, open: number, maxSockets: number): { status: string; message: string } | null {
  const url = new URL(req.url ?? '/', 'http://hub');
  if (url.pathname !== path) return { status: '404 Not Found', message: `subscriptions are served on ${path}` };
  // A page of another origin may open a WebSocket to any server (browsers apply no CORS to it);
  // the hub answers only its own pages and clients that are no browser (which send no Origin).
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req.headers.host)) return { status: '403 Forbidden', message: 'a page of another origin may not subscribe' };
  if (open >= maxSockets) return { status: '503 Service Unavailable', message: 'too many sockets open on this server; try again later' };
  return null;
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return error.extensions?.code === undefined ? new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions: { ...error.extensions, code } }) : error;
}

/**
 * An error as the HTTP API would send it (graphql/errors.ts: codes, no suggestion, no trace). An
 * error thrown by our code that is no GraphQL error and no domain error is internal: logged
 * there, answered as "internal error".
 */
function formatted(error: GraphQLError, fallbackCode: string): GraphQLFormattedError {
  const json = error.toJSON();
  const internal = error.originalError !== undefined && !(error.originalError instanceof GraphQLError);
  const code = json.extensions?.code ?? (internal ? 'INTERNAL_SERVER_ERROR' : fallbackCode);
  return formatError({ ...json, extensions: { ...json.extensions, code } }, error);
}
