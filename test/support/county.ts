import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { ChinaDivisionRegistry } from '../../src/areas/china-division-registry';
import { cleanRecordKey } from '../../src/modules/ingest/source-rows';
import { generateCounty, type NoiseLevel } from '../../src/generate';
import { ImportService } from '../../src/modules/ingest/import.service';

export const SOURCES = ['civil-affairs', 'education', 'police'] as const;

let registry: ChinaDivisionRegistry | null = null;

/** Generates a county into dir (once per dir) and returns its files and the truth: "source:key" → person. */
export async function generatedCounty(dir: string, children: number, seed: string, noise: NoiseLevel = 'realistic', county?: string) {
  if (!fs.existsSync(path.join(dir, 'truth.csv'))) await generateCounty({ children, seed, noise, ...(county ? { county } : {}) }, dir);
  const truth = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(dir, 'truth.csv'), 'utf8').split('\n').slice(1)) {
    const [source, key, person] = line.trim().split(',');
    const id = `${source}:${cleanRecordKey(key ?? '')}`;
    if (person && !truth.has(id)) truth.set(id, person);
  }
  return { files: Object.fromEntries(SOURCES.map((s) => [s, path.join(dir, `${s}.csv`)])) as Record<(typeof SOURCES)[number], string>, truth };
}

/** Imports the files through the real import, in the order given. */
export async function importCounty(pool: Pool, files: Record<string, string>, order: readonly string[] = SOURCES, period = '2024Q1', errorsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-errors-'))) {
  registry ??= ChinaDivisionRegistry.load();
  const service = new ImportService(pool, registry, errorsDir);
  for (const source of order) await service.importFile(files[source], { source, period });
}

/** (source, record_key, child_id) of every record, in a stable order (two counties' equal keys by county). */
export async function linkTable(pool: Pool): Promise<{ source: string; key: string; childId: string | null }[]> {
  const { rows } = await pool.query(
    `SELECT r.source, r.record_key AS key, cr.child_id AS "childId" FROM source_record r
     LEFT JOIN child_record cr ON cr.source_record_id = r.id ORDER BY r.source, r.record_key, r.key_scope`,
  );
  return rows;
}
