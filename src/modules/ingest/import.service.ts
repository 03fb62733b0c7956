import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { SourceName } from '../../../reconciliation/normalise';
import { ChinaDivisionRegistry } from '../../areas/china-division-registry';
import type { RunLock } from '../../db/run-lock';
import { readCsv, readLines } from './csv-lines';
import { IngestStore, type BatchWrite, type ExistingRecord, type Rejection, type VersionRow } from './ingest.store';
import { SOURCES, parsePeriod, comparePeriods } from './periods';
import { batchesHere, batchesInWorker, fileItems, type BatchRead } from './batches';
import type { Item, PreparableRegistry, PreparedBatch } from './prepare-batch';
import { ImportRefusedError, mapHeader, toSourceRow } from './source-rows';

/**
 * Imports one department's export for one period: every row becomes a version of its source
 * record (new / updated / unchanged), every unreadable row a rejection with its line and reason,
 * so that read = new + updated + unchanged + rejected. Batches commit atomically with the
 * import's progress; running the same import again after a crash resumes where it stopped.
 */
export interface ImportSummary {
  importId: number;
  source: SourceName;
  period: string;
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errorsFile: string | null;
  /** True when this run completed an import that an earlier, interrupted run had begun. */
  resumed: boolean;
}

export interface ImportOptions {
  source: string;
  period: string;
  /** Where to write the error report (CSV: line, reason, raw_line); default under the data dir. */
  errorsPath?: string | null;
  batchSize?: number;
  onProgress?: (progress: { rows: number; bytes: number }) => void;
  /** Told when the import waits for another run of the same source (one line per holder). */
  log?: (message: string) => void;
}

const DEFAULT_BATCH = 2000;
/**
 * Files from this size on are read and normalised in a worker thread, so that reading and
 * normalising use one core while PostgreSQL writes on the other. Starting the worker costs
 * ~0.7 s and it then imports ~1.3x faster: it pays from about 35k rows (~7 MB); a 4 MB police
 * export of 19k rows took 2.1 s with it and 1.8 s without.
 */
const WORKER_FROM_BYTES = 8 * 1024 * 1024;

/**
 * Where an import's prepared batches come from, given the lines an interrupted run already wrote;
 * `onEnd` is told the rows and bytes read in all.
 */
type BatchSource = (linesDone: number, batchSize: number, onEnd: (rows: number, bytes: number) => void) => AsyncIterable<BatchRead>;

export class ImportService {
  private readonly store: IngestStore;

  constructor(
    pool: ConstructorParameters<typeof IngestStore>[0],
    private readonly registry: PreparableRegistry,
    private readonly errorsDir: string,
    private readonly workerFromBytes = WORKER_FROM_BYTES,
  ) {
    this.store = new IngestStore(pool);
  }

  async importFile(file: string, options: ImportOptions): Promise<ImportSummary> {
    const source = checkSource(options.source);
    const period = parsePeriod(options.period);
    assertReadableCsv(file);
    const fingerprint = await sha256File(file);
    let bytes = 0;
    const items = fileItems(source, readCsv(readLines(file, (n) => (bytes += n))));
    // Reading the header now makes an unusable file fail before any import is recorded.
    const first = await items.next();
    if (first.done) throw new ImportRefusedError('the file is empty: no header row');
    // The worker loads the full GB/T 2260 list itself: only an import on that list can use it.
    if (fs.statSync(file).size >= this.workerFromBytes && this.registry instanceof ChinaDivisionRegistry) {
      await items.return(undefined); // the worker reads the file itself
      const areasDir = this.registry.directory;
      const inWorker: BatchSource = (linesDone, batchSize, onEnd) => batchesInWorker({ file, areasDir, source, period, linesDone, batchSize }, onEnd);
      return this.run(source, period, fingerprint, path.basename(file), inWorker, options);
    }
    const here: BatchSource = (linesDone, batchSize, onEnd) =>
      batchesHere(prepend(first.value, items), { source, period, linesDone, batchSize, registry: this.registry, bytes: () => bytes }, onEnd);
    return this.run(source, period, fingerprint, path.basename(file), here, options);
  }

  /** Rows pushed by another system: JSON objects keyed by the same column names as the files. */
  async importRows(rows: Record<string, unknown>[], options: ImportOptions): Promise<ImportSummary & { rejections: Rejection[] }> {
    const source = checkSource(options.source);
    const period = parsePeriod(options.period);
    const fingerprint = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
    const pushed: BatchSource = (linesDone, batchSize, onEnd) =>
      batchesHere(pushedItems(source, rows), { source, period, linesDone, batchSize, registry: this.registry, bytes: () => 0 }, onEnd);
    const summary = await this.run(source, period, fingerprint, null, pushed, { ...options, errorsPath: options.errorsPath ?? null });
    const rejections: Rejection[] = [];
    for await (const page of this.store.rejections(summary.importId)) rejections.push(...page);
    return { ...summary, rejections };
  }

  /**
   * Writes batches prepared beforehand: the write path of importFile without its reading and
   * preparing, so that the benchmark can time the two halves apart (`npm run bench:import --
   * --phases`).
   */
  async importPrepared(source: SourceName, period: string, fingerprint: string, prepared: readonly BatchRead[]): Promise<ImportSummary> {
    const replay: BatchSource = async function* (_linesDone, _batchSize, onEnd) {
      yield* prepared;
      const last = prepared[prepared.length - 1];
      onEnd(last?.rows ?? 0, last?.bytes ?? 0);
    };
    return this.run(source, period, fingerprint, null, replay, { source, period, errorsPath: null });
  }

  /**
   * Runs the import holding the source's import lock for the whole run (IngestStore.lockSource):
   * its progress is read only once the lock is held, so a killed run's last batch is over before
   * this one reads where it stopped.
   */
  private async run(
    source: SourceName,
    period: string,
    fingerprint: string,
    fileName: string | null,
    batches: BatchSource,
    options: ImportOptions,
  ): Promise<ImportSummary> {
    const lock = await this.store.lockSource(source, options.log);
    try {
      return await this.runLocked(lock, source, period, fingerprint, fileName, batches, options);
    } finally {
      await lock.release();
    }
  }

  /**
   * Writes the batches one at a time, in file order, each in its own transaction with the
   * import's progress (the last line of a file prefix fully written): while one batch is being
   * written, the next is read and prepared.
   */
  private async runLocked(
    lock: RunLock,
    source: SourceName,
    period: string,
    fingerprint: string,
    fileName: string | null,
    batches: BatchSource,
    options: ImportOptions,
  ): Promise<ImportSummary> {
    const unfinished = await this.store.findUnfinished(lock, source, period, fingerprint);
    const importRun = unfinished ?? (await this.store.createRun(lock, source, period, fingerprint, fileName));
    let read = { rows: 0, bytes: 0 };
    let linesDone = importRun.linesDone;
    let writing: Promise<void> = Promise.resolve();
    try {
      const ended = (rows: number, bytes: number) => (read = { rows, bytes });
      for await (const batch of batches(importRun.linesDone, options.batchSize ?? DEFAULT_BATCH, ended)) {
        await writing;
        const from = linesDone;
        linesDone = batch.prepared.lastLine;
        writing = this.commit(lock, source, period, importRun.id, from, batch.prepared);
        writing.catch(() => undefined); // awaited on the next turn or below
        read = { rows: batch.rows, bytes: batch.bytes };
        options.onProgress?.(read);
      }
      await writing;
    } finally {
      // On failure, the batch being written still settles before the import gives up.
      await writing.catch(() => undefined);
    }
    options.onProgress?.(read);

    const totals = await this.store.readRun(lock, importRun.id);
    const errorsFile = totals.rejected > 0 && options.errorsPath !== null ? await this.writeErrorReport(importRun.id, source, period, options.errorsPath) : null;
    await this.store.finishRun(lock, importRun.id, errorsFile);
    return {
      importId: importRun.id,
      source,
      period,
      read: totals.read,
      new: totals.created,
      updated: totals.updated,
      unchanged: totals.unchanged,
      rejected: totals.rejected,
      errorsFile,
      resumed: unfinished !== null,
    };
  }

  /** Writes one batch; `from` is the progress it continues (see IngestStore.writeBatch). */
  private async commit(lock: RunLock, source: SourceName, period: string, importId: number, from: number, prepared: PreparedBatch): Promise<void> {
    await this.store.inBatchTransaction(lock, async (client) => {
      const existing = await this.store.findExisting(client, source, [...new Set(prepared.rows.map((r) => r.recordKey))]);
      const olderPeriod = prepared.rows.flatMap((row) => {
        const found = existing.get(row.recordKey);
        return found && comparePeriods(period, found.period) < 0 ? [{ id: found.id, period, contentHash: row.hash }] : [];
      });
      const alreadyStored = await this.store.findStoredVersions(client, olderPeriod);
      const write = classify(source, period, importId, from, prepared, existing, alreadyStored);
      await this.store.writeBatch(client, write);
    });
  }

  private async writeErrorReport(importId: number, source: string, period: string, requested: string | undefined): Promise<string> {
    const file = path.resolve(requested ?? path.join(this.errorsDir, `${source}-${period}-import${importId}.csv`));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const out = fs.openSync(file, 'w');
    try {
      fs.writeSync(out, stringify([['line', 'reason', 'raw_line']]));
      for await (const page of this.store.rejections(importId)) {
        fs.writeSync(out, stringify(page.map((r) => [r.line, r.reason, r.text])));
      }
    } finally {
      fs.closeSync(out);
    }
    return file;
  }
}

/** Decides, for each row of a batch, whether it is new, an update, unchanged or a duplicate. */
function classify(
  source: SourceName,
  period: string,
  importId: number,
  from: number,
  prepared: PreparedBatch,
  existing: Map<string, ExistingRecord>,
  olderVersionStored: Set<number>,
): BatchWrite {
  const write: BatchWrite = {
    importId,
    source,
    created: [],
    updated: [],
    historical: [],
    touched: [],
    rejections: prepared.rejections.map((r) => ({ line: r.line, reason: r.reason, text: r.text })),
    progress: { linesBefore: from, linesDone: prepared.lastLine, read: prepared.rows.length + prepared.rejections.length, created: 0, updated: 0, unchanged: 0, rejected: 0 },
  };
  const firstLineInBatch = new Map<string, number>();
  for (const row of prepared.rows) {
    const earlierLine = firstLineInBatch.get(row.recordKey);
    const found = existing.get(row.recordKey);
    if (earlierLine !== undefined || found?.lastImportId === importId) {
      // The same key twice in one file: reported, never silently merged (FORMATS.md).
      const where = earlierLine !== undefined ? `line ${earlierLine}` : 'an earlier line';
      write.rejections.push({ line: row.line, reason: `duplicate key ${row.recordKey}: already read on ${where} of this import`, text: row.text });
      continue;
    }
    firstLineInBatch.set(row.recordKey, row.line);
    const version: VersionRow = { period, countyCode: row.countyCode, contentHash: row.hash, copyCells: row.copyCells };
    if (!found) {
      write.created.push({ recordKey: row.recordKey, countyCode: row.countyCode, version });
      continue;
    }
    const order = comparePeriods(period, found.period);
    if (order > 0 || (order === 0 && found.contentHash !== row.hash)) {
      write.updated.push({ id: found.id, countyCode: row.countyCode, version });
    } else if (order < 0 && !olderVersionStored.has(found.id)) {
      write.historical.push({ id: found.id, version });
    } else {
      write.touched.push(found.id);
    }
  }
  const p = write.progress;
  p.created = write.created.length;
  p.updated = write.updated.length + write.historical.length;
  p.unchanged = write.touched.length;
  p.rejected = write.rejections.length;
  return write;
}

function checkSource(source: string): SourceName {
  if (!(SOURCES as readonly string[]).includes(source)) {
    throw new ImportRefusedError(`unknown source "${source}": expected one of ${SOURCES.join(', ')}`);
  }
  return source as SourceName;
}

async function* pushedItems(source: SourceName, rows: Record<string, unknown>[]): AsyncGenerator<Item> {
  // Each pushed row names its own columns (Chinese or English, any subset): map each row's keys,
  // caching the mapping per distinct key list.
  const headers = new Map<string, ReturnType<typeof mapHeader> | ImportRefusedError>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const line = i + 1;
    const text = JSON.stringify(row);
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      yield { line, reason: 'not a JSON object', text };
      continue;
    }
    const bad = Object.entries(row).find(([, value]) => value !== null && typeof value === 'object');
    if (bad) {
      yield { line, reason: `column ${bad[0]} holds an object or list, not a value`, text };
      continue;
    }
    const names = Object.keys(row);
    const signature = names.join('\u0000');
    if (!headers.has(signature)) {
      try {
        headers.set(signature, mapHeader(source, names, { checkSource: false }));
      } catch (error) {
        if (!(error instanceof ImportRefusedError)) throw error;
        headers.set(signature, error);
      }
    }
    const header = headers.get(signature)!;
    if (header instanceof ImportRefusedError) {
      yield { line, reason: `no record key: ${header.message}`, text };
      continue;
    }
    yield toSourceRow(header, line, names.map((name) => cellText(row[name])), text);
  }
}

function cellText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

async function* prepend<T>(first: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

export function assertReadableCsv(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ImportRefusedError(`no such file: ${file}`);
  }
  if (!stat.isFile()) throw new ImportRefusedError(`not a file: ${file}`);
  const fd = fs.openSync(file, 'r');
  try {
    const probe = Buffer.alloc(4096);
    const size = fs.readSync(fd, probe, 0, probe.length, 0);
    if (size === 0) throw new ImportRefusedError(`the file is empty: ${file}`);
    if (probe.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
      throw new ImportRefusedError('not a CSV file: this is an Excel workbook (.xlsx); save it as "CSV UTF-8" first');
    }
    if (probe.subarray(0, size).includes(0)) throw new ImportRefusedError('not a CSV file: it contains binary data');
  } finally {
    fs.closeSync(fd);
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
