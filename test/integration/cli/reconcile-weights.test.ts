import { runHub } from '../../support/cli';
import { createTestDatabase } from '../../support/database';
import { POLICE_ROWS, csv, tempDir } from '../../support/files';

// The run's summary shows the model's weight of every comparison level, so that a level that
// weighs more than a stronger one (an inversion) is visible without reading the stored model.
describe('hub reconcile: the match weights of every level in the summary', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const tmp = tempDir();
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { ...db.env, HUB_DATA_DIR: tmp.dir };
    const file = tmp.file('police.csv', csv('police', POLICE_ROWS));
    expect((await runHub(['import', 'police', file, '--period', '2024Q1'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await db.close();
    tmp.cleanup();
  });

  it('lists each level in order with its weight, in JSON and in the text summary, never rising along a comparison', async () => {
    const json = await runHub(['reconcile', '--full', '--json'], env);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout).levelWeights as { comparison: string; level: string; weight: number }[];
    expect(rows.filter((r) => r.comparison === 'name').map((r) => r.level)).toEqual([
      'exact as typed', 'same after simplification', 'homophone', 'former name', 'near pinyin', 'similar', 'else',
    ]);
    for (const r of rows) expect(Number.isFinite(r.weight)).toBe(true);
    const rising = rows.filter((r, i) => i > 0 && rows[i - 1].comparison === r.comparison && r.weight > rows[i - 1].weight);
    expect(rising).toEqual([]);

    const text = await runHub(['reconcile', '--full'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/match weights \(log2 m\/u\) by level:/);
    expect(text.stdout).toMatch(/\n {4}name: exact as typed [+-]\d+\.\d\d, same after simplification [+-]\d+\.\d\d, homophone /);
    expect(text.stdout).toMatch(/\n {4}id number: same valid number [+-]\d+\.\d\d, .*else [+-]\d+\.\d\d/);
  });
});
