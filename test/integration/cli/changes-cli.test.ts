import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { IdentityStore } from '../../../src/modules/identity/identity.store';
import { ReconcileService } from '../../../src/modules/identity/reconcile.service';
import { runHub } from '../../support/cli';
import { importCounty } from '../../support/county';
import { createTestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';

const SOURCES = ['civil-affairs', 'education', 'police'];

// `hub generate --from` writes a county's next quarter; `hub changes` reports it, as a town sends it up.
describe('hub generate --from and hub changes (command line)', () => {
  const tmp = tempDir();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;
  const q1 = path.join(tmp.dir, 'q1');
  const q2 = path.join(tmp.dir, 'q2');
  let truth: string[][];

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { ...db.env, HUB_DATA_DIR: tmp.dir };
    expect((await runHub(['generate', '--children', '800', '--seed', 'changes-cli', '--noise', 'low', '--out', q1], env)).code).toBe(0);
    const next = await runHub(['generate', '--from', q1, '--period', '2024Q2', '--seed', 'changes-cli', '--out', q2, '--json'], env);
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ period: '2024Q2', previous: '2024Q1', changes: { APPEARED: 2, MOVED: 1 } });
    truth = (parse(fs.readFileSync(path.join(q2, 'truth-changes.csv'))) as string[][]).slice(1);
    const files = (dir: string) => Object.fromEntries(SOURCES.map((s) => [s, path.join(dir, `${s}.csv`)]));
    await importCounty(db.pool, files(q1), SOURCES, '2024Q1');
    await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    // The new quarter department by department, reconciled after each: the first run writes the
    // whole quarter, the next ones bring it up to date with the children they rebuild.
    for (const source of SOURCES) {
      await importCounty(db.pool, files(q2), [source], '2024Q2');
      await new ReconcileService(new IdentityStore(db.pool)).reconcile();
    }
  }, 240_000);
  afterAll(async () => {
    await db?.close();
    tmp.cleanup();
  });

  it('refuses a next quarter without its period, or with --children', async () => {
    const noPeriod = await runHub(['generate', '--from', q1, '--out', path.join(tmp.dir, 'x')], env);
    expect(noPeriod.code).toBe(2);
    expect(noPeriod.stderr).toContain('--from needs --period, the new quarter, like 2024Q2');
    const both = await runHub(['generate', '--from', q1, '--period', '2024Q2', '--children', '5', '--out', path.join(tmp.dir, 'x')], env);
    expect(both.code).toBe(2);
  });

  it('writes the changes as CSV, one line per change, the counts per kind of the truth', async () => {
    const { code, stdout } = await runHub(['changes', '--from', '2024Q1', '--to', '2024Q2'], env);
    expect(code).toBe(0);
    const [header, ...rows] = parse(stdout) as string[][];
    expect(header).toEqual(['child_id', 'area_code', 'name', 'kind', 'flag', 'before', 'after']);
    const count = (list: string[][], column: number) => list.reduce<Record<string, number>>((n, r) => ((n[r[column]] = (n[r[column]] ?? 0) + 1), n), {});
    expect(count(rows, 3)).toEqual(count(truth, 1));
    const moved = rows.find((r) => r[3] === 'MOVED')!;
    const truthMoved = truth.find((t) => t[1] === 'MOVED')!;
    expect([moved[5], moved[6]]).toEqual([truthMoved[3], truthMoved[4]]);
    expect(moved[2]).not.toBe('');
    // Every file the report names is audited under the operator's name.
    const { rows: audited } = await db.pool.query(`SELECT DISTINCT child_id FROM audit_entry WHERE operation = 'changes' AND subject LIKE 'hub changes (%'`);
    expect(audited.length).toBe(new Set(rows.map((r) => r[0])).size);
  });

  it('--json gives one change per line; --area a town gives that town only', async () => {
    const json = await runHub(['changes', '--from', '2024Q1', '--to', '2024Q2', '--json'], env);
    expect(json.code).toBe(0);
    const changes = json.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(changes.length).toBe(truth.length);
    const town = changes.find((c) => c.kind === 'MOVED').after.slice(0, 9);
    const inTown = await runHub(['changes', '--from', '2024Q1', '--to', '2024Q2', '--area', town, '--json'], env);
    const townChanges = inTown.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(townChanges.length).toBeGreaterThan(0);
    expect(townChanges.length).toBeLessThan(changes.length);
    expect(townChanges.every((c) => c.areaCode.startsWith(town))).toBe(true);
  });

  it('refuses a period that was never imported, with exit 2 and one line', async () => {
    const { code, stderr, stdout } = await runHub(['changes', '--from', '2023Q4', '--to', '2024Q2', '--area', '500109'], env);
    expect(code).toBe(2);
    expect(stderr).toContain('no state is kept for county 500109 in 2023Q4');
    expect(stdout).toBe('');
  });

  it('refuses the same period twice, with exit 2 and the two periods to pass instead, though the county keeps it', async () => {
    for (const args of [['--from', '2024Q2', '--to', '2024Q2'], ['--from', '2024q2', '--to', '2024Q2', '--area', '500109', '--json']]) {
      const { code, stderr, stdout } = await runHub(['changes', ...args], env);
      expect(code).toBe(2);
      expect(stderr).toBe('hub: --from and --to are both 2024Q2: a report compares two quarters. For what changed during 2024Q2, pass --from 2024Q1 --to 2024Q2\n');
      expect(stdout).toBe('');
    }
    // The two swapped: the earlier goes first.
    const swapped = await runHub(['changes', '--from', '2024Q2', '--to', '2024Q1'], env);
    expect(swapped).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('pass the earlier quarter as --from (--from 2024Q1 --to 2024Q2)') });
  });
});
