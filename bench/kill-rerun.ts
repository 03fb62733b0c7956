/**
 * `npm run bench:kill`: the crash-safety criterion, "kill-and-rerun passes 20 times out of 20,
 * with nothing lost and nothing doubled". Generates a county whose police export has ~100k rows,
 * imports it once uninterrupted (the reference), then 20 times: a fresh database, `hub import`
 * killed with -9 at a random moment, the same command at once, and a check that the re-run
 * completed with the reference's totals and rows (records, versions, rejected lines, each once),
 * and that one more run finds every row unchanged. Prints each kill and the tally.
 * Options: --kills N (20), --children N (110000: ~105k police rows), --seed S (kill moments;
 * default from the clock, printed so a failure can be replayed), --via-shell (kill a shell that
 * runs the hub, as `npx hub …` does, instead of the hub itself: the hub lives on).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { seededRandom } from '../reconciliation/random';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { option, args } from './support/options';

const root = path.resolve(__dirname, '..');
const HUB = path.join(root, 'bin/hub.js');
const kills = Number(option('--kills', '20'));
const children = Number(option('--children', '110000'));
const seed = Number(option('--seed', String(Date.now() % 2 ** 31)));
const viaShell = args.includes('--via-shell');

interface Totals {
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

interface Stored {
  runs: string;
  records: number;
  versions: number;
  rejections: number;
  rejectedLines: number;
}

interface Outcome {
  kill: number;
  delayMs: number;
  landed: string;
  rerunSeconds: number;
  rerun: string;
  ok: boolean;
  problem: string;
}

function run(command: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [HUB, ...command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function start(command: string[], env: Record<string, string>): ChildProcess {
  const full = { ...process.env, ...env };
  if (!viaShell) return spawn(process.execPath, [HUB, ...command], { env: full, stdio: 'ignore' });
  // `; exit $?` keeps the shell from replacing itself with the hub, as npx's shell does not either.
  return spawn('sh', ['-c', `"${process.execPath}" "${HUB}" "$@"; exit $?`, 'sh', ...command], { env: full, stdio: 'ignore' });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const totalsOf = (stdout: string): Totals => {
  const { read, new: created, updated, unchanged, rejected } = JSON.parse(stdout);
  return { read, new: created, updated, unchanged, rejected };
};
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function stored(url: string): Promise<Stored> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string) => (await client.query(sql)).rows[0].n;
    return {
      runs: (await client.query(`SELECT string_agg(status, ',' ORDER BY id) AS s FROM import_run`)).rows[0].s ?? '',
      records: await one(`SELECT count(*)::int AS n FROM source_record`),
      versions: await one(`SELECT count(*)::int AS n FROM source_record_version`),
      rejections: await one(`SELECT count(*)::int AS n FROM import_rejection`),
      rejectedLines: await one(`SELECT count(DISTINCT (import_run_id, line))::int AS n FROM import_rejection`),
    };
  } finally {
    await client.end();
  }
}

/** Where the kill landed, read from the import's progress once the process is gone. */
async function landing(url: string, lines: number): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT status, lines_done FROM import_run ORDER BY id`);
    if (rows.length === 0) return 'before the import began';
    if (rows[0].status === 'done') return 'after it finished';
    return `at line ${rows[0].lines_done} of ${lines}`;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-kill-'));
  fs.chmodSync(work, 0o755); // the embedded server runs as the postgres OS user
  // The server belongs to this process for the whole benchmark: the commands reuse it and never stop it.
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(work, 'data'), port: null, database: 'postgres', log: (m) => console.error(m) });
  const admin = new Client({ connectionString: embedded.superuserUrl });
  await admin.connect();
  // The benchmark reads as the cluster's superuser; the hub runs as it does in production, as the
  // application role, with migrations and grants as the owner role.
  const urlOf = (db: string, base = embedded.superuserUrl) => Object.assign(new URL(base), { pathname: `/${db}` }).toString();
  const owner = decodeURIComponent(new URL(embedded.ownerUrl).username);
  const rolesOf = (db: string) => ({ DATABASE_URL: urlOf(db, embedded.appUrl), DATABASE_OWNER_URL: urlOf(db, embedded.ownerUrl) });
  try {
    const county = path.join(work, 'county');
    execFileSync(process.execPath, [HUB, 'generate', '--children', String(children), '--seed', 'kill-bench', '--out', county], { stdio: ['ignore', 'ignore', 'inherit'] });
    const file = path.join(county, 'police.csv');
    const lines = fs.readFileSync(file, 'utf8').split('\n').length - 1;
    await admin.query(`CREATE DATABASE kill_template OWNER ${owner}`);
    execFileSync(process.execPath, [HUB, 'migrate'], { env: { ...process.env, ...rolesOf('kill_template'), HUB_DATA_DIR: path.join(work, 'hub') }, stdio: ['ignore', 'ignore', 'inherit'] });
    const command = (db: string) => ['import', 'police', file, '--period', '2024Q1', '--json', '--errors', path.join(work, `${db}-errors.csv`)];
    // The hub's own data folder (error reports) apart from the benchmark's cluster: the hub makes
    // its folder private, which would lock the cluster's server (another OS user) out of its own.
    const hubData = path.join(work, 'hub');
    const envOf = (db: string) => ({ ...rolesOf(db), HUB_DATA_DIR: hubData });

    await admin.query(`CREATE DATABASE kill_reference TEMPLATE kill_template OWNER ${owner}`);
    const started = Date.now();
    const clean = await run(command('kill_reference'), envOf('kill_reference'));
    const wallMs = Date.now() - started;
    if (clean.code !== 0) throw new Error(`the reference import failed: ${clean.stderr}`);
    const expected = totalsOf(clean.stdout);
    const expectedStored = await stored(urlOf('kill_reference'));
    const unchanged: Totals = { ...expected, new: 0, updated: 0, unchanged: expected.read - expected.rejected };
    console.error(`reference: ${lines} lines in ${(wallMs / 1000).toFixed(1)} s: ${JSON.stringify(expected)}; seed ${seed}${viaShell ? ', killing a shell around the hub' : ''}`);

    const random = seededRandom(seed);
    const outcomes: Outcome[] = [];
    for (let k = 1; k <= kills; k++) {
      const db = `kill_${k}`;
      await admin.query(`CREATE DATABASE ${db} TEMPLATE kill_template OWNER ${owner}`);
      const delayMs = Math.round(random() * wallMs);
      const victim = start(command(db), envOf(db));
      await Promise.race([sleep(delayMs), exited(victim)]);
      const closed = exited(victim);
      victim.kill('SIGKILL');
      await closed;
      const rerunStarted = Date.now();
      const rerunning = run(command(db), envOf(db));
      // Read while the re-run starts up (it reads nothing for its first second).
      const landed = viaShell ? 'shell killed, the hub lives on' : await landing(urlOf(db), lines);
      const rerun = await rerunning;
      const rerunSeconds = (Date.now() - rerunStarted) / 1000;
      const problems: string[] = [];
      let rerunKind = 'failed';
      if (rerun.code !== 0) problems.push(`re-run exit ${rerun.code}: ${rerun.stderr.trim().split('\n').pop()}`);
      else {
        const totals = totalsOf(rerun.stdout);
        const resumed = JSON.parse(rerun.stdout).resumed === true;
        // Killed after its end (or, through a shell, left to finish), the first run imported the
        // file whole: the re-run is then a second import finding every row unchanged.
        const finishedFirst = !resumed && same(totals, unchanged);
        rerunKind = resumed ? 'resumed' : finishedFirst ? 'found it done' : 'began anew';
        if (!finishedFirst && !same(totals, expected)) problems.push(`totals ${JSON.stringify(totals)}`);
        if (/waiting for/.test(rerun.stderr)) rerunKind += ', waited';
        if (/ending its database session/.test(rerun.stderr)) rerunKind += ', ended a dead session';
      }
      const now = await stored(urlOf(db));
      // Two runs when the first one finished: each reports its own rejected rows.
      const runs = now.runs.split(',').length === 2 ? 2 : 1;
      const want = { ...expectedStored, runs: runs === 2 ? 'done,done' : 'done', rejections: expectedStored.rejections * runs, rejectedLines: expectedStored.rejectedLines * runs };
      if (!same(now, want)) problems.push(`stored ${JSON.stringify(now)}, expected ${JSON.stringify(want)}`);
      if (problems.length === 0) {
        const again = await run(command(db), envOf(db));
        if (again.code !== 0 || !same(totalsOf(again.stdout), unchanged)) problems.push(`a further run: ${again.code} ${again.stdout.trim()}`);
      }
      const outcome = { kill: k, delayMs, landed, rerunSeconds, rerun: rerunKind, ok: problems.length === 0, problem: problems.join('; ') };
      outcomes.push(outcome);
      console.error(`kill ${k}: ${delayMs} ms, ${landed}; re-run ${rerunKind} in ${rerunSeconds.toFixed(1)} s: ${outcome.ok ? 'ok' : outcome.problem}`);
      await admin.query(`DROP DATABASE ${db} WITH (FORCE)`);
    }

    const passed = outcomes.filter((o) => o.ok).length;
    console.log(`| kill | after ms | landed | re-run | re-run s | nothing lost or doubled |`);
    console.log(`|---:|---:|---|---|---:|---|`);
    for (const o of outcomes) console.log(`| ${o.kill} | ${o.delayMs} | ${o.landed} | ${o.rerun} | ${o.rerunSeconds.toFixed(1)} | ${o.ok ? 'yes' : `NO: ${o.problem}`} |`);
    console.log(`\n${passed} of ${outcomes.length} kill-and-rerun passed (${lines} lines, ${expected.read} rows, ${expected.rejected} rejected; clean import ${(wallMs / 1000).toFixed(1)} s; seed ${seed}${viaShell ? '; --via-shell' : ''})`);
    if (passed !== outcomes.length) process.exitCode = 1;
  } finally {
    await admin.end();
    await embedded.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
