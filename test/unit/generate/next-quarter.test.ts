import fs from 'node:fs';
import path from 'node:path';
import { generateCounty } from '../../../src/generate';
import { CHANGES_FILE, generateNextQuarter } from '../../../src/generate/next-quarter';
import { tempDir } from '../../support/files';
import { parse } from 'csv-parse/sync';

/** A truth file's rows; an export's lines split at commas (the damaged ones are not looked at). */
const rows = (file: string): string[][] =>
  path.basename(file).startsWith('truth')
    ? parse(fs.readFileSync(file), { bom: true, skip_empty_lines: true })
    : fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '').map((l) => l.split(','));

// The next quarter of a generated county: the same people and lines, a few lives moved on.
describe('generateNextQuarter', () => {
  const tmp = tempDir();
  const q1 = path.join(tmp.dir, 'q1');
  beforeAll(async () => {
    await generateCounty({ children: 1500, seed: 'next', noise: 'realistic' }, q1);
  });
  afterAll(() => tmp.cleanup());

  it('is deterministic: the same seed gives the same files', async () => {
    const a = await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'next' }, path.join(tmp.dir, 'a'));
    await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'next' }, path.join(tmp.dir, 'b'));
    for (const name of Object.keys(a.files)) expect(fs.readFileSync(path.join(tmp.dir, 'b', name))).toEqual(fs.readFileSync(path.join(tmp.dir, 'a', name)));
  });

  it('keeps every earlier line where it was (the noise truth still holds) and adds the new ones at the end', async () => {
    await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'next' }, path.join(tmp.dir, 'c'));
    for (const name of ['civil-affairs.csv', 'education.csv', 'police.csv']) {
      const before = fs.readFileSync(path.join(q1, name), 'utf8').split('\n');
      const after = fs.readFileSync(path.join(tmp.dir, 'c', name), 'utf8').split('\n');
      expect(after.length).toBeGreaterThanOrEqual(before.length);
      const changed = before.filter((line, i) => after[i] !== line).length;
      expect(changed).toBeLessThan(20);
    }
    expect(fs.readFileSync(path.join(tmp.dir, 'c', 'truth-noise.csv'))).toEqual(fs.readFileSync(path.join(q1, 'truth-noise.csv')));
  });

  it('lists each kind of change the quarter makes', async () => {
    const summary = await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'next' }, path.join(tmp.dir, 'd'));
    expect(summary).toMatchObject({ period: '2024Q2', previous: '2024Q1' });
    const truth = fs.readFileSync(path.join(tmp.dir, 'd', CHANGES_FILE), 'utf8');
    for (const change of [',APPEARED,', ',MOVED,', ',FLAG_CLEARED,DROPOUT,', ',FLAG_CLEARED,UNREGISTERED,', ',DISAPPEARED,,,迁出', ',DISAPPEARED,,,aged 18']) expect(truth).toContain(change);
  });

  it('starts trouble that opens cases: a pupil drops out, a child is left alone, an unregistered child is found', async () => {
    const out = path.join(tmp.dir, 'e');
    const summary = await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'next' }, out);
    const changes = rows(path.join(out, CHANGES_FILE));
    const people = new Map(rows(path.join(out, 'truth-people.csv')).map((r) => [r[0], r]));
    const linesOf = (source: string, person: string) => {
      const keys = new Set(rows(path.join(out, 'truth.csv')).filter((r) => r[0] === source && r[2] === person).map((r) => r[1]));
      return rows(path.join(out, `${source}.csv`)).filter((r) => keys.has(r[0]));
    };
    const header = (source: string) => rows(path.join(out, `${source}.csv`))[0];

    const dropouts = changes.filter(([, kind, flag]) => kind === 'FLAG_RAISED' && flag === 'DROPOUT').map(([person]) => person);
    expect(dropouts).toHaveLength(2);
    for (const person of dropouts) {
      const [row] = linesOf('education', person);
      expect(row[header('education').indexOf('学籍状态')]).toBe('辍学');
      expect(people.get(person)![14]).toBe('辍学'); // enrolment_status
    }

    const alone = changes.filter(([, kind, flag]) => kind === 'FLAG_RAISED' && flag === 'ALONE_UNDER_16').map(([person]) => person);
    expect(alone).toHaveLength(1);
    const [roster] = linesOf('civil-affairs', alone[0]);
    expect(roster[header('civil-affairs').indexOf('监护类型')]).toBe('无人监护');
    expect(people.get(alone[0])![13]).toBe('无人监护'); // guardianship_type

    // Found by the survey: a new roster row, no ID number, no police record, a sibling's family.
    const found = changes.filter(([person, kind]) => kind === 'APPEARED' && person.endsWith('-U2024Q2')).map(([person]) => person);
    expect(found).toHaveLength(1);
    const [row] = linesOf('civil-affairs', found[0]);
    expect(row[header('civil-affairs').indexOf('身份证号')]).toBe('');
    expect(linesOf('police', found[0])).toEqual([]);
    expect(people.get(found[0])).toEqual(expect.arrayContaining([found[0], '', '无', '学龄前']));
    const family = new Map(rows(path.join(out, 'truth-families.csv')).map((r) => [r[0], r[1]]));
    expect(family.get(found[0])).toBe(family.get(found[0].replace(/-U2024Q2$/, '')));
    // Its key is new to the roster.
    expect(rows(path.join(q1, 'civil-affairs.csv')).map((r) => r[0])).not.toContain(row[0]);
    expect(summary.changes).toMatchObject({ FLAG_RAISED: expect.any(Number) });
  });

  it('keeps truth-people.csv the truth of the new quarter: each change is in its person’s line', async () => {
    const out = path.join(tmp.dir, 'f');
    await generateNextQuarter({ from: q1, period: '2024Q2', seed: 'next' }, out);
    const [header, ...lines] = rows(path.join(out, 'truth-people.csv'));
    const people = new Map(lines.map((r) => [r[0], (column: string) => r[header.indexOf(column)]]));
    const police = new Set(rows(path.join(out, 'truth.csv')).filter((r) => r[0] === 'police').map((r) => `${r[1]} ${r[2]}`));
    const changes = rows(path.join(out, CHANGES_FILE)).slice(1);
    expect(changes.length).toBeGreaterThan(10);
    for (const [person, kind, flag, , after] of changes) {
      const cell = people.get(person)!;
      if (kind === 'FLAG_CLEARED' && flag === 'DROPOUT') expect(cell('enrolment_status')).toBe('在读');
      if (kind === 'FLAG_CLEARED' && flag === 'UNREGISTERED') expect(police.has(`${cell('id_number')} ${person}`)).toBe(true);
      if (kind === 'MOVED') expect(cell('area_code')).toBe(after);
      if (kind === 'DISAPPEARED' && after === '迁出') expect(cell('police_status')).toBe('迁出');
      if (kind === 'DISAPPEARED' && after === '毕业') expect(cell('enrolment_status')).toBe('毕业');
    }
  });
});
