import type { Command } from 'commander';
import { IdentityStore } from '../modules/identity/identity.store';
import { ReconcileService, type ReconcileSummary } from '../modules/identity/reconcile.service';
import { logToStderr, withDatabase } from './context';

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description('link source records into children: incremental (records new or changed since the last run) unless --full')
    .option('--full', 'retrain the model and re-cluster every record')
    .option('--json', 'print a machine-readable summary on stdout')
    .action(async (options: { full?: boolean; json?: boolean }) => {
      const summary = await withDatabase((db) => new ReconcileService(new IdentityStore(db.pool), undefined, logToStderr).reconcile({ full: options.full }));
      console.log(options.json ? JSON.stringify(summary) : describe(summary));
    });
}

function describe(s: ReconcileSummary): string {
  const waiting = `${s.reviewsWaiting} ${s.reviewsWaiting === 1 ? 'pair waits' : 'pairs wait'} in review (hub review list)`;
  if (s.runId === null) return `nothing to do: no record is new or changed since the last run (${s.records} records); ${waiting}`;
  return [
    `${s.mode} run ${s.runId}: ${s.records} records (${s.changed} new or changed, ${s.reclustered} re-clustered) in ${s.seconds} s`,
    `  ${s.children} children touched: ${s.newChildren} new, ${s.mergedChildren} merged into another`,
    `  ${s.linkedRecords} records linked for the first time, ${s.movedRecords} moved to another child`,
    `  ${s.openReviews} pairs sent to review by this run, ${waiting}; ${s.candidatePairs} candidate pairs compared`,
    ...weightLines(s.levelWeights ?? []),
  ].join('\n');
}

/** The model's weights, one line per comparison, strongest level first: an inversion shows as a rise. */
function weightLines(rows: NonNullable<ReconcileSummary['levelWeights']>): string[] {
  if (rows.length === 0) return [];
  const byComparison = new Map<string, string[]>();
  for (const r of rows) {
    const text = `${r.level} ${r.weight >= 0 ? '+' : ''}${r.weight.toFixed(2)}`;
    (byComparison.get(r.comparison) ?? byComparison.set(r.comparison, []).get(r.comparison)!).push(text);
  }
  return ['  match weights (log2 m/u) by level:', ...[...byComparison].map(([name, levels]) => `    ${name}: ${levels.join(', ')}`)];
}
