import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { pinyin } from 'pinyin-pro';
import { generateCounty } from '../../../src/generate';
import { namesakeGiven, polyphoneSpellings, polyphoneVariant } from '../../../src/generate/names';
import { Rng } from '../../../src/generate/random';

const readings = (ch: string): string[] => pinyin(ch, { toneType: 'none', type: 'array', multiple: true });
const toneless = (s: string): string => pinyin(s, { toneType: 'none' });

describe('polyphonic characters (多音字) in generated names', () => {
  it('replaces a polyphonic character only by one that shares one of its readings', () => {
    const pairs = polyphoneSpellings();
    expect(pairs.length).toBeGreaterThanOrEqual(10);
    const wrong = pairs.filter(([ch, typed]) => !readings(typed).some((r) => readings(ch).includes(r)));
    expect(wrong).toEqual([]);
    // And each character has more than one reading: that is what makes it a trap.
    expect(pairs.filter(([ch]) => readings(ch).length < 2)).toEqual([]);
  });

  it('spells 偲 and 柏 the other way, and leaves a name without a polyphonic character alone', () => {
    const rng = new Rng('polyphone');
    expect(['王思涵', '王丝涵', '王斯涵']).toContain(((n) => n.surname + n.given)(polyphoneVariant({ surname: '王', given: '偲涵', style: 'han' }, rng)!));
    expect(['冉轩博', '冉轩伯', '冉轩百']).toContain(((n) => n.surname + n.given)(polyphoneVariant({ surname: '冉', given: '轩柏', style: 'han' }, rng)!));
    expect(polyphoneVariant({ surname: '王', given: '小明', style: 'han' }, rng)).toBeNull();
  });

  it("gives a namesake a given name that sounds the same and is written otherwise", () => {
    const rng = new Rng('namesake');
    for (const given of ['子涵', '雨桐', '子轩']) {
      const other = namesakeGiven(given, rng);
      expect(other).not.toBeNull();
      expect(other).not.toBe(given);
    }
  });
});

describe('a generated county', () => {
  let dir: string;
  let people: Record<string, string>[];
  let noise: Record<string, string>[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hub-generate-polyphones-'));
    const summary = await generateCounty({ children: 4000, seed: 'polyphones', noise: 'realistic' }, dir);
    people = parse(readFileSync(summary.files.people), { columns: true }) as Record<string, string>[];
    noise = parse(readFileSync(summary.files.noise), { columns: true }) as Record<string, string>[];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs polyphone spellings as their own kind of damage', () => {
    expect(noise.filter((n) => n.kind === 'name_polyphone').length).toBeGreaterThan(5);
  });

  it('has popular given names shared by several children', () => {
    const given = people.map((p) => Array.from(p.name).slice(1).join(''));
    expect(given.filter((g) => g === '子涵' || g === '梓涵').length).toBeGreaterThan(3);
  });

  it('has homophone namesakes: same sound, another spelling, born a day apart in another town, one without an ID number', () => {
    const byBirth = new Map<string, Record<string, string>[]>();
    for (const p of people) (byBirth.get(p.birth_date) ?? byBirth.set(p.birth_date, []).get(p.birth_date)!).push(p);
    const namesakes = people.filter((p) => {
      if (p.id_number !== '') return false;
      const day = new Date(`${p.birth_date}T00:00:00Z`).getTime();
      const near = [-1, 1].flatMap((d) => byBirth.get(new Date(day + d * 86_400_000).toISOString().slice(0, 10)) ?? []);
      return near.some((o) => o.name !== p.name && toneless(o.name) === toneless(p.name) && o.family_id !== p.family_id && o.area_code.slice(0, 9) !== p.area_code.slice(0, 9));
    });
    expect(namesakes.length).toBeGreaterThan(0);
  });
});
