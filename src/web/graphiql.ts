import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { GraphiqlAssets } from './graphiql-assets';

/**
 * GraphiQL at /graphiql, for developers: the page, its bundle (graphiql-assets.ts) and the schema
 * it edits against, all from the hub itself. In production the path answers 404 and nothing of it
 * is built or read.
 */
export const GRAPHIQL_PATH = '/graphiql';
const ASSETS_PREFIX = `${GRAPHIQL_PATH}/assets/`;
const SCHEMA_PATH = `${GRAPHIQL_PATH}/schema.graphql`;
const SCHEMA_FILE = path.resolve(__dirname, '../../schema/schema.graphql');

/** Answers the request and returns true if its path is GraphiQL's; false leaves it to the API. */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

/**
 * The page's Content-Security-Policy, on /graphiql only: every source is the hub itself.
 * - script-src 'self': the page has no inline script and GraphiQL needs no eval.
 * - style-src 'unsafe-inline': Monaco and GraphiQL write the editor's colours, sizes and
 *   positions into style attributes and <style> elements at run time (hundreds of them, so no
 *   list of hashes can name them); no script can enter that way, scripts stay 'self' only.
 * - font-src data: GraphiQL's stylesheet carries its fonts inline, as data: URLs; Monaco's
 *   icon font is a file of the bundle.
 * - worker-src 'self': Monaco's workers are files of the bundle (src/web/graphiql/workers.ts),
 *   not blob: URLs.
 * - connect-src 'self': queries go to this hub's /graphql, and nowhere else.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** GraphiQL's route: served from `assets` in development, 404 when `assets` is null (production). */
export function graphiqlRoute(assets: GraphiqlAssets | null): Route {
  const page = assets === null ? null : pageHtml(assets);
  // The SDL the hub serves (drift-tested against the live schema), read once.
  const schema = assets === null ? null : fs.readFileSync(SCHEMA_FILE);
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (pathname !== GRAPHIQL_PATH && !pathname.startsWith(`${GRAPHIQL_PATH}/`)) return false;
    if (assets === null || page === null || schema === null) {
      sendNotFound(res);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendJsonError(res, 405, 'METHOD_NOT_ALLOWED', 'GraphiQL is read with GET');
      return true;
    }
    if (pathname === GRAPHIQL_PATH || pathname === `${GRAPHIQL_PATH}/`) {
      send(req, res, 'text/html; charset=utf-8', page, 'no-store');
    } else if (pathname === SCHEMA_PATH) {
      send(req, res, 'text/plain; charset=utf-8', schema, 'no-store');
    } else {
      const file = pathname.startsWith(ASSETS_PREFIX) ? assets.files.get(pathname.slice(ASSETS_PREFIX.length)) : undefined;
      if (file === undefined) sendNotFound(res);
      else if (req.headers['if-none-match'] === `"${assets.stamp}"`) sendNotModified(res, assets.stamp);
      else send(req, res, contentType(pathname), file, 'no-cache', assets.stamp);
    }
    return true;
  };
}

/** The page: a root element, the bundle's stylesheets and its module script; nothing inline. */
function pageHtml(assets: GraphiqlAssets): Buffer {
  // esbuild writes the CSS of lazily loaded chunks (Monaco's) to files of their own, which no
  // script loads: the page links them all, the entry's first.
  const stylesheets = [...assets.files.keys()].filter((name) => name.endsWith('.css')).sort((a, b) => Number(b === 'main.css') - Number(a === 'main.css') || a.localeCompare(b));
  return Buffer.from(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>GraphiQL · child-data hub</title>
<link rel="icon" href="data:,">
${stylesheets.map((name) => `<link rel="stylesheet" href="${ASSETS_PREFIX}${name}">`).join('\n')}
<script type="module" src="${ASSETS_PREFIX}main.js"></script>
</head>
<body>
<div id="graphiql"></div>
</body>
</html>
`);
}

function send(req: http.IncomingMessage, res: http.ServerResponse, type: string, body: Buffer, cacheControl: string, etag?: string): void {
  res.statusCode = 200;
  setPageHeaders(res);
  res.setHeader('content-type', type);
  res.setHeader('content-length', body.length);
  res.setHeader('cache-control', cacheControl);
  if (etag !== undefined) res.setHeader('etag', `"${etag}"`);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendNotModified(res: http.ServerResponse, etag: string): void {
  res.statusCode = 304;
  setPageHeaders(res);
  res.setHeader('etag', `"${etag}"`);
  res.end();
}

function sendNotFound(res: http.ServerResponse): void {
  sendJsonError(res, 404, 'NOT_FOUND', 'not found');
}

function sendJsonError(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** The CSP, and the headers that keep the page out of frames, sniffing and referrers. */
function setPageHeaders(res: http.ServerResponse): void {
  res.setHeader('content-security-policy', GRAPHIQL_CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

function contentType(pathname: string): string {
  return CONTENT_TYPES[path.extname(pathname)] ?? 'application/octet-stream';
}
