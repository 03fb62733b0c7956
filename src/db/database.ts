import fs from 'node:fs';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client, Pool } from 'pg';
import { ConfigError, type HubConfig } from '../config';
import { ownPrivateDir, type OwnPrivateDirOptions } from '../fs/private-files';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { migrateJobQueue } from '../jobs/queue';
import { auditExposure, grantApplicationRole } from './grants';
import { ormConfig } from './orm.config';

/**
 * The hub's database, as the application role: a plain `pg` pool. Everything that serves or
 * imports goes through it. MikroORM is used for migrations only (nothing writes through its
 * entity manager), as the owner role, and closed before the pool is handed out.
 */
export interface Database {
  readonly pool: Pool;
  /** The application role's URL. */
  readonly url: string;
  /** Names of the migrations applied to this database, oldest first. */
  readonly migrations: readonly string[];
  /** Closes connections, then stops the embedded PostgreSQL if this process started it. */
  close(): Promise<void>;
}

/** Where the database is, and as whom to connect for each job. */
export interface DatabaseTarget {
  /** Serving and importing: the application role (DATABASE_URL). */
  readonly appUrl: string;
  /** Migrations and grants: the owner role (DATABASE_OWNER_URL; DATABASE_URL when unset). */
  readonly ownerUrl: string;
  /** The embedded PostgreSQL this process started or reuses, or null. */
  readonly embedded: EmbeddedPostgres | null;
}

type DatabaseConfig = Pick<HubConfig, 'databaseUrl' | 'dataDir' | 'embeddedDbPort'> & Partial<Pick<HubConfig, 'databaseOwnerUrl' | 'dataDirNamed'>>;

/** The one way in for the server, every `hub` command and the benchmarks. */
export async function openDatabase(config: DatabaseConfig, log: (message: string) => void = () => undefined): Promise<Database> {
  const target = await locateDatabase(config, log);
  try {
    return await connect(target, log);
  } catch (error) {
    await target.embedded?.stop();
    throw error;
  }
}

/** Starts the embedded PostgreSQL when DATABASE_URL is not set, and says which URL does what. */
export async function locateDatabase(config: DatabaseConfig, log: (message: string) => void = () => undefined): Promise<DatabaseTarget> {
  if (config.databaseUrl === null) {
    refuseStrayDataDir(config);
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedDbPort, database: 'hub', log });
    return { appUrl: embedded.appUrl, ownerUrl: embedded.ownerUrl, embedded };
  }
  // The data folder still holds error reports (raw rows, ID numbers): private whatever the database.
  if (existsDir(config.dataDir)) ownPrivateDir(config.dataDir, clusterTraversal(config.dataDir));
  return { appUrl: config.databaseUrl, ownerUrl: config.databaseOwnerUrl ?? config.databaseUrl, embedded: null };
}

/**
 * Brings the schema up to date and grants the application role its privileges (as the owner,
 * whose connections are then closed), and opens the application role's pool.
 */
export async function connect(target: DatabaseTarget, log: (message: string) => void = () => undefined): Promise<Database> {
  // Ten: enough for the server's concurrent reads (each waits on a commit) and the loaders of each request.
  const pool = new Pool({ connectionString: target.appUrl, application_name: 'hub', max: 10 });
  // An idle connection can end under the pool (an administrator's pg_terminate_backend, a database
  // restart, a run lock ending a dead run's session): the pool drops it and opens another when
  // needed. Without a listener that 'error' event would end the whole process.
  pool.on('error', (error) => log(`database: an idle connection ended (${error.message}); the pool will open another`));
  try {
    const { rows } = await pool.query<{ role: string }>('/* applicationRole */ SELECT current_user AS role');
    const migrations = await migrateAndGrant(target.ownerUrl, rows[0].role, log);
    return {
      pool,
      url: target.appUrl,
      migrations,
      async close() {
        await pool.end();
        await target.embedded?.stop();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** Runs `work` with MikroORM connected as the owner (migrations, `migration:create`), then closes it. */
export async function withOwnerOrm<T>(ownerUrl: string, work: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await MikroORM.init(ormConfig(ownerUrl));
  try {
    return await work(orm);
  } finally {
    await orm.close(true);
  }
}

async function migrateAndGrant(ownerUrl: string, appRole: string, log: (message: string) => void): Promise<string[]> {
  const owner = new Client({ connectionString: ownerUrl, application_name: 'hub-migrate' });
  await owner.connect();
  try {
    // One hub at a time migrates: a second one starting meanwhile waits, then finds nothing to do.
    await owner.query(`/* migrateLock */ SELECT pg_advisory_lock(hashtext('hub:migrate'))`);
    const migrations = await withOwnerOrm(ownerUrl, async (orm) => {
      await orm.getMigrator().up();
      return (await orm.getMigrator().getExecutedMigrations()).map((m) => m.name);
    });
    // The job queue's own schema: installed here, so that every start and the test template have it.
    await migrateJobQueue(ownerUrl, log);
    const { rows } = await owner.query<{ role: string }>('/* ownerRole */ SELECT current_user AS role');
    if (rows[0].role === appRole) {
      // One role for everything: nothing to grant. Say so when that role could rewrite the audit.
      const exposure = await auditExposure(owner, appRole);
      if (exposure.length > 0) {
        log(`warning: the hub migrates and serves as one database role (${appRole}), which ${exposure.join(' and ')}: audit immutability rests on triggers alone (set DATABASE_OWNER_URL and serve as a role that owns nothing)`);
      }
    } else {
      await grantApplicationRole(owner, appRole);
      const exposure = await auditExposure(owner, appRole);
      if (exposure.length > 0) {
        throw new Error(`DATABASE_URL's role ${appRole} ${exposure.join(' and ')}: it could rewrite the audit log. Serve as a role that owns nothing and is no superuser`);
      }
    }
    return migrations;
  } finally {
    await owner.end(); // ends the session, and with it the migration lock
  }
}

function existsDir(dir: string): boolean {
  return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * An embedded cluster may live in the data folder (the hub ran without DATABASE_URL before, and
 * its server may still run, as the `postgres` OS user when the hub runs as root): its server must
 * still pass through to it, so the folder keeps the traversal its start gave it.
 */
function clusterTraversal(dataDir: string): OwnPrivateDirOptions {
  const cluster = path.join(dataDir, 'pg');
  if (!existsDir(cluster)) return {};
  const { uid, gid } = fs.statSync(cluster);
  return uid === process.geteuid?.() ? {} : { traverseGroup: gid };
}

/** The hub's data folder in a folder above `dir` (the project's folder, for a command run in a subfolder), if any. */
export function dataDirAbove(dir: string): string | null {
  for (let folder = path.dirname(path.dirname(dir)); ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, '.hub');
    if (fs.existsSync(path.join(candidate, 'pg', 'PG_VERSION')) || fs.existsSync(path.join(candidate, 'jwt.secret'))) return candidate;
    if (path.dirname(folder) === folder) return null;
  }
}

/**
 * A command run in a subfolder of the hub's folder would quietly make a second, empty database
 * (`.hub` is found in the working directory) and answer from it as if nothing were there. When
 * the default data folder does not exist but a hub's data lies in a folder above, refuse and say
 * where it is. A data folder named by HUB_DATA_DIR is used as named.
 */
export function refuseStrayDataDir(config: DatabaseConfig): void {
  if (config.dataDirNamed !== false || fs.existsSync(config.dataDir)) return;
  const above = dataDirAbove(config.dataDir);
  if (above !== null) {
    throw new ConfigError(`this folder holds no hub data (${config.dataDir}), but ${above} does: run the command in ${path.dirname(above)}, or set HUB_DATA_DIR`);
  }
}
