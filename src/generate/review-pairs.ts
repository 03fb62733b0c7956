// Pairs for a person to settle: a child on the civil-affairs roster entered a second time, by a
// survey that heard the name and wrote it by ear (a homophone, 子涵 → 子含), with no ID number
// and no family, and the birth date a day off. Nothing but the sound of the name and a near
// birth date ties the two rows, and the engine never links that alone (its namesakes guard): the
// pair waits in the review queue. The demo county carries a few, so that a newcomer's review
// screen has work on it (`hub start`); other generated counties carry none unless asked.

import { isoDay, type Day } from './dates';
import type { NoiseEvent } from './noise';
import type { Child } from './model';
import { fullName, homophoneVariant } from './names';
import type { Rng } from './random';

/** Children a second roster row can be made for: on the roster, a Han name with a homophone. */
export function canBeEnteredTwice(child: Child): boolean {
  return child.civilAffairs !== null && child.name.style === 'han' && child.formerName === null && child.twinOf === null;
}

/**
 * `count` indexes into a list of `length`, spread over it (every k-th from a random start), so
 * that the pairs fall in several towns: deterministic for the rng's seed.
 */
export function spreadIndexes(length: number, count: number, rng: Rng): number[] {
  if (count <= 0 || length === 0) return [];
  const step = Math.max(1, Math.floor(length / count));
  const start = rng.int(0, step - 1);
  const picked: number[] = [];
  for (let i = start; i < length && picked.length < count; i += step) picked.push(i);
  return picked;
}

/**
 * The second roster row of `child` under a new record key, in CIVIL_AFFAIRS_HEADER's columns,
 * with the damage done to it; null when the name has no homophone to mishear.
 */
export function secondRosterRow(child: Child, key: string, today: Day, rng: Rng): { fields: string[]; events: NoiseEvent[] } | null {
  const ca = child.civilAffairs;
  if (ca === null) return null;
  const name = homophoneVariant(child.name, rng, false);
  if (name === null) return null;
  const birth = child.birth + 1 <= today ? child.birth + 1 : child.birth - 1;
  const f = child.family;
  const blankParent = ['', '', '', ''];
  const fields = [
    key,
    fullName(name),
    child.sex === 'M' ? '男' : '女',
    isoDay(birth),
    '', // 身份证号: not known to the survey
    child.ethnicity,
    f.village.code,
    '', // 户籍地址
    f.addressShort,
    ca.categories.join(';'),
    child.difficulties.join(';'),
    ...blankParent, // 父亲…
    ...blankParent, // 母亲…
    '', // 监护人姓名
    '', // 监护人关系
    '', // 监护人电话
    '', // 监护类型: left for the visit that follows
    '',
    '',
    child.schooling,
    ca.reporter,
    isoDay(today),
  ];
  const events: NoiseEvent[] = [
    { field: '', kind: 'row_duplicate_changed' },
    { field: '姓名', kind: 'name_homophone' },
    { field: '出生日期', kind: 'date_off_by_one' },
    { field: '身份证号', kind: 'id_missing' },
    { field: '父亲身份证号', kind: 'parent_id_missing' },
    { field: '母亲身份证号', kind: 'parent_id_missing' },
    { field: '监护人电话', kind: 'phone_missing' },
  ];
  return { fields, events };
}
