import type { ClientBase } from 'pg';

/**
 * When a child leaves the county's care, and what its cases say about it (case-flags.ts acts on
 * it at reconciliation). "Left care" is what the quarterly comparison calls DISAPPEARED with a
 * reason (changes/period-states.ts): in its county's latest period the child is not in the hub's
 * care (child_period_state.present is false), and a source says why:
 * - 18 by the period's end (no longer a minor: 002 §一(三) covers children under 18);
 * - police: the registration moved out of the county (迁出) or the child died (死亡);
 * - the school: the child died (死亡), or graduated or transferred out (毕业, 转出) while no other
 *   department's export of the period holds it (a child the roster or the police still list
 *   stays in care).
 * Police 注销 is not enough: a registration is cancelled for several reasons, one of them a
 * duplicate registration (一人多户) cleaned up while the child stays registered under the other.
 *
 * The states are those this run keeps (IdentityStore.saveRun writes them before cases follow).
 */

/** Leaving reasons (child_period_state.leaving, `field:value`) that end the hub's care of a child. */
export const LEFT_CARE_REASONS = ['birthDate:AGED_18', 'status:迁出', 'status:死亡', 'enrolmentStatus:死亡', 'enrolmentStatus:毕业', 'enrolmentStatus:转出'] as const;

/**
 * The outcome of a case settled because its child left care. AGED_OUT when the child is 18 (its
 * age is on every file a case reader sees); LEFT_CARE otherwise, the reason in the evidence:
 * a household registration 迁出 or a school's 毕业 is shown only to the roles that see that
 * section and department, as on the file and in `changes`, so it is not put in the outcome,
 * which every reader of the case sees.
 */
export const LEFT_CARE_OUTCOMES = ['AGED_OUT', 'LEFT_CARE'] as const;

/**
 * The state row (alias `gone`: period, leaving) saying that `child` left care, for a LATERAL join
 * or an EXISTS; `reasons` is the SQL of a text[] holding LEFT_CARE_REASONS. The county's latest
 * period is read from period_snapshot by its key.
 */
export function leftCareState(child: string, reasons: string): string {
  return `SELECT s.period, s.leaving FROM child_period_state s
    WHERE s.county_code = ${child}.county_code
      AND s.period = (SELECT max(p.period) FROM period_snapshot p WHERE p.county_code = ${child}.county_code)
      AND s.child_id = ${child}.id AND NOT s.present AND s.leaving && ${reasons}`;
}

/** The outcome, from the state row `gone`. */
export const LEFT_CARE_OUTCOME = `CASE WHEN 'birthDate:AGED_18' = ANY(gone.leaving) THEN 'AGED_OUT' ELSE 'LEFT_CARE' END`;

/**
 * The evidence (a jsonb array, one fact per reason), from the state row `gone` and the child `c`:
 * what the record says and which record (its opaque reference and department), never a name, an
 * ID number or a birth date. Each fact names its field, so each role is shown only what it may see.
 */
export function leftCareEvidence(reasons: string): string {
  const field = `split_part(r, ':', 1)`;
  const value = `split_part(r, ':', 2)`;
  const cited = (key: string) => `(c.golden->${field}->>'${key}')`;
  return `(SELECT jsonb_agg(CASE ${field}
      WHEN 'birthDate' THEN jsonb_build_object('text', '18 by the end of ' || gone.period, 'field', 'birthDate')
      ELSE jsonb_strip_nulls(jsonb_build_object(
        'text', CASE ${field} WHEN 'status' THEN 'household registration ' ELSE 'enrolment ' END || ${value}
          || coalesce(', ' || ${cited('source')} || ' record R' || ${cited('recordId')}, '')
          || CASE WHEN ${value} IN ('毕业', '转出') THEN '; in no other department''s export of ' || gone.period ELSE '' END,
        'field', ${field}, 'source', ${cited('source')}, 'recordId', ${cited('recordId')}))
    END ORDER BY r) FROM unnest(gone.leaving) r WHERE r = ANY(${reasons}))`;
}

/** Which of these children are out of the county's care, each looked up by its state's key. */
export async function childrenOutOfCare(client: ClientBase, childIds: readonly string[]): Promise<Set<string>> {
  if (childIds.length === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(
    `/* childrenOutOfCare */
     SELECT c.id FROM child c CROSS JOIN LATERAL (${leftCareState('c', '$2::text[]')}) gone WHERE c.id = ANY($1::text[])`,
    [childIds, LEFT_CARE_REASONS],
  );
  return new Set(rows.map((r) => r.id));
}
