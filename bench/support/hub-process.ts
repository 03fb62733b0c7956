import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../src/net/free-port';

/**
 * `hub serve` in a process of its own, for the benchmarks that drive the hub from outside as its
 * clients do (bench/api.ts, bench/cases.ts, bench/console-review.ts): the server's work is then
 * measured apart from the client's, and a start is a real start. One place, so that every
 * benchmark starts, waits for and stops the hub the same way.
 */

const root = path.resolve(__dirname, '../..');

/** The secret the benchmarks sign their tokens with (HUB_JWT_SECRET of the process). */
export const BENCH_JWT_SECRET = 'bench-secret-of-at-least-thirty-two-characters';

/** How long a stop waits for the hub to close its server and database before it is killed. */
const STOP_GRACE_MS = 30_000;

export interface HubProcess {
  /** The server's origin, e.g. http://127.0.0.1:41234 (the console's pages live there). */
  readonly origin: string;
  /** The GraphQL endpoint. */
  readonly graphql: string;
  readonly pid: number;
  /** SIGTERM, as an operator stops it (the server and the embedded database close cleanly), and waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `hub serve` on the data folder (its embedded database, or DATABASE_URL from the
 * environment) and resolves once it says it is serving. The port is a free one unless given:
 * two benchmarks, or a benchmark and a hub already running, never meet on a fixed port.
 */
export async function serveHub(dataDir: string, options: { port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<HubProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [path.join(root, 'bin/hub.js'), 'serve', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, HUB_DATA_DIR: dataDir, HUB_JWT_SECRET: BENCH_JWT_SECRET, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A benchmark that fails or is interrupted must not leave a server (and its database) behind.
  const orphaned = () => child.exitCode === null && child.signalCode === null && child.kill('SIGTERM');
  process.once('exit', orphaned);
  child.once('exit', () => process.removeListener('exit', orphaned));
  const url = await serving(child);
  const origin = new URL(url).origin;
  return { origin, graphql: `${origin}/graphql`, pid: child.pid!, stop: () => stopProcess(child) };
}

/** The URL the hub prints once it serves (its line "… is serving http://…/graphql …"). */
function serving(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /serving (http:\/\/\S+)/.exec(out)?.[1];
      if (url === undefined) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume(); // later output is not read: keep the pipe from filling up
      child.off('exit', onExit);
      resolve(url);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => reject(new Error(`hub serve exited (${signal ?? `code ${code}`}) before it was serving`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    console.error(`hub serve (pid ${child.pid}) did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM: killed`);
    child.kill('SIGKILL');
  }, STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

