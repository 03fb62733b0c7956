import type { Pool } from 'pg';
import { IdentityStore } from '../../src/modules/identity/identity.store';
import { ReconcileService } from '../../src/modules/identity/reconcile.service';
import { ReviewService } from '../../src/modules/identity/review.service';

/**
 * Makes one child of an area hold two household registrations (一人多户), the way it happens in
 * the hub: a reviewer finds that two police records are one child (a reviewer's MATCH overrides
 * the rule that two registered ID numbers are two children), and the next run joins them.
 * Returns that child's id.
 */
export async function duplicateRegistrationIn(pool: Pool, areaPrefix: string): Promise<string> {
  const { rows } = await pool.query(
    `SELECT min(r.id) AS record, cr.child_id FROM source_record r JOIN child_record cr ON cr.source_record_id = r.id JOIN child c ON c.id = cr.child_id
     WHERE r.source = 'police' AND c.area_code LIKE $1 || '%' GROUP BY cr.child_id ORDER BY cr.child_id LIMIT 2`,
    [areaPrefix],
  );
  if (rows.length < 2) throw new Error(`fewer than two registered children in ${areaPrefix}`);
  await new ReviewService(pool).decidePair(rows[0].record, rows[1].record, 'MATCH', 'test-reviewer', 'the household register lists her twice');
  await new ReconcileService(new IdentityStore(pool)).reconcile();
  const { rows: child } = await pool.query(`SELECT child_id FROM child_record WHERE source_record_id = $1`, [rows[0].record]);
  return child[0].child_id;
}
