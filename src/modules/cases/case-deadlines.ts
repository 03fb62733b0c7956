import type { Pool } from 'pg';
import type { Clock } from '../ingest/periods';
import { noteOverdue } from './case-transitions';

/**
 * Deadlines found by a scheduled job (jobs/tasks.ts), not only when a reconciliation happens to
 * run: each look notes and tells, in one transaction, the cases still owed that went past their
 * due date since the last look (case-transitions.ts noteOverdue: once per case and overdue spell,
 * remembered in `case.overdue_noted_at`, so a look that finds nothing new tells nothing).
 */
export async function tellOverdueCases(pool: Pool, clock: Clock): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const told = await noteOverdue(client, clock());
    await client.query('COMMIT');
    return told;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
