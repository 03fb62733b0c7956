import { daysInMonth } from '../normalise/calendar';

// String and date primitives behind the comparison levels. A 1M-record run calls them ~50 million
// times, so they walk char codes (no regex, no split) and reuse module-level scratch buffers.
// Strings are compared by UTF-16 code unit: every common Han character is one unit, and a rare
// extension-B character (a surrogate pair) counts as two, which only makes its mismatch cost more.

// Scratch state for jaroWinkler, grown on demand and never shrunk (names are short).
let codesB = new Int32Array(64);
let matchedA = new Int32Array(64);
let matchedB = new Int32Array(64);
// matchedA/matchedB hold the call's stamp where a character is matched: no clearing per call.
let stamp = 0;
// Bit masks of b's positions by char code & 127 (collisions are checked against the real char).
const positionsByCode = new Int32Array(128);

/**
 * Jaro-Winkler similarity in [0, 1]: prefix scale 0.1 over at most 4 characters, applied only
 * when the Jaro score exceeds 0.7 (Winkler's boost threshold, as in DuckDB/rapidfuzz that Splink
 * uses, so thresholds carry over). Transpositions are counted with integer halving as in
 * Winkler's reference code. Two empty strings → 1; one empty → 0.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const longer = la > lb ? la : lb;
  const window = longer < 4 ? 0 : (longer >> 1) - 1;
  // Pinyin names (10–20 letters) go bit-parallel, ~2x faster; short Han names are cheaper by scanning.
  if (longer > 6 && la <= 30 && lb <= 30) return jaroBitParallel(a, b, la, lb, window);

  if (lb > codesB.length) {
    codesB = new Int32Array(lb * 2);
    matchedB = new Int32Array(lb * 2);
  }
  if (la > matchedA.length) matchedA = new Int32Array(la * 2);
  if (++stamp === 0x7fffffff) {
    stamp = 1;
    matchedA.fill(0);
    matchedB.fill(0);
  }
  const s = stamp;
  for (let j = 0; j < lb; j++) codesB[j] = b.charCodeAt(j);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const hi = i + window < lb - 1 ? i + window : lb - 1;
    for (let j = i > window ? i - window : 0; j <= hi; j++) {
      if (codesB[j] === c && matchedB[j] !== s) {
        matchedA[i] = s;
        matchedB[j] = s;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let outOfOrder = 0;
  for (let i = 0, k = 0; i < la; i++) {
    if (matchedA[i] !== s) continue;
    while (matchedB[k] !== s) k++;
    if (a.charCodeAt(i) !== codesB[k]) outOfOrder++;
    k++;
  }
  return winkler(a, b, la, lb, matches, outOfOrder);
}

/**
 * The same matching with 32-bit masks (both strings at most 30 units): for each character of a,
 * the first unmatched position of the same character in b's window is the lowest set bit of
 * positions & unmatched & window, instead of a scan of the window.
 */
function jaroBitParallel(a: string, b: string, la: number, lb: number, window: number): number {
  for (let j = 0; j < lb; j++) positionsByCode[b.charCodeAt(j) & 127] |= 1 << j;
  let unmatchedB = (1 << lb) - 1;
  let matchedAMask = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const lo = i > window ? i - window : 0;
    const hi = i + window < lb - 1 ? i + window : lb - 1;
    let candidates = positionsByCode[c & 127] & unmatchedB & ((1 << (hi + 1)) - 1) & ~((1 << lo) - 1);
    while (candidates !== 0) {
      const bit = candidates & -candidates;
      if (b.charCodeAt(31 - Math.clz32(bit)) === c) {
        unmatchedB ^= bit;
        matchedAMask |= 1 << i;
        matches++;
        break;
      }
      candidates ^= bit;
    }
  }
  for (let j = 0; j < lb; j++) positionsByCode[b.charCodeAt(j) & 127] = 0;
  if (matches === 0) return 0;
  let am = matchedAMask;
  let bm = ~unmatchedB & ((1 << lb) - 1);
  let outOfOrder = 0;
  while (am !== 0) {
    if (a.charCodeAt(31 - Math.clz32(am & -am)) !== b.charCodeAt(31 - Math.clz32(bm & -bm))) outOfOrder++;
    am &= am - 1;
    bm &= bm - 1;
  }
  return winkler(a, b, la, lb, matches, outOfOrder);
}

function winkler(a: string, b: string, la: number, lb: number, matches: number, outOfOrder: number): number {
  const transpositions = outOfOrder >> 1;
  const jaro = (matches / la + matches / lb + (matches - transpositions) / matches) / 3;
  if (jaro <= 0.7) return jaro;
  const maxPrefix = la < lb ? (la < 4 ? la : 4) : lb < 4 ? lb : 4;
  let prefix = 0;
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

// Two DP rows for levenshteinWithin, reused across calls.
let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);

/**
 * True when the edit distance (insert, delete, substitute) between a and b is at most max.
 * Only the diagonal band of width 2·max+1 is computed, and it stops as soon as a whole row
 * exceeds max: the caller needs the yes/no, not the distance.
 */
export function levenshteinWithin(a: string, b: string, max: number): boolean {
  if (a === b) return max >= 0;
  if (!(max >= 0)) return false;
  let la = a.length;
  let lb = b.length;
  if (Math.abs(la - lb) > max) return false;

  // Common prefix and suffix cost nothing: strip them so the DP only sees the differing middle.
  let start = 0;
  while (start < la && start < lb && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (la > start && lb > start && a.charCodeAt(la - 1) === b.charCodeAt(lb - 1)) {
    la--;
    lb--;
  }
  const n = la - start;
  const m = lb - start;
  if (n === 0 || m === 0) return (n > m ? n : m) <= max;

  if (m + 2 > rowPrev.length) {
    rowPrev = new Int32Array((m + 2) * 2);
    rowCur = new Int32Array((m + 2) * 2);
  }
  const cap = max + 1; // any value above max is as good as infinity
  let prev = rowPrev;
  let cur = rowCur;
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : cap;
  prev[m + 1] = cap;

  for (let i = 1; i <= n; i++) {
    const ca = a.charCodeAt(start + i - 1);
    const jLo = i - max > 1 ? i - max : 1;
    const jHi = i + max < m ? i + max : m;
    cur[jLo - 1] = jLo === 1 ? (i <= max ? i : cap) : cap;
    let rowMin = cur[jLo - 1];
    for (let j = jLo; j <= jHi; j++) {
      const substitute = prev[j - 1] + (ca === b.charCodeAt(start + j - 1) ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      let d = substitute < del ? substitute : del;
      if (ins < d) d = ins;
      if (d > cap) d = cap;
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // The next row reads one column further right: keep it at "too far" rather than stale.
    if (jHi < m) cur[jHi + 1] = cap;
    if (rowMin > max) return false;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m] <= max;
}

/**
 * Equal length and either exactly one position differs or exactly two adjacent positions are
 * swapped (ab → ba) with the rest equal: the two ways an ID number or phone is mistyped.
 * Equal strings → false (the exact level catches them first).
 */
export function oneEdit(a: string, b: string): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return false;
  if (restEqual(a, b, i + 1, n)) return true;
  return i + 1 < n && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && restEqual(a, b, i + 2, n);
}

function restEqual(a: string, b: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
  return true;
}

// foldPinyin runs on a few hundred thousand distinct names; bounded so a hostile file cannot grow it forever.
const foldedByPinyin = new Map<string, string>();
const MAX_FOLD_CACHE = 500_000;

const SPACE = 0x20;
const SEMICOLON = 0x3b; // joins an array field's values; folded as a separator too

/**
 * Folds toneless pinyin ("wang xiao ming", 'v' for ü) so that the sounds people mishear give the
 * same key, syllable by syllable:
 *  - initials zh→z, ch→c, sh→s, l→n;
 *  - hu-→f- (southern speakers say 黄 huang as fang): the u is the medial f- cannot take, so it
 *    goes too — hu→fu, hua→fa, huan→fan, huang→fang, hui→fei, hun→fen, huo→fo;
 *  - finals -ang/-eng/-ing (and -iang, -uang) → -an/-en/-in. -ong and -iong stay: pinyin has no
 *    -on for them to be confused with, and folding them to -on would only invent a new key.
 * Separators (single spaces, ';') are kept where they were.
 */
export function foldPinyin(p: string): string {
  let folded = foldedByPinyin.get(p);
  if (folded === undefined) {
    folded = foldUncached(p);
    if (foldedByPinyin.size >= MAX_FOLD_CACHE) foldedByPinyin.clear();
    foldedByPinyin.set(p, folded);
  }
  return folded;
}

function foldUncached(p: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === SPACE || c === SEMICOLON) {
      out += foldSyllable(p.slice(start, i)) + p[i];
      start = i + 1;
    }
  }
  return out + foldSyllable(p.slice(start));
}

function foldSyllable(s: string): string {
  if (s.length === 0) return s;
  const c0 = s[0];
  const c1 = s.length > 1 ? s[1] : '';
  if (c1 === 'h' && (c0 === 'z' || c0 === 'c' || c0 === 's')) {
    s = c0 + s.slice(2);
  } else if (c0 === 'l') {
    s = 'n' + s.slice(1);
  } else if (c0 === 'h' && c1 === 'u') {
    // After hu-: '' is hu itself, 'i' is really -uei, 'n' is really -uen.
    const rest = s.slice(2);
    s = 'f' + (rest === '' ? 'u' : rest === 'i' ? 'ei' : rest === 'n' ? 'en' : rest);
  }
  const n = s.length;
  if (n >= 3 && s[n - 1] === 'g' && s[n - 2] === 'n' && s[n - 3] !== 'o') s = s.slice(0, n - 1);
  return s;
}

const DIGIT_0 = 0x30;
const DASH = 0x2d;

/** Two ASCII digits at i as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const d1 = s.charCodeAt(i) - DIGIT_0;
  const d2 = s.charCodeAt(i + 1) - DIGIT_0;
  return d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9 ? d1 * 10 + d2 : -1;
}

/** True when s has the shape DDDD-DD-DD (digits only checked, not the calendar). */
function isIsoShape(s: string): boolean {
  return s.length === 10 && s.charCodeAt(4) === DASH && s.charCodeAt(7) === DASH && twoDigits(s, 0) >= 0 && twoDigits(s, 2) >= 0 && twoDigits(s, 5) >= 0 && twoDigits(s, 8) >= 0;
}

/**
 * 'YYYY-MM-DD' → days since 1970-01-01; NaN when the shape is wrong or the day does not exist
 * (a partial '2013-04' or '2013-02-30'). Integer civil-to-days arithmetic (H. Hinnant's
 * days_from_civil), so no Date object per call.
 */
export function dayNumber(iso: string): number {
  if (!isIsoShape(iso)) return NaN;
  let year = twoDigits(iso, 0) * 100 + twoDigits(iso, 2);
  const month = twoDigits(iso, 5);
  const day = twoDigits(iso, 8);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (month <= 2) year--;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * True for two 'YYYY-MM-DD' dates of the same year whose month and day are swapped
 * (2013-04-12 / 2013-12-04): a form filled in day-first. Identical dates are not a swap.
 */
export function isMonthDaySwap(a: string, b: string): boolean {
  if (a === b || !isIsoShape(a) || !isIsoShape(b)) return false;
  for (let i = 0; i < 4; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return a.charCodeAt(5) === b.charCodeAt(8) && a.charCodeAt(6) === b.charCodeAt(9) && a.charCodeAt(8) === b.charCodeAt(5) && a.charCodeAt(9) === b.charCodeAt(6);
}
