import type { PoolClient } from 'pg';
import { periodEndDate } from '../ingest/periods';

/**
 * Keeps each county's latest period's state of every child (child_period_state), inside the
 * reconciliation run's transaction (IdentityStore.saveRun): the state of a period is what the
 * runs made of it while it was the county's latest, and stays so once a later period lands.
 *
 * - A county's period seen for the first time is written whole: all its children, not only those
 *   this run rebuilt (a child no export of the new period holds must be there to disappear).
 * - A period already written is brought up to date with the children this run wrote (and those it
 *   absorbed into others). Nothing else can change: a child's state moves only with its records,
 *   which the run rebuilds it for, and with its county's day, which is a new period.
 * - An incremental run may write a new period whole early, from the children as they stand before
 *   it writes any (recordNewPeriodStates: the database does it while the run links), and then
 *   bring it up to date like a period already written, with the children it wrote, absorbed, or
 *   whose flags it re-evaluated for the new day. The states are the same as if written at the end.
 *
 * Set-based: a few INSERT … SELECT statements per county and period, whatever the number of children.
 */

/**
 * Leaving reasons (child_period_state.leaving) that take a child out of the period's care
 * whatever the exports hold. A school's 毕业 or 转出 takes it out of the school's export only: a
 * child that civil affairs or police still list stays.
 */
export const GONE_REASONS = ['status:迁出', 'status:死亡', 'status:注销', 'enrolmentStatus:死亡', 'birthDate:AGED_18'] as const;

export interface RunWrites {
  runId: number;
  /**
   * A table of this transaction holding the ids of the children the run wrote (column `id`), and
   * of those whose flags it re-evaluated.
   */
  writtenTable: string;
  /** Child ids absorbed by a merge in this run. */
  removed: readonly string[];
  /** The new periods recordNewPeriodStates wrote whole earlier in this transaction. */
  writtenEarly?: readonly CountyPeriod[];
}

export interface CountyPeriod {
  county: string;
  period: string;
}

interface Target {
  county: string;
  period: string;
  /** A child born on or before this day is 18 at the period's end. */
  adultBornBy: string;
  whole: boolean;
}

const STATE_COLUMNS = 'county_code, period, child_id, area_code, flag_names, category, verification, sources, leaving, present';

/**
 * The state of child `c` in the period the statement is for ($1 county, $2 period, $3 the day by
 * which a child born is 18 at the period's end, $4 GONE_REASONS), given its sources in the period
 * (`s.sources`) and what it reads of the golden record (child.entity.ts: kept beside it, as
 * reading it out of half a million golden documents took seconds). One statement per period,
 * its county and period as values: PostgreSQL then reads only the period's records for the
 * sources, and deletes by the state's key (a list of periods joined in made it hash every record,
 * or every state, of the county).
 */
function stateSelect(sources: string): string {
  const leaving = `(c.leaving_facts || CASE WHEN c.golden_birth_date <= $3::text THEN ARRAY['birthDate:AGED_18'] ELSE '{}'::text[] END)`;
  return `$1::text, $2::text, c.id, c.area_code, c.flag_names,
    CASE WHEN c.golden_category ?| ARRAY['困境儿童', '散居孤儿'] THEN 'IN_DIFFICULTY'
         WHEN c.golden_category ? '留守儿童' THEN 'LEFT_BEHIND' END,
    c.verification, coalesce(${sources}, '{}'::text[]), ${leaving},
    (coalesce(${sources}, '{}'::text[]) && ARRAY['civil-affairs', 'police']
      OR ('education' = ANY(coalesce(${sources}, '{}'::text[])) AND NOT (c.leaving_facts && ARRAY['enrolmentStatus:毕业', 'enrolmentStatus:转出', 'enrolmentStatus:死亡'])))
    AND NOT (${leaving} && $4::text[])`;
}

/** A state statement's values ($1–$4 of stateSelect). */
function stateParams(t: Target): unknown[] {
  return [t.county, t.period, t.adultBornBy, [...GONE_REASONS]];
}

/**
 * Starts writing whole each county's latest period not kept yet, from the children as they stand:
 * for an incremental run to call inside its transaction before it writes any child, so that the
 * database writes the county's states while the run links. Returns once the first statement is
 * sent (`written` settles when all are done; the connection takes nothing else meanwhile).
 * recordPeriodStates must then be told (`writtenEarly`): it brings these periods up to date with
 * what the run changed.
 */
export async function startNewPeriodStates(client: PoolClient): Promise<{ written: Promise<CountyPeriod[]> }> {
  const targets = (await periodTargets(client)).filter((t) => t.whole);
  if (targets.length === 0) return { written: Promise.resolve([]) };
  // writeWhole sends its first statement before its first await: it is on its way when this returns.
  const written = writeWhole(client, targets).then(() => targets.map(({ county, period }) => ({ county, period })));
  return { written };
}

export async function recordPeriodStates(client: PoolClient, writes: RunWrites): Promise<void> {
  const early = new Set((writes.writtenEarly ?? []).map((t) => `${t.county}:${t.period}`));
  const found = await periodTargets(client);
  // A new period written early is kept now: only the children the run changed are written again.
  const targets = found.map((t) => (early.delete(`${t.county}:${t.period}`) ? { ...t, whole: false } : t));
  // A period written early that is no county's latest any more (a later one was imported while the
  // run linked) is not kept: its states go, and the later period is written whole below.
  for (const gone of early) {
    const [county, period] = gone.split(':');
    await client.query(`/* forgetEarlyPeriodStates */ DELETE FROM child_period_state WHERE county_code = $1 AND period = $2`, [county, period]);
  }
  if (targets.length === 0) return;

  // A period already kept: the children this run wrote or absorbed leave it, and those written
  // come back as they are now, each by its key.
  for (const t of targets.filter((target) => !target.whole)) {
    await client.query(
      `/* forgetRewrittenPeriodStates */
       DELETE FROM child_period_state WHERE county_code = $1 AND period = $2
         AND child_id = ANY(ARRAY(SELECT id::text FROM ${writes.writtenTable}) || $3::text[])`,
      [t.county, t.period, [...writes.removed]],
    );
    await client.query(
      `/* recordRewrittenPeriodStates */
       INSERT INTO child_period_state (${STATE_COLUMNS})
       SELECT ${stateSelect('s.sources')}
       FROM child c
       LEFT JOIN LATERAL (
         SELECT array_agg(DISTINCT r.source::text ORDER BY r.source::text) AS sources
         FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id WHERE cr.child_id = c.id AND r.period = $2::text
       ) s ON true
       WHERE c.id = ANY(ARRAY(SELECT id FROM ${writes.writtenTable})) AND c.county_code = $1::text`,
      stateParams(t),
    );
  }
  // A period seen for the first time: every child of the county.
  const whole = targets.filter((t) => t.whole);
  if (whole.length > 0) await writeWhole(client, whole);
  // A whole period doubles the table's rows for the county at once: the comparison's plans need
  // to know (autovacuum would analyse it only later).
  if (whole.length > 0 || (writes.writtenEarly ?? []).length > 0) await client.query('ANALYZE child_period_state');
  await client.query(
    `/* recordPeriodSnapshots */
     INSERT INTO period_snapshot (county_code, period, first_run_id, last_run_id)
     SELECT county, period, $3, $3 FROM unnest($1::text[], $2::text[]) AS t(county, period)
     ON CONFLICT (county_code, period) DO UPDATE SET last_run_id = EXCLUDED.last_run_id`,
    [targets.map((t) => t.county), targets.map((t) => t.period), writes.runId],
  );
}

/**
 * Every child of each target's county, in its period (targets seen for the first time). The
 * sources come from the period's records only: in a quarter whose export holds a few changed rows,
 * a few thousand, not the county's million.
 */
async function writeWhole(client: PoolClient, targets: readonly Target[]): Promise<void> {
  for (const t of targets) {
    await client.query(
      `/* recordWholePeriodStates */
       INSERT INTO child_period_state (${STATE_COLUMNS})
       SELECT ${stateSelect('s.sources')}
       FROM child c
       LEFT JOIN (
         SELECT cr.child_id, array_agg(DISTINCT r.source::text ORDER BY r.source::text) AS sources
         FROM source_record r JOIN child_record cr ON cr.source_record_id = r.id
         WHERE r.period = $2::text
         GROUP BY cr.child_id
       ) s ON s.child_id = c.id
       WHERE c.county_code = $1::text`,
      stateParams(t),
    );
  }
}

/**
 * Each county's latest period (as IdentityStore.latestPeriods reads it, here inside the run's
 * transaction), and whether it is kept already.
 */
async function periodTargets(client: PoolClient): Promise<Target[]> {
  const { rows } = await client.query<{ county: string; period: string; kept: boolean }>(
    `/* latestPeriodsToKeep */
     SELECT l.county, l.period, EXISTS (SELECT 1 FROM period_snapshot p WHERE p.county_code = l.county AND p.period = l.period) AS kept
     FROM (SELECT county_code AS county, max(period) AS period FROM import_run
           WHERE status = 'done' AND county_code IS NOT NULL AND new_count + updated_count + unchanged_count > 0
           GROUP BY county_code) l
     ORDER BY l.county`,
  );
  return rows.map((r) => ({ county: r.county, period: r.period, adultBornBy: yearsBefore(periodEndDate(r.period), 18), whole: !r.kept }));
}

/** The same day `years` years earlier (29 February stays as text: it compares correctly). */
function yearsBefore(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
}
