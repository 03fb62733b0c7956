/**
 * ID-number masking for the roles that do not need full numbers (auth/access.ts).
 *
 * A 公民身份号码 is region (6 digits) + birth date (8) + sequence (3) + check character. A masked
 * number keeps only the region and hides everything else: the birth date is shown on the file
 * anyway, so a mask that kept the sequence and check digits (500109********0311) gave the whole
 * number back once the birth date was put in its place. With the sequence hidden too, a file's
 * answers leave some 500 numbers possible (one sex's sequence numbers; the check character follows
 * from the rest), so the number cannot be rebuilt from them.
 */
const KEPT_DIGITS = 6;

/** 500109201304120311 → 500109************ (null stays null; a short value is hidden whole). */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (id == null || id === '') return null;
  if (id.length <= KEPT_DIGITS + 4) return '*'.repeat(id.length);
  return id.slice(0, KEPT_DIGITS) + '*'.repeat(id.length - KEPT_DIGITS);
}

const DIGIT = '[0-9\\uFF10-\\uFF19]';
/**
 * An ID number inside any text: 14 to 20 digits (ASCII or full-width), optionally split by single
 * spaces or hyphens as people type them, optionally ending in X, optionally prefixed by the
 * education key's G or L (全国学籍号 = G + ID number; L-numbers hold a birth date too). Longer
 * than the 12-digit area codes and 11-digit phone numbers the answers also carry, so those stay.
 * Not inside a longer word or number: a child id (C + hex) or a decimal fraction is left alone.
 */
const ID_IN_TEXT = new RegExp(`(?<![0-9A-Za-z\\uFF10-\\uFF19.])([GgLl]?)(${DIGIT}(?:[ -]?${DIGIT}){13,19}(?:[ -]?[XxＸｘ])?)(?![0-9A-Za-z\\uFF10-\\uFF19])`, 'g');

/** Masks every ID number found in a text, whatever it is: evidence, a key, a raw row, an error. */
export function maskIdNumbersIn(text: string): string {
  if (!hasLongDigitRun(text)) return text;
  return text.replace(ID_IN_TEXT, (_match, prefix: string, number: string) => {
    let kept = 0;
    // Keep the region's digits, hide every other digit and the check character; separators stay.
    const masked = number.replace(/[0-9\uFF10-\uFF19XxＸｘ]/g, (c) => (kept++ < KEPT_DIGITS ? c : '*'));
    return prefix + masked;
  });
}

/** A cheap pre-check: most strings hold no run of 14 digit-ish characters at all. */
function hasLongDigitRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
    if (digit) {
      if (++run >= 14) return true;
    } else if (c !== 32 && c !== 45) run = 0;
  }
  return false;
}

/**
 * Masks every string in an answer (objects and arrays walked in place): the one place every field,
 * evidence string, key and error message goes through before it reaches a masked role.
 */
export function maskIdNumbersDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskIdNumbersIn(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = maskIdNumbersDeep(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = maskIdNumbersDeep(record[key]);
  }
  return value;
}
