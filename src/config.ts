import net from 'node:net';
import path from 'node:path';

/**
 * The hub's configuration: the only module that reads process.env. It is parsed once at start,
 * refused loudly when wrong, and then passed around as a frozen object (no module singletons).
 */
export interface HubConfig {
  /**
   * PostgreSQL URL the hub serves and imports through (the application role, which owns
   * nothing); when absent the hub runs its own embedded PostgreSQL in `dataDir`.
   */
  readonly databaseUrl: string | null;
  /**
   * URL of the role that owns the schema: migrations and grants run through it, then it is
   * closed. Absent: `databaseUrl` does everything (and audit immutability rests on triggers).
   */
  readonly databaseOwnerUrl: string | null;
  /** Where the embedded database, its logs and import error reports live (default `.hub/`). */
  readonly dataDir: string;
  /** Whether HUB_DATA_DIR named it (false: `.hub` in the working directory, the default). */
  readonly dataDirNamed: boolean;
  /** Port of the embedded PostgreSQL; null = any free port. */
  readonly embeddedDbPort: number | null;
  /** HTTP port of the GraphQL server. */
  readonly port: number;
  /** Interface the server listens on: loopback unless opened up on purpose (minors' data). */
  readonly host: string;
  /** Children in the demo county that `npm start` loads into an empty database. */
  readonly demoChildren: number;
  readonly production: boolean;
  /** HS256 secret for development tokens; unset → the one the server generates into `dataDir` at its first start (auth/tokens.ts). */
  readonly jwtSecret: string | null;
  /** JWKS URL of the identity provider (RS256): required in production; https, or http on loopback. */
  readonly jwksUrl: string | null;
  /** The `iss` every token must carry: the identity provider's; `hub token`'s in development. */
  readonly jwtIssuer: string;
  /** The `aud` every token must name: the hub, as the identity provider calls it. */
  readonly jwtAudience: string;
  /** Largest GraphQL request body the server reads, in bytes (larger: HTTP 413). */
  readonly maxBodyBytes: number;
  /** Hosts webhooks may call (HUB_WEBHOOK_HOSTS, comma-separated): no other host is ever called. */
  readonly webhookHosts: readonly string[];
  /** Key that encrypts webhook signing secrets at rest (HUB_WEBHOOK_KEY); unset → one generated into `dataDir`. */
  readonly webhookKey: string | null;
}

/** 2 MiB: a department's query is a few kB; `importRecords` pushes some 2,000 rows a request. */
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * What development tokens (`hub token`, HS256) carry and the hub then expects, unless
 * HUB_JWT_ISSUER / HUB_JWT_AUDIENCE say otherwise. Tokens from an identity provider carry its own
 * values, so with HUB_JWKS_URL both must be set.
 */
export const DEVELOPMENT_JWT_ISSUER = 'child-data-hub/development';
export const DEVELOPMENT_JWT_AUDIENCE = 'child-data-hub';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): HubConfig {
  const config: HubConfig = {
    databaseUrl: nonEmpty(env.DATABASE_URL),
    databaseOwnerUrl: nonEmpty(env.DATABASE_OWNER_URL),
    dataDir: path.resolve(cwd, nonEmpty(env.HUB_DATA_DIR) ?? '.hub'),
    dataDirNamed: nonEmpty(env.HUB_DATA_DIR) !== null,
    embeddedDbPort: optionalPort(env, 'HUB_DB_PORT'),
    port: optionalPort(env, 'PORT') ?? 4000,
    host: nonEmpty(env.HUB_HOST) ?? '127.0.0.1',
    demoChildren: positiveInt(env, 'HUB_DEMO_CHILDREN') ?? 3000,
    production: env.NODE_ENV === 'production',
    jwtSecret: nonEmpty(env.HUB_JWT_SECRET),
    jwksUrl: nonEmpty(env.HUB_JWKS_URL),
    jwtIssuer: nonEmpty(env.HUB_JWT_ISSUER) ?? DEVELOPMENT_JWT_ISSUER,
    jwtAudience: nonEmpty(env.HUB_JWT_AUDIENCE) ?? DEVELOPMENT_JWT_AUDIENCE,
    maxBodyBytes: positiveInt(env, 'HUB_MAX_BODY_BYTES') ?? DEFAULT_MAX_BODY_BYTES,
    webhookHosts: Object.freeze((nonEmpty(env.HUB_WEBHOOK_HOSTS) ?? '').split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '')),
    webhookKey: nonEmpty(env.HUB_WEBHOOK_KEY),
  };
  if (config.webhookKey !== null && config.webhookKey.length < 32) throw new ConfigError('HUB_WEBHOOK_KEY must be at least 32 characters');
  if (config.production && config.jwksUrl === null) {
    throw new ConfigError('NODE_ENV=production needs HUB_JWKS_URL (tokens signed by the identity provider, RS256)');
  }
  if (config.jwksUrl !== null) {
    const problem = jwksUrlProblem(config.jwksUrl);
    if (problem !== null) throw new ConfigError(problem);
    if (nonEmpty(env.HUB_JWT_ISSUER) === null || nonEmpty(env.HUB_JWT_AUDIENCE) === null) {
      throw new ConfigError("HUB_JWKS_URL needs HUB_JWT_ISSUER and HUB_JWT_AUDIENCE: the identity provider's issuer (iss) and the audience (aud) its tokens for the hub name");
    }
  }
  if (config.jwtSecret !== null && config.jwtSecret.length < 32) throw new ConfigError('HUB_JWT_SECRET must be at least 32 characters');
  if (config.databaseUrl && !/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  if (config.databaseOwnerUrl && !/^postgres(ql)?:\/\//.test(config.databaseOwnerUrl)) {
    throw new ConfigError('DATABASE_OWNER_URL must be a postgres:// or postgresql:// URL');
  }
  if (config.databaseOwnerUrl && !config.databaseUrl) {
    // The embedded PostgreSQL makes its own two roles: an owner URL alone points nowhere.
    throw new ConfigError('DATABASE_OWNER_URL needs DATABASE_URL (the application role\'s URL)');
  }
  return Object.freeze(config);
}

/**
 * The keys that sign every token come from this URL: fetched over plain http, anyone on the path
 * could substitute their own and sign any token. Plain http is allowed on loopback only (a local
 * identity provider or a test), where nobody else is on the path.
 */
export function jwksUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `HUB_JWKS_URL must be a URL, got "${raw}"`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return null;
  return 'HUB_JWKS_URL must be an https:// URL (http:// only on loopback: localhost, 127.0.0.0/8, ::1)';
}

/** localhost, 127.0.0.0/8 or ::1, as the WHATWG URL parser writes hostnames (IPv6 in brackets). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  return net.isIPv6(host) && host === '::1';
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function positiveInt(env: Env, name: string): number | null {
  const raw = nonEmpty(env[name]);
  if (raw === null) return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function optionalPort(env: Env, name: string): number | null {
  const value = positiveInt(env, name);
  if (value !== null && (value < 1 || value > 65535)) throw new ConfigError(`${name} must be a port number (1-65535), got ${value}`);
  return value;
}
