import { normaliseRecord, type AreaRegistry, type SourceName } from '../../../reconciliation/normalise';
import { versionCopyCells } from './ingest.store';
import { isRejection, type RowRejection, type SourceRow } from './source-rows';

export type Item = SourceRow | RowRejection;

/** A row ready to be written: what classifying it needs, and its version's COPY cells. */
export interface PreparedRow {
  line: number;
  recordKey: string;
  text: string;
  countyCode: string | null;
  hash: string;
  copyCells: string;
}

export interface PreparedBatch {
  rows: PreparedRow[];
  rejections: RowRejection[];
  lastLine: number;
}

/** What `prepareBatch` needs of the area list: the normaliser's lookups, and loading counties' villages. */
export interface PreparableRegistry extends AreaRegistry {
  prepare(countyCodes: Iterable<string>): Promise<void>;
}

/**
 * Normalises a batch of rows and serialises each one's version: the CPU-heavy half of an import,
 * with no database, so it can run in a worker thread (prepare.worker.ts) while the import writes
 * the previous batch.
 */
export async function prepareBatch(source: SourceName, period: string, batch: readonly Item[], registry: PreparableRegistry): Promise<PreparedBatch> {
  const counties = new Map<string, number>();
  for (const item of batch) {
    if (isRejection(item)) continue;
    const digits = (item.values.area_code ?? '').normalize('NFKC').replace(/\D/g, '');
    if (digits.length >= 6) counties.set(digits.slice(0, 6), (counties.get(digits.slice(0, 6)) ?? 0) + 1);
  }
  await registry.prepare(counties.keys());
  // A row without an area code is looked for (by its address) in the county most rows name.
  const countyCode = [...counties].sort((a, b) => b[1] - a[1])[0]?.[0];
  const prepared: PreparedBatch = { rows: [], rejections: [], lastLine: batch[batch.length - 1].line };
  for (const item of batch) {
    if (isRejection(item)) {
      prepared.rejections.push(item);
      continue;
    }
    const normalised = normaliseRecord(source, item.values, registry, { countyCode });
    const areaCode = normalised.fields.areaCode;
    const rowCounty = typeof areaCode === 'string' && areaCode.length >= 6 ? areaCode.slice(0, 6) : null;
    const hash = item.hash;
    prepared.rows.push({
      line: item.line,
      recordKey: item.recordKey,
      text: item.text,
      countyCode: rowCounty,
      hash,
      copyCells: versionCopyCells({ period, countyCode: rowCounty, line: item.line, raw: item.raw, normalised: withoutBlanks(normalised.fields), problems: normalised.problems, contentHash: hash }),
    });
  }
  return prepared;
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
