import { stringify } from 'csv-stringify/sync';
import type { Command } from 'commander';
import { createPrivateWriteStream } from '../fs/private-files';
import { linksForExport, unreconciledCount } from '../modules/identity/identity.store';
import { checkOutputFile, EXIT_REFUSED, logToStderr, withDatabase } from './context';

export function registerExport(program: Command): void {
  const exporter = program.command('export').description('export what the hub knows');
  exporter
    .command('links')
    .description('every imported source record with its child: CSV source,county,record_key,child_id')
    .requiredOption('--out <file>', 'where to write the CSV')
    .action(async (options: { out: string }) => {
      // Refused before the database is opened: a clear line, not a stack trace once the data is read.
      checkOutputFile(options.out, '--out');
      const written = await withDatabase(async (db) => {
        const pending = await unreconciledCount(db.pool);
        if (pending > 0) {
          logToStderr(`hub export links: ${pending} imported records are not linked yet: run hub reconcile first`);
          process.exitCode = EXIT_REFUSED;
          return null;
        }
        // Record keys are ID numbers: the file is 0600.
        const out = createPrivateWriteStream(options.out);
        // A record is named by its source, county and key: two counties' rosters number their
        // records alike (record-identity.ts).
        out.write('source,county,record_key,child_id\n');
        let count = 0;
        for await (const page of linksForExport(db.pool)) {
          out.write(stringify(page.map((r) => [r.source, r.county, r.recordKey, r.childId])));
          count += page.length;
        }
        await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
        return count;
      }, { reads: true });
      if (written !== null) console.log(`${written} records → ${options.out}`);
    });
}
