import type { Pool, PoolClient } from 'pg';
import { recordRunEvents } from '../events/outbox';
import { HUB_NORMALISED_FIELDS } from '../../../reconciliation/hub';
import type { FieldValue } from '../../../reconciliation/settings';
import { copyBatches, copyJson, copyLine, copyLines, copyText, copyTextArray } from '../../db/copy';
import { acquireRunLock, type RunLock } from '../../db/run-lock';
import { followReconciliation } from '../cases/case-flags';
import { FOLLOW_THE_CHILD } from './child-keyed-tables';
import { flagsToReevaluate } from './flags';
import { recordPeriodStates, startNewPeriodStates, type CountyPeriod } from '../changes/period-states';
import { systemClock, type Clock } from '../ingest/periods';
import type { RecordQuality } from './child.entity';

/**
 * Reconciliation's persistence: bulk reads of the current source records, and one transaction
 * that writes a run's whole outcome (links, children, aliases, events, review items), so a run
 * that fails leaves the previous identities exactly as they were.
 */
export interface StoredRecord {
  id: number;
  source: string;
  recordKey: string;
  /** With source and key, the record's identity ('' for a key unique nationally; record-identity.ts). */
  keyScope: string;
  countyCode: string | null;
  versionId: number;
  /** The normalised fields matching reads (HUB_NORMALISED_FIELDS); emptied once turned into a match record. */
  fields: Record<string, FieldValue> | null;
  /**
   * When the fields were read from the link's match text: the link's match hash, which is the
   * hash of those same fields (written together), so a run need not hash a million records again.
   * Null when they were read from the version.
   */
  linkedMatchHash: string | null;
  /** The child it was linked to by the last run, if any. */
  previous: PreviousLink | null;
}

export interface PreviousLink {
  childId: string;
  /** The version the link read. */
  versionId: number;
  linkedWith: number | null;
  matchWeight: number | null;
  matchHash: string;
}

export interface Decision {
  left: number;
  right: number;
  decision: 'MATCH' | 'NO_MATCH';
  decidedAt: Date;
}

export interface LastRun {
  id: number;
  finishedAt: Date;
  versionWatermark: number;
  /** The day each county's flags were evaluated for (see FlagDays). */
  flagsAsOf: FlagDays;
}

/**
 * County → the day its children's flags are evaluated for: the end of the latest period imported
 * for it (flags.ts). Runs before flags were kept per county stored one day for every county: it
 * is read back as that day for each.
 */
export type FlagDays = Readonly<Record<string, string>> | string | null;

export function flagDayOf(days: FlagDays, county: string | null): string | null {
  if (days === null || typeof days === 'string') return days;
  return county === null ? null : (days[county] ?? null);
}

export interface RecordLinkRow {
  sourceRecordId: number;
  childId: string;
  linkedWith: number | null;
  matchWeight: number | null;
  explanation: unknown;
  versionId: number;
  matchHash: string;
  matchText: string;
}

export interface LinkEventRow {
  kind: 'linked' | 'moved' | 'merged';
  sourceRecordId: number | null;
  childId: string;
  previousChildId: string | null;
}

export interface ChildRow {
  id: string;
  countyCode: string | null;
  areaCode: string | null;
  /** The county whose latest period the flags follow, and the day they are evaluated for. */
  flagsCounty: string | null;
  flagsAsOf: string | null;
  verification: string;
  golden: unknown;
  conflicts: unknown;
  sources: string[];
  flags: unknown[];
  flagNames: string[];
  recordCount: number;
  recordQuality: Record<string, RecordQuality>;
  /** What the flags read beside the golden record (flags.ts FlagFacts). */
  flagFacts: unknown;
}

export interface ReviewRow {
  left: number;
  right: number;
  leftChildId: string;
  rightChildId: string;
  matchWeight: number;
  reason: string;
  /** The guard that held the pair back, or the thresholds it fell between (review-reason.ts). */
  heldBy: string;
  explanation: unknown;
  countyCode: string | null;
}

export interface RunOutcome {
  mode: 'full' | 'incremental';
  versionWatermark: number;
  /** The trained settings, or null when the run trained on nothing usable. */
  model: unknown;
  report: unknown;
  /** Produced while written (see ReconcileService). */
  links: () => Iterable<RecordLinkRow>;
  events: () => Iterable<LinkEventRow>;
  /**
   * Children to write, in chunks (golden records are built a chunk at a time, in flat memory): a
   * chunk is written while the next is built, so small chunks keep both sides busy.
   */
  children: AsyncIterable<ChildRow[]>;
  /** Child ids that no longer name a cluster (absorbed by a merge). */
  removedChildren: string[];
  merged: { absorbed: string; into: string }[];
  reviews: ReviewRow[];
  /** Records not re-clustered whose link now stands for a newer version (same matching fields). */
  versions: { sourceRecordId: number; versionId: number }[];
  /** Per county, the day flags are evaluated for (end of the latest period imported for it), and the last run's. */
  flagsAsOf: Readonly<Record<string, string>>;
  previousFlagsAsOf: FlagDays;
  /**
   * Re-evaluate, for `day`, the flags of the children not written by this run whose county's day
   * moved on (null: none are).
   */
  refreshFlags:
    | ((golden: { values: Record<string, unknown>; conflicts: unknown[]; sources: string[] }, day: string, facts: unknown) => { flags: unknown[]; flagNames: string[] })
    | null;
  /** Open review items about these records are replaced by `reviews` (null: all open items). */
  reviewScope: number[] | null;
}

/**
 * A run's transaction, begun before the run links (IdentityStore.beginRun): what the database
 * does in it meanwhile, for saveRun to await.
 */
export interface StartedRun {
  /** The new periods written whole from the children as they stood (none unless asked for). */
  readonly newPeriodsWritten: Promise<CountyPeriod[]>;
}

export interface NormalisedRecord {
  source: string;
  period: string;
  normalised: Record<string, FieldValue>;
  exportedBy: string | null;
}

const PAGE = 50_000;

/** A link's cells, in the order of writeLinks' columns. */
function linkCells(l: RecordLinkRow): string[] {
  return [String(l.sourceRecordId), copyText(l.childId), copyText(l.linkedWith), copyText(l.matchWeight), copyJson(l.explanation), String(l.versionId), copyText(l.matchHash), copyText(l.matchText)];
}

/** A child row's cells, in the order of writeChildren's columns. */
function childCells(c: ChildRow): string[] {
  return [
    copyText(c.id), copyText(c.countyCode), copyText(c.areaCode), c.verification, copyJson(c.golden), copyJson(c.conflicts), copyJson(c.sources),
    copyJson(c.flags), copyTextArray(c.flagNames), copyText(c.flagsAsOf), copyText(c.flagsCounty), String(c.recordCount), copyJson(c.recordQuality),
    copyJson(c.flagFacts),
  ];
}

/** Whether a table has no row (in this transaction's view). */
async function isEmpty(client: PoolClient, table: 'child' | 'child_record'): Promise<boolean> {
  const { rows } = await client.query(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`);
  return rows[0].empty === true;
}
/** Range reads in flight while loading records (the pool has 4 connections). */
const LOAD_CONCURRENCY = 3;
const RECONCILE_LOCK = 'reconcile'; // one reconciliation at a time

export class IdentityStore {
  /**
   * `followCases: false` leaves cases as they are: only for the benchmark that measures what
   * following them costs a run (bench/cases.ts). The hub always follows them. `clock`: the time
   * cases are opened, resolved and found overdue at (a test runs one quarter's reconciliation a
   * quarter before the next's).
   */
  constructor(
    private readonly pool: Pool,
    private readonly options: { followCases?: boolean; clock?: Clock } = {},
  ) {}

  /**
   * Runs `work` holding the reconciliation lock for the whole run (run-lock.ts): a second
   * `hub reconcile` waits rather than racing, and one started right after a killed run reads the
   * database only once the killed run's transaction is over. The run's one write transaction
   * (saveRun) goes through `lock.client`, the connection that holds the lock.
   */
  async exclusively<T>(work: (lock: RunLock) => Promise<T>, log?: (message: string) => void): Promise<T> {
    const lock = await acquireRunLock(this.pool, RECONCILE_LOCK, { what: 'reconciliation', log });
    try {
      return await work(lock);
    } finally {
      await lock.release();
    }
  }

  async lastRun(): Promise<LastRun | null> {
    const { rows } = await this.pool.query(
      `SELECT id, finished_at AS "finishedAt", version_watermark AS "versionWatermark", report->'flagsAsOf' AS "flagsAsOf" FROM reconcile_run
       WHERE status = 'done' ORDER BY id DESC LIMIT 1`,
    );
    if (rows.length === 0) return null;
    return { ...rows[0], versionWatermark: Number(rows[0].versionWatermark) };
  }

  /** The model of the last full run (incremental runs score with it). */
  async lastFullModel(): Promise<unknown> {
    const { rows } = await this.pool.query(`SELECT model FROM reconcile_run WHERE status = 'done' AND mode = 'full' ORDER BY id DESC LIMIT 1`);
    return rows[0]?.model ?? null;
  }

  async recordCount(): Promise<number> {
    const { rows } = await this.pool.query('SELECT count(*)::int AS n FROM source_record');
    return rows[0].n;
  }

  async versionWatermark(): Promise<number> {
    const { rows } = await this.pool.query('SELECT coalesce(max(id), 0) AS max FROM source_record_version');
    return Number(rows[0].max);
  }

  /** Whether any record has no link or a newer version than its link read. */
  async anyRecordChanged(): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT EXISTS (SELECT 1 FROM source_record r LEFT JOIN child_record cr ON cr.source_record_id = r.id
                      WHERE cr.source_record_id IS NULL OR cr.version_id <> r.current_version_id) AS changed`,
    );
    return rows[0].changed;
  }

  /**
   * Every source record with its previous link and the fields matching reads. A record whose
   * link read its current version is read from the link's match text; the others from their
   * current version's normalised JSON. Read in id ranges, several at once (the database works on
   * one range while this process parses another).
   */
  async loadRecords(): Promise<StoredRecord[]> {
    const { rows: bounds } = await this.pool.query('SELECT coalesce(min(id), 0) AS lo, coalesce(max(id), 0) AS hi FROM source_record');
    const lo = Number(bounds[0].lo);
    const hi = Number(bounds[0].hi);
    const ranges: [number, number][] = [];
    for (let from = lo; from <= hi; from += PAGE) ranges.push([from, Math.min(from + PAGE - 1, hi)]);
    const pages: StoredRecord[][] = new Array(ranges.length);
    let next = 0;
    const worker = async () => {
      while (next < ranges.length) {
        const k = next++;
        pages[k] = await this.loadRange(ranges[k][0], ranges[k][1]);
      }
    };
    await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));
    return pages.flat();
  }

  private async loadRange(from: number, to: number): Promise<StoredRecord[]> {
    // The range is repeated on child_record's side: without it PostgreSQL hashed the range's
    // records and scanned every link for each range, so loading grew with the square of the
    // records (720 ms a range at 200k children, 150 ms with it).
    const { rows } = await this.pool.query({
      text: `SELECT r.id, r.source, r.record_key, r.county_code, r.current_version_id, cr.child_id, cr.linked_with, cr.match_weight, cr.match_hash,
               CASE WHEN r.current_version_id = cr.version_id THEN cr.match_text END, cr.version_id, r.key_scope
             FROM source_record r LEFT JOIN child_record cr ON cr.source_record_id = r.id AND cr.source_record_id BETWEEN $1 AND $2
             WHERE r.id BETWEEN $1 AND $2`,
      values: [from, to],
      rowMode: 'array',
    });
    const records: StoredRecord[] = [];
    const unread: StoredRecord[] = [];
    for (const row of rows as unknown[][]) {
      const record: StoredRecord = {
        id: row[0] as number,
        source: row[1] as string,
        recordKey: row[2] as string,
        keyScope: row[11] as string,
        countyCode: row[3] as string | null,
        versionId: Number(row[4]),
        previous:
          row[5] === null
            ? null
            : { childId: row[5] as string, versionId: Number(row[10]), linkedWith: row[6] as number | null, matchWeight: row[7] as number | null, matchHash: row[8] as string },
        fields: row[9] === null ? null : fromMatchText(row[9] as string),
        linkedMatchHash: row[9] === null ? null : (row[8] as string),
      };
      records.push(record);
      if (record.fields === null) unread.push(record);
    }
    if (unread.length > 0) {
      // json_to_record reads the json document once; each ->> on json would parse it again (seven
      // times slower for these sixteen fields).
      const columns = HUB_NORMALISED_FIELDS.map((f) => `"${f}" text`).join(', ');
      const { rows: versions } = await this.pool.query({
        text: `SELECT v.id, f.* FROM source_record_version v, json_to_record(v.normalised) AS f(${columns}) WHERE v.id = ANY($1::bigint[])`,
        values: [unread.map((r) => r.versionId)],
        rowMode: 'array',
      });
      const byVersion = new Map(unread.map((r) => [r.versionId, r]));
      for (const row of versions as unknown[][]) {
        const fields: Record<string, FieldValue> = {};
        HUB_NORMALISED_FIELDS.forEach((f, i) => (fields[f] = row[1 + i] as string | null));
        byVersion.get(Number(row[0]))!.fields = fields;
      }
    }
    return records;
  }

  /**
   * Full normalised values and period of these records, for golden records, and the county that
   * last exported each (its last import's), for the day its child's flags follow.
   */
  async loadNormalised(ids: readonly number[]): Promise<Map<number, NormalisedRecord>> {
    const out = new Map<number, NormalisedRecord>();
    for (let i = 0; i < ids.length; i += PAGE) {
      const { rows } = await this.pool.query(
        `/* loadNormalisedRecords */
         SELECT r.id, r.source, r.period, v.normalised, i.county_code AS "exportedBy"
         FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id LEFT JOIN import_run i ON i.id = r.last_import_id
         WHERE r.id = ANY($1::int[])`,
        [ids.slice(i, i + PAGE)],
      );
      for (const row of rows) out.set(row.id, { source: row.source, period: row.period, normalised: row.normalised, exportedBy: row.exportedBy });
    }
    return out;
  }

  /** Which of these ids a child or an alias already uses (`checked` lists the ids asked about). */
  async takenAmong(ids: string[]): Promise<Set<string> & { checked: Set<string> }> {
    const taken = new Set<string>() as Set<string> & { checked: Set<string> };
    taken.checked = new Set(ids);
    for (let i = 0; i < ids.length; i += PAGE * 4) {
      const { rows } = await this.pool.query({
        text: 'SELECT id FROM child WHERE id = ANY($1::text[]) UNION ALL SELECT alias FROM child_alias WHERE alias = ANY($1::text[])',
        values: [ids.slice(i, i + PAGE * 4)],
        rowMode: 'array',
      });
      for (const row of rows as string[][]) taken.add(row[0]);
    }
    return taken;
  }

  /** The record pairs of the open review items (an open pair can keep a child off the UNREGISTERED list). */
  async openReviewPairs(): Promise<{ left: number; right: number }[]> {
    const { rows } = await this.pool.query(`/* openReviewPairs */ SELECT left_record_id AS left, right_record_id AS right FROM review_item WHERE status = 'OPEN'`);
    return rows;
  }

  /**
   * County → the departments whose exports for it were imported (an import that read any row):
   * where the hub has looked for a county's children, which the UNREGISTERED and DROPOUT lists
   * depend on (a department not yet imported has not said "not found").
   */
  async importedSources(): Promise<Map<string, string[]>> {
    const { rows } = await this.pool.query(
      `/* importedSourcesPerCounty */
       SELECT county_code AS county, array_agg(DISTINCT source ORDER BY source) AS sources FROM import_run
       WHERE status = 'done' AND county_code IS NOT NULL AND new_count + updated_count + unchanged_count > 0
       GROUP BY county_code`,
    );
    return new Map(rows.map((row) => [row.county as string, row.sources as string[]]));
  }

  /** Review items open, in every county (what `hub review list` lists). */
  async openReviewCount(): Promise<number> {
    const { rows } = await this.pool.query(`/* openReviewItems */ SELECT count(*)::int AS n FROM review_item WHERE status = 'OPEN'`);
    return rows[0].n;
  }

  /** The latest decision per pair of records. */
  async decisions(): Promise<Decision[]> {
    const { rows } = await this.pool.query(
      `SELECT DISTINCT ON (left_record_id, right_record_id) left_record_id AS left, right_record_id AS right, decision, decided_at AS "decidedAt"
       FROM review_decision ORDER BY left_record_id, right_record_id, id DESC`,
    );
    return rows;
  }

  /**
   * Begins the run's one transaction on its locked connection. With `newPeriodsEarly` (an
   * incremental run that rewrites few children), the database meanwhile writes whole the period
   * states of each county's new period (period-states.ts) from the children as they stand, while
   * this process links: a million-record county's states take seconds to write, and would
   * otherwise be written after the children, with this process waiting. saveRun completes the
   * transaction; abandonRun rolls it back.
   */
  async beginRun(lock: RunLock, options: { newPeriodsEarly: boolean }): Promise<StartedRun> {
    await lock.client.query('BEGIN');
    const newPeriodsWritten = options.newPeriodsEarly ? (await startNewPeriodStates(lock.client)).written : Promise.resolve([]);
    newPeriodsWritten.catch(() => undefined); // awaited by saveRun, or dropped with the transaction
    return { newPeriodsWritten };
  }

  /** Rolls back a run begun and not saved (the run failed before saveRun). */
  async abandonRun(lock: RunLock): Promise<void> {
    await lock.client.query('ROLLBACK');
  }

  /**
   * Writes a run's outcome in the transaction beginRun began, on the run's locked connection, and
   * returns the run's id. `log` is told each step's time (what an incremental run spends where).
   */
  async saveRun(lock: RunLock, started: StartedRun, outcome: RunOutcome, log: (message: string) => void = () => undefined): Promise<number> {
    const client = lock.client;
    let mark = performance.now();
    const step = (what: string) => {
      const now = performance.now();
      log(`  ${what} in ${((now - mark) / 1000).toFixed(1)} s`);
      mark = now;
    };
    try {
      const writtenEarly = await started.newPeriodsWritten;
      if (writtenEarly.length > 0) step(`waited for the new periods' states (${writtenEarly.map((p) => `${p.county} ${p.period}`).join(', ')}), written while linking,`);
      const { rows } = await client.query(
        `INSERT INTO reconcile_run (mode, status, started_at, finished_at, version_watermark, model, report)
         VALUES ($1, 'done', now(), now(), $2, $3, $4) RETURNING id`,
        [outcome.mode, outcome.versionWatermark, outcome.model === null ? null : JSON.stringify(outcome.model), JSON.stringify(outcome.report)],
      );
      const runId: number = rows[0].id;
      await this.writeLinks(client, runId, outcome.links());
      await this.writeVersions(client, outcome.versions);
      step('links written');
      await this.writeChildren(client, runId, outcome, step);
      step('children upserted');
      // The children not written whose flags change with their county's new day (refreshFlags).
      await client.query('CREATE TEMP TABLE refreshed_child (id varchar(20)) ON COMMIT DROP');
      if (outcome.refreshFlags !== null) {
        await this.refreshFlags(client, outcome.previousFlagsAsOf, outcome.flagsAsOf, outcome.refreshFlags);
        step('flags of the other children brought to their day');
      }
      // Each county's latest period as this run leaves it (what "what changed" compares, and
      // whether a child is still in the county's care, which its cases follow). The children whose
      // state can differ from what a period kept: those written, and those whose flags changed
      // with the day.
      await client.query(`CREATE TEMP TABLE rewritten_child ON COMMIT DROP AS SELECT id FROM incoming_child UNION SELECT id FROM refreshed_child`);
      await recordPeriodStates(client, { runId, writtenTable: 'rewritten_child', removed: outcome.removedChildren, writtenEarly });
      step('period states kept');
      // Cases follow the flags just written, merged children and children leaving care, in this same transaction.
      if (this.options.followCases !== false) {
        await followReconciliation(client, outcome.merged, (this.options.clock ?? systemClock)());
        step('cases followed');
      }
      await this.writeEvents(client, runId, outcome.events());
      step('events written');
      await this.writeReviews(client, runId, outcome.reviews, outcome.reviewScope);
      step('review items written');
      await recordRunEvents(client, { runId, merged: outcome.merged, links: outcome.events(), counties: Object.keys(outcome.flagsAsOf) });
      step('run events written');
      await client.query('COMMIT');
      step('committed');
      // A full run rewrites the county. Until autovacuum comes round, the planner's statistics are
      // stale (a query by child id could scan the whole table) and every row is still to be marked
      // as committed by its first reader: the next run, reading a million links and writing a new
      // quarter's states, did that work and waited 10 s more for it.
      if (outcome.mode === 'full') await vacuumRewritten(client, log);
      return runId;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async writeLinks(client: PoolClient, runId: number, links: Iterable<RecordLinkRow>): Promise<void> {
    if (await isEmpty(client, 'child_record')) {
      // The first run: nothing to update, so the links go straight into the table (through a
      // staging table, a million links were parsed and compressed twice).
      const run = String(runId);
      await copyLines(
        client,
        'COPY child_record (source_record_id, child_id, linked_with, match_weight, explanation, version_id, match_hash, match_text, run_id) FROM STDIN',
        (function* () {
          for (const l of links) yield copyLine([...linkCells(l), run]);
        })(),
      );
      return;
    }
    await client.query(
      `CREATE TEMP TABLE incoming_link (source_record_id int, child_id varchar(20), linked_with int, match_weight double precision, explanation jsonb,
         version_id bigint, match_hash varchar(16), match_text text) ON COMMIT DROP`,
    );
    await copyLines(
      client,
      'COPY incoming_link FROM STDIN',
      (function* () {
        for (const l of links) {
          yield copyLine(linkCells(l));
        }
      })(),
    );
    await client.query(
      `INSERT INTO child_record (source_record_id, child_id, run_id, linked_with, match_weight, explanation, version_id, match_hash, match_text)
       SELECT source_record_id, child_id, $1, linked_with, match_weight, explanation, version_id, match_hash, match_text FROM incoming_link
       ON CONFLICT (source_record_id) DO UPDATE SET child_id = EXCLUDED.child_id, run_id = EXCLUDED.run_id,
         linked_with = EXCLUDED.linked_with, match_weight = EXCLUDED.match_weight, explanation = EXCLUDED.explanation,
         version_id = EXCLUDED.version_id, match_hash = EXCLUDED.match_hash, match_text = EXCLUDED.match_text`,
      [runId],
    );
  }

  private async writeVersions(client: PoolClient, versions: RunOutcome['versions']): Promise<void> {
    if (versions.length === 0) return;
    await client.query(
      `UPDATE child_record c SET version_id = v.version_id
       FROM unnest($1::int[], $2::bigint[]) AS v(source_record_id, version_id) WHERE c.source_record_id = v.source_record_id`,
      [versions.map((v) => v.sourceRecordId), versions.map((v) => v.versionId)],
    );
  }

  private async writeChildren(client: PoolClient, runId: number, outcome: RunOutcome, step: (what: string) => void = () => undefined): Promise<void> {
    if (outcome.removedChildren.length > 0) {
      await client.query('DELETE FROM child WHERE id = ANY($1::text[])', [outcome.removedChildren]);
    }
    for (const { absorbed, into } of outcome.merged) {
      // Aliases of the absorbed id follow it, so an id never resolves through a chain.
      await client.query('UPDATE child_alias SET child_id = $2 WHERE child_id = $1', [absorbed, into]);
      await client.query(
        `INSERT INTO child_alias (alias, child_id, run_id, created_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (alias) DO UPDATE SET child_id = EXCLUDED.child_id, run_id = EXCLUDED.run_id`,
        [absorbed, into, runId],
      );
    }
    await this.followMerges(client, outcome.merged.map((m) => m.absorbed));
    if (await isEmpty(client, 'child')) {
      await this.writeFirstChildren(client, runId, outcome, step);
      return;
    }
    await client.query(
      `CREATE TEMP TABLE incoming_child (id varchar(20), county_code varchar(6), area_code varchar(12), verification text,
         golden jsonb, conflicts jsonb, sources jsonb, flags jsonb, flag_names text[], flags_as_of date, flags_county varchar(6),
         record_count int, record_quality jsonb, flag_facts jsonb) ON COMMIT DROP`,
    );
    // Each chunk's lines go to the database as the next chunk's golden records are built.
    await copyBatches(
      client,
      'COPY incoming_child FROM STDIN',
      (async function* () {
        for await (const chunk of outcome.children) {
          yield chunk.map((c) => copyLine(childCells(c))).join('');
        }
      })(),
    );
    step("children's golden records built and copied");
    await client.query(
      `/* writeChildren */
       INSERT INTO child (id, county_code, area_code, verification, golden, conflicts, sources, flags, flag_names, flags_as_of, flags_county,
         record_count, record_quality, flag_facts, created_run_id, updated_run_id, created_at, updated_at)
       SELECT id, county_code, area_code, verification, golden, conflicts, sources, flags, flag_names, flags_as_of, flags_county,
         record_count, record_quality, flag_facts, $1, $1, now(), now() FROM incoming_child
       ON CONFLICT (id) DO UPDATE SET county_code = EXCLUDED.county_code, area_code = EXCLUDED.area_code,
         verification = EXCLUDED.verification, golden = EXCLUDED.golden, conflicts = EXCLUDED.conflicts, sources = EXCLUDED.sources,
         flags = EXCLUDED.flags, flag_names = EXCLUDED.flag_names, flags_as_of = EXCLUDED.flags_as_of, flags_county = EXCLUDED.flags_county,
         record_count = EXCLUDED.record_count, record_quality = EXCLUDED.record_quality, flag_facts = EXCLUDED.flag_facts, updated_run_id = EXCLUDED.updated_run_id, updated_at = now()`,
      [runId],
    );
  }

  /**
   * A first run's children (no child yet): nothing to update, so they go straight into the table
   * (a staging table parsed and compressed half a million golden records twice), and
   * incoming_child then holds what the steps after read of them (id and area).
   */
  private async writeFirstChildren(client: PoolClient, runId: number, outcome: RunOutcome, step: (what: string) => void): Promise<void> {
    // The transaction's own now(), as the upsert writes it.
    const { rows } = await client.query(`SELECT now()::text AS now`);
    const stamps = [String(runId), String(runId), copyText(rows[0].now as string), copyText(rows[0].now as string)];
    await copyBatches(
      client,
      `COPY child (id, county_code, area_code, verification, golden, conflicts, sources, flags, flag_names, flags_as_of, flags_county,
         record_count, record_quality, flag_facts, created_run_id, updated_run_id, created_at, updated_at) FROM STDIN`,
      (async function* () {
        for await (const chunk of outcome.children) yield chunk.map((c) => copyLine([...childCells(c), ...stamps])).join('');
      })(),
    );
    step("children's golden records built and written");
    await client.query('CREATE TEMP TABLE incoming_child ON COMMIT DROP AS SELECT id, county_code, area_code FROM child');
  }

  /**
   * Rows about an absorbed child (visits, and every table in FOLLOW_THE_CHILD) move to the child
   * that absorbed it, read from child_alias once this run's aliases are written: an id absorbed
   * into one that this same run absorbs ends on the last survivor.
   */
  private async followMerges(client: PoolClient, absorbed: string[]): Promise<void> {
    if (absorbed.length === 0) return;
    for (const { table, column } of FOLLOW_THE_CHILD) {
      await client.query(
        /* followMerge */ `UPDATE ${table} t SET ${column} = a.child_id FROM child_alias a WHERE a.alias = ANY($1::text[]) AND t.${column} = a.alias`,
        [absorbed],
      );
    }
  }

  /**
   * Each county's flags of the last run were evaluated for its day `before`; this run's are for
   * its day `asOf`. Children not rebuilt by this run are re-evaluated county by county, only where
   * their county's day moved, and only where the move can change their flags (flagsToReevaluate:
   * crossing an age threshold, or everyone when the school year changed). A child follows the
   * day of its flags county; a child written before flags were kept per county has none, and
   * follows its own county.
   */
  private async refreshFlags(client: PoolClient, before: FlagDays, asOf: Readonly<Record<string, string>>, evaluate: NonNullable<RunOutcome['refreshFlags']>): Promise<void> {
    for (const [county, day] of Object.entries(asOf).sort()) {
      const previous = flagDayOf(before, county);
      if (previous === day) continue;
      const windows = previous === null ? null : flagsToReevaluate(previous, day);
      const crossing = windows === null ? 'true' : windows.map((w) => `(golden_birth_date > '${w.from}' AND golden_birth_date <= '${w.to}')`).join(' OR ');
      const condition = `coalesce(flags_county, county_code) = $2 AND flags_as_of IS DISTINCT FROM $3::date AND (${crossing})`;
      await this.reevaluate(client, day, condition, [county, day], evaluate);
    }
  }

  /** `condition` may use $2… for `values`. */
  private async reevaluate(client: PoolClient, asOf: string, condition: string, values: unknown[], evaluate: NonNullable<RunOutcome['refreshFlags']>): Promise<void> {
    let after = '';
    for (;;) {
      const { rows } = await client.query(
        `/* reevaluateFlags */ SELECT id, golden, conflicts, sources, flag_facts, flag_names FROM child WHERE id > $1 AND ${condition} ORDER BY id LIMIT ${PAGE}`,
        [after, ...values],
      );
      if (rows.length === 0) return;
      const updated = rows.map((r) => ({ id: r.id as string, ...evaluate({ values: r.golden, conflicts: r.conflicts, sources: r.sources }, asOf, r.flag_facts) }));
      await client.query(
        `UPDATE child c SET flags = u.flags, flag_names = string_to_array(u.names, ','), flags_as_of = $4::date
         FROM unnest($1::text[], $2::jsonb[], $3::text[]) AS u(id, flags, names) WHERE c.id = u.id`,
        [updated.map((u) => u.id), updated.map((u) => JSON.stringify(u.flags)), updated.map((u) => u.flagNames.join(',')), asOf],
      );
      // Those whose flags changed: a period's state reads the flags' names (the day is no part of it).
      const changed = updated.filter((u, k) => u.flagNames.join(',') !== (rows[k].flag_names as string[]).join(',')).map((u) => u.id);
      if (changed.length > 0) await client.query(`/* flagsChangedWithTheDay */ INSERT INTO refreshed_child SELECT unnest($1::text[])`, [changed]);
      after = rows[rows.length - 1].id;
    }
  }

  /**
   * County → the latest period imported for it: by the imports it exported that read any row
   * (an import whose every row was rejected says nothing about the county's quarter). Never
   * hub-wide: one county's later export does not move another county's day.
   */
  async latestPeriods(): Promise<Map<string, string>> {
    const { rows } = await this.pool.query(
      `/* latestPeriodPerCounty */
       SELECT county_code AS county, max(period) AS period FROM import_run
       WHERE status = 'done' AND county_code IS NOT NULL AND new_count + updated_count + unchanged_count > 0
       GROUP BY county_code`,
    );
    return new Map(rows.map((row) => [row.county as string, row.period as string]));
  }

  private async writeEvents(client: PoolClient, runId: number, events: Iterable<LinkEventRow>): Promise<void> {
    await copyLines(
      client,
      'COPY link_event (run_id, kind, source_record_id, child_id, previous_child_id, at) FROM STDIN',
      (function* () {
        const at = new Date().toISOString();
        for (const e of events) yield copyLine([String(runId), e.kind, copyText(e.sourceRecordId), copyText(e.childId), copyText(e.previousChildId), at]);
      })(),
    );
  }

  /**
   * Open items in scope are replaced: one still proposed keeps its id (a reviewer may be looking
   * at it) with fresh weights; one no longer proposed is superseded; new ones are added.
   */
  private async writeReviews(client: PoolClient, runId: number, reviews: ReviewRow[], scope: number[] | null): Promise<void> {
    await client.query(`CREATE TEMP TABLE incoming_review (left_record_id int, right_record_id int, left_child_id varchar(20), right_child_id varchar(20),
      match_weight double precision, reason varchar(20), held_by text, explanation jsonb, county_code varchar(6)) ON COMMIT DROP`);
    await copyLines(
      client,
      'COPY incoming_review FROM STDIN',
      reviews.map((r) =>
        copyLine([
          String(r.left), String(r.right), copyText(r.leftChildId), copyText(r.rightChildId), copyText(r.matchWeight), copyText(r.reason), copyText(r.heldBy),
          copyJson(r.explanation), copyText(r.countyCode),
        ]),
      ),
    );
    const inScope = scope === null ? 'true' : '(i.left_record_id = ANY($1::int[]) OR i.right_record_id = ANY($1::int[]))';
    await client.query(
      `UPDATE review_item i SET status = 'SUPERSEDED' WHERE i.status = 'OPEN' AND ${inScope}
         AND NOT EXISTS (SELECT 1 FROM incoming_review n WHERE n.left_record_id = i.left_record_id AND n.right_record_id = i.right_record_id)`,
      scope === null ? [] : [scope],
    );
    await client.query(
      `UPDATE review_item i SET run_id = $1, left_child_id = n.left_child_id, right_child_id = n.right_child_id, match_weight = n.match_weight,
         reason = n.reason, held_by = n.held_by, explanation = n.explanation, county_code = n.county_code
       FROM incoming_review n WHERE i.status = 'OPEN' AND n.left_record_id = i.left_record_id AND n.right_record_id = i.right_record_id`,
      [runId],
    );
    await client.query(
      `INSERT INTO review_item (run_id, left_record_id, right_record_id, left_child_id, right_child_id, match_weight, reason, held_by, explanation, county_code, status, created_at)
       SELECT $1, n.left_record_id, n.right_record_id, n.left_child_id, n.right_child_id, n.match_weight, n.reason, n.held_by, n.explanation, n.county_code, 'OPEN', now()
       FROM incoming_review n
       WHERE NOT EXISTS (SELECT 1 FROM review_item i WHERE i.status = 'OPEN' AND i.left_record_id = n.left_record_id AND i.right_record_id = n.right_record_id)`,
      [runId],
    );
  }
}

/**
 * Every imported record with its child, for `hub export links`, paged in (source, key, scope)
 * order. `county` is the county that exported it (for a key unique nationally, the last one that
 * did): with the source and the key, it names the record.
 */
export async function* linksForExport(pool: Pool): AsyncGenerator<{ source: string; county: string | null; recordKey: string; childId: string | null }[]> {
  let after: [string, string, string] = ['', '', ''];
  for (;;) {
    const { rows } = await pool.query(
      `/* linksForExport */
       SELECT r.source, r.record_key AS "recordKey", r.key_scope AS "keyScope", coalesce(nullif(r.key_scope, ''), i.county_code) AS county,
              cr.child_id AS "childId"
       FROM source_record r LEFT JOIN child_record cr ON cr.source_record_id = r.id LEFT JOIN import_run i ON i.id = r.last_import_id
       WHERE (r.source, r.record_key, r.key_scope) > ($1, $2, $3) ORDER BY r.source, r.record_key, r.key_scope LIMIT ${PAGE}`,
      after,
    );
    if (rows.length === 0) return;
    yield rows;
    const lastRow = rows[rows.length - 1];
    after = [lastRow.source, lastRow.recordKey, lastRow.keyScope];
    if (rows.length < PAGE) return;
  }
}

/** How many imported records no run has linked yet. */
export async function unreconciledCount(pool: Pool): Promise<number> {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM source_record r LEFT JOIN child_record cr ON cr.source_record_id = r.id WHERE cr.source_record_id IS NULL`,
  );
  return rows[0].n;
}

const SEPARATOR = '\u001f';

/** The matching fields as one text (null as an empty value: the normaliser never stores ''). */
export function toMatchText(fields: Readonly<Record<string, FieldValue>>): string {
  return HUB_NORMALISED_FIELDS.map((f) => {
    const v = fields[f];
    return typeof v === 'string' ? v : '';
  }).join(SEPARATOR);
}

function fromMatchText(text: string): Record<string, FieldValue> {
  const values = text.split(SEPARATOR);
  const fields: Record<string, FieldValue> = {};
  HUB_NORMALISED_FIELDS.forEach((f, i) => (fields[f] = values[i] === undefined || values[i] === '' ? null : values[i]));
  return fields;
}

/**
 * VACUUM (ANALYZE) of what a full run rewrote. Without PostgreSQL 17's MAINTAIN (a server given by
 * DATABASE_URL, older or granted otherwise) PostgreSQL skips each table with a WARNING, which a
 * client hears only as a notice: it is told in the run's log, so that whoever runs it learns why
 * the next run is slower and what to grant.
 */
async function vacuumRewritten(client: PoolClient, log: (message: string) => void): Promise<void> {
  const warnings: string[] = [];
  const hear = (notice: { severity?: string; message?: string }) => {
    if (notice.severity === 'WARNING' && notice.message !== undefined) warnings.push(notice.message);
  };
  client.on('notice', hear);
  try {
    await client.query('VACUUM (ANALYZE) child, child_record, child_alias, review_item, child_period_state');
  } finally {
    client.off('notice', hear);
  }
  for (const warning of warnings) log(`  the vacuum after the full run was skipped in part: ${warning} (grant the application role MAINTAIN on the hub's tables, PostgreSQL 17 or later, or vacuum them as their owner)`);
}
