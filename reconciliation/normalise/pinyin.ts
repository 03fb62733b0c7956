import { pinyin } from 'pinyin-pro';
import { isAsciiLetter, isHanCodePoint } from './chars';

// Toneless, 'v' for ü (lv, nv) so keys stay ASCII; tone sandhi off: it changes 一/不 by context.
const BASE = { toneType: 'none', type: 'array', v: true, toneSandhi: false } as const;
const AS_SURNAME = { ...BASE, surname: 'head' } as const;

// Names use a few hundred distinct characters (measured on 19k generated names), so a
// reading is computed once per character and then costs one Map lookup.
const readingByCharacter = new Map<string, string>();
// The first two characters are read in pinyin-pro's surname mode (曾 → zeng, 单 → shan, 尉迟 → yu chi),
// cached per two-character prefix, keyed by the pair's code points as one number (no string building).
// Bounded so an adversarial file cannot grow it without limit.
const surnameReadingByPrefix = new Map<number, readonly string[]>();
const MAX_PREFIX_CACHE = 200_000;

function characterReading(ch: string): string {
  let reading = readingByCharacter.get(ch);
  if (reading === undefined) {
    reading = toKey(pinyin(ch, BASE)[0], ch);
    readingByCharacter.set(ch, reading);
  }
  return reading;
}

function surnameReadings(first: string, second?: string): readonly string[] {
  const key = (first.codePointAt(0) as number) * 0x110000 + (second === undefined ? 0 : (second.codePointAt(0) as number));
  let readings = surnameReadingByPrefix.get(key);
  if (readings === undefined) {
    const raw = pinyin(second === undefined ? first : first + second, AS_SURNAME);
    readings = second === undefined ? [toKey(raw[0], first)] : [toKey(raw[0], first), toKey(raw[1], second)];
    if (surnameReadingByPrefix.size >= MAX_PREFIX_CACHE) surnameReadingByPrefix.clear();
    surnameReadingByPrefix.set(key, readings);
  }
  return readings;
}

/** pinyin-pro returns the character itself when it has no reading (rare extension-B characters): keep it, so equal names still give equal keys. */
function toKey(reading: string | undefined, ch: string): string {
  return reading === undefined || reading === '' ? ch : reading.toLowerCase();
}

/**
 * A cleaned name → toneless lower-case syllables joined by single spaces (王晓明 → "wang xiao ming").
 * Homophones typed by ear (晓/小) give the same key, which is what matching needs. Latin words are
 * kept whole and lower-cased; digits, separators (·) and other symbols are skipped.
 * Returns null when nothing readable is left.
 */
export function namePinyin(name: string): string | null {
  let out = '';
  let surnameRead = false;
  let latinStart = -1;
  const append = (token: string): void => {
    out = out === '' ? token : out + ' ' + token;
  };
  for (let i = 0; i < name.length; ) {
    const ch = characterAt(name, i);
    const cp = ch.codePointAt(0) as number;
    if (isAsciiLetter(cp)) {
      if (latinStart < 0) latinStart = i;
      i++;
      continue;
    }
    if (latinStart >= 0) {
      append(name.slice(latinStart, i).toLowerCase());
      latinStart = -1;
    }
    i += ch.length;
    if (!isHanCodePoint(cp)) continue;
    if (surnameRead) {
      append(characterReading(ch));
      continue;
    }
    // The name's first Han character, with the next one if it is Han too (compound surnames).
    surnameRead = true;
    const next = i < name.length ? characterAt(name, i) : undefined;
    if (next !== undefined && isHanCodePoint(next.codePointAt(0) as number)) {
      const [a, b] = surnameReadings(ch, next);
      append(a);
      append(b);
      i += next.length;
    } else {
      append(surnameReadings(ch)[0]);
    }
  }
  if (latinStart >= 0) append(name.slice(latinStart).toLowerCase());
  return out === '' ? null : out;
}

/** The character (code point) starting at UTF-16 index i: one code unit, or a surrogate pair. */
function characterAt(s: string, i: number): string {
  const code = s.charCodeAt(i);
  return code >= 0xd800 && code <= 0xdbff && i + 1 < s.length ? s.slice(i, i + 2) : s[i];
}

// Every reading of a character (多音字: 偲 cāi/sī, 柏 bǎi/bó, 单 dān/shàn), from pinyin-pro's
// polyphone data, cached per character like the single reading above.
const MULTIPLE = { ...BASE, multiple: true } as const;
const readingsByCharacter = new Map<string, readonly string[]>();

function characterReadings(ch: string, first: string): readonly string[] {
  let readings = readingsByCharacter.get(ch);
  if (readings === undefined) {
    readings = pinyin(ch, MULTIPLE).map((r) => toKey(r, ch));
    readingsByCharacter.set(ch, readings);
  }
  // The reading namePinyin chose (the surname reading for a surname) always comes first.
  if (readings.length === 0 || (readings[0] === first && readings.length === 1)) return [first];
  return readings[0] === first ? readings : [first, ...readings.filter((r) => r !== first)];
}

/**
 * At most this many spellings per name: a three-character name whose characters each have three
 * readings has 27. Beyond it only the first ones are kept (the usual reading first), so an
 * adversarial name cannot make a record carry thousands of keys.
 */
export const MAX_NAME_READINGS = 32;

/**
 * Every pinyin spelling of a cleaned name, one per combination of its characters' readings, the
 * namePinyin spelling first: 王偲涵 → ["wang cai han", "wang si han"]. Two names are homophones
 * when some reading of each agrees, i.e. when their lists share a spelling (王思涵 reads
 * "wang si han" too). Null when nothing readable is left, like namePinyin.
 */
export function nameReadings(name: string): string[] | null {
  const usual = namePinyin(name);
  if (usual === null) return null;
  const syllables = usual.split(' ');
  // Align the Han characters with their syllables: namePinyin gives one syllable per Han
  // character and one per Latin word, in order.
  const options: (readonly string[])[] = [];
  let k = 0;
  let inLatin = false;
  for (let i = 0; i < name.length; ) {
    const ch = characterAt(name, i);
    const cp = ch.codePointAt(0) as number;
    i += ch.length;
    if (isAsciiLetter(cp)) {
      if (!inLatin) options.push([syllables[k++]]);
      inLatin = true;
      continue;
    }
    inLatin = false;
    if (isHanCodePoint(cp)) {
      options.push(characterReadings(ch, syllables[k]));
      k++;
    }
  }
  let spellings = [''];
  for (const choices of options) {
    const next: string[] = [];
    for (const prefix of spellings) {
      for (const reading of choices) {
        if (next.length >= MAX_NAME_READINGS) break;
        next.push(prefix === '' ? reading : prefix + ' ' + reading);
      }
    }
    spellings = next;
  }
  return spellings;
}
