import { HUB_NORMALISED_FIELDS } from '../../../reconciliation/hub';
import { isMistypedNumberOf } from '../../../reconciliation/normalise';
import { ChinaDivisionRegistry } from '../../../src/areas/china-division-registry';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ImportService } from '../../../src/modules/ingest/import.service';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { ReviewService } from '../../../src/modules/identity/review.service';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';

type Db = Awaited<ReturnType<typeof createTestDatabase>>;

// The lists police and education act on, and the decisions reviewers make, on a generated county
// (invented people) imported through the real import into real PostgreSQL.
describe('lists that mean what they say, decisions a reviewer can trust', () => {
  const tmp = tempDir();
  let db: Db;
  let reconcile: ReconcileService;
  let review: ReviewService;
  let imports: ImportService;

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 1500, 'lists-test', 'hard');
    db = await createTestDatabase();
    await importCounty(db.pool, county.files);
    reconcile = new ReconcileService(new IdentityStore(db.pool));
    review = new ReviewService(db.pool);
    imports = new ImportService(db.pool, ChinaDivisionRegistry.load(), tmp.dir);
    await reconcile.reconcile({ full: true });
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  const childOfRecord = async (id: number): Promise<string> =>
    (await db.pool.query('SELECT child_id FROM child_record WHERE source_record_id = $1', [id])).rows[0].child_id;
  const openItemsBetween = async (a: string, b: string): Promise<number> =>
    (
      await db.pool.query(
        `SELECT count(*)::int AS n FROM review_item i JOIN child_record l ON l.source_record_id = i.left_record_id JOIN child_record r ON r.source_record_id = i.right_record_id
         WHERE i.status = 'OPEN' AND ((l.child_id = $1 AND r.child_id = $2) OR (l.child_id = $2 AND r.child_id = $1))`,
        [a, b],
      )
    ).rows[0].n;

  it('puts no child with an ID number of its own on the UNREGISTERED list: it is a "no police record found" finding instead', async () => {
    const { rows } = await db.pool.query(
      `SELECT c.id, 'UNREGISTERED' = ANY(c.flag_names) AS unregistered, (c.record_quality->'police'->>'noRecordFound')::int AS "notFound",
              c.sources ? 'police' AS registered,
              EXISTS (SELECT 1 FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id JOIN source_record_version v ON v.id = r.current_version_id
                      WHERE cr.child_id = c.id AND v.normalised->>'idStatus' = 'valid') AS "validId",
              ARRAY(SELECT v.normalised->>'idNumber' FROM child_record cr JOIN source_record r ON r.id = cr.source_record_id JOIN source_record_version v ON v.id = r.current_version_id
                    WHERE cr.child_id = c.id AND v.normalised->>'idStatus' = 'invalid') AS "invalidIds",
              c.golden->'birthDate'->>'value' AS "birthDate"
       FROM child c`,
    );
    // An ID number of its own: a valid one, or its own mistyped by a keystroke (it was issued, so the child was registered).
    for (const r of rows) r.ownId = r.validId || r.invalidIds.some((id: string) => isMistypedNumberOf(id, r.birthDate));
    const unregistered = rows.filter((r) => r.unregistered);
    const notFound = rows.filter((r) => r.notFound === 1);
    expect(unregistered.length).toBeGreaterThan(0);
    expect(notFound.length).toBeGreaterThan(0); // the generator registers some children in another county
    expect(unregistered.filter((r) => r.ownId || r.registered)).toEqual([]);
    expect(notFound.filter((r) => !r.ownId || r.registered || r.unregistered)).toEqual([]);
    // Every child with no police record is one or the other (or waits in review for a police record).
    const neither = rows.filter((r) => !r.registered && !r.unregistered && r.notFound !== 1).map((r) => r.id);
    for (const id of neither) {
      const { rows: pending } = await db.pool.query(`SELECT flag_facts->'policeInReview' AS p FROM child WHERE id = $1`, [id]);
      expect(pending[0].p.length).toBeGreaterThan(0);
    }
    // The dashboard's tally counts the finding per area, as the children say.
    const { rows: tally } = await db.pool.query(`SELECT coalesce(sum(count), 0)::int AS n FROM area_tally WHERE measure = 'noRecordFound' AND key = 'police'`);
    expect(tally[0].n).toBe(notFound.length);
    expect((await review.noPoliceRecordFound({ limit: 1000 })).map((f) => f.childId).sort()).toEqual(notFound.map((r) => r.id).sort());
  });

  it('cites where the hub looked and the ID numbers it saw', async () => {
    const { rows } = await db.pool.query(`SELECT f FROM child c, jsonb_array_elements(c.flags) f WHERE f->>'flag' = 'UNREGISTERED' LIMIT 1`);
    const texts = rows[0].f.evidence.map((e: { text: string }) => e.text);
    expect(texts).toContain('searched the civil-affairs, education, police exports of this county');
    expect(texts.some((t: string) => /ID number|no department gives an ID number/.test(t))).toBe(true);
  });

  it('gives every DROPOUT its strength: CONFIRMED by the school, TO_VERIFY when no enrolment was found here', async () => {
    const { rows } = await db.pool.query(
      `SELECT f->>'strength' AS strength, c.sources ? 'education' AS enrolled, c.golden->'enrolmentStatus'->>'value' AS status
       FROM child c, jsonb_array_elements(c.flags) f WHERE f->>'flag' = 'DROPOUT'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.strength).toBe(r.enrolled ? 'CONFIRMED' : 'TO_VERIFY');
    expect(rows.filter((r) => r.strength === 'CONFIRMED').every((r) => r.status === '辍学')).toBe(true);
    const { rows: tally } = await db.pool.query(`SELECT key, sum(count)::int AS n FROM area_tally WHERE measure = 'flag' AND key LIKE 'DROPOUT%' GROUP BY key ORDER BY key`);
    const count = (key: string) => tally.find((t) => t.key === key)?.n ?? 0;
    expect(count('DROPOUT')).toBe(rows.length);
    expect(count('DROPOUT/CONFIRMED') + count('DROPOUT/TO_VERIFY')).toBe(rows.length);
  });

  it('shows each review pair with both records and which guard or thresholds hold it', async () => {
    const [item] = await review.withRecords(await review.openItems({ limit: 1 }), true);
    expect(item.left).toMatchObject({ ref: expect.stringMatching(/^R\d+$/), source: expect.any(String), recordKey: expect.any(String) });
    expect(Object.keys(item.right).sort()).toEqual(
      ['ref', 'source', 'recordKey', 'name', 'birthDate', 'sex', 'idNumber', 'areaCode', 'fatherName', 'fatherIdNumber', 'motherName', 'motherIdNumber', 'guardianName', 'guardianRelation', 'guardianPhone'].sort(),
    );
    expect(item.comparisons.map((c) => c.comparison)).toEqual(['name', 'id number', 'birth date', 'sex', 'area', 'family']);
    expect(item.heldBy).toMatch(item.reason === 'guard' ? /^guard: / : /^weight .* between the review threshold .* and the link threshold/);
    // A masked role's view carries no record key (ID numbers for police and most students).
    const [masked] = await review.withRecords(await review.openItems({ limit: 1 }), false);
    expect([masked.left.recordKey, masked.right.recordKey]).toEqual([null, null]);
  });

  it('holds a NO_MATCH for the two children: no new item through another of their records', async () => {
    // An open pair with a civil-affairs or an education record on one side: that department lists
    // the child once more (the same row under another key), so the child gets a second record that
    // pairs with the other child exactly as the first did. (A police key is the ID number itself.)
    const { rows } = await db.pool.query(
      `SELECT i.id, i.left_record_id AS l, i.right_record_id AS r, sl.source AS "leftSource", sr.source AS "rightSource" FROM review_item i
       JOIN source_record sl ON sl.id = i.left_record_id JOIN source_record sr ON sr.id = i.right_record_id
       WHERE i.status = 'OPEN' AND (sl.source <> 'police' OR sr.source <> 'police')
       ORDER BY (sl.source = 'civil-affairs' OR sr.source = 'civil-affairs') DESC, i.match_weight DESC LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    const leftCopied = rows[0].leftSource !== 'police' && (rows[0].leftSource === 'civil-affairs' || rows[0].rightSource !== 'civil-affairs');
    const [copied, other, source] = leftCopied ? [rows[0].l, rows[0].r, rows[0].leftSource] : [rows[0].r, rows[0].l, rows[0].rightSource];
    await review.decide(rows[0].id, 'NO_MATCH', 'reviewer-3', 'different children: different schools and mothers');
    await reconcile.reconcile();
    const [a, b] = [await childOfRecord(copied), await childOfRecord(other)];
    expect(a).not.toBe(b);

    const { rows: raw } = await db.pool.query(`SELECT v.raw FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id WHERE r.id = $1`, [copied]);
    // The key only: a student number without an ID number in it, a roster number of its own.
    const keyColumn = source === 'civil-affairs' ? '记录编号' : '全国学籍号';
    const newKey = source === 'civil-affairs' ? `${raw[0].raw[keyColumn]}-2` : `L${copied}`;
    const again = { ...raw[0].raw, [keyColumn]: newKey };
    expect((await imports.importRows([again], { source, period: '2024Q1', county: '500109' })).new).toBe(1);
    const { rows: added } = await db.pool.query(`SELECT r.id FROM source_record r WHERE r.source = $1 AND r.record_key = $2`, [source, newKey]);
    // The copy reads as the record the reviewer decided on: it pairs with the other child as that
    // one did, and would be put before a reviewer again if the NO_MATCH held for records only.
    const matchedOn = async (id: number) => {
      const { rows: v } = await db.pool.query(`SELECT v.normalised FROM source_record r JOIN source_record_version v ON v.id = r.current_version_id WHERE r.id = $1`, [id]);
      return HUB_NORMALISED_FIELDS.map((field) => v[0].normalised[field] ?? null);
    };
    expect(await matchedOn(added[0].id)).toEqual(await matchedOn(copied));

    await reconcile.reconcile();
    await reconcile.reconcile({ full: true });
    expect(await childOfRecord(added[0].id)).toBe(await childOfRecord(copied));
    expect(await childOfRecord(copied)).not.toBe(await childOfRecord(other));
    expect(await openItemsBetween(await childOfRecord(copied), await childOfRecord(other))).toBe(0);
  }, 120_000);

  it('takes a later decision on a decided item, and the next run obeys the latest', async () => {
    // The item decided NO_MATCH above (a small county's queue is short): a second reviewer finds
    // the two are one child after all, then a third that they are not.
    const { rows } = await db.pool.query(`SELECT id, left_record_id AS l, right_record_id AS r FROM review_item WHERE status = 'DECIDED' ORDER BY id LIMIT 1`);
    expect(rows).toHaveLength(1);
    const item = { id: Number(rows[0].id), leftRecordId: rows[0].l, rightRecordId: rows[0].r };
    // Before, this answered "review item N is decided, not open".
    expect(await review.decide(item.id, 'MATCH', 'reviewer-1', 'the director confirmed it')).toEqual({ supersedes: 'NO_MATCH' });
    await reconcile.reconcile();
    expect(await childOfRecord(item.leftRecordId)).toBe(await childOfRecord(item.rightRecordId));
    expect(await review.decide(item.id, 'NO_MATCH', 'reviewer-2', 'two birth certificates')).toEqual({ supersedes: 'MATCH' });
    await reconcile.reconcile();
    expect(await childOfRecord(item.leftRecordId)).not.toBe(await childOfRecord(item.rightRecordId));
    await reconcile.reconcile({ full: true });
    expect(await childOfRecord(item.leftRecordId)).not.toBe(await childOfRecord(item.rightRecordId));
    const { rows: decisions } = await db.pool.query(`SELECT decision FROM review_decision WHERE review_item_id = $1 ORDER BY id`, [item.id]);
    expect(decisions.map((d) => d.decision)).toEqual(['NO_MATCH', 'MATCH', 'NO_MATCH']);
  }, 120_000);

  it('shows two police records on one child as a possible duplicate registration (一人多户)', async () => {
    const { rows } = await db.pool.query(
      `SELECT a.source_record_id AS a, b.source_record_id AS b FROM child_record a JOIN source_record sa ON sa.id = a.source_record_id
       JOIN child_record b ON b.child_id <> a.child_id JOIN source_record sb ON sb.id = b.source_record_id
       WHERE sa.source = 'police' AND sb.source = 'police' AND sa.id < sb.id ORDER BY sa.id, sb.id LIMIT 1`,
    );
    // A reviewer who found that two registrations are one child (a reviewer's MATCH overrides the
    // rule that two registered ID numbers are two children).
    await review.decidePair(rows[0].a, rows[0].b, 'MATCH', 'reviewer-4', 'the household register lists her twice');
    await reconcile.reconcile();
    const child = await childOfRecord(rows[0].a);
    expect(await childOfRecord(rows[0].b)).toBe(child);
    const { rows: flags } = await db.pool.query(`SELECT flag_names, flags FROM child WHERE id = $1`, [child]);
    expect(flags[0].flag_names).toContain('DUPLICATE_REGISTRATION');
    const duplicate = flags[0].flags.find((f: { flag: string }) => f.flag === 'DUPLICATE_REGISTRATION');
    expect(duplicate.evidence.filter((e: { source?: string }) => e.source === 'police').map((e: { recordId: string }) => e.recordId).sort()).toEqual([String(rows[0].a), String(rows[0].b)].sort());
  }, 120_000);
});
