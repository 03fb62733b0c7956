import fs from 'node:fs';
import { parse as parseCsvSync } from 'csv-parse/sync';

/**
 * Reads an export file as physical lines, then as CSV records, so that one broken row can never
 * swallow or stop the rest. csv-parse alone cannot resynchronise after an unclosed quote (it
 * reads to the end of the file looking for the closing one), so records are assembled line by
 * line: a line without quotes is split directly; a quoted line goes through csv-parse, joined
 * with the following lines only while a quoted cell legitimately spans them.
 */
export interface CsvRecord {
  /** Physical line where the record starts (1 = the header). */
  line: number;
  cells: string[];
  /** The record's text exactly as in the file (its lines joined by \n). */
  text: string;
}

export interface CsvProblem {
  line: number;
  reason: string;
  text: string;
}

export type CsvItem = ({ kind: 'record' } & CsvRecord) | ({ kind: 'problem' } & CsvProblem);

/** A quoted cell may span at most this many lines before the quote is taken as unclosed. */
const MAX_LINES_PER_RECORD = 20;

export async function* readCsv(lines: AsyncIterable<{ line: number; text: string }>): AsyncGenerator<CsvItem> {
  const pending: { line: number; text: string }[] = [];
  const shape = { columns: 0 };
  for await (const physical of lines) {
    pending.push(physical);
    yield* drain(pending, false, shape);
  }
  yield* drain(pending, true, shape);
}

/** `shape.columns` is learnt from the first record (the header). */
function* drain(pending: { line: number; text: string }[], atEnd: boolean, shape: { columns: number }): Generator<CsvItem> {
  while (pending.length > 0) {
    const first = pending[0];
    if (!first.text.includes('"')) {
      pending.shift();
      yield record(first.line, first.text.split(','), first.text, shape);
      continue;
    }
    let closedAt = -1;
    let failure: string | null = null;
    let cells: string[] = [];
    for (let n = 1; n <= pending.length && n <= MAX_LINES_PER_RECORD; n++) {
      const attempt = parseQuoted(pending.slice(0, n).map((l) => l.text).join('\n'));
      if (attempt.kind === 'open') continue;
      // A record spanning lines must at least have the header's shape; otherwise the quote was a
      // typo that swallowed good rows: reject the first line alone and read the others again.
      if (n > 1 && (attempt.kind === 'error' || attempt.cells.length !== shape.columns)) break;
      if (attempt.kind === 'error') failure = attempt.reason;
      else cells = attempt.cells;
      closedAt = n;
      break;
    }
    if (closedAt === -1) {
      const gaveUp = pending.length > 1 && !isOpen(pending, shape);
      const exhausted = gaveUp || pending.length >= MAX_LINES_PER_RECORD || atEnd;
      if (!exhausted) return; // wait for more lines
      // The quote never closes: reject the first line alone and read on from the next one.
      pending.shift();
      yield { kind: 'problem', line: first.line, reason: 'unclosed quote: the quoted cell never ends', text: first.text };
      continue;
    }
    const taken = pending.splice(0, closedAt);
    const text = taken.map((l) => l.text).join('\n');
    if (failure !== null) yield { kind: 'problem', line: first.line, reason: failure, text };
    else yield record(first.line, cells, text, shape);
  }
}

function record(line: number, cells: string[], text: string, shape: { columns: number }): CsvItem {
  if (shape.columns === 0) shape.columns = cells.length;
  return { kind: 'record', line, cells, text };
}

/** Whether the pending lines still read as one record whose quoted cell has not closed yet. */
function isOpen(pending: { text: string }[], shape: { columns: number }): boolean {
  const attempt = parseQuoted(pending.map((l) => l.text).join('\n'));
  return attempt.kind === 'open' || (attempt.kind === 'ok' && attempt.cells.length === shape.columns);
}

type QuotedParse = { kind: 'ok'; cells: string[] } | { kind: 'open' } | { kind: 'error'; reason: string };

function parseQuoted(text: string): QuotedParse {
  try {
    const records = parseCsvSync(text, { relax_column_count: true, relax_quotes: true, record_delimiter: ['\n'] }) as string[][];
    if (records.length !== 1) return { kind: 'error', reason: `malformed quoting: the line reads as ${records.length} records` };
    return { kind: 'ok', cells: records[0] };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') return { kind: 'open' };
    return { kind: 'error', reason: `malformed quoting: ${(error as Error).message}` };
  }
}

/**
 * Physical lines of a file, decoded. Exports are meant to be UTF-8 (with or without BOM), but
 * Excel on Chinese Windows saves GB18030: a file whose first 64 KiB are not valid UTF-8 is read
 * as GB18030 instead of being turned into replacement characters.
 */
export async function* readLines(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<{ line: number; text: string }> {
  const encoding = sniffEncoding(file);
  const decoder = new TextDecoder(encoding, { ignoreBOM: false });
  let rest = '';
  let line = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    onBytes?.((chunk as Buffer).length);
    const text = rest + decoder.decode(chunk as Buffer, { stream: true });
    let start = 0;
    for (let newline = text.indexOf('\n', start); newline !== -1; newline = text.indexOf('\n', start)) {
      yield { line: ++line, text: stripCr(text.slice(start, newline)) };
      start = newline + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield { line: ++line, text: stripCr(rest) };
}

export function sniffEncoding(file: string): 'utf-8' | 'gb18030' {
  const fd = fs.openSync(file, 'r');
  try {
    const probe = Buffer.alloc(64 * 1024);
    const size = fs.readSync(fd, probe, 0, probe.length, 0);
    // Drop a possibly cut multi-byte character at the end of the probe before checking it.
    let end = size;
    if (size === probe.length) while (end > size - 4 && (probe[end - 1] & 0xc0) === 0x80) end--;
    if (size === probe.length && end > 0 && probe[end - 1] >= 0xc0) end--;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(probe.subarray(0, end));
      return 'utf-8';
    } catch {
      return 'gb18030';
    }
  } finally {
    fs.closeSync(fd);
  }
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
