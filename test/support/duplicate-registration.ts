import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { idCheckDigit } from '../../reconciliation/normalise/ids';
import { ChinaDivisionRegistry } from '../../src/areas/china-division-registry';
import { IdentityStore } from '../../src/modules/identity/identity.store';
import { ReconcileService } from '../../src/modules/identity/reconcile.service';
import { ReviewService } from '../../src/modules/identity/review.service';
import { ImportService } from '../../src/modules/ingest/import.service';

/**
 * Makes a registered child of an area hold two household registrations (一人多户), the way it
 * happens: the police export lists the child a second time under another number (same name,
 * birth date, sex and address), a reviewer finds that the two are one child (a reviewer's MATCH
 * overrides the rule that two registered ID numbers are two children), and the next run joins
 * them. Returns that child's id.
 */
export async function duplicateRegistrationIn(pool: Pool, areaPrefix: string, period = '2024Q1'): Promise<string> {
  const { rows } = await pool.query(
    `SELECT r.id, v.raw FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id JOIN child_record cr ON cr.source_record_id = r.id
     JOIN child c ON c.id = cr.child_id
     WHERE r.source = 'police' AND c.area_code LIKE $1 || '%' AND v.normalised->>'idStatus' = 'valid' ORDER BY r.id LIMIT 1`,
    [areaPrefix],
  );
  if (rows.length === 0) throw new Error(`no registered child in ${areaPrefix}`);
  const [{ id: first, raw }] = rows;
  const number = String(raw['公民身份号码']);
  // The same region, birth date and sex; another sequence.
  const first17 = `${number.slice(0, 14)}9${(Number(number[15]) + 1) % 10}${number[16]}`;
  const second = `${first17}${idCheckDigit(first17)}`;
  const errors = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-errors-'));
  const imported = await new ImportService(pool, ChinaDivisionRegistry.load(), errors).importRows([{ ...raw, 公民身份号码: second }], { source: 'police', period, county: areaPrefix.slice(0, 6) });
  fs.rmSync(errors, { recursive: true, force: true });
  if (imported.new !== 1) throw new Error('the second registration was not imported');
  const reconcile = new ReconcileService(new IdentityStore(pool));
  await reconcile.reconcile();
  const { rows: added } = await pool.query(`SELECT id FROM source_record WHERE source = 'police' AND record_key = $1`, [second]);
  await new ReviewService(pool).decidePair(first, added[0].id, 'MATCH', 'test-reviewer', 'the household register lists her twice');
  await reconcile.reconcile();
  const { rows: child } = await pool.query(`SELECT child_id FROM child_record WHERE source_record_id = $1`, [first]);
  return child[0].child_id;
}
