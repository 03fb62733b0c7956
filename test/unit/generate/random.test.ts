import { addYears, ageOn, dayOf, formatDay, isoDay, parseIsoDay, quarterBounds } from '../../../src/generate/dates';
import { Rng, Weighted } from '../../../src/generate/random';

describe('seeded randomness', () => {
  it('repeats exactly for a seed and differs between seeds', () => {
    const a = new Rng('42');
    const b = new Rng('42');
    const c = new Rng('43');
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('picks by weight', () => {
    const rng = new Rng('w');
    const table = new Weighted([['a', 9], ['b', 1], ['never', 0]] as const);
    const counts = new Map<string, number>();
    for (let i = 0; i < 10000; i++) {
      const v = table.pick(rng);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(counts.has('never')).toBe(false);
    expect(counts.get('a')! / 10000).toBeCloseTo(0.9, 1);
  });
});

describe('dates', () => {
  const day = dayOf(2013, 4, 12);

  it.each([
    ['iso', '2013-04-12'],
    ['slash', '2013/4/12'],
    ['compact', '20130412'],
    ['chinese', '2013年4月12日'],
    ['dot', '2013.04.12'],
    ['excel', '41376'], // Excel's serial for 2013-04-12
  ] as const)('%s → %s', (format, text) => {
    expect(formatDay(day, format)).toBe(text);
  });

  it('does calendar arithmetic without the local time zone', () => {
    expect(isoDay(parseIsoDay('2024-02-29'))).toBe('2024-02-29');
    expect(() => parseIsoDay('2023-02-29')).toThrow();
    expect(isoDay(addYears(parseIsoDay('2024-02-29'), -18))).toBe('2006-02-28');
    expect(ageOn(day, parseIsoDay('2024-04-11'))).toBe(10);
    expect(ageOn(day, parseIsoDay('2024-04-12'))).toBe(11);
    const q = quarterBounds('2024Q1');
    expect([isoDay(q.start), isoDay(q.end)]).toEqual(['2024-01-01', '2024-03-31']);
  });
});
