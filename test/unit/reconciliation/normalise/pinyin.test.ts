import { namePinyin } from '../../../../reconciliation/normalise';

describe('namePinyin', () => {
  it.each([
    { description: 'three Han characters', raw: '王晓明', expected: 'wang xiao ming' },
    { description: 'a single-character surname in surname mode', raw: '曾', expected: 'zeng' },
    { description: 'a surname followed by a separator', raw: '单·明', expected: 'shan ming' },
    { description: 'a compound surname read as one', raw: '尉迟恭', expected: 'yu chi gong' },
    { description: 'a polyphone in the given name keeps its common reading', raw: '单单', expected: 'shan dan' },
    { description: 'separators are skipped', raw: '买买提·艾力', expected: 'mai mai ti ai li' },
    { description: 'Latin words are lower-cased and kept whole', raw: 'Tom Li', expected: 'tom li' },
    { description: 'Latin between Han characters', raw: '王A明', expected: 'wang a ming' },
    { description: 'digits are skipped', raw: '王小明2', expected: 'wang xiao ming' },
    { description: 'nothing readable', raw: '123', expected: null },
    { description: 'empty', raw: '', expected: null },
  ])('$description: "$raw"', ({ raw, expected }) => {
    expect(namePinyin(raw)).toBe(expected);
  });

  it('is stable across calls (the per-character cache returns what the first call computed)', () => {
    const first = namePinyin('曾单乐');
    expect(namePinyin('曾单乐')).toBe(first);
    // Only the surname is read in surname mode: 单 later in the name is dan.
    expect(first).toBe('zeng dan le');
  });
});
