import type { PoolClient } from 'pg';
import { HUB_SETTINGS_FILE, hubMatchRecord, loadSettingsFile } from '../../../reconciliation/hub';
import { compileComparisons } from '../../../reconciliation/linkage';
import { normaliseName } from '../../../reconciliation/normalise';
import { MatchModel, type LevelWeight } from '../../../reconciliation/scoring/model';
import { comparePair } from '../../../reconciliation/scoring/patterns';
import { parseSettings, type FieldValue, type LinkSettings, type MatchRecord } from '../../../reconciliation/settings';

/**
 * Which children a report without a child id may be about: the reported name, birth date and area
 * scored against the children's golden records by the matching engine itself (its comparisons and
 * the last full run's trained model), so that a report is matched exactly as an export row would
 * be, and no second matcher drifts from the first. Term-frequency adjustment is left out: every
 * candidate is weighed against the same reported name, so it would not change their order.
 */

/** What the reporter said about the child. */
export interface ReportedChild {
  name: string;
  birthDate: string;
  areaCode: string;
}

export interface ReportCandidate {
  childId: string;
  areaCode: string | null;
  matchWeight: number;
  /** LIKELY at or above the engine's link threshold, POSSIBLE at or above its review threshold, else WEAK. */
  strength: 'LIKELY' | 'POSSIBLE' | 'WEAK';
  comparisons: LevelWeight[];
}

/** At most this many children are proposed: the police look at a short list, strongest first. */
export const MAX_CANDIDATES = 10;

/** The engine's record for a name, a birth date, a sex and an area, read the way an import reads them. */
function matchRecord(id: string, name: string | null, birthDate: string | null, sex: string | null, areaCode: string | null, formerName: string | null, names = new Map<string | null, ReturnType<typeof normaliseName>>()): MatchRecord {
  // Namesakes share a name: each is read once per proposal.
  const read = (raw: string | null) => names.get(raw) ?? names.set(raw, normaliseName(raw)).get(raw)!;
  const n = read(name);
  const former = read(formerName);
  const fields: Record<string, FieldValue> = {
    name: n.value, nameAsTyped: n.value, namePinyin: n.pinyin, formerNamePinyin: former.pinyin, birthDate, sex, areaCode, idStatus: 'missing',
  };
  return hubMatchRecord(id, 'report', fields);
}

/** The model in force: the last full run's trained settings, or the settings file when none was trained yet. */
async function currentModel(client: PoolClient): Promise<LinkSettings> {
  const { rows } = await client.query(`/* reportMatchModel */ SELECT model FROM reconcile_run WHERE status = 'done' AND mode = 'full' AND model IS NOT NULL ORDER BY id DESC LIMIT 1`);
  if (rows.length > 0) {
    try {
      return parseSettings(rows[0].model);
    } catch {
      // An unusable stored model: the next full run replaces it; meanwhile the file's priors rank.
    }
  }
  return loadSettingsFile(HUB_SETTINGS_FILE);
}

/**
 * The children of `areaPrefix` (the report's county narrowed to what the viewer may see) whose
 * name agrees with the reported one at some level of the engine's name comparison, strongest
 * first. Read, as the engine's birth-date levels go, through the golden birth-date index (born in
 * the reported month, a day either side, or with month and day swapped) and through the county's
 * namesakes (the county-and-name index: a reporter may have the year wrong), never the county.
 */
export async function proposeChildren(client: PoolClient, reported: ReportedChild, areaPrefix: string): Promise<ReportCandidate[]> {
  const normalisedName = normaliseName(reported.name).value;
  const { rows } = await client.query<{ id: string; area_code: string | null; name: string | null; birth_date: string | null; sex: string | null; former_name: string | null }>(
    `/* reportCandidateChildren */
     WITH found AS (
       SELECT id FROM child WHERE (golden->'birthDate'->>'value') >= $3 AND (golden->'birthDate'->>'value') < $4 AND county_code = $1
       UNION SELECT id FROM child WHERE (golden->'birthDate'->>'value') = ANY($5::text[]) AND county_code = $1
       UNION SELECT id FROM child WHERE county_code = $1 AND golden->'name'->>'value' = $6
     )
     SELECT c.id, c.area_code, c.golden->'name'->>'value' AS name, c.golden->'birthDate'->>'value' AS birth_date,
            c.golden->'sex'->>'value' AS sex, c.golden->'formerName'->>'value' AS former_name
     FROM found JOIN LATERAL (SELECT * FROM child WHERE child.id = found.id) c ON true
     WHERE c.area_code >= $2 AND c.area_code < $2 || ':'`,
    [areaPrefix.slice(0, 6), areaPrefix, ...monthOf(reported.birthDate), nearDates(reported.birthDate), normalisedName],
  );
  if (rows.length === 0) return [];
  const settings = await currentModel(client);
  const model = new MatchModel(settings);
  const comparisons = compileComparisons(settings);
  const nameComparison = settings.comparisons.findIndex((c) => c.name === 'name');
  const report = matchRecord('report', reported.name, reported.birthDate, null, reported.areaCode, null);
  const { link, review } = settings.thresholds;
  const scored: ReportCandidate[] = [];
  const names = new Map<string | null, ReturnType<typeof normaliseName>>();
  for (const row of rows) {
    const child = matchRecord(row.id, row.name, row.birth_date, row.sex, row.area_code, row.former_name, names);
    const pattern = comparePair(report, child, comparisons);
    // Null (0) or else (the last byte): the names do not agree at any level; not this child.
    if (nameComparison >= 0 && (pattern[nameComparison] === 0 || pattern[nameComparison] === model.labels[nameComparison].length - 1)) continue;
    const matchWeight = Math.round(model.weightOf(pattern) * 100) / 100;
    scored.push({
      childId: row.id, areaCode: row.area_code, matchWeight, comparisons: model.explain(pattern),
      strength: matchWeight >= link ? 'LIKELY' : matchWeight >= review ? 'POSSIBLE' : 'WEAK',
    });
  }
  return scored.sort((a, b) => b.matchWeight - a.matchWeight || (a.childId < b.childId ? -1 : 1)).slice(0, MAX_CANDIDATES);
}

/** The first day of the date's month and of the next: the engine's "same month" level. */
function monthOf(date: string): [string, string] {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return [`${date.slice(0, 7)}-01`, next];
}

/** A day either side and month and day swapped (the engine's other birth-date levels), where they fall outside the month. */
function nearDates(date: string): string[] {
  const day = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const dates = [-1, 1].map((d) => new Date(day + d * 86400_000).toISOString().slice(0, 10));
  const [month, dayOfMonth] = [Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  if (dayOfMonth <= 12 && dayOfMonth !== month) dates.push(`${date.slice(0, 4)}-${date.slice(8, 10)}-${date.slice(5, 7)}`);
  return dates;
}
