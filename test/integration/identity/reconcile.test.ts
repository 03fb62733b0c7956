import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { ReviewRefusedError, ReviewService } from '../../../src/modules/identity/review.service';
import { generatedCounty, importCounty, linkTable } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

// A small generated county (invented people), imported through the real import into real PostgreSQL.
describe('hub reconcile on real PostgreSQL', () => {
  const tmp = tempDir();
  let county: Awaited<ReturnType<typeof generatedCounty>>;
  let db: Db;
  let reconcile: ReconcileService;
  let review: ReviewService;

  beforeAll(async () => {
    county = await generatedCounty(tmp.dir, 500, 'reconcile-test');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    reconcile = new ReconcileService(new IdentityStore(db.pool));
    review = new ReviewService(db.pool);
  });
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  const recordId = async (source: string, key: string): Promise<number> =>
    (await db.pool.query('SELECT id FROM source_record WHERE source = $1 AND record_key = $2', [source, key])).rows[0].id;
  const childOfRecord = async (id: number): Promise<string> =>
    (await db.pool.query('SELECT child_id FROM child_record WHERE source_record_id = $1', [id])).rows[0].child_id;
  const resolve = async (id: string): Promise<string | null> =>
    (await db.pool.query('SELECT id FROM child WHERE id = $1 UNION ALL SELECT child_id FROM child_alias WHERE alias = $1', [id])).rows[0]?.id ?? null;

  /**
   * The dashboard's counts (area_tally, kept by triggers) equal a fresh count over the children,
   * and each child's record quality equals what its records' current versions say.
   */
  const expectTallyInStep = async () => {
    const kept = await db.pool.query(`SELECT area_code, measure, key, count FROM area_tally WHERE count <> 0 ORDER BY 1, 2, 3`);
    const fresh = await db.pool.query(
      `SELECT t.area_code, t.measure, t.key, sum(t.n)::int AS count
       FROM child c, child_tally(c.area_code, c.verification, c.flag_names, c.golden, c.record_quality) t GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    expect(kept.rows.length).toBeGreaterThan(0);
    expect(kept.rows).toEqual(fresh.rows);
    const quality = await db.pool.query(
      `SELECT r.source, count(*)::int AS records,
         count(*) FILTER (WHERE v.normalised->>'idStatus' = 'invalid')::int AS invalid,
         count(*) FILTER (WHERE coalesce(v.normalised->>'idStatus', 'missing') = 'missing')::int AS missing,
         count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM child_record o JOIN source_record os ON os.id = o.source_record_id
                                            WHERE o.child_id = cr.child_id AND os.source <> r.source))::int AS unmatched
       FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id JOIN source_record_version v ON v.id = r.current_version_id
       GROUP BY r.source ORDER BY r.source`,
    );
    const tallied = async (measure: string) =>
      (await db.pool.query(`SELECT key AS source, sum(count)::int AS n FROM area_tally WHERE measure = $1 GROUP BY key HAVING sum(count) <> 0`, [measure])).rows;
    for (const [measure, column] of [['records', 'records'], ['invalidIdNumbers', 'invalid'], ['missingIdNumbers', 'missing'], ['unmatched', 'unmatched']]) {
      const expected = quality.rows.filter((q) => q[column] > 0).map((q) => ({ source: q.source, n: q[column] }));
      expect((await tallied(measure)).sort((a, b) => a.source.localeCompare(b.source))).toEqual(expected);
    }
  };

  it('links every imported record to a child, agreeing with the truth', async () => {
    const summary = await reconcile.reconcile();
    expect(summary.mode).toBe('full');
    const links = await linkTable(db.pool);
    expect(links.length).toBe(summary.records);
    expect(links.every((l) => l.childId !== null)).toBe(true);

    // Pairwise against the generator's truth.
    let predicted = 0;
    let correct = 0;
    let actual = 0;
    for (let i = 0; i < links.length; i++) {
      for (let j = i + 1; j < links.length; j++) {
        const samePerson = county.truth.get(`${links[i].source}:${links[i].key}`) === county.truth.get(`${links[j].source}:${links[j].key}`);
        const sameChild = links[i].childId === links[j].childId;
        if (sameChild) predicted++;
        if (samePerson) actual++;
        if (sameChild && samePerson) correct++;
      }
    }
    expect(correct / predicted).toBeGreaterThanOrEqual(0.99);
    expect(correct / actual).toBeGreaterThanOrEqual(0.97);

    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM child');
    expect(rows[0].n).toBe(new Set(links.map((l) => l.childId)).size);
    await expectTallyInStep();
  });

  it('gives every child a golden record with provenance and a verification status', async () => {
    const { rows } = await db.pool.query(`SELECT verification, golden, sources FROM child WHERE 'police' = ANY(SELECT jsonb_array_elements_text(sources)) LIMIT 20`);
    expect(rows.length).toBeGreaterThan(0);
    for (const child of rows) {
      expect(['VERIFIED', 'CONFLICT', 'SINGLE_SOURCE']).toContain(child.verification);
      if (child.golden.idNumber) expect(child.golden.idNumber.source).toBe('police'); // police is authoritative for the ID
    }
  });

  it('an incremental run with nothing new does nothing', async () => {
    const summary = await reconcile.reconcile();
    expect(summary).toMatchObject({ mode: 'incremental', runId: null, changed: 0 });
  });

  it('a second full run on the same data gives identical links and child ids', async () => {
    const before = await linkTable(db.pool);
    const summary = await reconcile.reconcile({ full: true });
    expect(summary).toMatchObject({ mode: 'full', newChildren: 0, mergedChildren: 0, movedRecords: 0, linkedRecords: 0 });
    expect(await linkTable(db.pool)).toEqual(before);
  });

  it('gives the same child ids in another database when the files are imported in another order', async () => {
    const other = await createTestDatabase();
    try {
      await importCounty(other.pool, county.files, ['police', 'education', 'civil-affairs']);
      await new ReconcileService(new IdentityStore(other.pool)).reconcile();
      expect(await linkTable(other.pool)).toEqual(await linkTable(db.pool));
    } finally {
      await other.close();
    }
  });

  it('obeys a MATCH and then a NO_MATCH decision, in incremental and full runs, keeping ids resolvable', async () => {
    // Two records of two different children (by the engine's clustering); b is not a police
    // record, so the merged child holds at most one registered ID.
    const { rows } = await db.pool.query(
      `SELECT a.source_record_id AS a, b.source_record_id AS b, a.child_id AS "childA", b.child_id AS "childB"
       FROM child_record a JOIN child_record b ON a.child_id < b.child_id
       JOIN child ca ON ca.id = a.child_id JOIN child cb ON cb.id = b.child_id
       JOIN source_record sb ON sb.id = b.source_record_id
       WHERE ca.record_count = 2 AND cb.record_count = 1 AND sb.source <> 'police' LIMIT 1`,
    );
    const { a, b, childA, childB } = rows[0];

    await review.decidePair(a, b, 'MATCH', 'reviewer-1', 'same child: the director confirmed by phone');
    const merged = await reconcile.reconcile();
    expect(merged.mode).toBe('incremental');
    expect(await childOfRecord(a)).toBe(childA); // the child with more records keeps its id
    expect(await childOfRecord(b)).toBe(childA);
    expect(await resolve(childB)).toBe(childA); // the absorbed id still resolves
    const events = await db.pool.query(`SELECT kind FROM link_event WHERE previous_child_id = $1`, [childB]);
    expect(events.rows.map((e) => e.kind).sort()).toEqual(['merged', 'moved']);
    await expectTallyInStep();

    await reconcile.reconcile({ full: true });
    expect(await childOfRecord(b)).toBe(childA);

    // A later NO_MATCH on the same pair supersedes the MATCH.
    await review.decidePair(b, a, 'NO_MATCH', 'reviewer-2', 'different birth certificates');
    await reconcile.reconcile();
    expect(await childOfRecord(a)).toBe(childA); // the larger part keeps the id
    const split = await childOfRecord(b);
    expect(split).not.toBe(childA);
    await reconcile.reconcile({ full: true });
    expect(await childOfRecord(b)).not.toBe(await childOfRecord(a));
    await expectTallyInStep();
  });

  it('obeys a NO_MATCH between two records the engine linked', async () => {
    const { rows } = await db.pool.query(
      `SELECT source_record_id AS id, linked_with AS other FROM child_record WHERE linked_with IS NOT NULL AND match_weight IS NOT NULL LIMIT 1`,
    );
    const { id, other } = rows[0];
    expect(await childOfRecord(id)).toBe(await childOfRecord(other));
    const explanation = (await db.pool.query('SELECT explanation FROM child_record WHERE source_record_id = $1', [id])).rows[0].explanation;
    expect(explanation.map((e: { comparison: string }) => e.comparison)).toEqual(['name', 'id number', 'birth date', 'sex', 'area', 'family']);

    await review.decidePair(id, other, 'NO_MATCH', 'reviewer-3', 'twins');
    await reconcile.reconcile();
    expect(await childOfRecord(id)).not.toBe(await childOfRecord(other));
    await reconcile.reconcile({ full: true });
    expect(await childOfRecord(id)).not.toBe(await childOfRecord(other));
  });

  it('keeps a child id when a new record joins it in a later period', async () => {
    const police = (await db.pool.query(`SELECT r.id, r.record_key FROM source_record r WHERE source = 'police' ORDER BY record_key LIMIT 1`)).rows[0];
    const child = await childOfRecord(police.id);
    const version = (await db.pool.query('SELECT v.raw FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id WHERE r.id = $1', [police.id])).rows[0];
    // Civil affairs finds the same child next quarter (a new roster row, same identity).
    const raw = version.raw as Record<string, string>;
    const service = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
    await service.importRows(
      [{ 记录编号: 'MZ-TEST-NEW-1', 姓名: raw['姓名'], 性别: raw['性别'], 出生日期: raw['出生日期'], 身份证号: raw['公民身份号码'], 行政区划代码: raw['行政区划代码'] }],
      { source: 'civil-affairs', period: '2024Q2' },
    );
    const summary = await reconcile.reconcile();
    expect(summary.changed).toBe(1);
    expect(await childOfRecord(await recordId('civil-affairs', 'MZ-TEST-NEW-1'))).toBe(child);
    // A later period moves the county's "today" on: the run's flags stand as of its end.
    const { rows } = await db.pool.query(`SELECT report->'flagsAsOf' AS days FROM reconcile_run ORDER BY id DESC LIMIT 1`);
    expect(rows).toEqual([{ days: { '500109': '2024-06-30' } }]);
    await expectTallyInStep();
  });

  it('re-clusters a record whose new version changes what matching reads, and only that one', async () => {
    const record = (await db.pool.query(`SELECT r.id, r.record_key FROM source_record r WHERE source = 'civil-affairs' ORDER BY record_key LIMIT 1`)).rows[0];
    const child = await childOfRecord(record.id);
    const raw = (await db.pool.query('SELECT v.raw FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id WHERE r.id = $1', [record.id])).rows[0]
      .raw as Record<string, string>;
    const service = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
    // A new report date: a new version, but nothing matching reads. Every other record is read
    // back from its link, with the link's match hash: none of them may count as changed.
    await service.importRows([{ ...raw, 填报日期: '2024-09-30' }], { source: 'civil-affairs', period: '2024Q3' });
    const dated = await reconcile.reconcile();
    expect(dated).toMatchObject({ newVersions: 1, changed: 0 });
    expect(await childOfRecord(record.id)).toBe(child);
    // A re-typed name: matching must look at it again.
    await service.importRows([{ ...raw, 填报日期: '2024-12-31', 姓名: `${raw['姓名']}子` }], { source: 'civil-affairs', period: '2024Q4' });
    const renamed = await reconcile.reconcile();
    expect(renamed).toMatchObject({ newVersions: 1, changed: 1 });
    await expectTallyInStep();
  });

  it('a run that fails while writing leaves every identity as it was', async () => {
    const count = async (table: string) => (await db.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
    // A record no run has linked yet (its link removed), so the next run writes a link, then an event.
    await db.pool.query('DELETE FROM child_record WHERE source_record_id = (SELECT min(source_record_id) FROM child_record)');
    const before = { links: await count('child_record'), runs: await count('reconcile_run'), events: await count('link_event') };
    // The run's last write (its link events) fails: the writes before it must roll back too.
    await db.asOwner(`CREATE FUNCTION fail_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`);
    await db.asOwner('CREATE TRIGGER fail_event BEFORE INSERT ON link_event FOR EACH STATEMENT EXECUTE FUNCTION fail_event()');
    try {
      await expect(reconcile.reconcile()).rejects.toThrow(/disk full/);
      expect({ links: await count('child_record'), runs: await count('reconcile_run'), events: await count('link_event') }).toEqual(before);
    } finally {
      await db.asOwner('DROP TRIGGER fail_event ON link_event');
      await db.asOwner('DROP FUNCTION fail_event');
    }
    const summary = await reconcile.reconcile();
    expect(summary.linkedRecords).toBe(1);
    expect(await count('child_record')).toBe(before.links + 1);
    await expectTallyInStep();
  });

  it('refuses a decision without a reason or on no item; a later decision on a decided item supersedes the earlier', async () => {
    const items = await review.openItems({ limit: 1 });
    if (items.length > 0) {
      await expect(review.decide(items[0].id, 'MATCH', 'reviewer', '')).rejects.toThrow(ReviewRefusedError);
      expect(await review.decide(items[0].id, 'NO_MATCH', 'reviewer', 'checked the files')).toEqual({ supersedes: null });
      expect(await review.decide(items[0].id, 'MATCH', 'reviewer', 'again')).toEqual({ supersedes: 'NO_MATCH' });
      const { rows } = await db.pool.query(`SELECT decision FROM review_decision WHERE review_item_id = $1 ORDER BY id`, [items[0].id]);
      expect(rows.map((r) => r.decision)).toEqual(['NO_MATCH', 'MATCH']);
    }
    await expect(review.decide(999999, 'MATCH', 'reviewer', 'x')).rejects.toThrow(/no review item/);
  });
});
