// One source's file: renders a child's row, damages whole lines (wrong column counts,
// an unclosed quote, empty lines, duplicated keys) and writes, for every data line, who it
// is about (truth.csv) and what was done to it (truth-noise.csv).

import { CsvSink, csvField, csvLine } from './csv';
import { ROW_KINDS, UNREADABLE_KINDS, type Noise, type NoiseEvent, type NoiseKind, type SourceName } from './noise';
import type { Child } from './model';
import { phantomIdNumber } from './idnumber';

/** The police key, the child's ID: where a phantom row's damage is recorded. */
const POLICE_ID_COLUMN = '公民身份号码';

export type RenderRow = (child: Child, variant: boolean) => string[];

/** Shared by the three sources: who each row is about, and what was done to it. */
export interface TruthSinks {
  truth: CsvSink; // source,record_key,person_id
  noise: CsvSink; // source,line,record_key,field,kind
}

interface PendingDuplicate {
  at: number;
  child: Child;
  key: string;
  /** The original line and its damage, for an exact copy; null for a changed re-entry. */
  exact: { line: string; events: NoiseEvent[] } | null;
  /** What the copy is: a duplicate of the key, or a phantom (police: the row again under a corrupted ID). */
  kind?: 'row_duplicate' | 'row_phantom';
}

export class SourceOutput {
  rows = 0;
  unreadable = 0;
  emptyLines = 0;
  /** Data rows with at least one recorded damage. */
  touched = 0;
  readonly counts = new Map<NoiseKind, number>();
  private pending: PendingDuplicate[] = [];
  /** Row index at which each whole-line damage is forced once, so small files show it too. */
  private readonly forcedAt = new Map<NoiseKind, number>();

  constructor(
    readonly source: SourceName,
    readonly sink: CsvSink,
    private readonly noise: Noise,
    private readonly render: RenderRow,
    private readonly truth: TruthSinks,
    private readonly columns: number,
    opts: { estimatedRows: number; forceRowKinds: boolean },
  ) {
    if (opts.forceRowKinds && opts.estimatedRows >= 10) {
      const span = Math.min(opts.estimatedRows, 400);
      const used = new Set<number>();
      for (const kind of ROW_KINDS) {
        let at = noise.rng.int(0, span - 1);
        while (used.has(at)) at = (at + 1) % span;
        used.add(at);
        this.forcedAt.set(kind, at);
      }
    }
  }

  write(child: Child): void {
    this.noise.begin();
    const fields = this.render(child, false);
    this.emit(child, fields, this.noise.events, null);
    this.releaseDue(false);
  }

  /**
   * A row made elsewhere (review-pairs.ts), written as given: no further damage, so that it is
   * read as made. Its truth and its damage are recorded like every row's.
   */
  writeAsGiven(child: Child, fields: string[], events: NoiseEvent[]): void {
    this.record(child, fields[0], this.sink.writeLine(csvLine(fields)), events);
  }

  /** Writes the duplicates still waiting; call once at the end. */
  finish(): void {
    this.releaseDue(true);
  }

  private happens(kind: NoiseKind): boolean {
    return this.forcedAt.get(kind) === this.rows || this.noise.roll(kind);
  }

  private emit(child: Child, fields: string[], events: NoiseEvent[], duplicate: PendingDuplicate | null): void {
    const { noise, sink } = this;
    if (this.happens('empty_line')) {
      // Excel leaves rows of bare commas; other tools leave truly empty lines.
      const line = this.source === 'civil-affairs' && noise.rng.chance(0.7) ? ','.repeat(this.columns - 1) : '';
      const n = sink.writeLine(line);
      this.emptyLines++;
      this.count('empty_line');
      this.truth.noise.writeLine(`${this.source},${n},,,empty_line`);
    }

    const key = fields[0];
    let line: string;
    let rowEvents = events;
    if (duplicate?.exact) {
      line = duplicate.exact.line;
      const kind = duplicate.kind ?? 'row_duplicate';
      rowEvents = [...duplicate.exact.events, { field: kind === 'row_phantom' ? POLICE_ID_COLUMN : '', kind }];
    } else {
      if (duplicate) rowEvents = [...events, { field: '', kind: 'row_duplicate_changed' }];
      let damage: NoiseKind | null = null;
      for (const kind of UNREADABLE_KINDS) {
        if (this.happens(kind)) {
          damage = kind;
          break;
        }
      }
      line = damage ? this.damage(fields, damage) : csvLine(fields);
      if (damage) {
        this.unreadable++;
        rowEvents = [...rowEvents, { field: '', kind: damage }];
      }
    }

    this.record(child, key, sink.writeLine(line), rowEvents);

    if (!duplicate) {
      // The same key again a little further down: copied (exact) or entered again (changed).
      const soon = (): number => this.rows + noise.rng.int(0, 40);
      if (this.happens('row_duplicate')) this.pending.push({ at: soon(), child, key, exact: { line: csvLine(fields), events: [...events] } });
      if (this.happens('row_duplicate_changed')) this.pending.push({ at: soon(), child, key, exact: null });
      // Police only (the key is the ID): the same row again, readable, under an ID that fails its check.
      if (this.source === 'police' && child.id !== null && this.happens('row_phantom')) {
        const copy = [...fields];
        copy[0] = phantomIdNumber(child.id, noise.rng);
        this.pending.push({ at: soon(), child, key: copy[0], exact: { line: csvLine(copy), events: [...events] }, kind: 'row_phantom' });
      }
    }
  }

  /** Counts a data line written at `lineNo` and writes who it is about and what was done to it. */
  private record(child: Child, key: string, lineNo: number, events: NoiseEvent[]): void {
    this.rows++;
    const k = csvField(key);
    this.truth.truth.writeLine(`${this.source},${k},${child.personId}`);
    if (events.length > 0) this.touched++;
    for (const e of events) {
      this.count(e.kind);
      this.truth.noise.writeLine(`${this.source},${lineNo},${k},${csvField(e.field)},${e.kind}`);
    }
  }

  private releaseDue(all: boolean): void {
    if (this.pending.length === 0) return;
    const due = all ? this.pending : this.pending.filter((p) => p.at <= this.rows);
    if (due.length === 0) return;
    this.pending = all ? [] : this.pending.filter((p) => p.at > this.rows);
    for (const dup of due) {
      if (dup.exact) {
        this.emit(dup.child, [dup.key], [], dup);
      } else {
        this.noise.begin();
        const fields = this.render(dup.child, true);
        fields[0] = dup.key; // a re-entry of the same record keeps its key
        this.emit(dup.child, fields, this.noise.events, dup);
      }
    }
  }

  /** A line that cannot be read as one record of the header's shape. */
  private damage(fields: string[], kind: NoiseKind): string {
    const rng = this.noise.rng;
    if (kind === 'row_too_few_columns') {
      // Cut short: the export (or a copy-paste) lost the last cells.
      return csvLine(fields.slice(0, fields.length - rng.int(1, Math.min(5, fields.length - 1))));
    }
    if (kind === 'row_too_many_columns') {
      // A comma typed inside a text cell that nobody quoted: 重庆市北碚区,静观镇… / 3组,12号.
      const candidates = fields.map((f, i) => (i > 0 && f.length >= 4 && /[\u4e00-\u9fff]/.test(f) ? i : -1)).filter((i) => i > 0);
      if (candidates.length > 0 && rng.chance(0.6)) {
        const i = rng.pick(candidates);
        const chars = Array.from(fields[i]);
        const cut = rng.int(1, chars.length - 1);
        return csvLine([...fields.slice(0, i), chars.slice(0, cut).join(''), chars.slice(cut).join(''), ...fields.slice(i + 1)]);
      }
      // A note typed into the cells beyond the last column.
      return csvLine([...fields, rng.pick(['备注', '已核实', '待核实', '重复?']), ...(rng.chance(0.5) ? [''] : [])]);
    }
    // row_unclosed_quote: a cell opened with a quote that never closes. Everything after it
    // is written raw, without quotes, so the quote stays open to the end of the line.
    const i = rng.int(1, fields.length - 2);
    const raw = (f: string): string => f.replace(/"/g, '');
    return [...fields.slice(0, i).map(csvField), `"${raw(fields[i])}`, ...fields.slice(i + 1).map(raw)].join(',');
  }

  private count(kind: NoiseKind): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }
}
