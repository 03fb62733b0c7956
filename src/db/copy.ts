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

/**
 * Streams lines (each ending in \n, cells joined by \t) into a COPY, in chunks of about a
 * megabyte, each sent while the next is built (copyBatches).
 */
export async function copyLines(client: PoolClient, sql: string, lines: Iterable<string>): Promise<void> {
  await copyBatches(
    client,
    sql,
    (async function* () {
      let chunk = '';
      for (const line of lines) {
        chunk += line;
        if (chunk.length >= 1 << 20) {
          yield chunk;
          chunk = '';
        }
      }
      yield chunk;
    })(),
  );
}

/**
 * Streams batches of lines (each batch one string) into one COPY while they are produced. After
 * each batch the event loop turns, so the socket feeds PostgreSQL while the producer builds the
 * next batch: the database parses one batch as the next is computed, instead of each waiting for
 * the other. At most about `buffered` characters wait in memory.
 */
export async function copyBatches(client: PoolClient, sql: string, batches: AsyncIterable<string>, buffered = 1 << 24): Promise<void> {
  const stream = client.query(copyFrom(sql));
  let failed: unknown = null;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', (error) => {
      failed = error;
      reject(error);
    });
  });
  done.catch(() => undefined); // observed below; a failure also stops the loop
  for await (const batch of batches) {
    if (failed !== null) break;
    if (batch === '') continue;
    if (!stream.write(batch) && stream.writableLength > buffered) await Promise.race([new Promise((resolve) => stream.once('drain', resolve)), done]);
    else await new Promise((resolve) => setImmediate(resolve));
  }
  if (failed === null) stream.end();
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
