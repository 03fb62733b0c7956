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
/** Children born this many years either side of the reported birth date are scored (a reporter's guess of a year may be off by one). */
const YEARS_AROUND = 1;

/** The engine's record for a name, a birth date, a sex and an area, read the way an import reads them. */
function matchRecord(id: string, name: string | null, birthDate: string | null, sex: string | null, areaCode: string | null, formerName: string | null): MatchRecord {
  const n = normaliseName(name);
  const former = normaliseName(formerName);
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
 * first. Read through the golden birth-date index (children born around the reported date) and
 * the county's children of the same name (a reporter may have the year wrong).
 */
export async function proposeChildren(client: PoolClient, reported: ReportedChild, areaPrefix: string): Promise<ReportCandidate[]> {
  const year = Number(reported.birthDate.slice(0, 4));
  const normalisedName = normaliseName(reported.name).value;
  const { rows } = await client.query<{ id: string; area_code: string | null; name: string | null; birth_date: string | null; sex: string | null; former_name: string | null }>(
    `/* reportCandidateChildren */
     SELECT id, area_code, golden->'name'->>'value' AS name, golden->'birthDate'->>'value' AS birth_date,
            golden->'sex'->>'value' AS sex, golden->'formerName'->>'value' AS former_name
     FROM child
     WHERE county_code = $1 AND area_code >= $2 AND area_code < $2 || ':'
       AND ((golden->'birthDate'->>'value') >= $3 AND (golden->'birthDate'->>'value') < $4 OR golden->'name'->>'value' = $5)`,
    [areaPrefix.slice(0, 6), areaPrefix, `${year - YEARS_AROUND}-`, `${year + YEARS_AROUND + 1}-`, normalisedName],
  );
  if (rows.length === 0) return [];
  const settings = await currentModel(client);
  const model = new MatchModel(settings);
  const comparisons = compileComparisons(settings);
  const nameComparison = settings.comparisons.findIndex((c) => c.name === 'name');
  const report = matchRecord('report', reported.name, reported.birthDate, null, reported.areaCode, null);
  const { link, review } = settings.thresholds;
  const scored: ReportCandidate[] = [];
  for (const row of rows) {
    const child = matchRecord(row.id, row.name, row.birth_date, row.sex, row.area_code, row.former_name);
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
