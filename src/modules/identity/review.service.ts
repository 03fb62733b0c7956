import type { Pool } from 'pg';
import type { ReviewVerdict } from './review-decision.entity';

export interface OpenReviewItem {
  id: number;
  leftRecordId: number;
  rightRecordId: number;
  leftChildId: string;
  rightChildId: string;
  matchWeight: number;
  reason: string;
  explanation: unknown;
  countyCode: string | null;
}

/** Something a reviewer asked for that cannot be done (no such item, already decided, bad input). */
export class ReviewRefusedError extends Error {}

/**
 * The review queue: pairs the engine would not decide alone, settled by civil affairs
 * (002 §三(二): 民政 leads the comparison). A decision is stored, never edited, and obeyed by
 * every later reconciliation run; it takes effect at the next `hub reconcile`.
 */
export class ReviewService {
  constructor(private readonly pool: Pool) {}

  async openItems(options: { countyCode?: string; limit?: number } = {}): Promise<OpenReviewItem[]> {
    const { rows } = await this.pool.query(
      `SELECT id, left_record_id AS "leftRecordId", right_record_id AS "rightRecordId", left_child_id AS "leftChildId",
         right_child_id AS "rightChildId", match_weight AS "matchWeight", reason, explanation, county_code AS "countyCode"
       FROM review_item WHERE status = 'OPEN' AND ($1::text IS NULL OR county_code = $1)
       ORDER BY match_weight DESC, id LIMIT $2`,
      [options.countyCode ?? null, options.limit ?? 100],
    );
    return rows;
  }

  async decide(itemId: number, decision: ReviewVerdict, reviewer: string, reason: string): Promise<void> {
    if (decision !== 'MATCH' && decision !== 'NO_MATCH') throw new ReviewRefusedError(`decision must be MATCH or NO_MATCH, not ${String(decision)}`);
    if (reviewer.trim() === '') throw new ReviewRefusedError('a decision needs the reviewer');
    if (reason.trim() === '') throw new ReviewRefusedError('a decision needs a reason');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(`SELECT left_record_id, right_record_id, status FROM review_item WHERE id = $1 FOR UPDATE`, [itemId]);
      if (rows.length === 0) throw new ReviewRefusedError(`no review item ${itemId}`);
      if (rows[0].status !== 'OPEN') throw new ReviewRefusedError(`review item ${itemId} is ${rows[0].status.toLowerCase()}, not open`);
      await this.insertDecision(client, rows[0].left_record_id, rows[0].right_record_id, decision, reviewer, reason, itemId);
      await client.query(`UPDATE review_item SET status = 'DECIDED' WHERE id = $1`, [itemId]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /** A decision on any two source records (not only a queued pair): a reviewer who found a missed link or a false merge. */
  async decidePair(leftRecordId: number, rightRecordId: number, decision: ReviewVerdict, reviewer: string, reason: string): Promise<void> {
    if (leftRecordId === rightRecordId) throw new ReviewRefusedError('a decision needs two different records');
    const { rows } = await this.pool.query('SELECT count(*)::int AS n FROM source_record WHERE id = ANY($1::int[])', [[leftRecordId, rightRecordId]]);
    if (rows[0].n !== 2) throw new ReviewRefusedError('both records must exist');
    const client = await this.pool.connect();
    try {
      await this.insertDecision(client, leftRecordId, rightRecordId, decision, reviewer, reason, null);
    } finally {
      client.release();
    }
  }

  private async insertDecision(
    client: import('pg').PoolClient,
    a: number,
    b: number,
    decision: ReviewVerdict,
    reviewer: string,
    reason: string,
    itemId: number | null,
  ): Promise<void> {
    const [left, right] = a < b ? [a, b] : [b, a];
    await client.query(
      `INSERT INTO review_decision (left_record_id, right_record_id, decision, reviewer, reason, review_item_id, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp())`,
      [left, right, decision, reviewer.trim(), reason.trim(), itemId],
    );
  }
}
