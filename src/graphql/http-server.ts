import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import bodyParser from 'body-parser';
import type { Route } from '../web/graphiql';

export interface HttpOptions {
  port: number;
  host: string;
  /** Largest request body read, in bytes: a larger one is refused with 413 before it is parsed. */
  maxBodyBytes: number;
  /** GraphiQL's path (src/web/graphiql.ts): answered before the API sees the request. */
  graphiql?: Route;
  /** Pages served beside the API on the same origin (the console): a handler that claims a request answers it. */
  pages?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  /** Upgrade requests (WebSocket subscriptions): without a handler, Node closes them. */
  upgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;
}

type HttpContext<C extends BaseContext> = ContextFunction<[{ req: http.IncomingMessage }], C>;

/**
 * Requests to send through the server before it opens its port: `send` gets the URL of a private
 * loopback listener served by the same handler, whose requests get their context from `context`.
 */
export interface WarmUp<C extends BaseContext> {
  context: HttpContext<C>;
  send(url: string): Promise<void>;
}

/**
 * Serves Apollo on Node's own HTTP server. Apollo's standalone server reads JSON bodies of up to
 * 50 MB and answers every origin's CORS preflight; the hub reads at most `maxBodyBytes` and sends
 * no CORS headers, so only same-origin pages and non-browser clients can call it (minors' data).
 * Body errors are answered as GraphQL errors in JSON, with the HTTP status that says why.
 */
export async function serveHttp<C extends BaseContext>(server: ApolloServer<C>, options: HttpOptions, context: HttpContext<C>, warmUp?: WarmUp<C>): Promise<{ url: string }> {
  const httpServer = http.createServer(requestHandler(server, options, context));
  // A client has a minute to send its whole request (Node's default is five): a slow body holds
  // a socket, not the server.
  httpServer.requestTimeout = 60_000;
  if (options.upgrade !== undefined) httpServer.on('upgrade', options.upgrade);
  server.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer }));
  // No landing page: Apollo's loads its Sandbox from Apollo's CDN and fonts from Google, telling
  // both of every visit. A GET without a query gets a JSON error; developers use /graphiql.
  server.addPlugin(ApolloServerPluginLandingPageDisabled());
  await server.start();
  // What the first requests would pay for (modules the body parser loads on first use, code
  // compiled on first run) is paid here, by requests through the same handler.
  if (warmUp !== undefined) await onLoopback(requestHandler(server, options, warmUp.context), warmUp.send);
  await listen(httpServer, options.port, options.host);
  const { address, port } = httpServer.address() as AddressInfo;
  const host = address === '' || address === '::' || address === '0.0.0.0' ? 'localhost' : address.includes(':') ? `[${address}]` : address;
  return { url: `http://${host}:${port}/` };
}

function requestHandler<C extends BaseContext>(server: ApolloServer<C>, options: HttpOptions, context: HttpContext<C>): http.RequestListener {
  const readJson = bodyParser.json({ limit: options.maxBodyBytes });
  return (req, res) => {
    if (options.graphiql?.(req, res) === true) return;
    if (options.pages?.(req, res)) return;
    // The API answers at /graphql only: another path is a mistake to be told as one (Apollo would
    // answer a GET anywhere with its CSRF refusal, and a POST anywhere as the API).
    if (pathOf(req.url) !== API_PATH) {
      send(res, 404, 'NOT_FOUND', `no such page: the API is at ${API_PATH}, the console at /`);
      return;
    }
    // A body declared too large is refused before a byte of it is read; one sent in chunks is
    // cut off by the parser at the limit.
    if (Number(req.headers['content-length']) > options.maxBodyBytes) {
      refuse(res, { status: 413, type: 'entity.too.large' }, options.maxBodyBytes);
      return;
    }
    readJson(req, res, (error?: unknown) => {
      if (error) {
        refuse(res, error, options.maxBodyBytes);
        return;
      }
      answer(server, req, res, context).catch((failure: unknown) => {
        console.error(failure);
        if (!res.headersSent) send(res, 500, 'INTERNAL_SERVER_ERROR', 'internal server error');
        else res.destroy();
      });
    });
  };
}

/** The one path of the GraphQL API (subscriptions share it: subscription.server.ts). */
export const API_PATH = '/graphql';

function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0];
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** Runs `work` against a listener of its own on a free loopback port, closed afterwards. */
async function onLoopback(handler: http.RequestListener, work: (url: string) => Promise<void>): Promise<void> {
  const warmServer = http.createServer(handler);
  await listen(warmServer, 0, '127.0.0.1');
  try {
    await work(`http://127.0.0.1:${(warmServer.address() as AddressInfo).port}/graphql`);
  } finally {
    warmServer.closeAllConnections();
    await new Promise((resolve) => warmServer.close(resolve));
  }
}

function listen(httpServer: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen({ port, host }, resolve);
  });
}

async function answer<C extends BaseContext>(server: ApolloServer<C>, req: http.IncomingMessage & { body?: unknown }, res: http.ServerResponse, context: HttpContext<C>): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  const response = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: query >= 0 ? url.slice(query) : '', body: req.body },
    context: () => context({ req }),
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  // Answers hold minors' data: no browser, proxy or gateway may keep a copy.
  res.setHeader('cache-control', 'no-store');
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** A body that cannot be read: too large, not JSON, an unknown charset or encoding. */
function refuse(res: http.ServerResponse, error: unknown, maxBodyBytes: number): void {
  const { status, type } = error as { status?: number; type?: string };
  if (type === 'entity.too.large') {
    send(res, 413, 'PAYLOAD_TOO_LARGE', `request body larger than ${maxBodyBytes} bytes; send large imports in several requests`);
  } else if (type === 'entity.parse.failed') {
    send(res, 400, 'BAD_REQUEST', 'request body is not valid JSON');
  } else if (status !== undefined && status >= 400 && status < 500) {
    send(res, status, 'BAD_REQUEST', error instanceof Error ? error.message : 'bad request');
  } else {
    console.error(error);
    send(res, 500, 'INTERNAL_SERVER_ERROR', 'internal server error');
  }
}

function send(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  // After a 413 the connection closes: what is left of the body is not read on it.
  if (status === 413) res.setHeader('connection', 'close');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
