import { AreaLevel, AreaRegistry, structuralAreaLevel } from './areas';

export interface AreaEntry {
  /** Unpadded GB/T 2260 code: 2, 4, 6, 9 or 12 digits. */
  code: string;
  name: string;
}

const LEVEL_BY_LENGTH: Readonly<Record<number, AreaLevel>> = { 2: 'province', 4: 'city', 6: 'county', 9: 'town', 12: 'village' };

/**
 * Official village/town names carry an organisational suffix that addresses leave out:
 * 素心村村民委员会 appears in addresses as 素心村, 北泉社区居民委员会 as 北泉社区.
 */
const NAME_SUFFIXES = ['村民委员会', '居民委员会', '村委会', '居委会'];

function addressForms(name: string): string[] {
  for (const suffix of NAME_SUFFIXES) {
    if (name.endsWith(suffix) && name.length > suffix.length) return [name, name.slice(0, -suffix.length)];
  }
  return [name];
}

/**
 * A small registry held in memory, for tests and for runs on a handful of counties.
 * `findInAddress` picks the village (else the town) whose name occurs in the address, preferring
 * the longest match; two different areas matching equally well are ambiguous and not chosen.
 */
export class InMemoryAreaRegistry implements AreaRegistry {
  private readonly levels = new Map<string, AreaLevel>();
  private readonly entries: { code: string; forms: string[] }[] = [];

  constructor(areas: Iterable<AreaEntry>) {
    for (const { code, name } of areas) {
      const level = code.length === 6 ? structuralAreaLevel(code) : LEVEL_BY_LENGTH[code.length];
      if (level === undefined || level === null) throw new RangeError(`area code ${code} must have 2, 4, 6, 9 or 12 digits`);
      this.levels.set(code, level);
      if (level === 'town' || level === 'village') this.entries.push({ code, forms: addressForms(name) });
    }
  }

  level(code: string): AreaLevel | null {
    return this.levels.get(code) ?? null;
  }

  findInAddress(prefix: string, address: string): string | null {
    for (const wanted of [12, 9]) {
      let best: string | null = null;
      let bestLength = 0;
      let ambiguous = false;
      for (const { code, forms } of this.entries) {
        if (code.length !== wanted || !code.startsWith(prefix) || code === prefix) continue;
        for (const form of forms) {
          if (!address.includes(form)) continue;
          if (form.length > bestLength) {
            best = code;
            bestLength = form.length;
            ambiguous = false;
          } else if (form.length === bestLength && code !== best) {
            ambiguous = true;
          }
        }
      }
      // A village name shared by two villages of the county says nothing about which one; the
      // town named in the same address may still narrow it to a town.
      if (best !== null && !ambiguous) return best;
    }
    return null;
  }
}
