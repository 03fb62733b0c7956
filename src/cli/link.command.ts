import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Command } from 'commander';
import { loadSettingsFile } from '../../reconciliation/hub';
import { linkTables, type TableRow } from '../../reconciliation/link-tables';
import { checkOutputFile, EXIT_REFUSED, logToStderr } from './context';

/**
 * `hub link`: the engine on two CSV files, no database. Unreadable rows are reported with their
 * line and reason on stderr and left out; the rest are linked.
 */
export function registerLink(program: Command): void {
  program
    .command('link')
    .description('link two CSV files with a settings file (no database): writes left_id,right_id,match_weight, one-to-one')
    .requiredOption('--settings <file>', 'link settings (JSON), e.g. reconciliation/settings/febrl4.json')
    .requiredOption('--left <file>', 'first CSV file (with a header row)')
    .requiredOption('--right <file>', 'second CSV file (with a header row)')
    .requiredOption('--out <file>', 'where to write the pairs')
    .option('--json', 'print a machine-readable summary on stdout')
    .action((options: { settings: string; left: string; right: string; out: string; json?: boolean }) => {
      let settings;
      let left: ReturnType<typeof readTable>;
      let right: ReturnType<typeof readTable>;
      try {
        checkOutputFile(options.out, '--out');
        settings = loadSettingsFile(options.settings);
        left = readTable(options.left);
        right = readTable(options.right);
      } catch (error) {
        logToStderr(`hub link: ${(error as Error).message}`);
        process.exitCode = EXIT_REFUSED;
        return;
      }
      const idColumn = settings.uniqueIdColumn ?? left.columns[0];
      for (const table of [left, right]) {
        if (!table.columns.includes(idColumn)) {
          logToStderr(`hub link: ${table.file} has no ${idColumn} column`);
          process.exitCode = EXIT_REFUSED;
          return;
        }
        for (const problem of table.problems) logToStderr(`${table.file}:${problem.line}: ${problem.reason} (row left out)`);
      }
      const { links, result } = linkTables(left.rows, right.rows, settings, idColumn);
      fs.writeFileSync(options.out, stringify(links.map((l) => [l.leftId, l.rightId, l.matchWeight]), { header: true, columns: ['left_id', 'right_id', 'match_weight'] }));
      const summary = {
        left: left.rows.length,
        right: right.rows.length,
        unreadable: left.problems.length + right.problems.length,
        candidatePairs: result.report.candidatePairs,
        links: links.length,
        seconds: Object.values(result.report.timings).reduce((a, b) => a + b, 0) / 1000,
        out: options.out,
      };
      if (options.json) console.log(JSON.stringify(summary));
      else console.log(`${summary.links} links between ${summary.left} and ${summary.right} rows (${summary.candidatePairs} candidate pairs) → ${summary.out}`);
    });
}

interface Table {
  file: string;
  columns: string[];
  rows: TableRow[];
  problems: { line: number; reason: string }[];
}

/** A CSV file with a header; cells are trimmed (Febrl puts a space after each comma). */
function readTable(file: string): Table {
  if (!fs.existsSync(file)) throw new Error(`no such file: ${file}`);
  const lines: string[][] = parse(fs.readFileSync(file), { bom: true, trim: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true });
  if (lines.length === 0) throw new Error(`${file} is empty`);
  const columns = lines[0];
  const rows: TableRow[] = [];
  const problems: Table['problems'] = [];
  lines.slice(1).forEach((cells, i) => {
    const line = i + 2;
    if (cells.length !== columns.length) {
      problems.push({ line, reason: `${cells.length} columns, the header has ${columns.length}` });
      return;
    }
    rows.push(Object.fromEntries(columns.map((c, k) => [c, cells[k]])));
  });
  return { file, columns, rows, problems };
}
