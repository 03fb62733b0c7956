import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { stringify } from 'csv-stringify/sync';
import type { SourceName } from '../../../reconciliation/normalise';
import { ChinaDivisionRegistry } from '../../areas/china-division-registry';
import { makePrivateDir, openPrivateFile, ownPrivateDir } from '../../fs/private-files';
import type { Viewer } from '../../auth/viewer';
import type { RunLock } from '../../db/run-lock';
import { readCsv, readLines } from './csv-lines';
import { IngestStore, type BatchWrite, type ExistingRecord, type Rejection, type VersionRow } from './ingest.store';
import { SOURCES, parsePeriod, comparePeriods, systemClock, type Clock } from './periods';
import { batchesHere, batchesInWorker, fileItems, type BatchRead } from './batches';
import { statedArea, type Item, type PreparableRegistry, type PreparedBatch } from './prepare-batch';
import { recordOutsideArea, rowOutsideArea } from './push-area';
import { countyNamedByRows, identityKey, isCountyCode, keyScope } from './record-identity';
import { ImportRefusedError, isRejection, mapHeader, toSourceRow } from './source-rows';

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
  /** The county that exported the rows (what their county-numbered keys belong to). */
  county: string | null;
  /**
   * Rows read and kept with a problem, by code (a date that is not one, an area code not in the
   * registry…): the value is left empty or coarser and the record says why. Most counted first.
   */
  problems: { code: string; rows: number }[];
}

export interface ImportOptions {
  source: string;
  period: string;
  /** Where to write the error report (CSV: line, reason, raw_line); default under the data dir. */
  errorsPath?: string | null;
  batchSize?: number;
  onProgress?: (progress: { rows: number; bytes: number }) => void;
  /**
   * The county that exported the file (`hub import --county`) or whose token pushes the rows:
   * the scope of its county-numbered keys (record-identity.ts). When absent, it is told from
   * the rows' area codes, and an import whose rows do not tell is refused.
   */
  county?: string | null;
  /**
   * For pushed rows, who pushes them: a row outside the token's area, or one that would
   * overwrite a record outside it, is rejected with its reason (push-area.ts).
   */
  pushedBy?: Viewer | null;
  /**
   * Whether an incremental reconciliation of the county is asked for when the import finishes
   * (a job, coalesced with the county's other imports: jobs/queue.ts). Default true;
   * `hub import --no-reconcile` says false.
   */
  reconcile?: boolean;
  /** Told when the import waits for another run of the same source (one line per holder). */
  log?: (message: string) => void;
}

/** Rows read ahead to tell which county exported a file that does not say (an export is one county's). */
const COUNTY_LOOKAHEAD = 2000;

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
    private readonly clock: Clock = systemClock,
  ) {
    this.store = new IngestStore(pool);
  }

  async importFile(file: string, options: ImportOptions): Promise<ImportSummary> {
    const source = checkSource(options.source);
    const period = parsePeriod(options.period, this.clock());
    const declared = options.county == null ? null : this.checkCounty(options.county, '--county');
    assertReadableCsv(file);
    const fingerprint = await sha256File(file);
    let bytes = 0;
    const items = fileItems(source, readCsv(readLines(file, (n) => (bytes += n))));
    // Reading the header now makes an unusable file fail before any import is recorded.
    const first = await items.next();
    if (first.done) throw new ImportRefusedError('the file is empty: no header row');
    // So does a file that does not say which county exported it, and one whose rows lie in
    // another county than --county names (its county-numbered keys would overwrite that
    // county's records): its first rows are read ahead.
    const ahead: Item[] = [];
    while (ahead.length < COUNTY_LOOKAHEAD) {
      const next = await items.next();
      if (next.done) break;
      if (next.value !== 'header') ahead.push(next.value);
    }
    if (declared !== null) refuseAnotherCounty(ahead, declared);
    const county = declared ?? tellCounty(ahead, 'name it with --county CODE');
    const terms = { ...options, county };
    // The worker loads the full GB/T 2260 list itself: only an import on that list can use it.
    if (fs.statSync(file).size >= this.workerFromBytes && this.registry instanceof ChinaDivisionRegistry) {
      await items.return(undefined); // the worker reads the file itself
      const areasDir = this.registry.directory;
      const inWorker: BatchSource = (linesDone, batchSize, onEnd) =>
        batchesInWorker({ file, areasDir, source, period, linesDone, batchSize, exportedBy: county }, onEnd);
      return this.run(source, period, fingerprint, path.basename(file), inWorker, terms);
    }
    const here: BatchSource = (linesDone, batchSize, onEnd) =>
      batchesHere(prepend(first.value, ahead, items), { source, period, linesDone, batchSize, registry: this.registry, bytes: () => bytes, exportedBy: county }, onEnd);
    return this.run(source, period, fingerprint, path.basename(file), here, terms);
  }

  /**
   * Rows pushed by another system: JSON objects keyed by the same column names as the files.
   * A push names its county and who pushes (the token, see ingest.resolver.ts); without them,
   * the county is told from the rows as for a file.
   */
  async importRows(rows: Record<string, unknown>[], options: ImportOptions): Promise<ImportSummary & { rejections: Rejection[] }> {
    const source = checkSource(options.source);
    const period = parsePeriod(options.period, this.clock());
    const declared = options.county == null ? null : this.checkCounty(options.county, "the token's area");
    const items: Item[] = [];
    for await (const item of pushedItems(source, rows)) items.push(item);
    const county = declared ?? tellCounty(items, 'name the county that pushes them');
    const pushedBy = options.pushedBy ?? null;
    // Who pushes is part of what is pushed: the same rows from another area are another import,
    // never the resumption of this one.
    const fingerprint = createHash('sha256').update(JSON.stringify({ county, area: pushedBy?.area ?? null, rows })).digest('hex');
    const pushed: BatchSource = (linesDone, batchSize, onEnd) =>
      batchesHere(listed(items), { source, period, linesDone, batchSize, registry: this.registry, bytes: () => 0, exportedBy: county }, onEnd);
    const summary = await this.run(source, period, fingerprint, null, pushed, { ...options, county, pushedBy, errorsPath: options.errorsPath ?? null });
    const rejections: Rejection[] = [];
    for await (const page of this.store.rejections(summary.importId)) rejections.push(...page);
    return { ...summary, rejections };
  }

  /**
   * Writes batches prepared beforehand: the write path of importFile without its reading and
   * preparing, so that the benchmark can time the two halves apart (`npm run bench:import --
   * --phases`).
   */
  async importPrepared(source: SourceName, period: string, fingerprint: string, prepared: readonly BatchRead[], county?: string): Promise<ImportSummary> {
    const replay: BatchSource = async function* (_linesDone, _batchSize, onEnd) {
      yield* prepared;
      const last = prepared[prepared.length - 1];
      onEnd(last?.rows ?? 0, last?.bytes ?? 0);
    };
    const exportedBy = county ?? countyOrRefusal(countyNamedByRows(prepared.flatMap((b) => b.prepared.rows.map((r) => countyOf(r.statedArea)))), 'name it');
    return this.run(source, period, fingerprint, null, replay, { source, period, errorsPath: null, county: exportedBy });
  }

  /** A county named by the caller: 6 digits, and a county in GB/T 2260. */
  private checkCounty(code: string, what: string): string {
    const county = code.trim();
    if (!isCountyCode(county) || this.registry.level(county) !== 'county') {
      throw new ImportRefusedError(`${what} must name a county (a 6-digit GB/T 2260 code such as 500109), not "${code}"`);
    }
    return county;
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
        writing = this.commit(lock, source, period, importRun.id, from, batch.prepared, options);
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
    await this.store.finishRun(lock, importRun.id, errorsFile, options.reconcile === false ? null : (totals.county ?? options.county ?? null));
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
      county: totals.county,
      problems: Object.entries(totals.problems ?? {}).map(([code, rows]) => ({ code, rows })).sort((a, b) => b.rows - a.rows || (a.code < b.code ? -1 : 1)),
    };
  }

  /** Writes one batch; `from` is the progress it continues (see IngestStore.writeBatch). */
  private async commit(lock: RunLock, source: SourceName, period: string, importId: number, from: number, prepared: PreparedBatch, terms: ImportOptions): Promise<void> {
    await this.store.inBatchTransaction(lock, async (client) => {
      const county = await this.exportingCounty(client, importId, terms.county ?? null);
      const identities = prepared.rows.map((r) => ({ recordKey: r.recordKey, keyScope: keyScope(source, r.recordKey, county) }));
      const existing = await this.store.findExisting(client, source, uniqueIdentities(identities));
      const olderPeriod = prepared.rows.flatMap((row, i) => {
        const found = existing.get(identityKey(identities[i].keyScope, row.recordKey));
        return found && comparePeriods(period, found.period) < 0 ? [{ id: found.id, period, contentHash: row.hash }] : [];
      });
      const alreadyStored = await this.store.findStoredVersions(client, olderPeriod);
      const write = classify({ source, period, importId, county, pushedBy: terms.pushedBy ?? null }, from, prepared, identities, existing, alreadyStored);
      await this.store.writeBatch(client, write);
    });
  }

  /**
   * The county that exported this import, recorded on the import with its first batch: a resumed
   * run goes on with the county the import began with, and refuses to go on for another.
   */
  private async exportingCounty(client: PoolClient, importId: number, county: string | null): Promise<string> {
    const recorded = await this.store.exportingCounty(client, importId);
    if (recorded !== null) {
      if (county !== null && county !== recorded) {
        throw new ImportRefusedError(`this import was begun for county ${recorded}, not ${county}: finish it for ${recorded} (--county ${recorded})`);
      }
      return recorded;
    }
    // Every entry point names or tells the county before the import begins.
    if (county === null) throw new Error('an import must know the county that exported it before it writes');
    await this.store.recordExportingCounty(client, importId, county);
    return county;
  }

  /** The rejected rows, raw (ID numbers and all): a file for the hub's OS user alone, 0600. */
  private async writeErrorReport(importId: number, source: string, period: string, requested: string | undefined): Promise<string> {
    const file = path.resolve(requested ?? path.join(this.errorsDir, `${source}-${period}-import${importId}.csv`));
    // The hub's own folder is made private even when an older hub left it open; a folder the
    // clerk named (--errors) only gets its missing parts created private.
    if (requested === undefined) ownPrivateDir(this.errorsDir);
    else makePrivateDir(path.dirname(file));
    const out = openPrivateFile(file);
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

/** What every batch of one import is classified under. */
interface ImportTerms {
  source: SourceName;
  period: string;
  importId: number;
  /** The county that exported it: a row without an area code lies there. */
  county: string;
  /** Who pushes (null for a file): rows and the records they overwrite must lie in the token's area. */
  pushedBy: Viewer | null;
}

/**
 * Decides, for each row of a batch, whether it is new, an update, unchanged or a duplicate, or,
 * when pushed, outside the pusher's area. `identities[i]` is row i's (key scope, key).
 */
function classify(
  { source, period, importId, county, pushedBy }: ImportTerms,
  from: number,
  prepared: PreparedBatch,
  identities: readonly { keyScope: string; recordKey: string }[],
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
    progress: { linesBefore: from, linesDone: prepared.lastLine, read: prepared.rows.length + prepared.rejections.length, created: 0, updated: 0, unchanged: 0, rejected: 0, problems: prepared.problems },
  };
  const firstLineInBatch = new Map<string, number>();
  prepared.rows.forEach((row, i) => {
    const identity = identityKey(identities[i].keyScope, row.recordKey);
    const earlierLine = firstLineInBatch.get(identity);
    const found = existing.get(identity);
    // A push writes only inside its area: its own rows, over its own records.
    const outside =
      pushedBy === null ? null : (rowOutsideArea(pushedBy, row.statedArea) ?? (found ? recordOutsideArea(pushedBy, found.areaCode, row.recordKey) : null));
    if (outside !== null) {
      write.rejections.push({ line: row.line, reason: outside, text: row.text });
      return;
    }
    if (earlierLine !== undefined || found?.lastImportId === importId) {
      // The same key twice in one file: reported, never silently merged (docs/FORMATS.md).
      const where = earlierLine !== undefined ? `line ${earlierLine}` : 'an earlier line';
      write.rejections.push({ line: row.line, reason: `duplicate key ${row.recordKey}: already read on ${where} of this import`, text: row.text });
      return;
    }
    firstLineInBatch.set(identity, row.line);
    const version: VersionRow = { period, countyCode: row.countyCode, contentHash: row.hash, copyCells: row.copyCells };
    // A row naming no area lies in the county that exported it.
    const areaCode = row.areaCode ?? county;
    if (!found) {
      write.created.push({ recordKey: row.recordKey, keyScope: identities[i].keyScope, countyCode: row.countyCode, areaCode, version });
      return;
    }
    const order = comparePeriods(period, found.period);
    if (order > 0 || (order === 0 && found.contentHash !== row.hash)) {
      write.updated.push({ id: found.id, countyCode: row.countyCode, areaCode, version });
    } else if (order < 0 && !olderVersionStored.has(found.id)) {
      write.historical.push({ id: found.id, version });
    } else {
      write.touched.push(found.id);
    }
  });
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

async function* prepend<T>(first: T, ahead: readonly T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield first;
  yield* ahead;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function* listed<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** Each (scope, key) once, for the lookup. */
function uniqueIdentities(identities: readonly { keyScope: string; recordKey: string }[]): { keyScope: string; recordKey: string }[] {
  const seen = new Map<string, { keyScope: string; recordKey: string }>();
  for (const identity of identities) seen.set(identityKey(identity.keyScope, identity.recordKey), identity);
  return [...seen.values()];
}

/** The county of a stated area code, when it is one. */
function countyOf(stated: string | null): string | null {
  return stated !== null && /^\d{6}/.test(stated) ? stated.slice(0, 6) : null;
}

/** The county that exported these rows, told from their area codes, or the import refused (see countyNamedByRows). */
function tellCounty(items: readonly Item[], remedy: string): string {
  return countyOrRefusal(countyOfRows(items), remedy);
}

/** The county most of these rows name (countyNamedByRows), rejected rows left out. */
function countyOfRows(items: readonly Item[]): ReturnType<typeof countyNamedByRows> {
  return countyNamedByRows(items.flatMap((item) => (isRejection(item) ? [] : [countyOf(statedArea(item.values.area_code))])));
}

/**
 * A file named for one county (--county) whose rows lie, most of them, in another: refused before
 * anything is recorded. Rows naming no area, or no county holding a majority, leave --county to
 * say it.
 */
function refuseAnotherCounty(items: readonly Item[], declared: string): void {
  const told = countyOfRows(items);
  if (told.county !== null && told.county !== declared) {
    throw new ImportRefusedError(
      `the rows of this file lie in county ${told.county}, not in ${declared} that --county names: import it with --county ${told.county} (or without --county), or check that it is the right file`,
    );
  }
}

function countyOrRefusal(told: ReturnType<typeof countyNamedByRows>, remedy: string): string {
  if (told.county === null) throw new ImportRefusedError(`cannot tell which county exported the rows: ${told.reason}; ${remedy}`);
  return told.county;
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
