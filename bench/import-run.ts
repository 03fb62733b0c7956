/**
 * One measured import, in a process of its own so its peak memory is its own: imports the three
 * generated exports into a fresh embedded PostgreSQL (normal durable settings), then COPYs the
 * same rows into a plain indexed table on the same server as the yardstick.
 * Usage: node -r @swc-node/register bench/import-run.ts <generated-dir> <data-dir>
 */
import 'reflect-metadata';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ChinaDivisionRegistry } from '../src/areas/china-division-registry';
import { connect, locateDatabase } from '../src/db/database';
import { readCsv, readLines } from '../src/modules/ingest/csv-lines';
import { ImportService } from '../src/modules/ingest/import.service';
import { isRejection, mapHeader, toSourceRow } from '../src/modules/ingest/source-rows';
import type { SourceName } from '../reconciliation/normalise';

const FILES: [SourceName, string][] = [
  ['civil-affairs', 'civil-affairs.csv'],
  ['education', 'education.csv'],
  ['police', 'police.csv'],
];

async function main(): Promise<void> {
  const [generated, dataDir] = process.argv.slice(2);
  const target = await locateDatabase({ databaseUrl: null, dataDir, embeddedDbPort: null });
  const db = await connect(target);
  try {
    const service = new ImportService(db.pool, ChinaDivisionRegistry.load(), path.join(dataDir, 'errors'));
    const started = process.hrtime.bigint();
    let rows = 0;
    let rejected = 0;
    for (const [source, name] of FILES) {
      const summary = await service.importFile(path.join(generated, name), { source, period: '2024Q1' });
      rows += summary.read;
      rejected += summary.rejected;
    }
    const importSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    const copyFile = path.join(dataDir, 'copy-input.csv');
    const copyRows = await writeCopyInput(generated, copyFile);
    // The yardstick's table is the bench's own: the owner makes it (the application role creates no tables).
    const client = new Client({ connectionString: target.ownerUrl });
    await client.connect();
    try {
      await client.query('DROP TABLE IF EXISTS bench_copy');
      await client.query('CREATE TABLE bench_copy (source text NOT NULL, record_key text NOT NULL, raw jsonb NOT NULL, UNIQUE (source, record_key))');
      const copyStarted = process.hrtime.bigint();
      await pipeline(fs.createReadStream(copyFile), client.query(copyFrom('COPY bench_copy FROM STDIN WITH (FORMAT csv)')));
      const copySeconds = Number(process.hrtime.bigint() - copyStarted) / 1e9;
      await client.query('DROP TABLE bench_copy');
      console.log(JSON.stringify({ rows, rejected, importSeconds, rowsPerSecond: rows / importSeconds, peakRssMb, copyRows, copySeconds, copyRowsPerSecond: copyRows / copySeconds }));
    } finally {
      await client.end();
    }
  } finally {
    await db.close();
  }
}

/** The readable rows of the three files as (source, key, raw JSON): what a plain COPY would load. */
async function writeCopyInput(generated: string, target: string): Promise<number> {
  const out = fs.createWriteStream(target);
  let count = 0;
  for (const [source, name] of FILES) {
    const seen = new Set<string>();
    let header: ReturnType<typeof mapHeader> | null = null;
    for await (const item of readCsv(readLines(path.join(generated, name)))) {
      if (item.kind === 'problem') continue;
      if (!header) {
        header = mapHeader(source, item.cells);
        continue;
      }
      const row = toSourceRow(header, item.line, item.cells, item.text);
      if (isRejection(row) || seen.has(row.recordKey)) continue;
      seen.add(row.recordKey);
      const json = JSON.stringify(row.raw).replace(/"/g, '""');
      if (!out.write(`${source},"${row.recordKey.replace(/"/g, '""')}","${json}"\n`)) await once(out, 'drain');
      count++;
    }
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return count;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
