import type { Pool } from 'pg';
import { ACCESS } from '../../auth/access';
import type { Viewer } from '../../auth/viewer';
import { checkPageSize } from '../common/requests';
import { recordRef } from '../sharing/child.view';
import type { ReviewVerdict } from './review-decision.entity';
import type { PairComparison } from './review-reason';

export interface OpenReviewItem {
  id: number;
  leftRecordId: number;
  rightRecordId: number;
  leftChildId: string;
  rightChildId: string;
  matchWeight: number;
  reason: string;
  /** The guard or the thresholds (null on items written before it was kept). */
  heldBy: string | null;
  explanation: unknown;
  countyCode: string | null;
}

/**
 * One record of a review pair, as a reviewer reads it beside the other: what the department's
 * export says of the child (normalised), not the golden record.
 */
export interface ReviewRecord {
  /** The opaque reference (R…) the child's file and flag evidence use. */
  ref: string;
  source: string;
  /** The department's own key (an ID number for police and most students); null for roles that see masked ID numbers. */
  recordKey: string | null;
  name: string | null;
  birthDate: string | null;
  sex: string | null;
  idNumber: string | null;
  areaCode: string | null;
  fatherName: string | null;
  fatherIdNumber: string | null;
  motherName: string | null;
  motherIdNumber: string | null;
  guardianName: string | null;
  guardianRelation: string | null;
  guardianPhone: string | null;
}

/** A review item with both of its records: what `hub review list` and `reviewQueue` show. */
export interface ReviewPairView {
  id: number;
  left: ReviewRecord;
  right: ReviewRecord;
  leftChildId: string;
  rightChildId: string;
  matchWeight: number;
  reason: string;
  heldBy: string | null;
  comparisons: PairComparison[];
}

/** A child with a valid ID number whom the police export does not hold: a data-quality finding. */
export interface NoPoliceRecordFinding {
  childId: string;
  areaCode: string | null;
  name: string | null;
  birthDate: string | null;
  idNumber: string | null;
  sources: string[];
}

const RECORD_FIELDS = [
  'name', 'birthDate', 'sex', 'idNumber', 'areaCode', 'fatherName', 'fatherIdNumber', 'motherName', 'motherIdNumber', 'guardianName', 'guardianRelation', 'guardianPhone',
] as const;

const ITEM_COLUMNS = `i.id, i.left_record_id AS "leftRecordId", i.right_record_id AS "rightRecordId", i.left_child_id AS "leftChildId",
  i.right_child_id AS "rightChildId", i.match_weight AS "matchWeight", i.reason, i.held_by AS "heldBy", i.explanation, i.county_code AS "countyCode"`;

/**
 * Whether a review item touches an area (a GB/T 2260 prefix given as the SQL parameter `param`):
 * either of its records was exported by a county in it, or either of its children lives in it.
 * A pair that spans two counties is shown to both (either may settle it), and a town's backlog
 * counts the pairs of its own children only.
 */
const TOUCHES_AREA = (param: string) => `(
  EXISTS (SELECT 1 FROM source_record r WHERE r.id IN (i.left_record_id, i.right_record_id) AND r.county_code LIKE ${param} || '%')
  OR EXISTS (SELECT 1 FROM child c WHERE c.id IN (
       coalesce((SELECT a.child_id FROM child_alias a WHERE a.alias = i.left_child_id), i.left_child_id),
       coalesce((SELECT a.child_id FROM child_alias a WHERE a.alias = i.right_child_id), i.right_child_id))
     AND c.area_code >= ${param} AND c.area_code < ${param} || ':'))`;

function asApiItem(item: ReviewPairView) {
  return { ...item, id: String(item.id), explanation: item.comparisons };
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

  async openItems(options: { countyCode?: string; areaPrefix?: string; limit?: number } = {}): Promise<OpenReviewItem[]> {
    const area = options.areaPrefix ?? options.countyCode ?? null;
    const { rows } = await this.pool.query(
      `/* openReviewItems */ SELECT ${ITEM_COLUMNS} FROM review_item i
       WHERE i.status = 'OPEN' AND ($1::text IS NULL OR ${TOUCHES_AREA('$1')})
       ORDER BY i.match_weight DESC, i.id LIMIT $2`,
      [area, options.limit ?? 100],
    );
    return rows;
  }

  /** Open items that touch an area: what a county's reviewers settle, and what a dashboard counts. */
  async openCount(areaPrefix: string): Promise<number> {
    const { rows } = await this.pool.query(`/* openReviewCount */ SELECT count(*)::int AS n FROM review_item i WHERE i.status = 'OPEN' AND ${TOUCHES_AREA('$1')}`, [areaPrefix]);
    return rows[0].n;
  }

  /**
   * Items with both records side by side. `fullKeys`: whether record keys (ID numbers for police
   * and most students) are shown; ID numbers in the fields are masked for a masked role where
   * every answer is (graphql/id-masking.plugin.ts), not here.
   */
  async withRecords(items: readonly OpenReviewItem[], fullKeys: boolean): Promise<ReviewPairView[]> {
    const ids = [...new Set(items.flatMap((i) => [i.leftRecordId, i.rightRecordId]))];
    const { rows } = await this.pool.query(
      `/* reviewPairRecords */
       SELECT r.id, r.source, r.record_key AS "recordKey", v.normalised FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id
       WHERE r.id = ANY($1::int[])`,
      [ids],
    );
    const records = new Map<number, ReviewRecord>();
    for (const row of rows) {
      const record: Record<string, string | null> = { ref: recordRef(row.id), source: row.source, recordKey: fullKeys ? row.recordKey : null };
      for (const field of RECORD_FIELDS) {
        const value = row.normalised?.[field];
        record[field] = typeof value === 'string' && value !== '' ? value : null;
      }
      records.set(row.id, record as unknown as ReviewRecord);
    }
    return items.map((item) => ({
      id: item.id,
      left: records.get(item.leftRecordId)!,
      right: records.get(item.rightRecordId)!,
      leftChildId: item.leftChildId,
      rightChildId: item.rightChildId,
      matchWeight: item.matchWeight,
      reason: item.reason,
      heldBy: item.heldBy,
      comparisons: (Array.isArray(item.explanation) ? item.explanation : []) as PairComparison[],
    }));
  }

  /** The open items of the viewer's county, as the API shows them. */
  async queue(viewer: Viewer, first: number) {
    checkPageSize(first);
    const [open, items] = await Promise.all([this.openCount(viewer.area), this.openItems({ areaPrefix: viewer.area, limit: first })]);
    return { open, items: (await this.withRecords(items, ACCESS[viewer.role].fullIdNumbers)).map(asApiItem) };
  }

  /**
   * Children with a valid ID number but no record in this county's police export ("no police
   * record found"): registered elsewhere, moved, or not linked yet. For civil affairs to look
   * into; not on the police's UNREGISTERED list.
   */
  async noPoliceRecordFound(options: { countyCode?: string; limit?: number } = {}): Promise<NoPoliceRecordFinding[]> {
    const { rows } = await this.pool.query(
      `/* noPoliceRecordFound */
       SELECT c.id AS "childId", c.area_code AS "areaCode", c.golden->'name'->>'value' AS name, c.golden->'birthDate'->>'value' AS "birthDate",
              c.golden->'idNumber'->>'value' AS "idNumber", c.sources
       FROM child c WHERE (c.record_quality->'police'->>'noRecordFound')::int > 0 AND ($1::text IS NULL OR c.county_code = $1)
       ORDER BY c.area_code, c.id LIMIT $2`,
      [options.countyCode ?? null, options.limit ?? 100],
    );
    return rows;
  }

  /** A reviewer's decision through the API: the item must touch the reviewer's county (open or decided: a later decision supersedes). */
  async decideAsViewer(viewer: Viewer, input: { id: string; decision: ReviewVerdict; reason: string }) {
    const id = Number(input.id);
    const { rows } = await this.pool.query(`/* reviewItemInArea */ SELECT 1 FROM review_item i WHERE i.id = $1 AND ${TOUCHES_AREA('$2')}`, [
      Number.isSafeInteger(id) ? id : -1,
      viewer.area,
    ]);
    // An item that touches nothing of the viewer's county is answered as one that does not exist.
    if (rows.length === 0) throw new ReviewRefusedError(`no review item ${input.id}`);
    await this.decide(id, input.decision, viewer.sub, input.reason);
    const item = await this.pool.query(`/* reviewItem */ SELECT ${ITEM_COLUMNS} FROM review_item i WHERE i.id = $1`, [id]);
    return asApiItem((await this.withRecords(item.rows, ACCESS[viewer.role].fullIdNumbers))[0]);
  }

  /**
   * Records a decision on an item's pair. An item already decided (or no longer proposed) takes a
   * new decision too: decisions are never edited, a later one on the same pair supersedes the
   * earlier, and the next run obeys the latest. Returns the decision it supersedes, if any.
   */
  async decide(itemId: number, decision: ReviewVerdict, reviewer: string, reason: string): Promise<{ supersedes: ReviewVerdict | null }> {
    if (decision !== 'MATCH' && decision !== 'NO_MATCH') throw new ReviewRefusedError(`decision must be MATCH or NO_MATCH, not ${String(decision)}`);
    if (reviewer.trim() === '') throw new ReviewRefusedError('a decision needs the reviewer');
    if (reason.trim() === '') throw new ReviewRefusedError('a decision needs a reason');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(`SELECT left_record_id, right_record_id, status FROM review_item WHERE id = $1 FOR UPDATE`, [itemId]);
      if (rows.length === 0) throw new ReviewRefusedError(`no review item ${itemId}`);
      const { rows: earlier } = await client.query(
        `/* latestDecisionOnPair */ SELECT decision FROM review_decision WHERE left_record_id = $1 AND right_record_id = $2 ORDER BY id DESC LIMIT 1`,
        [rows[0].left_record_id, rows[0].right_record_id],
      );
      await this.insertDecision(client, rows[0].left_record_id, rows[0].right_record_id, decision, reviewer, reason, itemId);
      await client.query(`UPDATE review_item SET status = 'DECIDED' WHERE id = $1`, [itemId]);
      await client.query('COMMIT');
      return { supersedes: earlier[0]?.decision ?? null };
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
