import { inArea, type Viewer } from '../../auth/viewer';

/**
 * What a pushing token may write: rows of its own area, over records of its own area. The
 * token's area is a GB/T 2260 prefix (county 6 digits, town 9), checked with `inArea`, so a
 * padded code (500109110000) counts as its town.
 */
const AREA_CODE = /^\d{6}(?:\d{3}){0,2}$/;

/**
 * Why a pushed row may not be written by `pusher`, or null when it may.
 * @param stated the area code the row itself states, cleaned (null: it states none); see
 *   PreparedRow.statedArea
 */
export function rowOutsideArea(pusher: Viewer, stated: string | null): string | null {
  const area = pusher.area;
  if (stated === null) {
    // A county's department pushes its own county's rows: a row without a code is one of them.
    // A town's cannot show that a row without a code lies in its town.
    return area.length === 6 ? null : `the row has no area code, so it cannot be shown to lie in your area ${area}`;
  }
  if (!AREA_CODE.test(stated)) return `the row's area code "${stated}" is not a 6, 9 or 12-digit code, so it cannot be shown to lie in your area ${area}`;
  return inArea(pusher, stated) ? null : `the row's area code ${stated} is outside your area ${area}`;
}

/**
 * Why a pushed row may not overwrite an existing record of `recordArea` (source_record.area_code:
 * its current area, or the county that exported it when it names none), or null when it may.
 * The reason does not say where that record lies: the pusher learns only that it is not theirs.
 */
export function recordOutsideArea(pusher: Viewer, recordArea: string | null, recordKey: string): string | null {
  if (inArea(pusher, recordArea)) return null;
  return `key ${recordKey} belongs to a record outside your area ${pusher.area}: it cannot be overwritten from here`;
}
