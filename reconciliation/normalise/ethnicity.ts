import { Normalised, problem } from './problem';
import { toSimplified } from './simplified';
import { cleanText } from './text';

// GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码, in code order (01 汉族 … 56 基诺族).
const ETHNIC_GROUPS = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族',
  '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族',
  '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族',
  '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族',
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
] as const;
// GB/T 3304 also has 97 其他 (other, unrecognised groups) and 98 外国血统中国籍人士.
const OTHER_GROUPS: Readonly<Record<string, string>> = { '97': '其他', '98': '外国血统中国籍人士' };

const CANONICAL = new Map<string, string>();
ETHNIC_GROUPS.forEach((name, i) => {
  CANONICAL.set(name, name);
  CANONICAL.set(name.slice(0, -1), name); // police write 汉, civil affairs 汉族
  const code = String(i + 1).padStart(2, '0');
  CANONICAL.set(code, name);
  CANONICAL.set(String(i + 1), name);
});
for (const [code, name] of Object.entries(OTHER_GROUPS)) {
  CANONICAL.set(code, name);
  CANONICAL.set(name, name);
}

/** 民族 → the full GB/T 3304 name (汉 / 汉族 / 01 → 汉族). Unlisted values are kept with `enum-unknown`. */
export function normaliseEthnicity(raw: string | null | undefined): Normalised<string> {
  const text = cleanText(raw);
  if (text === null) return { value: null, problems: [problem('ethnicity-empty', 'no ethnicity')] };
  const simple = toSimplified(text).text;
  const value = CANONICAL.get(simple);
  if (value === undefined) return { value: simple, problems: [problem('enum-unknown', `"${text}" is not a GB/T 3304 ethnic group`)] };
  return { value, problems: [] };
}
