import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { runHub, startHub } from '../../support/cli';
import { csv, tempDir } from '../../support/files';
import { manyPoliceRows } from '../../support/rows';

/**
 * The whole crash story on the hub's own embedded PostgreSQL: `hub import` is killed with -9 in
 * the middle of a file, leaving its database server running; the same command again notices
 * and reuses that server, and completes the import without a partial batch or a lost row.
 */
describe('a killed import', () => {
  const tmp = tempDir();
  const ROWS = 60_000;
  beforeAll(() => fs.chmodSync(tmp.dir, 0o755)); // the embedded server runs as the postgres OS user
  afterAll(async () => {
    await runHub(['migrate'], { HUB_DATA_DIR: path.join(tmp.dir, 'data'), DATABASE_URL: undefined });
    tmp.cleanup();
  });

  it('leaves no partial batch, and the same command again completes it', async () => {
    const dataDir = path.join(tmp.dir, 'data');
    const env = { HUB_DATA_DIR: dataDir, DATABASE_URL: undefined };
    const file = tmp.file('big.csv', csv('police', manyPoliceRows(ROWS)));
    const args = ['import', 'police', file, '--period', '2024Q1', '--json'];

    const victim = startHub(args, env);
    // Kill it as soon as its first batch is committed.
    const client = await waitFor(async () => {
      const url = embeddedUrl(dataDir);
      if (!url) return null;
      const candidate = new Client({ connectionString: url });
      try {
        await candidate.connect();
        const { rows } = await candidate.query("SELECT 1 FROM import_run WHERE status = 'running' AND lines_done > 0");
        if (rows.length > 0) return candidate;
      } catch {
        // not up yet, or the schema is not there yet
      }
      await candidate.end().catch(() => undefined);
      return null;
    });
    try {
      victim.kill('SIGKILL');
      await new Promise((resolve) => victim.on('close', resolve));

      // Whatever was committed is whole: every counted row is stored, nothing more.
      const partial = (await client.query('SELECT new_count, read_count, lines_done, status FROM import_run')).rows[0];
      const stored = (await client.query('SELECT count(*)::int AS n FROM source_record')).rows[0].n;
      expect(partial.status).toBe('running');
      expect(stored).toBe(partial.new_count);
      expect(partial.read_count).toBe(partial.lines_done - 1);
      expect(stored).toBeLessThan(ROWS);
    } finally {
      await client.end();
    }

    const rerun = await runHub(args, env);
    expect(rerun.stderr).toMatch(/reusing the embedded PostgreSQL/);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ read: ROWS, new: ROWS, rejected: 0, resumed: true });

    const again = await runHub(args, env);
    expect(JSON.parse(again.stdout)).toMatchObject({ read: ROWS, new: 0, unchanged: ROWS, resumed: false });
  });
});

function embeddedUrl(dataDir: string): string | null {
  try {
    const port = fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3];
    const password = fs.readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
    return port ? `postgresql://hub:${password}@127.0.0.1:${port.trim()}/hub` : null;
  } catch {
    return null;
  }
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
