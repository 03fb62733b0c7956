import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Pool } from 'pg';
import type { TokenVerifier } from '../auth/tokens';
import { AuthError } from '../auth/viewer';
import { AreaNames, areasWithChildren } from './area-names';
import { CONSOLE_OUT_DIR } from './build';
import { mayUseDevelopmentSignIn, mintDevelopmentToken } from './dev-sign-in';
import { setSecurityHeaders } from './security-headers';

export interface ConsoleOptions {
  /** The HS256 secret development tokens are signed with; null in production (no sign-in route). */
  developmentSecret: string | null;
  tokens: TokenVerifier;
  pool: Pool;
  areaNames: AreaNames;
  outDir?: string;
}

/** Claims a request (answers it and returns true) or leaves it to the GraphQL server. */
export type PageHandler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

const FONT_DIR = path.join(path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json')));
const FONT_FILE = /^\/console\/fonts\/noto-sans-sc\/files\/(noto-sans-sc-[a-z0-9-]+-400-normal\.woff2?)$/;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/**
 * The console's routes, beside `/graphql` on the same origin: the page (`/`), its bundle, the
 * last-resort Chinese font from `@fontsource/noto-sans-sc`, the names of areas, and, outside
 * production only, the development sign-in. Everything else goes on to the GraphQL server.
 */
export function consoleRoutes(options: ConsoleOptions): PageHandler {
  const outDir = options.outDir ?? CONSOLE_OUT_DIR;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const route = url.pathname;
    const method = req.method ?? 'GET';
    const reading = method === 'GET' || method === 'HEAD';
    if (route === '/favicon.ico') return answerEmpty(res);
    if (reading && (route === '/' || route === '/index.html')) return serveFile(req, res, path.join(outDir, 'index.html'), 'no-store');
    // The bundle is checked again on each load (a new build must reach the browser), and sent only when it changed.
    if (reading && (route === '/console/app.js' || route === '/console/app.css')) return serveFile(req, res, path.join(outDir, path.basename(route)), 'no-cache');
    if (reading && route === '/console/fonts/noto-sans-sc/index.css') return serveFile(req, res, path.join(FONT_DIR, 'index.css'), 'public, max-age=604800');
    const font = FONT_FILE.exec(route);
    if (reading && font !== null) return serveFile(req, res, path.join(FONT_DIR, 'files', font[1]), 'public, max-age=604800, immutable');
    if (route === '/console/areas') return answerAsync(res, areaNamesFor(req, url, options));
    if (route.startsWith('/console/dev/')) {
      // Production: the development sign-in does not exist (404 like any unknown path); nor does
      // it for a request from another machine, or one naming another host.
      if (options.developmentSecret === null || !mayUseDevelopmentSignIn(req)) return answerJson(res, 404, { error: 'not found' });
      if (route === '/console/dev/areas' && reading) return answerAsync(res, developmentAreas(options));
      if (route === '/console/dev/token') return answerAsync(res, mintDevelopmentToken(req, options.developmentSecret));
      return answerJson(res, 404, { error: 'not found' });
    }
    if (route.startsWith('/console/')) return answerJson(res, 404, { error: 'not found' });
    return false;
  };
}

/** The areas under the viewer's area that hold children, with their names: a token is needed. */
async function areaNamesFor(req: http.IncomingMessage, url: URL, options: ConsoleOptions): Promise<{ status: number; body: unknown }> {
  let area: string;
  try {
    area = (await options.tokens.viewerOf(req.headers.authorization)).area;
  } catch (error) {
    if (error instanceof AuthError) return { status: 401, body: { error: error.message } };
    throw error;
  }
  const under = url.searchParams.get('under') ?? area;
  if (!under.startsWith(area)) return { status: 403, body: { error: `${under} is outside your area` } };
  const codes = await areasWithChildren(options.pool, under);
  return { status: 200, body: { areas: await options.areaNames.names(codes) } };
}

/** What the development sign-in offers: every area of the hub that holds children. */
async function developmentAreas(options: ConsoleOptions): Promise<{ status: number; body: unknown }> {
  return { status: 200, body: { areas: await options.areaNames.names(await areasWithChildren(options.pool, '')) } };
}

function serveFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, cacheControl: string): true {
  fs.stat(file, (statError, stat) => {
    if (statError || !stat.isFile()) {
      answerJson(res, 404, { error: 'not found' });
      return;
    }
    const etag = `W/"${stat.size.toString(36)}-${Math.floor(stat.mtimeMs).toString(36)}"`;
    setSecurityHeaders(res);
    res.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('cache-control', cacheControl);
    res.setHeader('etag', etag);
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  return true;
}

function answerAsync(res: http.ServerResponse, answer: Promise<{ status: number; body: unknown }>): true {
  answer.then(
    ({ status, body }) => answerJson(res, status, body),
    (error: unknown) => {
      console.error(error);
      answerJson(res, 500, { error: 'internal server error' });
    },
  );
  return true;
}

function answerJson(res: http.ServerResponse, status: number, body: unknown): true {
  if (res.headersSent) return true;
  setSecurityHeaders(res);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
  return true;
}

function answerEmpty(res: http.ServerResponse): true {
  setSecurityHeaders(res);
  res.statusCode = 204;
  res.end();
  return true;
}
