import { InvalidArgumentError, type Command } from 'commander';
import { ReviewRefusedError, ReviewService } from '../modules/identity/review.service';
import { CliRefusal, EXIT_REFUSED, logToStderr, withDatabase } from './context';

export function registerReview(program: Command): void {
  const review = program.command('review').description('the review queue: pairs the engine will not decide alone');
  review
    .command('list')
    .description('open review items, strongest first, with each comparison level')
    .option('--county <code>', 'only this county (6 digits)')
    .option('--limit <n>', 'at most this many', (v) => positive(v), 20)
    .option('--json', 'print JSON on stdout')
    .action(async (options: { county?: string; limit: number; json?: boolean }) => {
      if (options.county !== undefined && !/^\d{6}$/.test(options.county)) throw new CliRefusal(`--county must be a 6-digit county code, not "${options.county}"`);
      const items = await withDatabase((db) => new ReviewService(db.pool).openItems({ countyCode: options.county, limit: options.limit }));
      if (options.json) return console.log(JSON.stringify(items));
      if (items.length === 0) return console.log('the review queue is empty');
      for (const item of items) {
        console.log(`#${item.id}  weight ${item.matchWeight}  (${item.reason})  records ${item.leftRecordId} [${item.leftChildId}] ↔ ${item.rightRecordId} [${item.rightChildId}]`);
        for (const level of item.explanation as { comparison: string; level: string; weight: number }[]) {
          console.log(`    ${level.comparison.padEnd(12)} ${level.level.padEnd(32)} ${level.weight >= 0 ? '+' : ''}${level.weight}`);
        }
      }
    });
  review
    .command('decide')
    .description('settle a review item; the decision is obeyed by every later hub reconcile')
    .argument('<item>', 'review item id', (v) => positive(v))
    .argument('<decision>', 'MATCH | NO_MATCH')
    .requiredOption('--reviewer <name>', 'who decides')
    .requiredOption('--reason <text>', 'why')
    .action(async (item: number, decision: string, options: { reviewer: string; reason: string }) => {
      try {
        await withDatabase((db) => new ReviewService(db.pool).decide(item, decision.toUpperCase() as 'MATCH' | 'NO_MATCH', options.reviewer, options.reason));
        console.log(`review item ${item}: ${decision.toUpperCase()} recorded; run hub reconcile to apply it`);
      } catch (error) {
        if (!(error instanceof ReviewRefusedError)) throw error;
        logToStderr(`hub review decide: ${error.message}`);
        process.exitCode = EXIT_REFUSED;
      }
    });
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}
