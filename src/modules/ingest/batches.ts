import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SourceName } from '../../../reconciliation/normalise';
import { readCsv, readLines } from './csv-lines';
import { prepareBatch, type Item, type PreparableRegistry, type PreparedBatch } from './prepare-batch';
import { ImportRefusedError, mapHeader, toSourceRow } from './source-rows';

/** A prepared batch, with how far the reader has come: rows read (skipped ones included) and bytes. */
export interface BatchRead {
  prepared: PreparedBatch;
  rows: number;
  bytes: number;
}

/** Batches prepared and handed over ahead of the one being written: memory stays flat. */
export const BATCHES_AHEAD = 2;

/** The rows of a CSV export (and its unreadable rows), after a 'header' marker once the header is mapped. */
export async function* fileItems(source: SourceName, records: ReturnType<typeof readCsv>): AsyncGenerator<Item | 'header'> {
  let header: ReturnType<typeof mapHeader> | null = null;
  for await (const item of records) {
    if (header === null) {
      if (item.kind === 'problem') throw new ImportRefusedError(`the header row cannot be read: ${item.reason}`);
      if (item.cells.length < 2) throw new ImportRefusedError('not a CSV export: the header row has no commas');
      header = mapHeader(source, item.cells);
      yield 'header';
      continue;
    }
    yield item.kind === 'problem' ? item : toSourceRow(header, item.line, item.cells, item.text);
  }
}

/**
 * Groups items into batches and prepares them on this thread, skipping lines an interrupted run
 * already wrote. While the caller writes one batch, the next is read and prepared.
 */
export async function* batchesHere(
  items: AsyncIterable<Item | 'header'>,
  options: { source: SourceName; period: string; linesDone: number; batchSize: number; registry: PreparableRegistry; bytes: () => number; exportedBy?: string | null },
  onEnd: (rows: number, bytes: number) => void,
): AsyncGenerator<BatchRead> {
  let rows = 0;
  let batch: Item[] = [];
  for await (const item of items) {
    if (item === 'header') continue;
    rows++;
    if (item.line <= options.linesDone) continue; // written by the interrupted run
    batch.push(item);
    if (batch.length >= options.batchSize) {
      yield { prepared: await prepareBatch(options.source, options.period, batch, options.registry, options.exportedBy ?? null), rows, bytes: options.bytes() };
      batch = [];
    }
  }
  if (batch.length > 0) yield { prepared: await prepareBatch(options.source, options.period, batch, options.registry, options.exportedBy ?? null), rows, bytes: options.bytes() };
  onEnd(rows, options.bytes());
}

export interface WorkerTask {
  file: string;
  /** The GB/T 2260 list's directory, as the main thread's registry was loaded from. */
  areasDir: string;
  source: SourceName;
  period: string;
  linesDone: number;
  batchSize: number;
  /** The county the import names as its exporter, if it names one (see prepareBatch). */
  exportedBy: string | null;
}

export type WorkerMessage =
  | ({ kind: 'batch' } & BatchRead)
  | { kind: 'end'; rows: number; bytes: number }
  | { kind: 'error'; message: string; stack: string | undefined; refused: boolean };

/**
 * The same batches, read and prepared by a worker thread (prepare.worker.ts): the main thread is
 * left with writing, so the file is read and normalised on one core while PostgreSQL writes on
 * the other. The worker runs at most BATCHES_AHEAD batches ahead of what has been taken.
 */
export async function* batchesInWorker(task: WorkerTask, onEnd: (rows: number, bytes: number) => void): AsyncGenerator<BatchRead> {
  const worker = new Worker(path.join(__dirname, 'prepare-worker.js'), { workerData: task });
  const inbox: WorkerMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: WorkerMessage) => {
    inbox.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  // Exiting before its last message is a failure whatever the exit code.
  worker.on('exit', (code) => {
    failure ??= new Error(`the import's worker thread stopped (exit code ${code}) before the end of the file`);
    notify();
  });
  try {
    for (;;) {
      while (inbox.length === 0 && failure === null) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift();
      if (message === undefined) throw failure!;
      if (message.kind === 'error') throw rebuilt(message);
      if (message.kind === 'end') {
        onEnd(message.rows, message.bytes);
        return;
      }
      worker.postMessage('more');
      yield message;
    }
  } finally {
    await worker.terminate();
  }
}

/** The worker's error on this thread, with the worker's stack: where it failed is in the worker. */
function rebuilt(message: Extract<WorkerMessage, { kind: 'error' }>): Error {
  const error = message.refused ? new ImportRefusedError(message.message) : new Error(message.message);
  if (message.stack !== undefined) error.stack = message.stack;
  return error;
}
