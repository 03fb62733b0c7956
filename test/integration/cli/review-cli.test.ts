import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { runHub } from '../../support/cli';
import { generatedCounty, importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';

// `hub review` as a reviewer uses it, on a generated county (invented people) in real PostgreSQL.
describe('hub review (command line)', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    const county = await generatedCounty(tmp.dir, 1500, 'lists-test', 'hard');
    db = await createTestDatabase();
    env = { ...db.env, HUB_DATA_DIR: tmp.dir };
    await importCounty(db.pool, county.files);
    await new ReconcileService(new IdentityStore(db.pool)).reconcile({ full: true });
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  it('lists each pair with both records, each comparison and why it waits; --json gives one item per line', async () => {
    const json = await runHub(['review', 'list', '--json', '--limit', '5'], env);
    expect(json.code).toBe(0);
    const lines = json.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const item = JSON.parse(line);
      expect(Object.keys(item)).toEqual(expect.arrayContaining(['id', 'left', 'right', 'matchWeight', 'reason', 'heldBy', 'comparisons']));
      for (const side of [item.left, item.right]) {
        expect(side).toMatchObject({ source: expect.stringMatching(/^(civil-affairs|education|police)$/), recordKey: expect.any(String) });
        expect(Object.keys(side)).toEqual(expect.arrayContaining(['name', 'birthDate', 'sex', 'idNumber', 'areaCode', 'fatherName', 'motherName', 'guardianName']));
      }
      expect(item.comparisons.length).toBeGreaterThan(0);
      for (const c of item.comparisons) expect(c).toEqual({ comparison: expect.any(String), level: expect.any(String), weight: expect.any(Number) });
      expect(item.heldBy).toMatch(/^guard|^weight /);
    }

    const first = JSON.parse(lines[0]);
    const text = await runHub(['review', 'list', '--limit', '1'], env);
    expect(text.code).toBe(0);
    // Both records side by side, on the rows a reviewer compares, then each comparison's level.
    for (const row of ['source', 'record', 'name', 'birth date', 'sex', 'ID number', 'area', 'father', 'mother', 'guardian']) expect(text.stdout).toMatch(new RegExp(`^  ${row} +`, 'm'));
    expect(text.stdout).toContain(`#${first.id}  weight ${first.matchWeight}  ${first.heldBy ?? first.reason}\n`);
    expect(text.stdout).toContain(first.left.recordKey);
    expect(text.stdout).toContain(first.right.recordKey);
    expect(text.stdout).toMatch(new RegExp(`^    ${first.comparisons[0].comparison} +${first.comparisons[0].level}`, 'm'));
  });

  it('takes a later decision on the same item: it supersedes the earlier one', async () => {
    const [line] = (await runHub(['review', 'list', '--json', '--limit', '1'], env)).stdout.trim().split('\n');
    const { id } = JSON.parse(line);
    const match = await runHub(['review', 'decide', String(id), 'MATCH', '--reviewer', 'r1', '--reason', 'same birth certificate'], env);
    expect(match.code).toBe(0);
    expect(match.stdout).toMatch(new RegExp(`review item ${id}: MATCH recorded; run hub reconcile`));
    // Before, this answered "review item N is decided, not open" with exit code 2.
    const noMatch = await runHub(['review', 'decide', String(id), 'NO_MATCH', '--reviewer', 'r2', '--reason', 'two mothers'], env);
    expect(noMatch.code).toBe(0);
    expect(noMatch.stdout).toMatch(new RegExp(`review item ${id}: NO_MATCH recorded \\(supersedes the earlier MATCH\\)`));
    const { rows } = await db.pool.query(`SELECT decision FROM review_decision WHERE review_item_id = $1 ORDER BY id`, [id]);
    expect(rows.map((r) => r.decision)).toEqual(['MATCH', 'NO_MATCH']);
  });

  it('lists the children with a valid ID number and no police record as findings, not as UNREGISTERED', async () => {
    const findings = await runHub(['review', 'findings', '--json', '--limit', '1000'], env);
    expect(findings.code).toBe(0);
    const found = findings.stdout.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
    expect(found.length).toBeGreaterThan(0);
    const { rows } = await db.pool.query(`SELECT id, flag_names, sources FROM child WHERE id = ANY($1::text[])`, [found.map((f) => f.childId)]);
    expect(rows).toHaveLength(found.length);
    for (const child of rows) {
      expect(child.flag_names).not.toContain('UNREGISTERED');
      expect(child.sources).not.toContain('police');
    }
    expect(found.every((f) => f.finding === 'no police record found' && /^\d{17}[\dX]$/.test(f.idNumber ?? ''))).toBe(true);
    const text = await runHub(['review', 'findings', '--limit', '3'], env);
    expect(text.stdout).toMatch(/^no police record found \(a valid ID number/m);
  });
});
