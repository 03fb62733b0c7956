import { normaliseYesNo } from '../../../../reconciliation/normalise';

describe('normaliseYesNo', () => {
  it.each([
    { description: '是', raw: '是', expected: { value: true, codes: [] } },
    { description: '否', raw: '否', expected: { value: false, codes: [] } },
    { description: 'Y', raw: 'Y', expected: { value: true, codes: [] } },
    { description: 'N', raw: 'N', expected: { value: false, codes: [] } },
    { description: 'lower-case y', raw: 'y', expected: { value: true, codes: [] } },
    { description: 'yes', raw: 'Yes', expected: { value: true, codes: [] } },
    { description: 'no', raw: 'no', expected: { value: false, codes: [] } },
    { description: '1', raw: '1', expected: { value: true, codes: [] } },
    { description: '0', raw: '0', expected: { value: false, codes: [] } },
    { description: 'true', raw: 'true', expected: { value: true, codes: [] } },
    { description: 'FALSE', raw: 'FALSE', expected: { value: false, codes: [] } },
    { description: '有', raw: '有', expected: { value: true, codes: [] } },
    { description: '无', raw: '无', expected: { value: false, codes: [] } },
    { description: 'a tick', raw: '√', expected: { value: true, codes: [] } },
    { description: 'full-width Ｙ', raw: 'Ｙ', expected: { value: true, codes: [] } },
    { description: 'surrounding spaces', raw: ' 是 ', expected: { value: true, codes: [] } },
    { description: 'blank', raw: '', expected: { value: null, codes: ['yesno-empty'] } },
    { description: 'null', raw: null, expected: { value: null, codes: ['yesno-empty'] } },
    { description: 'something else', raw: '不知道', expected: { value: null, codes: ['yesno-unreadable'] } },
  ])('$description: "$raw"', ({ raw, expected }) => {
    const result = normaliseYesNo(raw);
    expect({ value: result.value, codes: result.problems.map((p) => p.code) }).toEqual(expected);
  });
});
