import type { Pool, PoolClient } from 'pg';

/**
 * `work` in one transaction on a connection of its own: committed when it returns, rolled back
 * when it throws (the work's error is what the caller sees, not a failed rollback's).
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
