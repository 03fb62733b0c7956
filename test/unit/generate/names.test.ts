import { pinyin } from 'pinyin-pro';
import { fullName, homophonePairs, homophoneVariant, randomGiven, randomSurname, traditionalVariant, twinGiven } from '../../../src/generate/names';
import { Rng } from '../../../src/generate/random';

/** Toneless pinyin, with the mergers of south-western Mandarin (en/eng, in/ing, zh/z, hu/fu). */
function near(ch: string): string {
  return pinyin(ch, { toneType: 'none', type: 'array' })[0]
    .replace(/^zh/, 'z')
    .replace(/^ch/, 'c')
    .replace(/^sh/, 's')
    .replace(/eng$/, 'en')
    .replace(/ing$/, 'in')
    .replace(/^f/, 'h')
    .replace(/^l/, 'n');
}

describe('names', () => {
  it('substitutes only characters that sound the same (or near, in the local accent)', () => {
    const pairs = homophonePairs();
    expect(pairs.length).toBeGreaterThan(300);
    const wrong = pairs.filter(([a, b]) => near(a) !== near(b));
    expect(wrong).toEqual([]);
  });

  it('types a name by ear: one character changes, the sound stays', () => {
    const rng = new Rng('ear');
    const v = homophoneVariant({ surname: '王', given: '晓明', style: 'han' }, rng, false);
    expect(v).not.toBeNull();
    expect(fullName(v!)).not.toBe('王晓明');
    expect(Array.from(fullName(v!)).map(near)).toEqual(Array.from('王晓明').map(near));
  });

  it('writes real traditional forms and leaves surnames that have none', () => {
    expect(fullName(traditionalVariant({ surname: '刘', given: '思琪', style: 'han' })!)).toBe('劉思琪');
    expect(fullName(traditionalVariant({ surname: '陈', given: '浩', style: 'han' })!)).toBe('陳浩');
    // 于 and 范 are surnames in traditional script too (OpenCC alone would write 於 and 範).
    expect(traditionalVariant({ surname: '于', given: '晓', style: 'han' })!.surname).toBe('于');
    expect(traditionalVariant({ surname: '范', given: '丽', style: 'han' })!.surname).toBe('范');
    // 周 is 周 in traditional script (週 is another word); a name of such characters is unchanged.
    expect(fullName(traditionalVariant({ surname: '周', given: '杰', style: 'han' })!)).toBe('周傑');
    expect(traditionalVariant({ surname: '周', given: '一', style: 'han' })).toBeNull();
  });

  it('joins Uyghur names with a middle dot and keeps compound surnames whole', () => {
    expect(fullName({ surname: '艾力', given: '买买提', style: 'uyghur' })).toBe('买买提·艾力');
    const rng = new Rng('surnames');
    const surnames = new Set(Array.from({ length: 20000 }, () => randomSurname(rng)));
    expect(surnames.has('王')).toBe(true);
    expect(surnames.has('欧阳')).toBe(true);
  });

  it('gives twins different, often similar given names', () => {
    const rng = new Rng('twins');
    let similar = 0;
    for (let i = 0; i < 200; i++) {
      const a = randomGiven(rng, 'child', 'M');
      const b = twinGiven(rng, a, 'M');
      expect(b).not.toBe(a);
      if (Array.from(a).length === 2 && (a[0] === b[0] || a[1] === b[1])) similar++;
    }
    expect(similar).toBeGreaterThan(60);
  });
});
