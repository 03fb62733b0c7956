import { MikroORM } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import type { HubConfig } from '../config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { ormConfig } from './orm.config';

/**
 * The hub's database: MikroORM for entities and migrations, and a plain `pg` pool for the few
 * bulk statements (imports) where the ORM's unit of work would cost more than it gives.
 */
export interface Database {
  readonly orm: MikroORM;
  readonly pool: Pool;
  readonly url: string;
  /** Closes connections, then stops the embedded PostgreSQL if this process started it. */
  close(): Promise<void>;
}

export async function openDatabase(
  config: Pick<HubConfig, 'databaseUrl' | 'dataDir' | 'embeddedDbPort'>,
  log: (message: string) => void = () => undefined,
): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedDbPort, database: 'hub', log });
    url = embedded.url;
  }
  try {
    return await connect(url, embedded);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** Connects to an existing database and brings its schema up to date. */
export async function connect(url: string, embedded: EmbeddedPostgres | null = null): Promise<Database> {
  const orm = await MikroORM.init(ormConfig(url));
  await orm.getMigrator().up();
  // Ten: enough for the server's concurrent reads (each waits on a commit) and the loaders of each request.
  const pool = new Pool({ connectionString: url, application_name: 'hub', max: 10 });
  return {
    orm,
    pool,
    url,
    async close() {
      await pool.end();
      await orm.close(true);
      await embedded?.stop();
    },
  };
}
