import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { generateCounty, parseNoise } from '../generate';
import { generateNextQuarter } from '../generate/next-quarter';
import { ChinaDivisionRegistry } from '../areas/china-division-registry';
import { isCountyCode } from '../modules/ingest/record-identity';
import { CliRefusal } from './context';
import { progressBar } from './progress';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a generated county: the three exports with realistic trouble, plus the ground truth (no real person)')
    .option('--children <n>', 'children in the county (not with --from)', (v) => positiveInteger(v, '--children'))
    .option('--seed <s>', 'seed: the same seed gives the same files', '1')
    .requiredOption('--out <dir>', 'output folder')
    .option('--noise <level>', 'low | realistic | hard', 'realistic')
    .option('--county <code>', '6-digit GB/T 2260 county code', '500109')
    .option('--period <quarter>', 'the period the exports are for (default 2024Q1; with --from, the next quarter)')
    .option('--from <dir>', 'the folder of the earlier quarter: write the next quarter of the same county, with its changes (truth-changes.csv)')
    .option('--json', 'print a machine-readable summary on stdout')
    .action(async (options: { children?: number; seed: string; out: string; noise: string; county: string; period?: string; from?: string; json?: boolean }) => {
      if (options.from !== undefined) return nextQuarter({ ...options, from: options.from });
      if (options.children === undefined) throw new CliRefusal('--children is required (or --from DIR for the next quarter of a generated county)');
      const children = options.children;
      let noise;
      try {
        noise = parseNoise(options.noise);
      } catch (error) {
        console.error(`hub generate: ${(error as Error).message}`);
        process.exitCode = 2;
        return;
      }
      // A county the generator has no villages for is a refusal, told before anything is written.
      if (!isCountyCode(options.county) || ChinaDivisionRegistry.load().level(options.county) !== 'county') {
        throw new CliRefusal(`--county must be a 6-digit GB/T 2260 county code such as 500109, not "${options.county}"`);
      }
      const bar = progressBar('generating', 'children');
      const summary = await generateCounty(
        { children, seed: options.seed, noise, county: options.county, period: options.period ?? '2024Q1' },
        options.out,
        (done, total) => bar.update(done, total),
      ).finally(() => bar.stop());
      if (options.json) console.log(JSON.stringify(summary));
      else {
        console.log(`${summary.children} children → ${summary.rows.civilAffairs} civil-affairs, ${summary.rows.education} education, ${summary.rows.police} police rows`);
        for (const file of Object.values(summary.files)) console.log(`  ${file}`);
      }
    });
}

/** The next quarter of the county generated in `from` (next-quarter.ts). */
async function nextQuarter(options: { from: string; period?: string; seed: string; out: string; children?: number; json?: boolean }): Promise<void> {
  if (options.children !== undefined) throw new CliRefusal('--children and --from go apart: the next quarter has the earlier one\'s children');
  if (options.period === undefined || !/^\d{4}Q[1-4]$/.test(options.period)) throw new CliRefusal('--from needs --period, the new quarter, like 2024Q2');
  for (const name of ['police.csv', 'truth-people.csv']) {
    if (!fs.existsSync(path.join(options.from, name))) throw new CliRefusal(`--from ${options.from} is not a generated county (no ${name})`);
  }
  const summary = await generateNextQuarter({ from: options.from, period: options.period, seed: options.seed }, options.out);
  if (options.json) console.log(JSON.stringify(summary));
  else {
    console.log(`${summary.previous} → ${summary.period}: ${Object.entries(summary.changes).map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
    for (const file of Object.values(summary.files)) console.log(`  ${file}`);
  }
}

function positiveInteger(value: string, flag: string): number {
  // commander prints an InvalidArgumentError as a one-line usage error
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive integer`);
  return n;
}
