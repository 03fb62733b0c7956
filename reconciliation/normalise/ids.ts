import { foldWidth, isAsciiDigit } from './chars';
import { isoDate, isRealDate, todayIso } from './calendar';
import { Normalised, Problem, problem } from './problem';
import { toSimplified } from './simplified';

// 公民身份号码 — GB 11643-1999.
export type IdStatus = 'valid' | 'invalid' | 'missing';

export interface IdNumber extends Normalised<string> {
  status: IdStatus;
  /** Birth date embedded in the number (YYYY-MM-DD), when the number is well-formed enough to carry one. */
  birthDate: string | null;
  /** From the sequence code's last digit (the 17th character): odd = male, even = female. */
  sex: 'M' | 'F' | null;
  /** 6-digit GB/T 2260 address code of the registration at birth (first 6 digits). */
  regionCode: string | null;
}

// GB 11643-1999 §8.2: ISO 7064 MOD 11-2; weight of position i (1-based from the left) is 2^(18-i) mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
// Check character for (sum mod 11) = 0..10; 10 is written as the Roman numeral X.
const CHECK_CHARACTERS = '10X98765432';

/** The GB 11643-1999 check character for the first 17 digits of an 18-character ID number. */
export function idCheckDigit(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`idCheckDigit needs 17 digits, got ${first17.length} characters`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = first17.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) throw new RangeError(`idCheckDigit needs digits only, got "${first17}"`);
    sum += d * WEIGHTS[i];
  }
  return CHECK_CHARACTERS[sum % 11];
}

/**
 * Cells that mean "this child has no ID number" rather than a mistyped one, so that missing stays
 * apart from invalid. Compared after NFKC, trimmed and lower-cased; all-same-digit strings are
 * handled separately.
 */
const ID_PLACEHOLDERS = new Set([
  '无', '暂无', '没有', '未登记', '未办理', '未办', '不详', '未知', '空', '无户籍', '无身份证',
  '/', '\\', '-', '--', '—', '——', '0', 'null', 'none', 'n/a', 'na', 'x',
]);

// GB/T 2260 province-level codes that can begin a valid ID number; 81/82/83 are the residence
// permits of Hong Kong, Macao and Taiwan residents (港澳台居民居住证, GB 11643 format since 2018).
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

// Excel shows long numbers in scientific notation (5.00109E+17; 5,00109E+17 where the decimal mark
// is a comma); the last digits are gone for good.
const SCIENTIFIC_NOTATION = /^\d([.,]\d+)?e\+?\d+$/i;

/**
 * Excel keeps 15 significant digits: an 18-digit number it has turned into a number and written
 * out in full ends in 000. Those three digits (the sequence code's last two and the check
 * character) are lost, so the number is missing, not a different person's number. A real number
 * ends in 000 only with sequence code d00 and check character 0 (about one in 1,100 numbers); such
 * a child is still found by name, birth date and family, and the problem says to check.
 */
function isExcelTruncated(cleaned: string): boolean {
  return cleaned.length === 18 && cleaned.endsWith('000') && allDigits(cleaned, 18);
}

function excelDestroyed(text: string, how: string): IdNumber {
  return missing([problem('id-excel-destroyed', `"${text}" ${how}: Excel turned it into a number and its last digits are lost; the ID number counts as missing`)]);
}

function missing(problems: Problem[]): IdNumber {
  return { value: null, status: 'missing', birthDate: null, sex: null, regionCode: null, problems };
}

function invalidFormat(cleaned: string, message: string): IdNumber {
  return {
    value: cleaned,
    status: 'invalid',
    birthDate: null,
    sex: null,
    regionCode: null,
    problems: [problem('id-format', message)],
  };
}

/**
 * A citizen ID number (公民身份号码) as found in an export → the 18-character form.
 * Cleans full-width digits, spaces, hyphens, Excel's leading apostrophe / ="…" wrapper and a
 * lower-case x; upgrades 15-digit (pre-1999) numbers; checks the check digit and embedded birth date.
 * An invalid number keeps its cleaned value: matching compares it "one digit away" from others.
 */
export function normaliseIdNumber(raw: string | null | undefined, opts: { today?: string } = {}): IdNumber {
  if (raw == null) return missing([problem('id-empty', 'no ID number')]);
  // Fast path: the usual cell is already 17 digits and a check character.
  if (raw.length === 18 && allDigits(raw, 17) && isCheckCharacter(raw.charCodeAt(17)) && !isAllSameDigit(raw) && !isExcelTruncated(raw)) {
    return checkEighteen(raw, opts.today, []);
  }
  const trimmed = foldWidth(raw).trim();
  if (trimmed === '') return missing([problem('id-empty', 'no ID number')]);
  if (trimmed.length <= 6 && ID_PLACEHOLDERS.has(toSimplified(trimmed).text.toLowerCase())) {
    return missing([problem('id-placeholder', `"${trimmed}" stands for a missing ID number`)]);
  }
  if (SCIENTIFIC_NOTATION.test(trimmed)) return excelDestroyed(trimmed, 'is in scientific notation');

  const cleaned = cleanIdCharacters(trimmed);
  if (cleaned === '') return missing([problem('id-placeholder', `"${trimmed}" stands for a missing ID number`)]);
  if (isAllSameDigit(cleaned)) {
    return missing([problem('id-placeholder', `"${trimmed}" stands for a missing ID number`)]);
  }

  if (isExcelTruncated(cleaned)) return excelDestroyed(cleaned, 'ends in 000');
  if (cleaned.length === 15 && allDigits(cleaned, 15)) {
    return checkEighteen(upgradeFifteen(cleaned), opts.today, [
      problem('id-upgraded-15', `15-digit number ${cleaned} upgraded to 18 digits (GB 11643-1999)`),
    ]);
  }
  if (cleaned.length !== 18) {
    return invalidFormat(cleaned, `ID number "${cleaned}" has ${cleaned.length} characters; 18 (or 15 before 1999) expected`);
  }
  if (!allDigits(cleaned, 17) || !isCheckCharacter(cleaned.charCodeAt(17))) {
    return invalidFormat(cleaned, `ID number "${cleaned}" must be 17 digits followed by a digit or X`);
  }
  return checkEighteen(cleaned, opts.today, []);
}

/** Drops separators and Excel quoting; upper-cases x. No regex: this runs on every ID of every row. */
function cleanIdCharacters(s: string): string {
  let start = 0;
  let end = s.length;
  // ="500109…" is how some exporters stop Excel from reformatting the number.
  if (s.startsWith('="') && s.endsWith('"')) {
    start = 2;
    end -= 1;
  }
  let out = '';
  for (let i = start; i < end; i++) {
    const ch = s[i];
    if (ch === ' ' || ch === '-' || ch === '\'' || ch === '"' || ch === '\t' || ch === '\u00a0' || ch === '\u2010' || ch === '\u2014') continue;
    out += ch === 'x' || ch === '\u00d7' ? 'X' : ch; // × (multiplication sign) typed for X
  }
  return out;
}

function allDigits(s: string, count: number): boolean {
  for (let i = 0; i < count; i++) if (!isAsciiDigit(s.charCodeAt(i))) return false;
  return true;
}

function isAllSameDigit(s: string): boolean {
  const first = s.charCodeAt(0);
  if (!isAsciiDigit(first)) return false;
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) !== first) return false;
  return true;
}

/** The number written by `count` ASCII digits from `start` (callers have checked they are digits). */
function digitsAt(s: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) n = n * 10 + (s.charCodeAt(i) - 0x30);
  return n;
}

function isCheckCharacter(code: number): boolean {
  return isAsciiDigit(code) || code === 0x58; // 'X'
}

/** GB 11643-1999 §附录: a 15-digit number becomes 18 by writing the year in full (19YY) and appending the check digit. */
function upgradeFifteen(fifteen: string): string {
  const first17 = fifteen.slice(0, 6) + '19' + fifteen.slice(6);
  return first17 + idCheckDigit(first17);
}

function checkEighteen(id: string, today: string | undefined, problems: Problem[]): IdNumber {
  let status: IdStatus = 'valid';
  const regionCode = id.slice(0, 6);
  if (!PROVINCE_CODES.has(id.slice(0, 2))) {
    status = 'invalid';
    problems.push(problem('id-region', `ID number ${id} starts with ${id.slice(0, 2)}, which is no province code`));
  }

  const year = digitsAt(id, 6, 4);
  const month = digitsAt(id, 10, 2);
  const day = digitsAt(id, 12, 2);
  let birthDate: string | null = null;
  if (!isRealDate(year, month, day) || year < 1900) {
    status = 'invalid';
    problems.push(problem('id-birth-date', `ID number ${id} embeds ${id.slice(6, 14)}, which is no real date`));
  } else {
    birthDate = isoDate(year, month, day);
    if (birthDate > (today ?? todayIso())) {
      status = 'invalid';
      problems.push(problem('id-birth-date', `ID number ${id} embeds a birth date in the future (${birthDate})`));
      birthDate = null;
    }
  }

  const expected = idCheckDigit(id.slice(0, 17));
  if (id[17] !== expected) {
    status = 'invalid';
    problems.push(problem('id-check-digit', `ID number ${id} fails the GB 11643 check digit (expected ${expected})`));
  }

  // Sex and birth date are still read from a number that fails only its check digit: a transposed
  // digit usually leaves them intact, and cross-checking them is part of finding the typo.
  const sex: 'M' | 'F' = (id.charCodeAt(16) - 0x30) % 2 === 1 ? 'M' : 'F';
  return { value: id, status, birthDate, sex, regionCode, problems };
}

/**
 * The ID's embedded birth date and sex against the record's own columns. A disagreement means one
 * of them was mistyped (or the ID belongs to someone else) and goes to review.
 */
export function crossCheckId(id: IdNumber, birthDate: string | null, sex: 'M' | 'F' | null): Problem[] {
  const problems: Problem[] = [];
  if (id.birthDate !== null && birthDate !== null && id.birthDate !== birthDate) {
    problems.push(problem('id-birth-date-mismatch', `ID number ${id.value} says born ${id.birthDate}, the record says ${birthDate}`));
  }
  if (id.sex !== null && sex !== null && id.sex !== sex) {
    problems.push(problem('id-sex-mismatch', `ID number ${id.value} says sex ${id.sex}, the record says ${sex}`));
  }
  return problems;
}

const DIGITS = '0123456789';
const MS_PER_DAY = 86_400_000;

/**
 * Whether a number that fails GB 11643 is a person's own number mistyped: one keystroke away (a
 * character changed, two adjacent ones swapped, one dropped or one typed twice) from a valid number
 * that embeds `birthDate` (YYYY-MM-DD), or a day beside it. A number is issued only at household
 * registration, so such a row shows that its child was registered, even though the number itself
 * is lost. Another person's number (a parent's) embeds another birth date, and a valid number
 * reached by chance from garbage rarely embeds this one: about one keystroke in eleven passes the
 * check digit, and few of those land on the child's birth date.
 */
export function isMistypedNumberOf(id: string, birthDate: string | null, opts: { today?: string } = {}): boolean {
  if (birthDate === null || birthDate.length !== 10 || id.length < 17 || id.length > 19) return false;
  const born = Date.parse(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(born)) return false;
  const fits = (candidate: string): boolean => {
    if (candidate.length !== 18 || candidate === id) return false;
    const n = normaliseIdNumber(candidate, opts);
    return n.status === 'valid' && n.birthDate !== null && Math.abs(Date.parse(`${n.birthDate}T00:00:00Z`) - born) <= MS_PER_DAY;
  };
  for (const candidate of oneKeystrokeAway(id)) if (fits(candidate)) return true;
  return false;
}

/** Every string one keystroke from an ID number: a character changed, an adjacent pair swapped, one dropped, one added. */
function* oneKeystrokeAway(id: string): Generator<string> {
  for (let i = 0; i < id.length; i++) {
    const alphabet = i === id.length - 1 ? `${DIGITS}X` : DIGITS;
    for (const ch of alphabet) if (ch !== id[i]) yield id.slice(0, i) + ch + id.slice(i + 1);
  }
  for (let i = 0; i + 1 < id.length; i++) if (id[i] !== id[i + 1]) yield id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
  if (id.length === 19) for (let i = 0; i < id.length; i++) yield id.slice(0, i) + id.slice(i + 1);
  if (id.length === 17) for (let i = 0; i <= id.length; i++) for (const ch of i === id.length ? `${DIGITS}X` : DIGITS) yield id.slice(0, i) + ch + id.slice(i);
}
