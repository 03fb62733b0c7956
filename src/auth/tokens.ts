import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { DEVELOPMENT_JWT_AUDIENCE, DEVELOPMENT_JWT_ISSUER } from '../config';
import { AuthError, viewerFromClaims, type Viewer } from './viewer';

/**
 * Token verification: HS256 with a shared secret in development, RS256 against the identity
 * provider's JWKS in production. Either way a token must name the issuer and audience the hub
 * is configured with, and carry an expiry. jose is pinned at 5.x: 6.x ships ES modules only,
 * which the CommonJS test runtime cannot load.
 */
export interface TokenSettings {
  /** HS256 secret (development). */
  secret: string | null;
  /** JWKS URL (production, RS256). */
  jwksUrl: string | null;
  /** The `iss` a token must carry. */
  issuer: string;
  /** The `aud` a token must name. */
  audience: string;
}

/** Tokens remembered once verified: a department's client sends the same token many times. */
const MAX_REMEMBERED = 10_000;
/**
 * A token longer than this is refused before it is decoded: an identity provider's tokens are a
 * few kB at most, and a remembered token is kept in memory until it expires.
 */
export const MAX_TOKEN_LENGTH = 8192;

export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly signedBy: string;
  /**
   * Token → its viewer and expiry (ms). A verified token stays valid until it expires (JWTs
   * cannot be revoked here anyway), so verifying its signature again on every request (8% of
   * the server's time on a child's file) only repeats the same answer. Oldest first.
   */
  private readonly verified = new Map<string, { viewer: Viewer; expiresAt: number }>();

  constructor(private readonly settings: TokenSettings, private readonly now: () => number = Date.now) {
    if (settings.jwksUrl !== null) {
      this.key = createRemoteJWKSet(new URL(settings.jwksUrl));
      this.algorithms = ['RS256'];
      this.signedBy = "the identity provider's keys";
    } else if (settings.secret !== null) {
      this.key = new TextEncoder().encode(settings.secret);
      this.algorithms = ['HS256'];
      this.signedBy = "this hub's key (a development token must be made with this hub's secret)";
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
    if (token.length > MAX_TOKEN_LENGTH) throw new AuthError(`the token is longer than ${MAX_TOKEN_LENGTH} characters`);
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (this.now() < known.expiresAt) return known.viewer;
      this.verified.delete(token);
      throw new AuthError('the token has expired');
    }
    try {
      const key = this.key;
      const options = {
        algorithms: this.algorithms,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['exp'],
        currentDate: new Date(this.now()),
      };
      const { payload } = key instanceof Uint8Array ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      const viewer = viewerFromClaims(payload);
      this.remember(token, viewer, payload.exp! * 1000);
      return viewer;
    } catch (error) {
      if (error instanceof AuthError) throw error;
      throw new AuthError(this.reason(error as { code?: string; claim?: string; reason?: string }));
    }
  }

  /** One line saying why jose refused a token, without echoing what the token holds. */
  private reason({ code, claim, reason }: { code?: string; claim?: string; reason?: string }): string {
    switch (code) {
      case 'ERR_JWT_EXPIRED':
        return 'the token has expired';
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
        return `the token's signature does not match ${this.signedBy}`;
      case 'ERR_JWKS_NO_MATCHING_KEY':
        return 'no key of the identity provider matches the token';
      case 'ERR_JWKS_TIMEOUT':
      case 'ERR_JWKS_INVALID':
        return "the identity provider's keys could not be read to check the token";
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
        return `the token is not signed with ${this.algorithms.join(' or ')}`;
      case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
        if (claim === 'exp' && reason === 'missing') return 'the token has no expiry (exp)';
        if (claim === 'iss') return "the token's issuer (iss) is not the one this hub trusts";
        if (claim === 'aud') return "the token's audience (aud) is not this hub";
        if (claim === 'nbf') return 'the token is not valid yet (nbf)';
        return `the token's ${claim ?? 'claims'} claim is not valid`;
      default:
        return 'the token is not valid';
    }
  }

  private remember(token: string, viewer: Viewer, expiresAt: number): void {
    if (this.verified.size >= MAX_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { viewer: Object.freeze(viewer), expiresAt });
  }
}

/** Who a token says issued it and whom it is for. */
export interface TokenAddress {
  issuer: string;
  audience: string;
}

export const DEVELOPMENT_TOKEN_ADDRESS: TokenAddress = Object.freeze({ issuer: DEVELOPMENT_JWT_ISSUER, audience: DEVELOPMENT_JWT_AUDIENCE });

/** A development token (HS256), as `hub token` prints it. */
export async function signDevelopmentToken(secret: string, viewer: Viewer, expiresIn = '8h', address: TokenAddress = DEVELOPMENT_TOKEN_ADDRESS): Promise<string> {
  viewerFromClaims({ ...viewer }); // refuse a role/area that could never be used
  return new SignJWT({ role: viewer.role, area: viewer.area })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.sub)
    .setIssuer(address.issuer)
    .setAudience(address.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** Where the development secret lives when HUB_JWT_SECRET is not set. */
export function developmentSecretFile(dataDir: string): string {
  return path.join(dataDir, 'jwt.secret');
}

/**
 * The development secret as the server holds it: HUB_JWT_SECRET, or one generated once into the
 * data directory at the server's first start (like the embedded database's password).
 */
export function developmentSecret(dataDir: string, configured: string | null): string {
  if (configured !== null) return configured;
  const file = developmentSecretFile(dataDir);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process (a second server on the same folder) wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * The development secret a server would use, never creating one: `hub token` signs with the
 * server's key or not at all (a token signed with a secret no server holds is refused by every
 * server, with nothing to say why). Null when there is none yet.
 */
export function existingDevelopmentSecret(dataDir: string, configured: string | null): string | null {
  if (configured !== null) return configured;
  try {
    const secret = fs.readFileSync(developmentSecretFile(dataDir), 'utf8').trim();
    return secret === '' ? null : secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
