import { foldWidth } from './chars';
import { Normalised, problem } from './problem';

// Spellings of yes/no seen in 是/否 columns (父亲外出务工, 是否留守儿童); compared lower-cased after NFKC.
const BOOLEAN_BY_SPELLING: ReadonlyMap<string, boolean> = new Map([
  ['是', true], ['有', true], ['y', true], ['yes', true], ['1', true], ['true', true], ['t', true], ['√', true], ['✓', true], ['对', true],
  ['否', false], ['无', false], ['没有', false], ['n', false], ['no', false], ['0', false], ['false', false], ['f', false], ['×', false], ['✗', false], ['不是', false],
]);

/** A yes/no cell → boolean. Blank → null with `yesno-empty`; anything else unrecognised → null with `yesno-unreadable`. */
export function normaliseYesNo(raw: string | null | undefined): Normalised<boolean> {
  const text = raw == null ? '' : foldWidth(raw).trim();
  if (text === '') return { value: null, problems: [problem('yesno-empty', 'no yes/no value')] };
  const value = BOOLEAN_BY_SPELLING.get(text.toLowerCase());
  if (value === undefined) return { value: null, problems: [problem('yesno-unreadable', `"${text}" is neither yes nor no`)] };
  return { value, problems: [] };
}
