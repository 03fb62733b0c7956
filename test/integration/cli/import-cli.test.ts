import { runHub } from '../../support/cli';
import { createTestDatabase } from '../../support/database';
import { POLICE_ROWS, csv, tempDir } from '../../support/files';

describe('hub import (command line)', () => {
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

  it('prints a JSON summary on stdout and exits 0, also when rows are rejected', async () => {
    const file = tmp.file('police.csv', csv('police', [...POLICE_ROWS, 'broken,row']));
    const result = await runHub(['import', 'police', file, '--period', '2024Q1', '--json'], env);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ read: 4, new: 3, updated: 0, unchanged: 0, rejected: 1 });
    expect(summary.errorsFile).toMatch(/police-2024Q1-import\d+\.csv$/);
  });

  it('imports a file whose rows name no county for the county given with --county', async () => {
    const file = tmp.file('named.csv', csv('police', POLICE_ROWS.map((row) => row.replace(/,5001091\d{5},/, ',,').replace(/^500109/, '500106'))));
    const result = await runHub(['import', 'police', file, '--period', '2024Q1', '--county', '500106', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ read: 3, new: 3, rejected: 0 });
    const { rows } = await db.pool.query(`SELECT DISTINCT area_code FROM source_record WHERE record_key LIKE '500106%'`);
    expect(rows).toEqual([{ area_code: '500106' }]);
  });

  it.each([
    ['a missing file', ['import', 'police', '/nonexistent/police.csv', '--period', '2024Q1'], /no such file/],
    ['an unknown source', ['import', 'welfare', 'x.csv', '--period', '2024Q1'], /unknown source "welfare"/],
    ['a bad period', ['import', 'police', 'x.csv', '--period', 'spring'], /period must be a quarter/],
    ['another department\'s export', ['import', 'police', 'EDUCATION_FILE', '--period', '2024Q1'], /looks like the education export/],
    ['a file without the key column', ['import', 'police', 'NO_KEY_FILE', '--period', '2024Q1'], /key column 公民身份号码/],
    ['a period that has not begun', ['import', 'police', 'NO_AREA_FILE', '--period', '2099Q4'], /period 2099Q4 has not begun/],
    ['a county that is not one', ['import', 'police', 'NO_AREA_FILE', '--period', '2024Q1', '--county', '500100'], /--county must name a county/],
    ['a county not in GB/T 2260', ['import', 'police', 'NO_AREA_FILE', '--period', '2024Q1', '--county', '500199'], /--county must name a county/],
    [
      'a file whose county cannot be told',
      ['import', 'police', 'NO_AREA_FILE', '--period', '2024Q1'],
      /cannot tell which county exported the rows: none of its first rows has an area code; name it with --county CODE/,
    ],
  ])('refuses %s with exit code 2 and a one-line reason', async (_what, args, reason) => {
    const files: Record<string, string> = {
      EDUCATION_FILE: tmp.file('education.csv', csv('education', ['G500109201304120311,王小明'])),
      NO_KEY_FILE: tmp.file('nokey.csv', '姓名,性别,出生日期\n王小明,男,20130412\n'),
      NO_AREA_FILE: tmp.file('no-area.csv', csv('police', POLICE_ROWS.map((row) => row.replace(/,5001091\d{5},/, ',,')))),
    };
    const result = await runHub(args.map((a) => files[a] ?? a), env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(reason);
    expect(lines[lines.length - 1]).toMatch(/^hub import: /);
  });
});
