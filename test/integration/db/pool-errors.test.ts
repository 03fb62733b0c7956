import { Client } from 'pg';
import { createTestDatabase } from '../../support/database';

describe('the connection pool', () => {
  it('survives an idle connection ended under it (pg_terminate_backend), and goes on answering', async () => {
    const db = await createTestDatabase();
    try {
      const { rows } = await db.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // The connection is idle in the pool now: end it from another session, as an administrator would.
      const admin = new Client({ connectionString: process.env.HUB_TEST_ADMIN_URL });
      await admin.connect();
      try {
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      } finally {
        await admin.end();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Without a listener the pool's 'error' event would have thrown out of the event loop.
      const after = await db.pool.query<{ one: number }>('SELECT 1 AS one');
      expect(after.rows[0].one).toBe(1);
    } finally {
      await db.close();
    }
  });
});
