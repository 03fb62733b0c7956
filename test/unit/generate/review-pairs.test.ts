import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { namePinyin } from '../../../reconciliation/normalise';
import { FILE_NAMES, generateCounty } from '../../../src/generate';

const root = mkdtempSync(path.join(tmpdir(), 'hub-review-pairs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = (dir: string, name: string) => readFileSync(path.join(root, dir, name), 'utf8');
const rows = (dir: string, name: string) => parse(read(dir, name), { bom: true }) as string[][];

// The demo county's review pairs (generate/review-pairs.ts): a few roster rows more, and nothing else moves.
describe('generateCounty with reviewPairs', () => {
  const base = { children: 600, seed: 'review-pairs', noise: 'realistic' as const };

  beforeAll(async () => {
    await generateCounty(base, path.join(root, 'plain'));
    await generateCounty({ ...base, reviewPairs: 6 }, path.join(root, 'pairs'));
  });

  it('keeps the people and the education and police exports byte for byte, and adds the rows at the roster’s end', () => {
    for (const name of [FILE_NAMES.people, FILE_NAMES.families, FILE_NAMES.education, FILE_NAMES.police]) expect(read('pairs', name)).toBe(read('plain', name));
    const plain = read('plain', FILE_NAMES.civilAffairs);
    const withPairs = read('pairs', FILE_NAMES.civilAffairs);
    expect(withPairs.startsWith(plain)).toBe(true);
    expect(withPairs.slice(plain.length).trim().split('\r\n')).toHaveLength(6);
  });

  it('makes each a second roster row of a child already on it: the name by ear, no ID number, no family, the birth date a day off', () => {
    // The roster has damaged lines on purpose: the header and the last six are read alone.
    const lines = read('pairs', FILE_NAMES.civilAffairs).trim().split('\r\n');
    const [header, ...added] = [lines[0], ...lines.slice(-6)].map((line) => (parse(line, { bom: true }) as string[][])[0]);
    const col = (name: string) => header.indexOf(name);
    const truth = new Map(rows('pairs', FILE_NAMES.truth).slice(1).map(([source, key, person]) => [`${source}:${key}`, person]));
    const [peopleHeader, ...people] = rows('pairs', FILE_NAMES.people);
    const personById = new Map(people.map((p) => [p[peopleHeader.indexOf('person_id')], p]));
    const persons = new Set<string>();
    for (const row of added) {
      const person = truth.get(`civil-affairs:${row[0]}`)!;
      persons.add(person);
      const facts = personById.get(person)!;
      const firstKey = facts[peopleHeader.indexOf('civil_affairs_key')];
      expect(firstKey).not.toBe('');
      expect(row[0]).not.toBe(firstKey);
      const name = facts[peopleHeader.indexOf('name')];
      expect(row[col('姓名')]).not.toBe(name);
      expect(namePinyin(row[col('姓名')])).toBe(namePinyin(name));
      expect(row[col('身份证号')]).toBe('');
      for (const column of ['父亲姓名', '父亲身份证号', '母亲姓名', '母亲身份证号', '监护人姓名', '监护人电话']) expect(row[col(column)]).toBe('');
      const days = (Date.parse(row[col('出生日期')]) - Date.parse(facts[peopleHeader.indexOf('birth_date')])) / 86_400_000;
      expect(Math.abs(days)).toBe(1);
      expect(row[col('行政区划代码')]).toBe(facts[peopleHeader.indexOf('area_code')]);
    }
    expect(persons.size).toBe(6);
    // Every damage is in the truth, as for every other row.
    const noted = rows('pairs', FILE_NAMES.noise).filter(([source, , key]) => source === 'civil-affairs' && added.some((r) => r[0] === key)).map(([, , , , kind]) => kind);
    expect(noted.filter((k) => k === 'name_homophone')).toHaveLength(6);
    expect(noted.filter((k) => k === 'id_missing')).toHaveLength(6);
  });
});
