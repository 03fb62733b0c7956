import { parentPort, workerData } from 'node:worker_threads';
import { ChinaDivisionRegistry } from '../../areas/china-division-registry';
import { BATCHES_AHEAD, fileItems, type WorkerMessage, type WorkerTask } from './batches';
import { readCsv, readLines } from './csv-lines';
import { prepareBatch, type Item } from './prepare-batch';
import { ImportRefusedError } from './source-rows';

/**
 * A worker thread's work for one file import (started by batchesInWorker through
 * prepare-worker.js): read the file, prepare its batches and post them in file order, never more
 * than BATCHES_AHEAD ahead of what the main thread has taken ('more' gives one back).
 */
async function readAndPrepare(task: WorkerTask, post: (message: WorkerMessage) => void, credit: () => Promise<void>): Promise<void> {
  const registry = ChinaDivisionRegistry.load(task.areasDir);
  let bytes = 0;
  let rows = 0;
  let batch: Item[] = [];
  const send = async () => {
    const prepared = await prepareBatch(task.source, task.period, batch, registry, task.exportedBy);
    batch = [];
    await credit();
    post({ kind: 'batch', prepared, rows, bytes });
  };
  for await (const item of fileItems(task.source, readCsv(readLines(task.file, (n) => (bytes += n))))) {
    if (item === 'header') continue;
    rows++;
    if (item.line <= task.linesDone) continue; // written by the interrupted run
    batch.push(item);
    if (batch.length >= task.batchSize) await send();
  }
  if (batch.length > 0) await send();
  post({ kind: 'end', rows, bytes });
}

if (parentPort !== null) {
  const port = parentPort;
  let credits = BATCHES_AHEAD;
  let wake: (() => void) | null = null;
  port.on('message', (message) => {
    if (message !== 'more') return;
    credits++;
    wake?.();
    wake = null;
  });
  const credit = async () => {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
  };
  readAndPrepare(workerData as WorkerTask, (message) => port.postMessage(message), credit).catch((error: unknown) => {
    const failure = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ kind: 'error', message: failure.message, stack: failure.stack, refused: error instanceof ImportRefusedError } satisfies WorkerMessage);
  });
}
