import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { loadConfig, type HubConfig } from '../config';
import { openDatabase, refuseStrayDataDir, type Database } from '../db/database';

/** Exit codes: 0 done, 1 unexpected failure, 2 refused input (the reason is printed on one line). */
export const EXIT_REFUSED = 2;

/** A command's input refused before any work: printed on one line, exit 2 (cli/main.ts). */
export class CliRefusal extends Error {}

/**
 * An output file the command will write: its folder must exist (a typo must not scatter files in
 * new folders) and it must not be a folder itself. Checked before any work, so nothing is left
 * half done when it cannot be written.
 */
export function checkOutputFile(file: string, option: string): void {
  const folder = path.dirname(path.resolve(file));
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new CliRefusal(`${option}: no such folder: ${folder} (create it first, or choose another path)`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new CliRefusal(`${option}: ${file} is a folder; name the file to write`);
}

/** A port option (--port): 1-65535, or 0 for any free port; anything else is refused. */
export function portOption(value: string): number {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('--port must be a port number (1-65535, or 0 for any free one)');
  return port;
}

/** Logs go to stderr so stdout stays clean for `--json`. */
export function logToStderr(message: string): void {
  process.stderr.write(`${message.trimEnd()}\n`);
}

/**
 * Runs a command against the hub's database, and always closes it (stopping the embedded
 * PostgreSQL if this command started it), also on Ctrl-C. A command that only `reads` the hub's
 * data (a report, a list, an export, a reviewer's decision) is refused where there is none: it
 * would make a new, empty database only to answer that nothing is in it.
 */
export async function withDatabase<T>(work: (db: Database, config: HubConfig) => Promise<T>, options: { reads?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  if (options.reads === true && config.databaseUrl === null && !fs.existsSync(path.join(config.dataDir, 'pg', 'PG_VERSION'))) {
    refuseStrayDataDir(config); // run in a subfolder: that refusal says where the data is
    throw new CliRefusal(`no hub data in ${config.dataDir}: start the hub there first (npm start), or point HUB_DATA_DIR (or DATABASE_URL) at the hub's data`);
  }
  const db = await openDatabase(config, logToStderr);
  const interrupt = () => {
    logToStderr('interrupted: committed batches are kept; run the same command again to finish');
    db.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    return await work(db, config);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await db.close();
  }
}
