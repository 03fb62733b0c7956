// Streaming CSV output. Lines are gathered into ~256 KB chunks and written with
// backpressure (wait for 'drain'), so a million-child county never sits in memory.

import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createPrivateWriteStream } from '../fs/private-files';

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 quoting, only where needed (as Excel and most exporters do). */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    line += csvField(fields[i]);
  }
  return line;
}

const CHUNK = 256 * 1024;

export class CsvSink {
  /** Physical lines written so far (the header is line 1). */
  lines = 0;
  private buffer: string[] = [];
  private size = 0;
  private readonly stream: WriteStream;
  private error: Error | null = null;

  constructor(
    readonly path: string,
    header: readonly string[],
    private readonly eol: string = '\n',
    bom = false,
  ) {
    // Generated people, but in the exports' format with ID numbers: treated like real exports (0600).
    this.stream = createPrivateWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    // Keep the error for the next flush: an unhandled 'error' event would crash the process.
    this.stream.on('error', (e) => (this.error = e));
    this.writeLine((bom ? '\uFEFF' : '') + csvLine(header));
  }

  /** Buffers one physical line (no line break inside); returns its line number. */
  writeLine(text: string): number {
    this.buffer.push(text, this.eol);
    this.size += text.length + 1;
    return ++this.lines;
  }

  get full(): boolean {
    return this.size >= CHUNK;
  }

  async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.size === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
    if (this.error) throw this.error;
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    if (!this.stream.writableFinished) await once(this.stream, 'finish');
    if (this.error) throw this.error;
  }

  /** Closes the file after a failure elsewhere, without raising again. */
  abort(): void {
    this.stream.destroy();
  }
}
