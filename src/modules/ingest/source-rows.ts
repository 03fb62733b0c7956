import { hash } from 'node:crypto';
import { SOURCE_COLUMNS, type SourceName } from '../../../reconciliation/normalise';

/**
 * Turns CSV records into source rows: maps the header (Chinese or English names, any spacing or
 * width) onto the canonical columns, checks each row's shape and key, and keeps the raw cells
 * under their original header text, unknown columns included.
 */
export interface SourceRow {
  line: number;
  recordKey: string;
  /** Canonical column name → cell, for the normaliser. */
  values: Record<string, string>;
  /** Original header text → cell, every column kept. */
  raw: Record<string, string>;
  /** The row as read (for the error report, should the row turn out to be a duplicate). */
  text: string;
  /** SHA-1 of the raw cells under their names, in name order: an identical row is `unchanged` (see contentHash). */
  hash: string;
}

export interface RowRejection {
  line: number;
  reason: string;
  text: string;
}

/** The import as a whole cannot go ahead (missing or non-CSV file, unknown source, no key column). */
export class ImportRefusedError extends Error {}

export interface HeaderMap {
  source: SourceName;
  /** Per position: the canonical name, or null for a column we do not know. */
  canonical: (string | null)[];
  /** Per position: the key under which the raw cell is kept (the header text, made unique). */
  rawNames: string[];
  /** Positions in the order of their raw names, as contentHash reads the cells. */
  hashOrder: number[];
  keyIndex: number;
}

const LOOKUPS = new Map<SourceName, Map<string, string>>();

/** Header token → canonical column name, for one source. */
function columnLookup(source: SourceName): Map<string, string> {
  let lookup = LOOKUPS.get(source);
  if (!lookup) {
    lookup = new Map();
    for (const column of SOURCE_COLUMNS[source].columns) {
      lookup.set(headerToken(column.name), column.name);
      for (const zh of column.zh) lookup.set(headerToken(zh), column.name);
    }
    LOOKUPS.set(source, lookup);
  }
  return lookup;
}

/** How many of the header's columns a source knows. */
function recognised(source: SourceName, cells: string[]): number {
  const lookup = columnLookup(source);
  return new Set(cells.map((cell) => lookup.get(headerToken(cell))).filter((name) => name !== undefined)).size;
}

/**
 * Maps a header onto a source's columns. `checkSource` refuses a file that is plainly another
 * department's export (a clerk picking the wrong file), which the shared column names, such as
 * 身份证号, would otherwise let through.
 */
export function mapHeader(source: SourceName, cells: string[], { checkSource = true } = {}): HeaderMap {
  const spec = SOURCE_COLUMNS[source];
  const lookup = columnLookup(source);
  if (checkSource) {
    const own = recognised(source, cells);
    const [best, bestCount] = (Object.keys(SOURCE_COLUMNS) as SourceName[])
      .map((s) => [s, recognised(s, cells)] as const)
      .reduce((a, b) => (b[1] > a[1] ? b : a));
    if (best !== source && bestCount > own + 2) {
      throw new ImportRefusedError(`this looks like the ${best} export, not ${source}: ${bestCount} of its columns match, ${own} of ${source}'s`);
    }
  }
  const used = new Set<string>();
  const rawNames: string[] = [];
  const canonical = cells.map((cell, index) => {
    const text = cell.replace(/^\uFEFF/, '').trim() || `column_${index + 1}`;
    let rawName = text;
    for (let n = 2; rawNames.includes(rawName); n++) rawName = `${text}#${n}`;
    rawNames.push(rawName);
    const name = lookup.get(headerToken(text)) ?? null;
    if (name === null || used.has(name)) return null;
    used.add(name);
    return name;
  });
  const keyIndex = canonical.indexOf(spec.key);
  if (keyIndex === -1) {
    const keyColumn = spec.columns.find((c) => c.name === spec.key);
    throw new ImportRefusedError(
      `the key column ${keyColumn?.zh[0] ?? ''} [${spec.key}] is not in the header: is this a ${source} export?`,
    );
  }
  const hashOrder = rawNames.map((_, i) => i).sort((a, b) => (rawNames[a] < rawNames[b] ? -1 : 1));
  return { source, canonical, rawNames, hashOrder, keyIndex };
}

/** NFKC, no spaces or underscores, lower case: `身份证号 `, `ID_Number` and `id number` all match. */
function headerToken(text: string): string {
  return text.normalize('NFKC').replace(/[\s_\-]/g, '').toLowerCase();
}

/** A record key as the department means it: width, spacing and case are not part of the key. */
export function cleanRecordKey(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/**
 * Characters PostgreSQL cannot store in text or jsonb: NUL, and a UTF-16 surrogate without its
 * pair (possible in pushed JSON). One of them in a row would fail its whole batch, and every
 * re-run with it.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A row's text as it can be stored in the error report: each unstorable character written as \uXXXX. */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(new RegExp(UNSTORABLE.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

export function toSourceRow(header: HeaderMap, line: number, cells: string[], text: string): SourceRow | RowRejection {
  const width = header.canonical.length;
  if (UNSTORABLE.test(text) || cells.some((cell) => UNSTORABLE.test(cell))) {
    return { line, reason: 'a cell holds a NUL or a broken (unpaired surrogate) character', text: storableText(text) };
  }
  if (cells.every((cell) => cell.trim() === '')) return { line, reason: 'empty line', text };
  if (cells.length < width) return { line, reason: `too few columns: ${cells.length} of ${width}`, text };
  if (cells.length > width && cells.slice(width).some((cell) => cell.trim() !== '')) {
    return { line, reason: `too many columns: ${cells.length} of ${width}`, text };
  }
  const recordKey = cleanRecordKey(cells[header.keyIndex]);
  if (recordKey === '') return { line, reason: `no record key: column ${header.rawNames[header.keyIndex]} is empty`, text };
  if (recordKey.length > 64) return { line, reason: `record key longer than 64 characters: ${recordKey.slice(0, 20)}…`, text };
  const values: Record<string, string> = {};
  const raw: Record<string, string> = {};
  for (let i = 0; i < width; i++) {
    const rawName = header.rawNames[i];
    // An assignment to __proto__ would be dropped, and the cell lost from the stored row. (An
    // object without a prototype would keep it too, but is a slow dictionary for every row.)
    if (rawName === '__proto__') Object.defineProperty(raw, rawName, { value: cells[i], enumerable: true, writable: true, configurable: true });
    else raw[rawName] = cells[i];
    const name = header.canonical[i];
    if (name !== null) values[name] = cells[i];
  }
  return { line, recordKey, values, raw, text, hash: contentHash(header, cells) };
}

/**
 * The row's content hash: each raw name and its cell, in name order (so that the same row with its
 * columns in another order is the same content), hashed in one call (a native call per cell cost
 * more than the hash; the one-shot `hash` skips building a Hash object per row). Stored hashes are
 * compared across imports: the text hashed must not change.
 */
function contentHash(header: HeaderMap, cells: readonly string[]): string {
  let text = '';
  for (const i of header.hashOrder) text += `${header.rawNames[i]}\u0000${cells[i]}\u0001`;
  return hash('sha1', text, 'hex');
}

export function isRejection(row: SourceRow | RowRejection): row is RowRejection {
  return 'reason' in row;
}
