import type { SourceName } from '../../../reconciliation/normalise';
import { ChinaDivisionRegistry } from '../../areas/china-division-registry';
import { prepareBatch, type Item, type PreparedBatch } from './prepare-batch';

/** One per worker thread: the GB/T 2260 list, its villages loaded as batches name their counties. */
const registry = ChinaDivisionRegistry.load();

export interface PrepareTask {
  source: SourceName;
  period: string;
  batch: Item[];
}

/** A worker thread's task (run by piscina through prepare-worker.js): one batch, normalised and serialised. */
export function prepareInWorker(task: PrepareTask): Promise<PreparedBatch> {
  return prepareBatch(task.source, task.period, task.batch, registry);
}
