import { toSimplified } from '../../../../reconciliation/normalise';

describe('toSimplified', () => {
  it.each([
    { description: 'already simplified', raw: '刘思琪', expected: { text: '刘思琪', changed: false } },
    { description: 'one traditional character', raw: '劉思琪', expected: { text: '刘思琪', changed: true } },
    { description: 'traditional in the middle of mixed text', raw: 'A劉B', expected: { text: 'A刘B', changed: true } },
    { description: 'HK variant 啓', raw: '啓明', expected: { text: '启明', changed: true } },
    { description: '著 is left alone (not 着)', raw: '著名', expected: { text: '著名', changed: false } },
    { description: '乾 kept for names (通用规范汉字表 附件1)', raw: '乾', expected: { text: '乾', changed: false } },
    { description: '昇 kept for names', raw: '毕昇', expected: { text: '毕昇', changed: false } },
    { description: '鉅 in names simplifies by analogy to 钜', raw: '鉅', expected: { text: '钜', changed: true } },
    { description: 'a supplementary-plane character passes through', raw: '王𠇔', expected: { text: '王𠇔', changed: false } },
    { description: 'ASCII only', raw: 'abc 123', expected: { text: 'abc 123', changed: false } },
    { description: 'enum values too (在讀 → 在读)', raw: '在讀', expected: { text: '在读', changed: true } },
  ])('$description: "$raw"', ({ raw, expected }) => {
    expect(toSimplified(raw)).toEqual(expected);
  });
});
