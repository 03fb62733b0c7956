import { foldWidth, isSpaceCode } from './chars';
import { Normalised, Problem, problem } from './problem';

/**
 * Free text as typed into a spreadsheet: NFKC (full-width → half-width), zero-width characters
 * removed, trimmed, runs of whitespace collapsed to one space. Blank → null, so that "absent"
 * has exactly one representation downstream.
 */
export function cleanText(raw: string | null | undefined): string | null {
  if (raw == null || raw === '') return null;
  const folded = foldWidth(raw);
  if (isTidy(folded)) return folded;
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (isSpaceCode(c)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    out += folded[i];
  }
  return out === '' ? null : out;
}

/** No leading/trailing whitespace, no whitespace other than single spaces: nothing for cleanText to do. */
function isTidy(s: string): boolean {
  if (s === '') return false;
  let previousSpace = true; // a leading space is untidy
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      if (previousSpace) return false;
      previousSpace = true;
    } else if (isSpaceCode(c)) {
      return false;
    } else {
      previousSpace = false;
    }
  }
  return !previousSpace;
}

// docs/FORMATS.md: multi-valued cells are joined by ';' — but hand-typed ones use any Chinese list
// punctuation. After NFKC '；' and '，' are already ';' and ','.
const LIST_SEPARATOR = /[;,、|]/;

/** A multi-valued cell (儿童类别, 困境类型, 救助帮扶情况) → its cleaned items, blanks and repeats dropped, order kept. */
export function splitList(raw: string | null | undefined): string[] {
  const text = cleanText(raw);
  if (text === null) return [];
  const items: string[] = [];
  for (const part of text.split(LIST_SEPARATOR)) {
    const item = part.trim();
    if (item !== '' && !items.includes(item)) items.push(item);
  }
  return items;
}

// Mainland mobile numbers: 11 digits, first digit 1, second 3–9 (MIIT numbering plan).
const MOBILE = /^1[3-9]\d{9}$/;
// Landlines with their area code (区号 010/02x/0xxx + 7–8 digit local number): 10–12 digits.
// Grandparent guardians often have only a landline, so this is accepted too.
const LANDLINE = /^0\d{9,11}$/;
// Two numbers in one cell are joined by list punctuation or 或 ("or").
const SEVERAL_NUMBERS = /[/;,、或]/;

/**
 * A guardian's phone number → digits only. Strips spaces, hyphens, brackets and the +86 / 0086 / 86
 * country prefix. A number that is neither a mainland mobile nor a landline with area code is kept
 * (a person may still recognise it) but flagged `phone-format`.
 */
export function normalisePhone(raw: string | null | undefined): Normalised<string> {
  const text = cleanText(raw);
  if (text === null) return { value: null, problems: [problem('phone-empty', 'no phone number')] };
  const problems: Problem[] = [];
  let candidate = text;
  const several = SEVERAL_NUMBERS.exec(text);
  if (several !== null && digitsOf(text).length > 12) {
    // "13896012345/13512340000": keep the first; the hub stores one number per guardian.
    candidate = text.slice(0, several.index);
    problems.push(problem('phone-multiple', `several numbers in "${text}"; kept the first`));
  }
  let digits = digitsOf(candidate);
  if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits === '') {
    problems.push(problem('phone-format', `"${text}" contains no digits`));
    return { value: null, problems };
  }
  if (!MOBILE.test(digits) && !LANDLINE.test(digits)) {
    problems.push(problem('phone-format', `"${text}" is neither an 11-digit mobile nor a landline with area code`));
  }
  return { value: digits, problems };
}

function digitsOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) out += s[i];
  }
  return out;
}
