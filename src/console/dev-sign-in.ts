import type http from 'node:http';
import net from 'node:net';
import { signDevelopmentToken } from '../auth/tokens';
import { Role } from '../auth/roles';
import { AuthError } from '../auth/viewer';

/** A sign-in request is a role, an area and a name: a few hundred bytes. */
const MAX_SIGN_IN_BYTES = 2048;

/**
 * Development sign-in: the hub mints a token as `hub token` does, for the role and area picked
 * on the page. Mounted only outside production (routes.ts), where the hub holds the HS256 secret
 * anyway; in production the identity provider issues tokens and this route does not exist.
 * A page of another site cannot use it: it must send JSON (a preflighted request, which the hub
 * never allows across origins), and a browser that says the request is cross-site is refused.
 */
export async function mintDevelopmentToken(req: http.IncomingMessage, secret: string): Promise<{ status: number; body: unknown }> {
  if (req.method !== 'POST') return { status: 405, body: { error: 'POST only' } };
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return { status: 415, body: { error: 'send application/json' } };
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, body: { error: 'cross-site sign-in refused' } };
  let input: { role?: unknown; area?: unknown; name?: unknown };
  try {
    input = JSON.parse(await readBody(req, MAX_SIGN_IN_BYTES));
  } catch {
    return { status: 400, body: { error: 'the body must be JSON {role, area, name}' } };
  }
  const role = typeof input.role === 'string' && (Object.values(Role) as string[]).includes(input.role) ? (input.role as Role) : null;
  if (role === null || typeof input.area !== 'string') return { status: 400, body: { error: 'role and area are required' } };
  const name = typeof input.name === 'string' && input.name.trim() !== '' ? input.name.trim() : `${role.toLowerCase()}-console`;
  try {
    return { status: 200, body: { token: await signDevelopmentToken(secret, { sub: name, role, area: input.area }) } };
  } catch (error) {
    if (error instanceof AuthError) return { status: 400, body: { error: error.message } };
    throw error;
  }
}

/**
 * Whether a request may use the development sign-in: it comes from this machine (a hub in
 * development opened to the network with HUB_HOST must not hand any role's token to whoever
 * reaches the port) and names this machine in its Host header (a page of another site whose
 * name was re-pointed at 127.0.0.1, DNS rebinding, would be "same-origin" otherwise). Others
 * sign in with a token from `hub token`, as in production.
 */
export function mayUseDevelopmentSignIn(req: Pick<http.IncomingMessage, 'headers'> & { socket: { remoteAddress?: string } }): boolean {
  const remote = req.socket.remoteAddress ?? '';
  const fromHere = remote === '::1' || /^(::ffff:)?127\./.test(remote);
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  const namesHere = host === 'localhost' || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'));
  return fromHere && namesHere;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
