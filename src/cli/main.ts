import 'reflect-metadata';
import { Command } from 'commander';
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

/** `hub`: the command line of the child-data hub. Each command lives in its own module. */
const program = new Command()
  .name('hub')
  .description('Child-data hub: reconcile civil-affairs, education and police exports into one verified file per child.')
  .showHelpAfterError();

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

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`hub: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
