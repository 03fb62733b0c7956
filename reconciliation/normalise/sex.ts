import { foldWidth } from './chars';
import { Normalised, problem } from './problem';

// GB/T 2261.1-2003 人的性别代码: 0 未知的性别, 1 男性, 2 女性, 9 未说明的性别.
const SEX_BY_SPELLING: ReadonlyMap<string, 'M' | 'F'> = new Map([
  ['男', 'M'], ['男性', 'M'], ['1', 'M'], ['m', 'M'], ['male', 'M'], ['男孩', 'M'],
  ['女', 'F'], ['女性', 'F'], ['2', 'F'], ['f', 'F'], ['female', 'F'], ['女孩', 'F'],
]);
// 0 and 9 are GB/T 2261.1's "unknown" and "not stated": a statement that sex is unknown, not a typo.
const UNKNOWN_SEX = new Set(['0', '9', '未知', '未说明', '不详', '未知的性别', '未说明的性别']);

/** A sex cell → 'M' / 'F'. Unknown or unstated (GB/T 2261.1 codes 0 and 9) → null with `sex-unknown`. */
export function normaliseSex(raw: string | null | undefined): Normalised<'M' | 'F'> {
  const text = raw == null ? '' : foldWidth(raw).trim();
  if (text === '') return { value: null, problems: [problem('sex-empty', 'no sex')] };
  const key = text.toLowerCase();
  const sex = SEX_BY_SPELLING.get(key);
  if (sex !== undefined) return { value: sex, problems: [] };
  if (UNKNOWN_SEX.has(key)) return { value: null, problems: [problem('sex-unknown', `"${text}" records the sex as unknown or not stated`)] };
  return { value: null, problems: [problem('sex-unreadable', `"${text}" is not a sex we recognise`)] };
}
