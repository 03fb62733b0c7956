import 'reflect-metadata';
import { Command } from 'commander';
import { registerChanges } from './changes.command';
import { registerCases } from './cases.command';
import { registerExport } from './export.command';
import { registerGenerate } from './generate.command';
import { registerImport } from './import.command';
import { registerLink } from './link.command';
import { registerMigrate } from './migrate.command';
import { registerReconcile } from './reconcile.command';
import { registerReview } from './review.command';
import { registerServe } from './serve.command';
import { registerStart } from './start.command';
import { registerToken } from './token.command';
import { registerWorker } from './worker.command';
import { ConfigError } from '../config';
import { CaseDueError } from '../modules/cases/case-due';
import { ReviewRefusedError } from '../modules/identity/review.service';
import { ImportRefusedError } from '../modules/ingest/source-rows';
import { CliRefusal, EXIT_REFUSED } from './context';

/** `hub`: the command line of the child-data hub. Each command lives in its own module. */
const program = new Command()
  .name('hub')
  .description('Child-data hub: reconcile civil-affairs, education and police exports into one verified file per child.')
  .showHelpAfterError('(hub --help lists the commands; hub <command> --help their options)')
  // A usage error (a missing --period, an unknown --role, an unknown command) is a refusal like
  // any other bad input: exit 2, as documented. Help and --version still exit 0. Set before the
  // commands are added, so that every command inherits it.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT_REFUSED));

registerImport(program);
registerGenerate(program);
registerStart(program);
registerServe(program);
registerToken(program);
registerReconcile(program);
registerExport(program);
registerReview(program);
registerMigrate(program);
registerLink(program);
registerChanges(program);
registerCases(program);
registerWorker(program);

// A refusal (bad configuration, bad input) is exit 2 with its reason on one line; anything else
// is an unexpected failure, exit 1.
const REFUSALS = [CliRefusal, ConfigError, ImportRefusedError, ReviewRefusedError, CaseDueError];

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`hub: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(REFUSALS.some((kind) => error instanceof kind) ? EXIT_REFUSED : 1);
});
