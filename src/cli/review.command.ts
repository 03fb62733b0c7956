import { InvalidArgumentError, type Command } from 'commander';
import { ReviewRefusedError, ReviewService, type ReviewPairView, type ReviewRecord } from '../modules/identity/review.service';
import { CliRefusal, EXIT_REFUSED, logToStderr, withDatabase } from './context';

export function registerReview(program: Command): void {
  const review = program.command('review').description('the review queue: pairs the engine will not decide alone');
  review
    .command('list')
    .description('open review items, strongest first: both records side by side, each comparison level, and why the pair waits')
    .option('--county <code>', 'only this county (6 digits)')
    .option('--limit <n>', 'at most this many', (v) => positive(v), 20)
    .option('--json', 'print one JSON object per item and line on stdout')
    .action(async (options: { county?: string; limit: number; json?: boolean }) => {
      checkCounty(options.county);
      const items = await withDatabase(async (db) => {
        const reviews = new ReviewService(db.pool);
        // The operator of the hub's own machine reads full records, as civil affairs does.
        return reviews.withRecords(await reviews.openItems({ countyCode: options.county, limit: options.limit }), true);
      }, { reads: true });
      if (options.json) {
        for (const item of items) console.log(JSON.stringify(item));
        return;
      }
      if (items.length === 0) return console.log('the review queue is empty');
      for (const item of items) console.log(sideBySide(item));
    });
  review
    .command('findings')
    .description('children with a valid ID number but no record in the police export ("no police record found"): to look into, not on the UNREGISTERED list')
    .option('--county <code>', 'only this county (6 digits)')
    .option('--limit <n>', 'at most this many', (v) => positive(v), 100)
    .option('--json', 'print one JSON object per child and line on stdout')
    .action(async (options: { county?: string; limit: number; json?: boolean }) => {
      checkCounty(options.county);
      const found = await withDatabase((db) => new ReviewService(db.pool).noPoliceRecordFound({ countyCode: options.county, limit: options.limit }), { reads: true });
      if (options.json) {
        for (const child of found) console.log(JSON.stringify({ finding: 'no police record found', ...child }));
        return;
      }
      if (found.length === 0) return console.log('no child with a valid ID number is missing from the police export');
      console.log('no police record found (a valid ID number, no record in the police export: registered elsewhere, moved, or not linked yet):');
      for (const c of found) console.log(`  ${c.childId}  ${c.areaCode ?? '-'}  ${c.name ?? '-'}  ${c.birthDate ?? '-'}  ${c.idNumber ?? '-'}  known to ${c.sources.join(', ')}`);
    });
  review
    .command('decide')
    .description('settle a review item; a later decision on the same pair supersedes an earlier one; every later hub reconcile obeys the latest')
    .argument('<item>', 'review item id', (v) => positive(v))
    .argument('<decision>', 'MATCH | NO_MATCH')
    .requiredOption('--reviewer <name>', 'who decides')
    .requiredOption('--reason <text>', 'why')
    .action(async (item: number, decision: string, options: { reviewer: string; reason: string }) => {
      try {
        const verdict = decision.toUpperCase() as 'MATCH' | 'NO_MATCH';
        const { supersedes } = await withDatabase((db) => new ReviewService(db.pool).decide(item, verdict, options.reviewer, options.reason), { reads: true });
        const replaced = supersedes === null ? '' : ` (supersedes the earlier ${supersedes})`;
        console.log(`review item ${item}: ${verdict} recorded${replaced}; run hub reconcile to apply it`);
      } catch (error) {
        if (!(error instanceof ReviewRefusedError)) throw error;
        logToStderr(`hub review decide: ${error.message}`);
        process.exitCode = EXIT_REFUSED;
      }
    });
}

function checkCounty(county: string | undefined): void {
  if (county !== undefined && !/^\d{6}$/.test(county)) throw new CliRefusal(`--county must be a 6-digit county code, not "${county}"`);
}

const ROWS: [string, (r: ReviewRecord) => string | null][] = [
  ['source', (r) => r.source],
  ['record', (r) => `${r.ref} ${r.recordKey ?? ''}`.trim()],
  ['name', (r) => r.name],
  ['birth date', (r) => r.birthDate],
  ['sex', (r) => r.sex],
  ['ID number', (r) => r.idNumber],
  ['area', (r) => r.areaCode],
  ['father', (r) => joined(r.fatherName, r.fatherIdNumber)],
  ['mother', (r) => joined(r.motherName, r.motherIdNumber)],
  ['guardian', (r) => joined(r.guardianName, r.guardianRelation, r.guardianPhone)],
];

/** One item as a reviewer reads it: the two records in two columns, then each comparison. */
function sideBySide(item: ReviewPairView): string {
  const lines = [`#${item.id}  weight ${item.matchWeight}  ${item.heldBy ?? item.reason}`];
  const column = 34;
  lines.push(`  ${pad('', 12)} ${pad(`left (child ${item.leftChildId})`, column)} right (child ${item.rightChildId})`);
  for (const [label, read] of ROWS) lines.push(`  ${pad(label, 12)} ${pad(read(item.left) ?? '-', column)} ${read(item.right) ?? '-'}`);
  for (const c of item.comparisons) lines.push(`    ${pad(c.comparison, 12)} ${pad(c.level, 32)} ${c.weight >= 0 ? '+' : ''}${c.weight}`);
  return lines.join('\n');
}

function joined(...parts: (string | null)[]): string | null {
  const present = parts.filter((p): p is string => p !== null);
  return present.length === 0 ? null : present.join(' ');
}

/** Pads to a display width: a CJK character takes two columns on a terminal. */
function pad(text: string, width: number): string {
  let shown = 0;
  for (const ch of text) shown += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return text + ' '.repeat(Math.max(1, width - shown));
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}
