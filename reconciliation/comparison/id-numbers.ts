// How two 18-character ID numbers (GB 11643-1999) differ, position by position. The number is
// region (1–6), birth date (7–14), sequence code (15–17: odd for boys, even for girls) and a check
// character (18). Where two numbers differ tells a typo from another person:
//  - only in the sequence code: two people born the same day in the same place. Twins' numbers
//    are issued together and usually differ there alone (consecutive sequence codes);
//  - only in the birth-date digits, while the records' own birth dates agree: a digit mistyped
//    in the number, not another child.

/** Equal length 18, equal outside [from, to), and different inside it (the check character, position 18, may differ too). */
function differOnlyWithin(a: string, b: string, from: number, to: number): boolean {
  if (a.length !== 18 || b.length !== 18 || a === b) return false;
  for (let i = 0; i < 17; i++) {
    if ((i < from || i >= to) && a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  }
  for (let i = from; i < to; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return true;
  return false;
}

/** Same region and birth date, different sequence code: twins' (or same-day neighbours') numbers. */
export function differsInSequenceOnly(a: string, b: string): boolean {
  return differOnlyWithin(a, b, 14, 17);
}

/**
 * One digit mistyped, or two adjacent digits swapped, inside the birth-date digits (positions
 * 7–14), all else equal but the check character.
 */
export function birthDateDigitTypo(a: string, b: string): boolean {
  if (!differOnlyWithin(a, b, 6, 14)) return false;
  let first = -1;
  let count = 0;
  for (let i = 6; i < 14; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (count === 1) return true;
  return count === 2 && a[first] === b[first + 1] && a[first + 1] === b[first];
}

/** A valid-looking 18-character number whose birth-date digits are not the row's birth date (YYYY-MM-DD). */
function embedsAnotherBirthDate(id: string, birthDate: string | null): boolean {
  if (id.length !== 18 || birthDate === null || birthDate.length !== 10) return false;
  return id.slice(6, 10) !== birthDate.slice(0, 4) || id.slice(10, 12) !== birthDate.slice(5, 7) || id.slice(12, 14) !== birthDate.slice(8, 10);
}

/**
 * Two different numbers, one of which does not embed its own row's birth date: most often a
 * sibling's or parent's number typed into the wrong row. That number is not the child's, so the
 * disagreement says little about whether the two rows are one child.
 */
export function differentNumberNotTheRowsOwn(a: string, b: string, birthA: string | null, birthB: string | null): boolean {
  return a !== b && (embedsAnotherBirthDate(a, birthA) || embedsAnotherBirthDate(b, birthB));
}
