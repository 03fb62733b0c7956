import { foldWidth, hasFullWidth, isAsciiLetter, isHanCodePoint, isSpaceCode } from './chars';
import { Normalised, Problem, problem } from './problem';
import { namePinyin } from './pinyin';
import { toSimplified } from './simplified';

export type NormalisedName = Normalised<string> & { pinyin: string | null };

/**
 * Separators typed between the parts of a transliterated minority name (买买提·艾力). The standard
 * one is U+00B7 MIDDLE DOT, which household registration uses; the rest are what IMEs and fonts
 * produce instead. Listed after NFKC, which has already turned '．' into '.', '－' into '-', '･' into '・'.
 */
const NAME_SEPARATORS = new Set([
  '\u00b7', // · middle dot (the standard)
  '\u2022', // • bullet
  '\u2027', // ‧ hyphenation point (Taiwan IMEs)
  '\u2219', // ∙ bullet operator
  '\u22c5', // ⋅ dot operator
  '\u30fb', // ・ katakana middle dot
  '.',
  '\u3002', // 。 ideographic full stop (a Chinese IME's '.')
  '-',
  '\u2010', // ‐ hyphen
  '\u2011', // ‑ non-breaking hyphen
  '\u2013', // – en dash
  '\u2014', // — em dash
  '\u2015', // ― horizontal bar
]);
const STANDARD_SEPARATOR = '\u00b7';

/** Cells that stand for "no name" rather than a name; compared lower-cased, after NFKC and simplification. */
const NAME_PLACEHOLDERS = new Set([
  '无', '暂无', '没有', '不详', '未知', '未登记', '无名氏', '空',
  'null', 'none', 'n/a', 'na', '/', '\\', '-', '--', '—', '?', '??', '0',
]);

/**
 * A person's name, normalised for matching:
 * NFKC (full-width → half-width) → traditional → simplified → whitespace removed between Han
 * characters (王 小 明 → 王小明; one space kept between Latin words) → minority-name separators
 * unified to '·' (买买提.艾力 → 买买提·艾力). Odd characters are kept but flagged: a name is evidence,
 * and a reviewer may still need to see what was typed.
 */
export function normaliseName(raw: string | null | undefined): NormalisedName {
  if (raw == null || raw.trim() === '') {
    return { value: null, pinyin: null, problems: [problem('name-empty', 'no name')] };
  }
  // Fast path for the usual cell: common Han characters only, nothing to fold, join or flag.
  if (isPlainHan(raw)) {
    const simplified = toSimplified(raw);
    if (!NAME_PLACEHOLDERS.has(simplified.text)) {
      const problems = simplified.changed ? [traditionalProblem(raw)] : [];
      return { value: simplified.text, pinyin: namePinyin(simplified.text), problems };
    }
  }
  const problems: Problem[] = [];
  if (hasFullWidth(raw)) problems.push(problem('name-fullwidth', `full-width characters in "${raw}"`));

  const simplified = toSimplified(foldWidth(raw).trim());
  if (NAME_PLACEHOLDERS.has(simplified.text.toLowerCase())) {
    problems.push(problem('name-placeholder', `"${raw.trim()}" stands for a missing name`));
    return { value: null, pinyin: null, problems };
  }
  if (simplified.changed) problems.push(traditionalProblem(raw.trim()));

  const value = joinNameParts(simplified.text, problems);
  checkCharacters(value, problems);
  return { value, pinyin: namePinyin(value), problems };
}

function traditionalProblem(name: string): Problem {
  return problem('name-traditional', `traditional characters in "${name}" converted to simplified`);
}

/** Only characters from the main CJK Unified Ideographs block (NFKC-stable, no separators or spaces). */
function isPlainHan(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) return false;
  }
  return true;
}

interface Part {
  text: string;
  /** What stood before this part: the whitespace and separator characters, in order. */
  gap: string;
}

/** Splits on whitespace and separators, then rejoins the parts by the rules above. */
function joinNameParts(text: string, problems: Problem[]): string {
  const parts: Part[] = [];
  let word = '';
  let gap = '';
  for (const ch of text) {
    if (isSpaceCode(ch.charCodeAt(0)) || NAME_SEPARATORS.has(ch)) {
      if (word !== '') {
        parts.push({ text: word, gap });
        word = '';
        gap = '';
      }
      gap += ch;
    } else {
      word += ch;
    }
  }
  if (word !== '') parts.push({ text: word, gap });
  const trailingGap = word === '' ? gap : '';

  let spacesFixed = false;
  let separatorsFixed = hasSeparator(trailingGap) || (parts.length > 0 && hasSeparator(parts[0].gap));
  let out = parts.length > 0 ? parts[0].text : '';
  for (let k = 1; k < parts.length; k++) {
    const { text: right, gap: between } = parts[k];
    const left = parts[k - 1].text;
    const bothLatin = isAsciiLetter(left.charCodeAt(left.length - 1)) && isAsciiLetter(right.charCodeAt(0));
    if (hasSeparator(between)) {
      // "Anne-Marie", "J.Smith": a single '-' or '.' between Latin letters is part of the name.
      const keepAsTyped = bothLatin && (between === '-' || between === '.');
      const joiner = keepAsTyped ? between : STANDARD_SEPARATOR;
      if (between !== joiner) {
        if (hasSpace(between)) spacesFixed = true;
        if (stripSpaces(between) !== joiner) separatorsFixed = true;
      }
      out += joiner + right;
    } else if (bothLatin) {
      if (between !== ' ') spacesFixed = true;
      out += ' ' + right;
    } else {
      // Chinese names carry no spaces: 王 小 明 → 王小明.
      spacesFixed = true;
      out += right;
    }
  }
  if (spacesFixed) problems.push(problem('name-spaces', `spaces removed from "${text}"`));
  if (separatorsFixed) problems.push(problem('name-separator', `name separators in "${text}" unified to '·'`));
  return out;
}

function hasSeparator(gap: string): boolean {
  for (const ch of gap) if (NAME_SEPARATORS.has(ch)) return true;
  return false;
}

function hasSpace(gap: string): boolean {
  for (let i = 0; i < gap.length; i++) if (isSpaceCode(gap.charCodeAt(i))) return true;
  return false;
}

function stripSpaces(gap: string): string {
  let out = '';
  for (let i = 0; i < gap.length; i++) if (!isSpaceCode(gap.charCodeAt(i))) out += gap[i];
  return out;
}

/** Flags names that cannot be a Chinese name as written: no Han characters at all, or digits/symbols. */
function checkCharacters(value: string, problems: Problem[]): void {
  let han = 0;
  let odd = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (isHanCodePoint(cp)) han++;
    else if (!isAsciiLetter(cp) && ch !== ' ' && ch !== STANDARD_SEPARATOR && ch !== '-' && ch !== '.') odd += ch;
  }
  if (han === 0) problems.push(problem('name-not-chinese', `"${value}" has no Chinese characters`));
  if (odd !== '') problems.push(problem('name-invalid-chars', `"${value}" contains unexpected characters: ${odd}`));
}
