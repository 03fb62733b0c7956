import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../../src/db/embedded-postgres';
import { tempDir } from '../../support/files';

/** A pid that surely belongs to no process: one that has just exited. */
const deadPid = () => spawnSync('true').pid!;

describe('the embedded PostgreSQL', () => {
  const tmp = tempDir();
  beforeAll(() => fs.chmodSync(tmp.dir, 0o755));
  afterAll(() => tmp.cleanup());

  it('reuses and adopts a server whose starter was killed, and ignores a stale pid file', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const logs: string[] = [];
    const log = (message: string) => logs.push(message);
    const first = await startEmbeddedPostgres({ dataDir, port: null, database: 'hub', log });

    // As if the hub that started it had been killed with -9: the server runs on, its owner is gone.
    fs.writeFileSync(path.join(dataDir, 'postgres.owner'), String(deadPid()));
    const second = await startEmbeddedPostgres({ dataDir, port: null, database: 'hub', log });
    expect(second.port).toBe(first.port);
    expect(logs.filter((l) => l.startsWith('reusing'))).toHaveLength(1);
    const client = new Client({ connectionString: second.appUrl });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    await client.end();

    await second.stop(); // adopted: this process stops it
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    expect(fs.existsSync(pidFile)).toBe(false);

    // A postmaster.pid left by a server that died with its machine must not block the next start.
    fs.writeFileSync(pidFile, `${deadPid()}\n${path.join(dataDir, 'pg')}\n0\n${first.port}\n`);
    const third = await startEmbeddedPostgres({ dataDir, port: null, database: 'hub', log });
    const check = new Client({ connectionString: third.appUrl });
    await check.connect();
    await check.end();
    await third.stop();
    expect(fs.existsSync(pidFile)).toBe(false);
  });
});
