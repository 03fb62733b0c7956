import type { PoolClient } from 'pg';
import { copyBatches, copyLine } from '../../../src/db/copy';
import { createTestDatabase, type TestDatabase } from '../../support/database';

// COPY fed batch by batch while the batches are produced (the way a run writes its children).
describe('copyBatches', () => {
  let db: TestDatabase;
  let client: PoolClient;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = await db.pool.connect();
    await client.query('CREATE TEMP TABLE copied (n int NOT NULL, label text)');
  });
  afterAll(async () => {
    client.release();
    await db.close();
  });

  it('writes every row of every batch, whatever the batches weigh', async () => {
    await client.query('TRUNCATE copied');
    async function* batches() {
      for (let b = 0; b < 40; b++) {
        yield Array.from({ length: 500 }, (_, i) => copyLine([String(b * 500 + i), 'x'.repeat(b * 50)])).join('');
        if (b % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5)); // a producer that waits on something else
      }
      yield '';
    }
    await copyBatches(client, 'COPY copied FROM STDIN', batches(), 1 << 16);
    const { rows } = await client.query('SELECT count(*)::int AS n, count(DISTINCT n)::int AS d, max(n) AS top FROM copied');
    expect(rows[0]).toEqual({ n: 20_000, d: 20_000, top: 19_999 });
  });

  it('fails with the database\'s error and stops asking for batches', async () => {
    let produced = 0;
    async function* batches() {
      for (let b = 0; b < 1000; b++) {
        produced++;
        yield b === 2 ? 'not a number\tx\n' : copyLine([String(b), 'ok']);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
    await client.query('BEGIN');
    await expect(copyBatches(client, 'COPY copied FROM STDIN', batches())).rejects.toThrow(/invalid input syntax for type integer/);
    await client.query('ROLLBACK');
    expect(produced).toBeLessThan(1000);
    // The connection is usable afterwards.
    expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });
});
