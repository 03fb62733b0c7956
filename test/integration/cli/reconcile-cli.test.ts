import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { runHub } from '../../support/cli';
import { createTestDatabase } from '../../support/database';
import { POLICE_ROWS, csv, tempDir } from '../../support/files';

describe('hub reconcile, export links, review and link (command line)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const tmp = tempDir();
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { ...db.env, HUB_DATA_DIR: tmp.dir };
  });
  afterAll(async () => {
    await db.close();
    tmp.cleanup();
  });

  it('refuses to export links before the records are reconciled', async () => {
    const file = tmp.file('police.csv', csv('police', POLICE_ROWS));
    expect((await runHub(['import', 'police', file, '--period', '2024Q1'], env)).code).toBe(0);
    const result = await runHub(['export', 'links', '--out', `${tmp.dir}/links.csv`], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/3 imported records are not linked yet: run hub reconcile first/);
  });

  it('reconciles with a JSON summary, then exports one row per imported record', async () => {
    const result = await runHub(['reconcile', '--json'], env);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ mode: 'full', records: 3, changed: 3, linkedRecords: 3 });

    const out = `${tmp.dir}/links.csv`;
    expect((await runHub(['export', 'links', '--out', out], env)).code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('source,county,record_key,child_id');
    const rows = parse(text, { columns: true }) as { source: string; county: string; record_key: string; child_id: string }[];
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.source === 'police' && r.county === '500109' && /^C[0-9A-F]{16}$/.test(r.child_id))).toBe(true);
    // Three registered IDs are three children.
    expect(new Set(rows.map((r) => r.child_id)).size).toBe(3);
  });

  it('says there is nothing to do when no record changed', async () => {
    const result = await runHub(['reconcile'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/nothing to do/);
  });

  it('lists the review queue and refuses a decision on a missing item with exit code 2', async () => {
    const list = await runHub(['review', 'list', '--json'], env);
    expect(list.code).toBe(0);
    // One JSON object per item and line: three registered IDs are three children, nothing to review.
    expect(list.stdout).toBe('');
    const decide = await runHub(['review', 'decide', '424242', 'MATCH', '--reviewer', 'r', '--reason', 'x'], env);
    expect(decide.code).toBe(2);
    expect(decide.stderr).toMatch(/no review item 424242/);
  });

  it('links two CSV files with a settings file and no database, one-to-one', async () => {
    const left = tmp.file('left.csv', 'rec_id, given_name, surname, date_of_birth\nl-1, ann, lee, 19800101\nl-2, bob, kay, 19751231\nl-3, cy, ng, 19900505\n');
    const right = tmp.file('right.csv', 'rec_id, given_name, surname, date_of_birth\nr-1, bob, kay, 19751231\nr-2, anne, lee, 19800101\nr-3, zed, orr, 20010101\n');
    const settings = tmp.file(
      'settings.json',
      JSON.stringify({
        linkType: 'link_only',
        uniqueIdColumn: 'rec_id',
        blockingRules: [{ name: 'dob', keys: [{ field: 'date_of_birth' }] }, { name: 'surname', keys: [{ field: 'surname' }] }],
        comparisons: [
          { name: 'given', fields: ['given_name'], levels: [{ label: 'exact', test: 'exact', m: 0.9, u: 0.01 }, { label: 'close', test: 'jaroWinkler', threshold: 0.85, m: 0.08, u: 0.02 }], else: { m: 0.02, u: 0.97 } },
          { name: 'surname', fields: ['surname'], levels: [{ label: 'exact', test: 'exact', m: 0.9, u: 0.01 }], else: { m: 0.1, u: 0.99 } },
          { name: 'dob', fields: ['date_of_birth'], levels: [{ label: 'exact', test: 'exact', m: 0.95, u: 0.001 }], else: { m: 0.05, u: 0.999 } },
        ],
        thresholds: { link: 5, review: 0 },
        training: { enabled: false },
      }),
    );
    const out = `${tmp.dir}/pairs.csv`;
    const result = await runHub(['link', '--settings', settings, '--left', left, '--right', right, '--out', out, '--json'], env);
    expect(result.code).toBe(0);
    const pairs = parse(fs.readFileSync(out, 'utf8'), { columns: true }) as { left_id: string; right_id: string; match_weight: string }[];
    expect(pairs.map((p) => [p.left_id, p.right_id]).sort()).toEqual([['l-1', 'r-2'], ['l-2', 'r-1']]);
    expect(pairs.every((p) => Number.isFinite(Number(p.match_weight)))).toBe(true);
  });

  it('refuses unreadable link settings with exit code 2', async () => {
    const bad = tmp.file('bad.json', '{"linkType": "sideways"}');
    const result = await runHub(['link', '--settings', bad, '--left', bad, '--right', bad, '--out', `${tmp.dir}/x.csv`], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid link settings: linkType/);
  });
});
