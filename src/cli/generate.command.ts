import { InvalidArgumentError, type Command } from 'commander';
import { generateCounty, parseNoise } from '../generate';
import { ChinaDivisionRegistry } from '../areas/china-division-registry';
import { isCountyCode } from '../modules/ingest/record-identity';
import { CliRefusal } from './context';
import { progressBar } from './progress';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a generated county: the three exports with realistic trouble, plus the ground truth (no real person)')
    .requiredOption('--children <n>', 'children in the county', (v) => positiveInteger(v, '--children'))
    .option('--seed <s>', 'seed: the same seed gives the same files', '1')
    .requiredOption('--out <dir>', 'output folder')
    .option('--noise <level>', 'low | realistic | hard', 'realistic')
    .option('--county <code>', '6-digit GB/T 2260 county code', '500109')
    .option('--period <quarter>', 'the period the exports are for', '2024Q1')
    .option('--json', 'print a machine-readable summary on stdout')
    .action(async (options: { children: number; seed: string; out: string; noise: string; county: string; period: string; json?: boolean }) => {
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
        { children: options.children, seed: options.seed, noise, county: options.county, period: options.period },
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

function positiveInteger(value: string, flag: string): number {
  // commander prints an InvalidArgumentError as a one-line usage error
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive integer`);
  return n;
}
