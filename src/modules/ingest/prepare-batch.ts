import { normaliseAreaCode, normaliseRecord, type AreaRegistry, type SourceName } from '../../../reconciliation/normalise';
import { versionCopyCells } from './ingest.store';
import { isRejection, type RowRejection, type SourceRow } from './source-rows';

export type Item = SourceRow | RowRejection;

/** A row ready to be written: what classifying it needs, and its version's COPY cells. */
export interface PreparedRow {
  line: number;
  recordKey: string;
  text: string;
  countyCode: string | null;
  /** The normalised area code (village when known): the record's current area once written. */
  areaCode: string | null;
  /**
   * The area code the row states itself, cleaned and unpadded (not inferred from its address);
   * the cleaned cell when it is no code; null when the row has none. A push is checked on it
   * (push-area.ts), and a file's exporting county is told from it.
   */
  statedArea: string | null;
  hash: string;
  copyCells: string;
}

export interface PreparedBatch {
  rows: PreparedRow[];
  rejections: RowRejection[];
  lastLine: number;
  /** Problem code → how many of the batch's rows have it (a value kept empty or coarser): told in the import's summary. */
  problems: Record<string, number>;
}

/** What `prepareBatch` needs of the area list: the normaliser's lookups, and loading counties' villages. */
export interface PreparableRegistry extends AreaRegistry {
  prepare(countyCodes: Iterable<string>): Promise<void>;
}

/**
 * Normalises a batch of rows and serialises each one's version: the CPU-heavy half of an import,
 * with no database, so it can run in a worker thread (prepare.worker.ts) while the import writes
 * the previous batch. `exportedBy`, when the import names the county that exported it, is where
 * a row without an area code is looked for by its address.
 */
export async function prepareBatch(
  source: SourceName,
  period: string,
  batch: readonly Item[],
  registry: PreparableRegistry,
  exportedBy: string | null = null,
): Promise<PreparedBatch> {
  const counties = new Map<string, number>();
  for (const item of batch) {
    if (isRejection(item)) continue;
    const digits = (item.values.area_code ?? '').normalize('NFKC').replace(/\D/g, '');
    if (digits.length >= 6) counties.set(digits.slice(0, 6), (counties.get(digits.slice(0, 6)) ?? 0) + 1);
  }
  if (exportedBy !== null) counties.set(exportedBy, counties.get(exportedBy) ?? 0);
  await registry.prepare(counties.keys());
  // A row without an area code is looked for (by its address) in the exporting county, or else
  // in the county most rows name.
  const countyCode = exportedBy ?? [...counties].sort((a, b) => b[1] - a[1])[0]?.[0];
  const prepared: PreparedBatch = { rows: [], rejections: [], lastLine: batch[batch.length - 1].line, problems: {} };
  for (const item of batch) {
    if (isRejection(item)) {
      prepared.rejections.push(item);
      continue;
    }
    const normalised = normaliseRecord(source, item.values, registry, { countyCode });
    for (const code of new Set(normalised.problems.map((p) => p.code))) prepared.problems[code] = (prepared.problems[code] ?? 0) + 1;
    const areaCode = normalised.fields.areaCode;
    const rowCounty = typeof areaCode === 'string' && areaCode.length >= 6 ? areaCode.slice(0, 6) : null;
    const hash = item.hash;
    prepared.rows.push({
      line: item.line,
      recordKey: item.recordKey,
      text: item.text,
      countyCode: rowCounty,
      areaCode: typeof areaCode === 'string' ? areaCode : null,
      statedArea: statedArea(item.values.area_code),
      hash,
      copyCells: versionCopyCells({ period, countyCode: rowCounty, line: item.line, raw: item.raw, normalised: withoutBlanks(normalised.fields), problems: normalised.problems, contentHash: hash }),
    });
  }
  return prepared;
}

/** The row's own area code (see PreparedRow.statedArea). */
export function statedArea(cell: string | undefined): string | null {
  if (cell === undefined || cell.trim() === '') return null;
  return normaliseAreaCode(cell).value ?? cell.normalize('NFKC').trim();
}

/** Blank fields are left out of the stored normalised record: a third of the bytes, the same meaning. */
function withoutBlanks(fields: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key in fields) {
    const value = fields[key];
    if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) kept[key] = value;
  }
  return kept;
}
