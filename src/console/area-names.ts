import type { Pool } from 'pg';
import type { ChinaDivisionRegistry } from '../areas/china-division-registry';

/** One area with its GB/T 2260 name, for the console's pickers, tables and charts. */
export interface NamedArea {
  code: string;
  name: string | null;
}

/**
 * Names of areas from the national division list (public data: no child is behind a name).
 * Villages are loaded per county on first use (the list streams a 37 MB file once per county).
 */
export class AreaNames {
  private readonly prepared = new Map<string, Promise<void>>();

  constructor(private readonly registry: ChinaDivisionRegistry) {}

  async names(codes: Iterable<string>): Promise<NamedArea[]> {
    const list = [...new Set(codes)].filter((code) => /^\d{6}(\d{3}(\d{3})?)?$/.test(code)).sort();
    await Promise.all([...new Set(list.filter((code) => code.length === 12).map((code) => code.slice(0, 6)))].map((county) => this.prepare(county)));
    return list.map((code) => ({ code, name: this.nameOf(code) }));
  }

  private nameOf(code: string): string | null {
    if (code.length === 6) return this.registry.countyName(code);
    if (code.length === 9) return this.registry.townName(code);
    return this.registry.villageName(code);
  }

  private prepare(county: string): Promise<void> {
    let ready = this.prepared.get(county);
    if (ready === undefined) {
      ready = this.registry.prepare([county]);
      this.prepared.set(county, ready);
    }
    return ready;
  }
}

/**
 * Every area that holds children under `prefix` (an empty prefix: all), with the towns and
 * counties above them: what a person picks an area from.
 */
export async function areasWithChildren(pool: Pool, prefix: string): Promise<string[]> {
  const { rows } = await pool.query<{ area_code: string }>(
    `/* consoleAreasWithChildren */ SELECT DISTINCT area_code FROM area_tally
     WHERE measure = 'children' AND count > 0 AND area_code >= $1 AND area_code < $1 || ':' AND area_code <> ''`,
    [prefix],
  );
  const codes = new Set<string>();
  for (const { area_code: code } of rows) {
    for (const length of [6, 9, 12]) if (code.length >= length) codes.add(code.slice(0, length));
  }
  return [...codes].filter((code) => code.startsWith(prefix) || prefix.startsWith(code));
}
