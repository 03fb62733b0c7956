import type { PoolClient } from 'pg';
import { lockEventWriters } from '../events/outbox';
import { RULE_KINDS, type CaseKind } from './case-kinds';
import { childrenOutOfCare, LEFT_CARE_OUTCOME, LEFT_CARE_REASONS, leftCareEvidence, leftCareState } from './case-leaving';
import { appendEvents, changeStatus, HUB_ACTOR, noteOverdue, openCases, type CaseNote, type OpenRequest, type StatusChange } from './case-transitions';

/**
 * Rule-opened cases follow the data, inside the reconciliation run's own transaction
 * (IdentityStore.saveRun calls `followReconciliation` once the children are written): if the
 * run fails, no case moved either. Set-based: a few statements per run, whatever the number of
 * children, each reading the flagged children or the cases that hold a flag, never every child.
 *
 * A case "holds" its flag (case.flag_held) while the flag is present on the child. So:
 * - a flag present on a child and held by no case was raised: a case opens (referring to the
 *   child's last case of the kind, if any), or the case of the kind still owed takes it;
 * - a held flag no longer present was cleared: the case still owed is RESOLVED by the hub with
 *   the evidence (record references and sources, no names, no ID numbers);
 * - a person who closes a case while the flag is still there leaves the hold in place: the flag
 *   must clear and come back before a new case opens;
 * - a child who left the county's care (18, moved out, died: case-leaving.ts) has its cases
 *   settled or handed back to the people working them (settleLeftCare), and no case opens for it
 *   while it stays out; one that comes back into care with the flag gets a new case.
 *
 * Cases opened, resolved, closed (merged away) and first seen overdue are told in the outbox with
 * the change (case-transitions.ts), in bulk. The event writers' lock is taken before any case row
 * (the run usually holds it already, from writing its children's flags).
 */
export async function followReconciliation(client: PoolClient, merged: readonly { absorbed: string; into: string }[], now: Date = new Date()): Promise<void> {
  await lockEventWriters(client);
  await followMergedChildren(client, merged.map((m) => m.absorbed), now);
  await followAreas(client);
  await resolveCleared(client, now);
  await settleLeftCare(client, now);
  await openRaised(client, now);
  await noteOverdue(client, now);
}

/** The (kind, flag) pairs as SQL rows. */
const RULES_SQL = `(VALUES ${RULE_KINDS.map(({ kind, flag }) => `('${kind}', '${flag}')`).join(', ')}) AS rule(kind, flag)`;

/**
 * Cases of a child a merge absorbed move to the surviving child (read from child_alias, which
 * this run has written: an id absorbed twice in one run ends on the last survivor). Where both
 * had a case of one kind still owed, the absorbed one is closed as MERGED, pointing at the one
 * that goes on, so that one child has one case per kind.
 */
async function followMergedChildren(client: PoolClient, absorbed: string[], now: Date): Promise<void> {
  if (absorbed.length === 0) return;
  const { rows: duplicates } = await client.query(
    `/* casesMergedAway */
     SELECT k.id::text AS id, s.id::text AS survivor, k.flag_held AND s.flag_held AS "bothHeld"
     FROM "case" k JOIN child_alias a ON a.alias = k.child_id
       JOIN "case" s ON s.child_id = a.child_id AND s.kind = k.kind AND s.status IN ('OPEN', 'IN_PROGRESS')
     WHERE k.child_id = ANY($1::text[]) AND k.status IN ('OPEN', 'IN_PROGRESS')`,
    [absorbed],
  );
  const closed: StatusChange[] = duplicates.map((d) => ({
    caseId: d.id, status: 'CLOSED', action: 'MERGED', outcome: null, note: `the child was merged into another; case ${d.survivor} goes on`,
    details: { continuedIn: d.survivor }, actor: HUB_ACTOR, releaseFlag: true,
  }));
  await changeStatus(client, closed, now);
  // A settled case of the absorbed child may hold the same flag as one of the survivor's: one hold stays.
  await client.query(
    `/* caseHoldsMergedAway */
     UPDATE "case" k SET flag_held = false FROM child_alias a
     WHERE k.child_id = ANY($1::text[]) AND a.alias = k.child_id AND k.flag_held
       AND EXISTS (SELECT 1 FROM "case" s WHERE s.child_id = a.child_id AND s.kind = k.kind AND s.flag_held)`,
    [absorbed],
  );
  await client.query(
    `/* casesFollowMerge */ UPDATE "case" k SET child_id = a.child_id FROM child_alias a WHERE k.child_id = ANY($1::text[]) AND a.alias = k.child_id`,
    [absorbed],
  );
}

/**
 * A case lies in its child's current area (a child who moves village takes its cases to the new
 * village's director). Only the children this run wrote can have moved: read from the run's
 * staging table (IdentityStore.writeChildren), which lives until the run commits.
 */
async function followAreas(client: PoolClient): Promise<void> {
  await client.query(
    `/* casesFollowArea */
     UPDATE "case" k SET area_code = n.area_code, county_code = n.county_code
     FROM incoming_child n WHERE k.child_id = n.id AND (k.area_code IS DISTINCT FROM n.area_code OR k.county_code IS DISTINCT FROM n.county_code)`,
  );
}

/**
 * The evidence that a flag cleared, per kind: what the record now says and which record (its
 * opaque reference and department), never a name or an ID number.
 */
const CLEARED_EVIDENCE = `
  CASE
    WHEN c.id IS NULL THEN jsonb_build_object('text', 'the child is in no export any more')
    WHEN k.kind = 'DROPOUT_FOLLOW_UP' AND c.golden->'enrolmentStatus'->>'value' IS NOT NULL THEN
      jsonb_build_object('text', 'enrolment ' || (c.golden->'enrolmentStatus'->>'value') || ', education record R' || (c.golden->'enrolmentStatus'->>'recordId'),
        'field', 'enrolmentStatus', 'source', c.golden->'enrolmentStatus'->>'source', 'recordId', c.golden->'enrolmentStatus'->>'recordId')
    WHEN k.kind = 'REGISTRATION' AND police.id IS NOT NULL THEN
      jsonb_build_object('text', 'household registration found: police record R' || police.id, 'source', 'police', 'recordId', police.id::text)
    WHEN k.kind = 'REGISTRATION' THEN jsonb_build_object('text', 'a valid ID number is now known for the child', 'field', 'idNumber')
    WHEN k.kind = 'MANDATORY_REPORT' AND c.golden->'guardianshipType'->>'value' IS DISTINCT FROM '无人监护' AND c.golden->'guardianshipType'->>'value' IS NOT NULL THEN
      jsonb_build_object('text', 'guardianship ' || (c.golden->'guardianshipType'->>'value') || ', ' || (c.golden->'guardianshipType'->>'source') || ' record R' || (c.golden->'guardianshipType'->>'recordId'),
        'field', 'guardianshipType', 'source', c.golden->'guardianshipType'->>'source', 'recordId', c.golden->'guardianshipType'->>'recordId')
    ELSE jsonb_build_object('text', rule.flag || ' no longer applies as of ' || coalesce(c.flags_as_of::text, 'the latest period'))
  END`;

/** The outcome a clearing shows, where the record says it; null when the flag lapsed otherwise (an age, say). */
const CLEARED_OUTCOME = `
  CASE
    WHEN c.id IS NULL THEN NULL
    WHEN k.kind = 'DROPOUT_FOLLOW_UP' THEN CASE c.golden->'enrolmentStatus'->>'value' WHEN '在读' THEN 'RETURNED_TO_SCHOOL' WHEN '转出' THEN 'TRANSFERRED' WHEN '休学' THEN 'EXEMPT' END
    WHEN k.kind = 'REGISTRATION' THEN 'REGISTERED'
    WHEN k.kind = 'MANDATORY_REPORT' AND c.golden->'guardianshipType'->>'value' IS DISTINCT FROM '无人监护' AND c.golden->'guardianshipType'->>'value' IS NOT NULL THEN 'GUARDIANSHIP_RESTORED'
  END`;

/**
 * A mandatory report that a person made, joined or has taken a step on is about what was seen,
 * not only about the roster's 无人监护: the data clearing is noted on it, and the people of its
 * chain settle it (mandatory-report.service.ts).
 */
const REPORT_IN_HAND = `(k.kind = 'MANDATORY_REPORT' AND (k.opened_by = 'PERSON' OR EXISTS (
  SELECT 1 FROM case_event e WHERE e.case_id = k.id AND e.actor_role IS NOT NULL AND e.action IN ('REPORTED', 'CHILD_ATTACHED', 'RESPONDED', 'ASSESSED', 'SUPPORT_ARRANGED'))))`;

/** Held flags that the children no longer carry: the case still owed is resolved with the evidence; a settled one records the clearing. */
async function resolveCleared(client: PoolClient, now: Date): Promise<void> {
  const { rows } = await client.query(
    `/* clearedCaseFlags */
     SELECT k.id::text AS id, k.status, rule.flag, ${CLEARED_OUTCOME} AS outcome, ${CLEARED_EVIDENCE} AS evidence, ${REPORT_IN_HAND} AS "inHand"
     FROM "case" k JOIN ${RULES_SQL} ON rule.kind = k.kind
       LEFT JOIN child c ON c.id = k.child_id
       LEFT JOIN LATERAL (SELECT r.id FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id
                          WHERE cr.child_id = c.id AND r.source = 'police' ORDER BY r.id LIMIT 1) police ON k.kind = 'REGISTRATION'
     WHERE k.flag_held AND (c.id IS NULL OR NOT c.flag_names @> ARRAY[rule.flag])`,
  );
  const resolved: StatusChange[] = [];
  const noted: CaseNote[] = [];
  for (const row of rows) {
    const note = `${row.flag} cleared: ${row.evidence.text}`;
    if ((row.status === 'OPEN' || row.status === 'IN_PROGRESS') && !row.inHand) {
      resolved.push({ caseId: row.id, status: 'RESOLVED', action: 'RESOLVED', outcome: row.outcome, note, details: { evidence: [row.evidence] }, actor: HUB_ACTOR, releaseFlag: true });
    } else {
      noted.push({ caseId: row.id, action: 'FLAG_CLEARED', note, details: { evidence: [row.evidence] }, actor: HUB_ACTOR, flagHeld: false });
    }
  }
  await changeStatus(client, resolved, now);
  await appendEvents(client, noted, now);
}

/**
 * Cases still owed of children who left the county's care (case-leaving.ts): the work they stand
 * for is no longer the county's to do, and they must not go on overdue.
 * - A case nobody has taken up (OPEN, opened by a rule) is RESOLVED by the hub with AGED_OUT or
 *   LEFT_CARE and the evidence, and lets go of its flag (told: CASE_RESOLVED).
 * - A case a person is working on (started, or opened by a person) stays theirs: there may be a
 *   hand-over to make (to the county the child moved to, to an adult service), which the hub can
 *   neither make nor know of. So does every mandatory report: a child seen alone or at risk is
 *   never closed by a roster or a register alone (001 §二(三)), even if nobody has answered yet.
 *   Such a case gets one LEFT_CARE event with the evidence and the outcome to close it with, and
 *   stays owed, overdue included, until its owner settles it; one more each time the child leaves
 *   again after a period back in care.
 */
async function settleLeftCare(client: PoolClient, now: Date): Promise<void> {
  const { rows } = await client.query(
    `/* casesOfChildrenLeftCare */
     SELECT k.id::text AS id, k.kind, k.status, k.opened_by AS "openedBy", gone.period,
            ${LEFT_CARE_OUTCOME} AS outcome, ${leftCareEvidence('$1::text[]')} AS evidence,
            EXISTS (
              SELECT 1 FROM case_event e WHERE e.case_id = k.id AND e.action = 'LEFT_CARE'
                -- A child back in care since (in a later period's exports) that leaves again is told again.
                AND NOT EXISTS (SELECT 1 FROM child_period_state s
                                WHERE s.county_code = c.county_code AND s.child_id = c.id AND s.present AND s.period > e.details->>'period')
            ) AS noted
     FROM "case" k JOIN child c ON c.id = k.child_id
       CROSS JOIN LATERAL (${leftCareState('c', '$1::text[]')}) gone
     WHERE k.status IN ('OPEN', 'IN_PROGRESS')`,
    [LEFT_CARE_REASONS],
  );
  const resolved: StatusChange[] = [];
  const noted: CaseNote[] = [];
  for (const row of rows) {
    const facts = (row.evidence as { text: string }[]).map((e) => e.text).join('; ');
    // The period tells a later run whether the child has been back in care since this was told.
    const details = { evidence: row.evidence, outcome: row.outcome, period: row.period };
    if (row.status === 'OPEN' && row.openedBy === 'RULE' && row.kind !== 'MANDATORY_REPORT') {
      const note = `the child left the county's care in ${row.period}: ${facts}`;
      resolved.push({ caseId: row.id, status: 'RESOLVED', action: 'RESOLVED', outcome: row.outcome, note, details, actor: HUB_ACTOR, releaseFlag: true });
    } else if (!row.noted) {
      const note = `the child left the county's care in ${row.period}: ${facts}; the case is yours to settle (outcome ${row.outcome}, or another)`;
      noted.push({ caseId: row.id, action: 'LEFT_CARE', note, details, actor: HUB_ACTOR, flagHeld: null });
    }
  }
  await changeStatus(client, resolved, now);
  await appendEvents(client, noted, now);
}

/**
 * Flags present and held by no case: the case of the kind still owed takes the hold (a person
 * opened it, or reopened it); otherwise a case opens, referring to the child's latest case of the
 * kind (a flag back after a closure). Read through the flags' GIN index, one flag at a time. A
 * child out of the county's care is left alone: nobody is to follow it up here.
 */
async function openRaised(client: PoolClient, now: Date): Promise<void> {
  const { rows } = await client.query(
    `/* raisedCaseFlags */
     SELECT c.id AS "childId", rule.kind, rule.flag, c.county_code AS "countyCode", c.area_code AS "areaCode",
            (SELECT f->>'strength' FROM jsonb_array_elements(c.flags) f WHERE f->>'flag' = rule.flag LIMIT 1) AS strength,
            active.id::text AS "activeId", (SELECT max(p.id)::text FROM "case" p WHERE p.child_id = c.id AND p.kind = rule.kind) AS "latestId"
     FROM ${RULES_SQL}
       JOIN child c ON c.flag_names @> ARRAY[rule.flag]
       LEFT JOIN "case" active ON active.child_id = c.id AND active.kind = rule.kind AND active.status IN ('OPEN', 'IN_PROGRESS')
     WHERE NOT EXISTS (SELECT 1 FROM "case" h WHERE h.child_id = c.id AND h.kind = rule.kind AND h.flag_held)`,
  );
  // Asked apart, of these few children: inside the query above it changed the plan of the whole.
  const outOfCare = await childrenOutOfCare(client, rows.map((r) => r.childId));
  const taken: CaseNote[] = [];
  const opened: OpenRequest[] = [];
  for (const row of rows) {
    if (outOfCare.has(row.childId)) continue;
    const details: Record<string, unknown> = { flag: row.flag, ...(row.strength === null ? {} : { strength: row.strength }) };
    const note = `${row.flag} raised${row.strength === null ? '' : ` (${row.strength})`} at reconciliation`;
    if (row.activeId !== null) {
      taken.push({ caseId: row.activeId, action: 'FLAG_RAISED', note, details, actor: HUB_ACTOR, flagHeld: true });
    } else {
      opened.push({
        childId: row.childId, kind: row.kind as CaseKind, countyCode: row.countyCode, areaCode: row.areaCode, openedBy: 'RULE', actor: HUB_ACTOR,
        refersTo: row.latestId, flagHeld: true, details, note: row.latestId === null ? note : `${note}; the flag is back after case ${row.latestId}`,
      });
    }
  }
  await appendEvents(client, taken, now);
  await openCases(client, opened, now);
}

