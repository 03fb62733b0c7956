import { dayOf, formatDay } from '../../../src/generate/dates';
import { IdAllocator, isValidId } from '../../../src/generate/idnumber';
import { Noise, dateValue, idValue, nameValue, NOISE_KINDS, type NoiseLevel } from '../../../src/generate/noise';
import { Rng } from '../../../src/generate/random';

const noise = (source: 'civil-affairs' | 'education' | 'police', level: NoiseLevel = 'realistic'): Noise => new Noise(new Rng(`t|${source}|${level}`), source, level);

describe('noise rates', () => {
  it('scale with the level', () => {
    for (const kind of ['id_missing', 'name_homophone', 'date_excel'] as const) {
      const [low, realistic, hard] = (['low', 'realistic', 'hard'] as const).map((l) => noise('civil-affairs', l).rate(kind));
      expect(low).toBeCloseTo(realistic / 4);
      expect(hard).toBeCloseTo(realistic * 2.5);
    }
  });

  it('follow each source’s habits: civil affairs types by hand, police is the register', () => {
    const [ca, edu, pol] = [noise('civil-affairs'), noise('education'), noise('police')];
    expect(ca.rate('id_missing')).toBeGreaterThan(edu.rate('id_missing'));
    expect(pol.rate('id_missing')).toBe(0);
    expect(ca.rate('name_homophone')).toBeGreaterThan(pol.rate('name_homophone'));
    expect(edu.rate('id_transposed')).toBeGreaterThanOrEqual(ca.rate('id_transposed'));
    expect(pol.rate('date_excel')).toBe(0);
    expect(NOISE_KINDS.every((k) => ca.rate(k) > 0 || edu.rate(k) > 0 || pol.rate(k) > 0)).toBe(true);
  });
});

describe('field damage', () => {
  const ids = new IdAllocator();
  const child = ids.allocate('500109', dayOf(2013, 4, 12), 'M');

  it('never mistypes a child ID in police, even at hard', () => {
    const n = noise('police', 'hard');
    for (let i = 0; i < 5000; i++) {
      n.begin();
      const { shown } = idValue(n, '公民身份号码', child, { contentErrors: false });
      expect(shown.replace(/\s/g, '').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toUpperCase()).toBe(child);
    }
  });

  it('records every content error it makes, and keeps what was typed apart from its formatting', () => {
    const n = noise('civil-affairs', 'hard');
    let damaged = 0;
    for (let i = 0; i < 5000; i++) {
      n.begin();
      const { typed, shown } = idValue(n, '身份证号', child, { sibling: null });
      const kinds = n.events.map((e) => e.kind);
      if (typed !== '' && typed !== child) {
        damaged++;
        expect(isValidId(typed)).toBe(false);
        expect(kinds.some((k) => k === 'id_typo' || k === 'id_transposed')).toBe(true);
      }
      if (shown === '') expect(kinds).toContain('id_missing');
      if (n.events.length === 0) expect(shown).toBe(child);
    }
    expect(damaged).toBeGreaterThan(100);
  });

  it('moves a date only when it says so', () => {
    const n = noise('civil-affairs', 'hard');
    const day = dayOf(2013, 4, 12);
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      n.begin();
      const text = dateValue(n, '出生日期', day, 'iso', { birth: true });
      seen.add(text);
      const kinds = n.events.map((e) => e.kind);
      if (kinds.length === 0) expect(text).toBe('2013-04-12');
      if (!kinds.includes('date_off_by_one') && !kinds.includes('date_month_day_swap') && !kinds.includes('date_excel') && !kinds.includes('date_format')) {
        expect(text).toBe(formatDay(day, 'iso'));
      }
    }
    expect(seen).toContain('2013-12-04'); // month and day swapped
    expect(seen).toContain('41376'); // Excel serial
    expect(seen).toContain('2013-04-11'); // off by one day
  });

  it('uses the former name only when the child has one', () => {
    const n = noise('civil-affairs', 'hard');
    const name = { surname: '王', given: '小明', style: 'han' as const };
    const former = { surname: '王', given: '明轩', style: 'han' as const };
    let usedFormer = 0;
    for (let i = 0; i < 500; i++) {
      n.begin();
      expect(nameValue(n, '姓名', name)).not.toContain('明轩');
      n.begin();
      if (nameValue(n, '姓名', name, { former }).includes('轩')) usedFormer++;
    }
    expect(usedFormer).toBeGreaterThan(200);
  });
});
