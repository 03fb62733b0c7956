import { cleanText, normalisePhone, splitList } from '../../../../reconciliation/normalise';

describe('cleanText', () => {
  it.each([
    { description: 'already clean', raw: '重庆市北碚区静观镇素心村3组', expected: '重庆市北碚区静观镇素心村3组' },
    { description: 'trimmed', raw: '  北碚区  ', expected: '北碚区' },
    { description: 'inner whitespace collapsed', raw: 'a  b\t\tc\nd', expected: 'a b c d' },
    { description: 'full-width letters, digits and space', raw: 'ＡＢＣ１２３\u3000组', expected: 'ABC123 组' },
    { description: 'zero-width characters removed', raw: '素\u200b心村\ufeff', expected: '素心村' },
    { description: 'non-breaking space', raw: 'a\u00a0b', expected: 'a b' },
    { description: 'empty → null', raw: '', expected: null },
    { description: 'blank → null', raw: ' \t ', expected: null },
    { description: 'null → null', raw: null, expected: null },
    { description: 'undefined → null', raw: undefined, expected: null },
  ])('$description', ({ raw, expected }) => {
    expect(cleanText(raw)).toBe(expected);
  });
});

describe('splitList', () => {
  it.each([
    { description: 'one item', raw: '低保', expected: ['低保'] },
    { description: 'semicolons', raw: '低保;临时救助', expected: ['低保', '临时救助'] },
    { description: 'full-width semicolons', raw: '低保；临时救助', expected: ['低保', '临时救助'] },
    { description: 'enumeration commas', raw: '重病、家庭经济困难', expected: ['重病', '家庭经济困难'] },
    { description: 'commas', raw: '重病,家庭经济困难', expected: ['重病', '家庭经济困难'] },
    { description: 'full-width commas', raw: '重病，家庭经济困难', expected: ['重病', '家庭经济困难'] },
    { description: 'mixed separators and spaces', raw: ' 低保 ; 特困、 临时救助 ', expected: ['低保', '特困', '临时救助'] },
    { description: 'empty items dropped', raw: ';;低保;;', expected: ['低保'] },
    { description: 'repeats dropped', raw: '低保;低保', expected: ['低保'] },
    { description: 'blank', raw: '', expected: [] },
    { description: 'null', raw: null, expected: [] },
  ])('$description', ({ raw, expected }) => {
    expect(splitList(raw)).toEqual(expected);
  });
});

describe('normalisePhone', () => {
  it.each([
    { description: 'a mobile', raw: '13896012345', expected: { value: '13896012345', codes: [] } },
    { description: 'spaces', raw: '138 9601 2345', expected: { value: '13896012345', codes: [] } },
    { description: 'hyphens', raw: '138-9601-2345', expected: { value: '13896012345', codes: [] } },
    { description: '+86 prefix', raw: '+86 13896012345', expected: { value: '13896012345', codes: [] } },
    { description: '86 prefix', raw: '8613896012345', expected: { value: '13896012345', codes: [] } },
    { description: '0086 prefix', raw: '0086-13896012345', expected: { value: '13896012345', codes: [] } },
    { description: 'full-width digits', raw: '１３８９６０１２３４５', expected: { value: '13896012345', codes: [] } },
    { description: 'a landline with area code', raw: '023-68861234', expected: { value: '02368861234', codes: [] } },
    { description: 'a landline with brackets', raw: '(023)6886-1234', expected: { value: '02368861234', codes: [] } },
    { description: 'too short: kept, flagged', raw: '1389601234', expected: { value: '1389601234', codes: ['phone-format'] } },
    { description: 'a local number without area code', raw: '68861234', expected: { value: '68861234', codes: ['phone-format'] } },
    { description: 'a mobile starting 12 is no mobile', raw: '12896012345', expected: { value: '12896012345', codes: ['phone-format'] } },
    { description: 'two numbers: the first is kept', raw: '13896012345/13512340000', expected: { value: '13896012345', codes: ['phone-multiple'] } },
    { description: 'no digits', raw: '无', expected: { value: null, codes: ['phone-format'] } },
    { description: 'blank', raw: '', expected: { value: null, codes: ['phone-empty'] } },
  ])('$description: "$raw"', ({ raw, expected }) => {
    const result = normalisePhone(raw);
    expect({ value: result.value, codes: result.problems.map((p) => p.code) }).toEqual(expected);
  });
});
