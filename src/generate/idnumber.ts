// Citizen ID numbers (公民身份号码, GB 11643-1999): 6-digit region of first registration,
// 8-digit birth date, 3-digit sequence (odd = male, even = female), and an ISO 7064
// MOD 11-2 check character. Everyone here is invented, but the numbers are well formed,
// so that a damaged one is damaged on purpose.

import { compactDay, type Day } from './dates';
import { hashString, type Rng } from './random';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Well formed: 17 digits and the right check character (upper-case X only). */
export function isValidId(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && checkCharacter(id) === id[17];
}

/** The pre-1999 15-digit form: no century, no check character. */
export function toFifteenDigits(id: string): string {
  return id.slice(0, 6) + id.slice(8, 14) + id.slice(14, 17);
}

export function sexOfId(id: string): 'M' | 'F' {
  return Number(id[16]) % 2 === 1 ? 'M' : 'F';
}

/**
 * Where another county's numbers start in a region's sequence of slots: a county's own people
 * take the first places of each (region, birth date, sex) sequence, and a county would need
 * more than this many children of one sex born on one day to reach the numbers another county
 * gave out in its region.
 */
const FOREIGN_START = 150;
/** Spread of the foreign start between counties and seeds. */
const FOREIGN_SPREAD = 100;

/**
 * Hands out sequence numbers so that no two people share an ID: per region and birth date,
 * 499 slots per sex. The slots are visited in a scrambled order (step 37, coprime to 499)
 * so that sequence numbers do not just count 001, 003, 005 …
 *
 * With a home county, numbers of other regions (parents born elsewhere, children whose hukou is
 * elsewhere) are taken from far down each sequence, at a place that depends on the home county
 * and the seed. A county's own numbers carry its own region code, so two generated counties of
 * different codes never give out the same number to their own people, nor one county's own
 * number to the other's people registered there; they could meet only in a third region, for
 * two people born there on the same day, of the same sex, whose counties' places in that
 * sequence coincide. Both counties can then be imported into one hub. Two counties of the same
 * code and different seeds do share numbers: they are two drafts of one county.
 */
export class IdAllocator {
  private readonly used = new Map<string, number>();
  private readonly foreignStart: number;

  constructor(private readonly home: string | null = null, salt = '') {
    this.foreignStart = FOREIGN_START + (hashString(`${home}|${salt}`)[0] % FOREIGN_SPREAD);
  }

  allocate(region: string, birth: Day, sex: 'M' | 'F'): string {
    const date = compactDay(birth);
    const key = `${region}${date}${sex}`;
    const n = this.used.get(key) ?? 0;
    const start = this.home === null || region === this.home ? 0 : this.foreignStart;
    if (start + n >= 499) throw new Error(`more than ${499 - start} people of one sex born on ${date} in ${region}`);
    this.used.set(key, n + 1);
    const base = (Number(date) * 7919 + Number(region)) % 499;
    const slot = (base + (start + n) * 37) % 499;
    const seq = slot * 2 + (sex === 'M' ? 1 : 2);
    const first17 = `${region}${date}${String(seq).padStart(3, '0')}`;
    return first17 + checkCharacter(first17);
  }
}

/** One digit mistyped (anywhere): MOD 11-2 catches every single-digit error. */
export function mistypeDigit(id: string, rng: Rng): string {
  const pos = rng.int(0, 16);
  const old = id.charCodeAt(pos) - 48;
  const replacement = (old + rng.int(1, 9)) % 10;
  return id.slice(0, pos) + String(replacement) + id.slice(pos + 1);
}

/**
 * Two adjacent, different digits swapped; null when no such pair is found quickly. The
 * region part is copied rather than typed, and an X stays last (nobody types it early).
 */
export function transposeAdjacent(id: string, rng: Rng): string | null {
  for (let attempt = 0; attempt < 8; attempt++) {
    const pos = rng.int(6, id.length - 2);
    const [a, b] = [id[pos], id[pos + 1]];
    if (a !== b && a !== 'X' && b !== 'X') return id.slice(0, pos) + b + a + id.slice(pos + 2);
  }
  return null;
}

/**
 * A corrupted copy of a valid ID: the check character replaced, or an impossible month
 * (00, 13–19) in the birth date. Either way the number is invalid, and still reads as the child's.
 */
export function phantomIdNumber(id: string, rng: Rng): string {
  if (rng.chance(0.5)) {
    const others = '0123456789X'.replace(id[17], '');
    return id.slice(0, 17) + rng.pick(Array.from(others));
  }
  const month = rng.pick(['00', '13', '14', '15', '16', '17', '18', '19']);
  return id.slice(0, 10) + month + id.slice(12);
}

const FULL_WIDTH_OFFSET = 0xff10 - 0x30;

/** Digits (and X) typed with a Chinese IME in full-width mode. */
export function toFullWidth(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 0x30 && code <= 0x39) out += String.fromCharCode(code + FULL_WIDTH_OFFSET);
    else if (ch === 'X' || ch === 'x') out += String.fromCharCode(ch.charCodeAt(0) + 0xfee0);
    else out += ch;
  }
  return out;
}
