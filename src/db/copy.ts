import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// COPY … FROM STDIN in PostgreSQL's text format: the fastest way to write many rows.

/** A JSON value as a text-format cell (backslashes doubled; JSON has already escaped control characters). */
export function copyJson(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const json = JSON.stringify(value);
  return json.includes('\\') ? json.replace(/\\/g, '\\\\') : json;
}

export function copyText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

/** Streams lines (each ending in \n, cells joined by \t) into a COPY, in chunks, minding backpressure. */
export async function copyLines(client: PoolClient, sql: string, lines: Iterable<string>): Promise<void> {
  const stream = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 1 << 20) {
      if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
      chunk = '';
    }
  }
  stream.end(chunk);
  await done;
}

/** A row of cells as one COPY line. */
export function copyLine(cells: string[]): string {
  return cells.join('\t') + '\n';
}

/** A text[] cell: {"a","b"} with each element quoted. */
export function copyTextArray(values: readonly string[]): string {
  return copyText(`{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`);
}
