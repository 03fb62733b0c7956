import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ChinaDivisionRegistry } from '../areas/china-division-registry';
import { ImportRefusedError } from '../modules/ingest/source-rows';
import { ImportService, assertReadableCsv, type ImportSummary } from '../modules/ingest/import.service';
import { SOURCES, parsePeriod } from '../modules/ingest/periods';
import { isCountyCode } from '../modules/ingest/record-identity';
import { checkOutputFile, EXIT_REFUSED, logToStderr, withDatabase } from './context';
import { progressBar } from './progress';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import one department export (CSV) for a period; unreadable rows go to an error report')
    .argument('<source>', `which department: ${SOURCES.join(' | ')}`)
    .argument('<file>', 'the export, CSV (UTF-8, with or without BOM; GB18030 is detected)')
    .requiredOption('--period <quarter>', 'the quarter the export belongs to, e.g. 2024Q1')
    .option('--county <code>', 'the county that exported the file, 6 digits (default: the county its rows\' area codes name)')
    .option('--errors <path>', 'where to write the error report (default: under the data directory)')
    .option('--no-reconcile', 'do not queue the incremental reconciliation that follows an import (run `hub reconcile` yourself)')
    .option('--json', 'print a machine-readable summary on stdout')
    .action(async (source: string, file: string, options: { period: string; county?: string; errors?: string; json?: boolean; reconcile: boolean }) => {
      try {
        // Refuse bad arguments before starting anything.
        if (!(SOURCES as readonly string[]).includes(source)) throw new ImportRefusedError(`unknown source "${source}": expected one of ${SOURCES.join(', ')}`);
        parsePeriod(options.period);
        if (options.county !== undefined && !isCountyCode(options.county.trim())) {
          throw new ImportRefusedError(`--county must name a county (a 6-digit GB/T 2260 code such as 500109), not "${options.county}"`);
        }
        assertReadableCsv(file);
        // Checked before a row is written: an import must not stop half done for its report.
        if (options.errors !== undefined) checkOutputFile(options.errors, '--errors');
        const summary = await withDatabase(async (db, config) => {
          const service = new ImportService(db.pool, ChinaDivisionRegistry.load(), path.join(config.dataDir, 'import-errors'));
          const bar = progressBar('importing', 'MB');
          const totalMb = fileSizeMb(file);
          try {
            return await service.importFile(file, {
              source,
              period: options.period,
              // Civil-affairs record numbers and temporary student numbers are numbered per
              // county: the county makes them one county's records (record-identity.ts).
              county: options.county,
              errorsPath: options.errors,
              reconcile: options.reconcile,
              log: logToStderr,
              onProgress: ({ bytes }) => bar.update(bytes / 1e6, totalMb),
            });
          } finally {
            bar.stop();
          }
        });
        console.log(options.json ? JSON.stringify(publicSummary(summary)) : describe(summary));
      } catch (error) {
        if (error instanceof ImportRefusedError) {
          console.error(`hub import: ${error.message}`);
          process.exitCode = EXIT_REFUSED;
          return;
        }
        throw error;
      }
    });
}

export function publicSummary(summary: ImportSummary) {
  const { read, updated, unchanged, rejected, errorsFile, importId, source, period, county, resumed, problems } = summary;
  return { read, new: summary.new, updated, unchanged, rejected, errorsFile, importId, source, period, county, resumed, problems };
}

function describe(s: ImportSummary): string {
  const lines = [
    `${s.source} ${s.period} of county ${s.county ?? 'unknown'}${s.resumed ? ' (resumed an interrupted import)' : ''}: read ${s.read} rows — ` +
      `${s.new} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`,
  ];
  if (s.problems.length > 0) {
    const counted = s.problems.map((p) => `${p.code} ${p.rows}`).join(', ');
    lines.push(`rows kept with a problem (the value left empty or coarser; each record says why): ${counted}`);
  }
  if (s.errorsFile) lines.push(`rejected rows, with their line and reason: ${s.errorsFile}`);
  return lines.join('\n');
}

function fileSizeMb(file: string): number {
  try {
    return fs.statSync(file).size / 1e6;
  } catch {
    return 0;
  }
}
