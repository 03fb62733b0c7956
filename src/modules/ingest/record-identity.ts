import type { SourceName } from '../../../reconciliation/normalise';

/**
 * A source record is identified by (source, key scope, record key). The scope is the county
 * whose numbering the key belongs to, or NATIONAL_SCOPE for a key unique in all of China:
 *  - police: 公民身份号码, a citizen ID number, national;
 *  - education: 全国学籍号 `G` + the ID number, national; `L…`, a temporary number for a child
 *    with no ID, is given out locally and taken to be unique in its county only;
 *  - civil affairs: 记录编号, numbered per county roster (two counties both have MZ-2021Q3-000328).
 * A key that only looks national when it has the shape of an ID number: anything else (an ID
 * number Excel destroyed, a mistyped `G` number) is scoped by its county too, so that a damaged
 * key can never reach into another county's records.
 *
 * The scope comes from the county that exported the record (see ExportingCounty in
 * import.service.ts), never from the row's own area code: a roster may list a child living
 * across the county line, and that row is still the roster's record.
 */
export const NATIONAL_SCOPE = '';

const ID_NUMBER = /^(?:\d{17}[\dX]|\d{15})$/;

/** Keep in step with the backfill in migration 20261206100003 (the same test in SQL). */
export function isNationalKey(source: string, recordKey: string): boolean {
  if (source === 'police') return ID_NUMBER.test(recordKey);
  if (source === 'education') return recordKey.startsWith('G') && ID_NUMBER.test(recordKey.slice(1));
  return false;
}

export function keyScope(source: SourceName | string, recordKey: string, exportedBy: string): string {
  return isNationalKey(source, recordKey) ? NATIONAL_SCOPE : exportedBy;
}

/** A county code as GB/T 2260 shapes it: 6 digits, not a province (…0000) or city (…00). */
export function isCountyCode(code: string): boolean {
  return /^\d{6}$/.test(code) && !code.endsWith('00');
}

/**
 * The county that exported a file, told from its rows' area codes: an export is one county's,
 * so the county more than half of the rows that name one name. Null, with the reason, when the
 * rows do not tell (none names a county, or no county holds a majority).
 */
export function countyNamedByRows(rowCounties: Iterable<string | null>): { county: string } | { county: null; reason: string } {
  const counts = new Map<string, number>();
  let naming = 0;
  for (const county of rowCounties) {
    if (county === null || !isCountyCode(county)) continue;
    naming++;
    counts.set(county, (counts.get(county) ?? 0) + 1);
  }
  if (naming === 0) return { county: null, reason: 'none of its first rows has an area code' };
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const [county, count] = ranked[0];
  if (count * 2 > naming) return { county };
  const named = ranked.slice(0, 3).map(([c, n]) => `${c} (${n} rows)`).join(', ');
  return { county: null, reason: `its first rows name several counties and none holds a majority: ${named}` };
}

/** One text for (key scope, record key), as maps key records by it: a scope is '' or 6 digits, so the two never run together. */
export function identityKey(scope: string, recordKey: string): string {
  return `${scope}:${recordKey}`;
}
