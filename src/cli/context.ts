import { loadConfig, type HubConfig } from '../config';
import { openDatabase, type Database } from '../db/database';

/** Exit codes: 0 done, 1 unexpected failure, 2 refused input (the reason is printed on one line). */
export const EXIT_REFUSED = 2;

/** Logs go to stderr so stdout stays clean for `--json`. */
export function logToStderr(message: string): void {
  process.stderr.write(`${message.trimEnd()}\n`);
}

/**
 * Runs a command against the hub's database, and always closes it (stopping the embedded
 * PostgreSQL if this command started it), also on Ctrl-C.
 */
export async function withDatabase<T>(work: (db: Database, config: HubConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
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
