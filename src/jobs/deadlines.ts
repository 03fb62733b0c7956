import type { Pool } from 'pg';
import { noteOverdue } from '../modules/cases/case-transitions';
import { tellVisitsDue } from '../modules/casework/visit-due-events';
import type { Clock } from '../modules/ingest/periods';

/**
 * One look of the scheduled deadline job (tasks.ts), in one transaction: the cases still owed that
 * went past their due date since the last look (cases/case-transitions.ts noteOverdue: once per
 * case and overdue spell, remembered in `case.overdue_noted_at`), and the children looked after
 * that fell due for a visit (casework/visit-due-events.ts). A look that finds nothing new tells
 * nothing.
 */
export async function lookAtDeadlines(pool: Pool, clock: Clock): Promise<{ cases: number; visits: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const now = clock();
    // Visits first: their rule is read before the event writers' lock is taken (noteOverdue
    // takes it, and its look is quick, through a partial index).
    const visits = await tellVisitsDue(client, now);
    const cases = await noteOverdue(client, now);
    await client.query('COMMIT');
    return { cases, visits };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
