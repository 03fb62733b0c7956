/**
 * The import's two halves timed apart (`npm run bench:import -- --phases`), to show where its
 * ceiling is: preparing the rows (read, parse, normalise, serialise: one thread, no database),
 * then writing the same prepared batches into a fresh embedded PostgreSQL through the import's
 * write path. Prints seconds and CPU seconds of each; PostgreSQL's CPU is read from /proc (Linux).
 * Usage: node --max-old-space-size=8192 -r @swc-node/register bench/import-phases.ts <generated-dir> <data-dir>
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SourceName } from '../reconciliation/normalise';
import { ChinaDivisionRegistry } from '../src/areas/china-division-registry';
import { openDatabase } from '../src/db/database';
import { batchesHere, fileItems, type BatchRead } from '../src/modules/ingest/batches';
import { readCsv, readLines } from '../src/modules/ingest/csv-lines';
import { ImportService } from '../src/modules/ingest/import.service';

const SOURCES: SourceName[] = ['civil-affairs', 'education', 'police'];
const BATCH_SIZE = 2000; // the import's own batch size

async function main(): Promise<void> {
  const [generated, dataDir] = process.argv.slice(2);
  const registry = ChinaDivisionRegistry.load();

  // Timed in a pass that keeps nothing (holding every batch would add its own garbage-collection
  // cost), then prepared again, untimed, to be written.
  const prepareClock = clock();
  for (const source of SOURCES) for await (const _batch of prepareFile(generated, source, registry));
  const prepare = prepareClock();
  const prepared = new Map<SourceName, BatchRead[]>();
  for (const source of SOURCES) {
    const batches: BatchRead[] = [];
    for await (const batch of prepareFile(generated, source, registry)) batches.push(batch);
    prepared.set(source, batches);
  }

  const db = await openDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  try {
    const service = new ImportService(db.pool, registry, path.join(dataDir, 'errors'));
    const postgresBefore = postgresCpuSeconds(dataDir);
    const writeClock = clock();
    let rows = 0;
    for (const source of SOURCES) rows += (await service.importPrepared(source, '2024Q1', `phases-${source}`, prepared.get(source)!)).read;
    const write = writeClock();
    const postgres = postgresCpuSeconds(dataDir) - postgresBefore;
    console.log(JSON.stringify({ rows, prepareSeconds: prepare.seconds, prepareCpu: prepare.cpu, writeSeconds: write.seconds, writeNodeCpu: write.cpu, writePostgresCpu: postgres }));
  } finally {
    await db.close();
  }
}

/** One export's batches, read and prepared on this thread as the import prepares them. */
function prepareFile(generated: string, source: SourceName, registry: ChinaDivisionRegistry): AsyncGenerator<BatchRead> {
  let bytes = 0;
  const lines = readLines(path.join(generated, `${source}.csv`), (n) => (bytes += n));
  const options = { source, period: '2024Q1', linesDone: 0, batchSize: BATCH_SIZE, registry, bytes: () => bytes };
  return batchesHere(fileItems(source, readCsv(lines)), options, () => undefined);
}

/** Starts a clock; calling it gives the wall seconds and this process's CPU seconds since. */
function clock(): () => { seconds: number; cpu: number } {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpu: (used.user + used.system) / 1e6 };
  };
}

/** CPU seconds used so far by the embedded PostgreSQL: its postmaster and every process it started. */
function postgresCpuSeconds(dataDir: string): number {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // Fields after the command name: state ppid … utime (14th) stime (15th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pid) === postmaster || Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / ticksPerSecond;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
