import type { Pool, PoolClient } from 'pg';
import { recordImportFinished } from '../events/outbox';
import { enqueueReconcile } from '../../jobs/queue';
import { from as copyFrom } from 'pg-copy-streams';
import { copyJson, copyText } from '../../db/copy';
import { acquireRunLock, type RunLock } from '../../db/run-lock';
import { identityKey } from './record-identity';
import { ImportRefusedError, storableText } from './source-rows';

/**
 * The import's persistence: set-based SQL over whole batches (one round trip per statement, not
 * per row), each batch in one transaction together with the import's progress, so a killed
 * import leaves either all of a batch or none of it.
 */
export interface ExistingRecord {
  id: number;
  recordKey: string;
  keyScope: string;
  /** Its current area (source_record.area_code): what a push must lie in to overwrite it. */
  areaCode: string | null;
  contentHash: string;
  period: string;
  lastImportId: number;
}

export interface NewRecord {
  recordKey: string;
  keyScope: string;
  countyCode: string | null;
  areaCode: string | null;
  version: VersionRow;
}

export interface VersionRow {
  period: string;
  countyCode: string | null;
  contentHash: string;
  /** The version's own COPY cells (versionCopyCells), built while the previous batch commits. */
  copyCells: string;
}

/** The columns a version's COPY line ends with, in this order (see versionCopyCells). */
const VERSION_CELL_COLUMNS = 'period, county_code, line, raw, normalised, problems, content_hash';

/**
 * A version's cells for `COPY source_record_version`, without the ids a batch allocates when it
 * commits: serialising three JSON documents is most of a row's cost, and done here it overlaps
 * the previous batch's write instead of delaying this one's.
 */
export function versionCopyCells(v: { period: string; countyCode: string | null; line: number | null; raw: Record<string, string>; normalised: Record<string, unknown>; problems: unknown[]; contentHash: string }): string {
  return `${v.period}\t${copyText(v.countyCode)}\t${v.line ?? '\\N'}\t${copyJson(v.raw)}\t${copyJson(v.normalised)}\t${copyJson(v.problems)}\t${v.contentHash}\n`;
}

export interface Rejection {
  line: number;
  reason: string;
  text: string;
}

export interface BatchWrite {
  importId: number;
  source: string;
  created: NewRecord[];
  /** A newer version that becomes the record's current one. */
  updated: { id: number; countyCode: string | null; areaCode: string | null; version: VersionRow }[];
  /** A version for an earlier period than the current one: kept as history only. */
  historical: { id: number; version: VersionRow }[];
  /** Seen again, unchanged. */
  touched: number[];
  rejections: Rejection[];
  /** `linesBefore`: the progress this batch continues from, checked when it is recorded. */
  progress: { linesBefore: number; linesDone: number; read: number; created: number; updated: number; unchanged: number; rejected: number; problems: Record<string, number> };
}

export interface ImportRunRow {
  id: number;
  source: string;
  period: string;
  status: 'running' | 'done';
  linesDone: number;
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The county that exported it (null until its first batch records it). */
  county: string | null;
  /** Problem code → rows read with it (see PreparedBatch.problems). */
  problems: Record<string, number>;
}

const RUN_COLUMNS = `id, source, period, status, lines_done AS "linesDone", read_count AS read, new_count AS created,
  updated_count AS updated, unchanged_count AS unchanged, rejected_count AS rejected, county_code AS county, problem_counts AS problems`;

export class IngestStore {
  constructor(private readonly pool: Pool) {}

  /**
   * Takes the source's import lock for a whole run (see run-lock.ts): two imports of one source
   * never race on a key, and a run killed mid-batch is over, committed or rolled back, before the
   * next one reads where it stopped. The run reads and writes its progress through `lock.client`.
   */
  lockSource(source: string, log?: (message: string) => void): Promise<RunLock> {
    return acquireRunLock(this.pool, `import:${source}`, { what: `the ${source} import`, log });
  }

  /** The unfinished import of the same content, if one was interrupted (read under the source's lock). */
  async findUnfinished(lock: RunLock, source: string, period: string, fingerprint: string): Promise<ImportRunRow | null> {
    const { rows } = await lock.client.query(
      /* findUnfinishedImport */ `SELECT ${RUN_COLUMNS} FROM import_run WHERE source = $1 AND period = $2 AND file_sha256 = $3 AND status = 'running'
       ORDER BY id DESC LIMIT 1`,
      [source, period, fingerprint],
    );
    return rows[0] ?? null;
  }

  async createRun(lock: RunLock, source: string, period: string, fingerprint: string, fileName: string | null): Promise<ImportRunRow> {
    const { rows } = await lock.client.query(
      `INSERT INTO import_run (source, period, file_name, file_sha256, status, started_at) VALUES ($1, $2, $3, $4, 'running', now())
       RETURNING ${RUN_COLUMNS}`,
      [source, period, fileName, fingerprint],
    );
    return rows[0];
  }

  /**
   * Marks the import done, writes its event and, unless `reconcileCounty` is null, asks for the
   * county's reconciliation, in one transaction. This commit is durable (the server's synchronous_commit), and flushing
   * the WAL up to it flushes every batch before it: an import reported done is on disk.
   */
  async finishRun(lock: RunLock, importId: number, errorsFile: string | null, reconcileCounty: string | null): Promise<void> {
    const client = lock.client;
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE import_run SET status = 'done', finished_at = now(), errors_file = $2 WHERE id = $1`, [importId, errorsFile]);
      // Told, and followed up, with the import's end or not at all (events/outbox.ts, jobs/queue.ts).
      await recordImportFinished(client, importId);
      if (reconcileCounty !== null) await enqueueReconcile(client, reconcileCounty);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Runs `work` in one transaction on the run's locked connection. A batch commits without waiting
   * for its WAL flush (synchronous_commit off for this transaction only): should PostgreSQL crash,
   * the last batches are lost whole, together with the progress they recorded, and re-running the
   * import writes them again; finishRun's durable commit makes the whole import durable before it
   * is reported done.
   */
  async inBatchTransaction<T>(lock: RunLock, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = lock.client;
    try {
      await client.query(`BEGIN; SELECT set_config('synchronous_commit', 'off', true)`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * The records of these identities (record-identity.ts), keyed by identityKey: a county-numbered
   * key finds only its own county's record. Asked as keys and scopes (a batch has one or two
   * scopes), the lookup the unique index serves key by key; a record of a scope not asked for
   * under one of the keys is left out by the map's key.
   */
  async findExisting(client: PoolClient, source: string, identities: { keyScope: string; recordKey: string }[]): Promise<Map<string, ExistingRecord>> {
    const { rows } = await client.query<ExistingRecord>(
      `/* findExistingRecords */
       SELECT id, record_key AS "recordKey", key_scope AS "keyScope", area_code AS "areaCode", content_hash AS "contentHash",
              period, last_import_id AS "lastImportId"
       FROM source_record WHERE source = $1 AND record_key = ANY($2::text[]) AND key_scope = ANY($3::text[])`,
      [source, [...new Set(identities.map((i) => i.recordKey))], [...new Set(identities.map((i) => i.keyScope))]],
    );
    const wanted = new Set(identities.map((i) => identityKey(i.keyScope, i.recordKey)));
    return new Map(rows.map((row) => [identityKey(row.keyScope, row.recordKey), row] as const).filter(([identity]) => wanted.has(identity)));
  }

  /** The county recorded as the import's exporter, if one is yet (read in the batch's transaction). */
  async exportingCounty(client: PoolClient, importId: number): Promise<string | null> {
    const { rows } = await client.query(`/* importExportingCounty */ SELECT county_code FROM import_run WHERE id = $1`, [importId]);
    return rows[0]?.county_code ?? null;
  }

  /** Records the import's exporter, in the transaction of its first rows: a resumed run reads it back. */
  async recordExportingCounty(client: PoolClient, importId: number, county: string): Promise<void> {
    await client.query(`/* recordImportExportingCounty */ UPDATE import_run SET county_code = $2 WHERE id = $1`, [importId, county]);
  }

  /** Of the given (record, period, hash) triples, those already stored as a version. */
  async findStoredVersions(client: PoolClient, wanted: { id: number; period: string; contentHash: string }[]): Promise<Set<number>> {
    if (wanted.length === 0) return new Set();
    const { rows } = await client.query(
      `SELECT DISTINCT w.id FROM unnest($1::int[], $2::text[], $3::text[]) AS w(id, period, hash)
       JOIN source_record_version v ON v.source_record_id = w.id AND v.period = w.period AND v.content_hash = w.hash`,
      [wanted.map((w) => w.id), wanted.map((w) => w.period), wanted.map((w) => w.contentHash)],
    );
    return new Set(rows.map((row) => row.id));
  }

  async writeBatch(client: PoolClient, batch: BatchWrite): Promise<void> {
    const versionCount = batch.created.length + batch.updated.length + batch.historical.length;
    const ids = await this.allocateIds(client, batch.created.length, versionCount);
    const versions: (VersionRow & { id: number; recordId: number })[] = [];
    let nextVersion = 0;
    const createdIds = batch.created.map((record, i) => {
      const recordId = ids.records[i];
      versions.push({ ...record.version, id: ids.versions[nextVersion++], recordId });
      return recordId;
    });
    const updatedVersionIds = batch.updated.map((u) => {
      const id = ids.versions[nextVersion++];
      versions.push({ ...u.version, id, recordId: u.id });
      return id;
    });
    for (const h of batch.historical) versions.push({ ...h.version, id: ids.versions[nextVersion++], recordId: h.id });

    // COPY is PostgreSQL's fastest way in (a third of the time of INSERT … unnest of arrays);
    // the rows are written as COPY text, one line each.
    const now = new Date().toISOString();
    if (batch.created.length > 0) {
      const head = `${copyText(batch.source)}\t${batch.importId}\t${batch.importId}\t${now}\t${now}`;
      await copyInto(
        client,
        `COPY source_record (source, first_import_id, last_import_id, created_at, updated_at, id, record_key, key_scope, county_code, area_code, period, current_version_id, content_hash) FROM STDIN`,
        batch.created
          .map(
            (r, i) =>
              `${head}\t${createdIds[i]}\t${copyText(r.recordKey)}\t${r.keyScope}\t${copyText(r.countyCode)}\t${copyText(r.areaCode)}\t${r.version.period}\t${ids.versions[i]}\t${r.version.contentHash}\n`,
          )
          .join(''),
      );
    }
    if (versions.length > 0) {
      const head = `\t${batch.importId}\t${now}\t`;
      await copyInto(
        client,
        `COPY source_record_version (id, source_record_id, import_run_id, recorded_at, ${VERSION_CELL_COLUMNS}) FROM STDIN`,
        versions.map((v) => `${v.id}\t${v.recordId}${head}${v.copyCells}`).join(''),
      );
    }
    if (batch.updated.length > 0) {
      await client.query(
        `UPDATE source_record r SET period = u.period, current_version_id = u.version_id, content_hash = u.hash,
           county_code = COALESCE(u.county, r.county_code), area_code = u.area, last_import_id = $1, updated_at = now()
         FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[]) AS u(id, period, version_id, hash, county, area)
         WHERE r.id = u.id`,
        [
          batch.importId,
          batch.updated.map((u) => u.id),
          batch.updated.map((u) => u.version.period),
          updatedVersionIds,
          batch.updated.map((u) => u.version.contentHash),
          batch.updated.map((u) => u.countyCode),
          batch.updated.map((u) => u.areaCode),
        ],
      );
    }
    const touched = [...batch.touched, ...batch.historical.map((h) => h.id)];
    if (touched.length > 0) {
      await client.query('UPDATE source_record SET last_import_id = $1 WHERE id = ANY($2::int[])', [batch.importId, touched]);
    }
    if (batch.rejections.length > 0) {
      await client.query(
        `INSERT INTO import_rejection (import_run_id, line, reason, raw_line)
         SELECT $1, r.line, r.reason, r.text FROM unnest($2::int[], $3::text[], $4::text[]) AS r(line, reason, text)`,
        [batch.importId, batch.rejections.map((r) => r.line), batch.rejections.map((r) => r.reason), batch.rejections.map((r) => storableText(r.text))],
      );
    }
    // Recorded only if the import is still where this run read it: the source's lock makes this
    // hold; should anything write the run's progress without that lock, the batch is refused
    // rather than written twice.
    const p = batch.progress;
    const { rowCount } = await client.query(
      `UPDATE import_run SET lines_done = $2, read_count = read_count + $3, new_count = new_count + $4,
         updated_count = updated_count + $5, unchanged_count = unchanged_count + $6, rejected_count = rejected_count + $7,
         problem_counts = (SELECT coalesce(jsonb_object_agg(code, n), '{}'::jsonb) FROM (
           SELECT code, sum(n::int) AS n FROM (SELECT * FROM jsonb_each_text(problem_counts) UNION ALL SELECT * FROM jsonb_each_text($9::jsonb)) c(code, n) GROUP BY code) s)
       WHERE id = $1 AND lines_done = $8 AND status = 'running'`,
      [batch.importId, p.linesDone, p.read, p.created, p.updated, p.unchanged, p.rejected, p.linesBefore, JSON.stringify(p.problems)],
    );
    if (rowCount !== 1) throw new ImportRefusedError('another run of the same import is writing it at the same time; it alone goes on');
  }

  async readRun(lock: RunLock, importId: number): Promise<ImportRunRow> {
    const { rows } = await lock.client.query(`SELECT ${RUN_COLUMNS} FROM import_run WHERE id = $1`, [importId]);
    return rows[0];
  }

  /** The run's rejected rows in file order, a page at a time (an import may reject many). */
  async *rejections(importId: number, pageSize = 5000): AsyncGenerator<Rejection[]> {
    let afterLine = -1;
    let afterId = 0;
    for (;;) {
      const { rows } = await this.pool.query<Rejection & { id: number }>(
        `SELECT id, line, reason, raw_line AS text FROM import_rejection
         WHERE import_run_id = $1 AND (line, id) > ($2, $3) ORDER BY line, id LIMIT $4`,
        [importId, afterLine, afterId, pageSize],
      );
      if (rows.length === 0) return;
      yield rows;
      const last = rows[rows.length - 1];
      afterLine = last.line;
      afterId = last.id;
    }
  }

  private async allocateIds(client: PoolClient, records: number, versions: number): Promise<{ records: number[]; versions: number[] }> {
    const { rows } = await client.query(
      `SELECT
         ARRAY(SELECT nextval('source_record_id_seq')::int FROM generate_series(1, $1)) AS records,
         ARRAY(SELECT nextval('source_record_version_id_seq')::int FROM generate_series(1, $2)) AS versions`,
      [records, versions],
    );
    return rows[0];
  }
}


/** COPY text format: backslash is the escape character; JSON never holds a raw tab or newline. */
async function copyInto(client: PoolClient, sql: string, data: string): Promise<void> {
  const stream = client.query(copyFrom(sql));
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(data);
  });
}
