import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { AuthError, viewerFromClaims, type Viewer } from './viewer';

/**
 * Token verification: HS256 with a shared secret in development, RS256 against the identity
 * provider's JWKS in production. jose is pinned at 5.x: 6.x ships ES modules only, which the
 * CommonJS test runtime cannot load.
 */
export interface TokenSettings {
  /** HS256 secret (development). */
  secret: string | null;
  /** JWKS URL (production, RS256). */
  jwksUrl: string | null;
}

/** Tokens remembered once verified: a department's client sends the same token many times. */
const MAX_REMEMBERED = 10_000;

export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  /**
   * Token → its viewer and expiry (ms). A verified token stays valid until it expires (JWTs
   * cannot be revoked here anyway), so verifying its signature again on every request (8% of
   * the server's time on a child's file) only repeats the same answer. Oldest first.
   */
  private readonly verified = new Map<string, { viewer: Viewer; expiresAt: number }>();

  constructor(settings: TokenSettings, private readonly now: () => number = Date.now) {
    if (settings.jwksUrl !== null) {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl));
      this.algorithms = ['RS256'];
    } else if (settings.secret !== null) {
      this.key = new TextEncoder().encode(settings.secret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('tokens need a secret (development) or a JWKS URL (production)');
    }
  }

  /** The viewer of an Authorization header value, or an AuthError saying why not. */
  async viewerOf(authorization: string | undefined): Promise<Viewer> {
    if (authorization === undefined || authorization.trim() === '') throw new AuthError('no token: send Authorization: Bearer <token>');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (match === null) throw new AuthError('the Authorization header must be "Bearer <token>"');
    const token = match[1];
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (this.now() < known.expiresAt) return known.viewer;
      this.verified.delete(token);
      throw new AuthError('the token has expired');
    }
    try {
      const key = this.key;
      const { payload } =
        key instanceof Uint8Array
          ? await jwtVerify(token, key, { algorithms: this.algorithms, currentDate: new Date(this.now()) })
          : await jwtVerify(token, key, { algorithms: this.algorithms, currentDate: new Date(this.now()) });
      if (payload.exp === undefined) throw new AuthError('the token has no expiry');
      const viewer = viewerFromClaims(payload);
      this.remember(token, viewer, payload.exp * 1000);
      return viewer;
    } catch (error) {
      if (error instanceof AuthError) throw error;
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new AuthError('the token has expired');
      throw new AuthError('the token is not valid');
    }
  }

  private remember(token: string, viewer: Viewer, expiresAt: number): void {
    if (this.verified.size >= MAX_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { viewer: Object.freeze(viewer), expiresAt });
  }
}

/** A development token (HS256), as `hub token` prints it. */
export async function signDevelopmentToken(secret: string, viewer: Viewer, expiresIn = '8h'): Promise<string> {
  viewerFromClaims({ ...viewer }); // refuse a role/area that could never be used
  return new SignJWT({ role: viewer.role, area: viewer.area })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/**
 * The development secret: HUB_JWT_SECRET, or one generated once into the data directory (like
 * the embedded database's password), so `hub token` and the server agree without set-up.
 */
export function developmentSecret(dataDir: string, configured: string | null): string {
  if (configured !== null) return configured;
  const file = path.join(dataDir, 'jwt.secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
