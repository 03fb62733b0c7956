import { normaliseName } from '../../../../reconciliation/normalise';

const codes = (raw: string | null | undefined) => normaliseName(raw).problems.map((p) => p.code);

describe('normaliseName', () => {
  it.each([
    { description: 'a clean simplified name', raw: '王晓明', expected: { value: '王晓明', pinyin: 'wang xiao ming', codes: [] } },
    { description: 'spaces between Han characters', raw: '王 小 明', expected: { value: '王小明', pinyin: 'wang xiao ming', codes: ['name-spaces'] } },
    { description: 'several spaces and a tab', raw: '王  小\t明', expected: { value: '王小明', pinyin: 'wang xiao ming', codes: ['name-spaces'] } },
    { description: 'leading and trailing spaces are trimmed silently', raw: '  王小明 ', expected: { value: '王小明', pinyin: 'wang xiao ming', codes: [] } },
    { description: 'an ideographic (full-width) space', raw: '王\u3000小明', expected: { value: '王小明', pinyin: 'wang xiao ming', codes: ['name-fullwidth', 'name-spaces'] } },
    { description: 'a traditional character (劉 → 刘)', raw: '劉思琪', expected: { value: '刘思琪', pinyin: 'liu si qi', codes: ['name-traditional'] } },
    { description: 'several traditional characters', raw: '陳曉東', expected: { value: '陈晓东', pinyin: 'chen xiao dong', codes: ['name-traditional'] } },
    { description: 'an HK/TW variant form (衞 → 卫)', raw: '衞國強', expected: { value: '卫国强', pinyin: 'wei guo qiang', codes: ['name-traditional'] } },
    { description: '乾 read qián is standard in names (通用规范汉字表)', raw: '张乾', expected: { value: '张乾', pinyin: 'zhang qian', codes: [] } },
    { description: '於 is a standard surname', raw: '於小梅', expected: { value: '於小梅', pinyin: 'yu xiao mei', codes: [] } },
    { description: 'surname reading: 曾 → zeng', raw: '曾小贤', expected: { value: '曾小贤', pinyin: 'zeng xiao xian', codes: [] } },
    { description: 'surname reading: 单 → shan', raw: '单田芳', expected: { value: '单田芳', pinyin: 'shan tian fang', codes: [] } },
    { description: 'surname reading only for the first character', raw: '曾曾', expected: { value: '曾曾', pinyin: 'zeng ceng', codes: [] } },
    { description: 'a compound surname', raw: '欧阳娜娜', expected: { value: '欧阳娜娜', pinyin: 'ou yang na na', codes: [] } },
    { description: 'ü is written v', raw: '吕梅', expected: { value: '吕梅', pinyin: 'lv mei', codes: [] } },
    { description: 'a minority name with the standard middle dot', raw: '买买提·艾力', expected: { value: '买买提·艾力', pinyin: 'mai mai ti ai li', codes: [] } },
    { description: 'a minority name joined by "."', raw: '买买提.艾力', expected: { value: '买买提·艾力', pinyin: 'mai mai ti ai li', codes: ['name-separator'] } },
    { description: 'a minority name joined by a full-width "．"', raw: '买买提．艾力', expected: { value: '买买提·艾力', pinyin: 'mai mai ti ai li', codes: ['name-fullwidth', 'name-separator'] } },
    { description: 'a minority name joined by "•"', raw: '买买提•艾力', expected: { value: '买买提·艾力', pinyin: 'mai mai ti ai li', codes: ['name-separator'] } },
    { description: 'a minority name joined by "・" (katakana middle dot)', raw: '买买提・艾力', expected: { value: '买买提·艾力', pinyin: 'mai mai ti ai li', codes: ['name-separator'] } },
    { description: 'a minority name joined by "‧" (Taiwan IME)', raw: '买买提‧艾力', expected: { value: '买买提·艾力', pinyin: 'mai mai ti ai li', codes: ['name-separator'] } },
    { description: 'a minority name joined by "-"', raw: '买买提-艾力', expected: { value: '买买提·艾力', pinyin: 'mai mai ti ai li', codes: ['name-separator'] } },
    { description: 'a minority name joined by "。" (Chinese IME full stop)', raw: '买买提。艾力', expected: { value: '买买提·艾力', pinyin: 'mai mai ti ai li', codes: ['name-separator'] } },
    { description: 'spaces around the separator', raw: '买买提 · 艾力', expected: { value: '买买提·艾力', pinyin: 'mai mai ti ai li', codes: ['name-spaces'] } },
    { description: 'a doubled separator', raw: '阿依古丽··买买提', expected: { value: '阿依古丽·买买提', pinyin: 'a yi gu li mai mai ti', codes: ['name-separator'] } },
    { description: 'a leading separator', raw: '·艾力', expected: { value: '艾力', pinyin: 'ai li', codes: ['name-separator'] } },
    { description: 'full-width Latin letters', raw: 'ＷＡＮＧ Ｘｉａｏｍｉｎｇ', expected: { value: 'WANG Xiaoming', pinyin: 'wang xiaoming', codes: ['name-fullwidth', 'name-not-chinese'] } },
    { description: 'Latin words keep one space, a hyphen between letters is kept', raw: 'Anne-Marie   Li', expected: { value: 'Anne-Marie Li', pinyin: 'anne marie li', codes: ['name-spaces', 'name-not-chinese'] } },
    { description: 'a digit in a name is kept but flagged', raw: '王小明2', expected: { value: '王小明2', pinyin: 'wang xiao ming', codes: ['name-invalid-chars'] } },
    { description: 'an odd symbol is kept but flagged', raw: '王小明*', expected: { value: '王小明*', pinyin: 'wang xiao ming', codes: ['name-invalid-chars'] } },
    { description: 'digits only', raw: '123', expected: { value: '123', pinyin: null, codes: ['name-not-chinese', 'name-invalid-chars'] } },
    { description: 'empty', raw: '', expected: { value: null, pinyin: null, codes: ['name-empty'] } },
    { description: 'blank', raw: '   ', expected: { value: null, pinyin: null, codes: ['name-empty'] } },
    { description: 'null', raw: null, expected: { value: null, pinyin: null, codes: ['name-empty'] } },
    { description: 'undefined', raw: undefined, expected: { value: null, pinyin: null, codes: ['name-empty'] } },
    { description: 'placeholder 无', raw: '无', expected: { value: null, pinyin: null, codes: ['name-placeholder'] } },
    { description: 'placeholder 無 (traditional)', raw: '無', expected: { value: null, pinyin: null, codes: ['name-placeholder'] } },
    { description: 'placeholder 不详', raw: '不详', expected: { value: null, pinyin: null, codes: ['name-placeholder'] } },
    { description: 'placeholder NULL', raw: 'NULL', expected: { value: null, pinyin: null, codes: ['name-placeholder'] } },
    { description: 'placeholder "/"', raw: '/', expected: { value: null, pinyin: null, codes: ['name-placeholder'] } },
  ])('$description: "$raw"', ({ raw, expected }) => {
    const result = normaliseName(raw);
    expect({ value: result.value, pinyin: result.pinyin, codes: result.problems.map((p) => p.code) }).toEqual(expected);
  });

  it.each([
    { description: '晓/小 typed by ear', left: '王晓明', right: '王小明' },
    { description: '轩/萱 typed by ear', left: '李子轩', right: '李子萱' },
    { description: 'traditional against simplified', left: '劉思琪', right: '刘思琪' },
    { description: 'spaced against unspaced', left: '王 晓 明', right: '王晓明' },
  ])('homophones give equal pinyin: $description', ({ left, right }) => {
    const l = normaliseName(left);
    const r = normaliseName(right);
    expect(l.pinyin).not.toBeNull();
    expect(l.pinyin).toBe(r.pinyin);
  });

  it('gives different pinyin to different-sounding names', () => {
    expect(normaliseName('王晓明').pinyin).not.toBe(normaliseName('王晓敏').pinyin);
  });

  it('every problem carries a message', () => {
    for (const p of normaliseName('劉 小．明2').problems) expect(p.message.length).toBeGreaterThan(0);
    expect(codes('劉 小．明2')).toEqual(['name-fullwidth', 'name-traditional', 'name-spaces', 'name-separator', 'name-invalid-chars']);
  });
});
