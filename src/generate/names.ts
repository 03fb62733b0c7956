// Chinese names that look like a real county's: surnames weighted by their share of the
// population, given names from the characters parents of each generation actually chose,
// a few minority names (Uyghur names joined by ·, Yi clan names), and the ways a name gets
// changed on its way into a spreadsheet: typed by ear (homophones), in traditional
// characters, with stray spaces.

import { Rng, Weighted } from './random';
import type { Sex } from './model';

/** Share of the population in per mille, roughly as in the 2020 census top list. */
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 51], ['陈', 46], ['杨', 32], ['黄', 25], ['赵', 23], ['吴', 21], ['周', 20],
  ['徐', 16], ['孙', 15], ['马', 14], ['胡', 13], ['朱', 13], ['郭', 12], ['何', 12], ['罗', 11], ['高', 11], ['林', 11],
  ['郑', 9], ['梁', 9], ['谢', 9], ['唐', 9], ['宋', 8], ['许', 8], ['韩', 7], ['冯', 7], ['邓', 7], ['曹', 7],
  ['彭', 6], ['曾', 6], ['肖', 6], ['田', 6], ['董', 6], ['潘', 5], ['袁', 5], ['蔡', 5], ['蒋', 5], ['余', 5],
  ['于', 5], ['杜', 5], ['叶', 5], ['程', 4], ['魏', 4], ['苏', 4], ['吕', 4], ['丁', 4], ['任', 4], ['卢', 4],
  ['姚', 4], ['沈', 4], ['钟', 4], ['姜', 4], ['崔', 4], ['谭', 4], ['陆', 3], ['范', 3], ['汪', 3], ['廖', 3],
  ['石', 3], ['金', 3], ['韦', 3], ['贾', 3], ['夏', 3], ['付', 3], ['方', 3], ['邹', 3], ['熊', 3], ['白', 3],
  ['孟', 3], ['秦', 2], ['邱', 2], ['侯', 2], ['江', 2], ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2], ['雷', 2],
  ['龙', 2], ['黎', 2], ['史', 2], ['陶', 2], ['贺', 2], ['毛', 2], ['郝', 2], ['顾', 2], ['龚', 2], ['邵', 2],
  ['万', 2], ['覃', 2], ['向', 2], ['冉', 2], ['戴', 2], ['严', 2], ['莫', 1.5], ['汤', 1.5], ['易', 1.5], ['文', 1.5],
  // Compound surnames are rare, but every county has a few.
  ['欧阳', 0.5], ['司马', 0.1], ['上官', 0.1], ['诸葛', 0.08], ['司徒', 0.08], ['皇甫', 0.05], ['令狐', 0.05],
];

export const COMPOUND_SURNAMES: readonly string[] = ['欧阳', '司马', '上官', '诸葛', '司徒', '皇甫', '令狐'];

// Given-name characters by generation and sex (children born 2006–2024; parents born
// 1975–1998; grandparents born around 1950). Repeats are weights.
const CHILD_M = Array.from('浩宇轩子梓然泽博文俊杰睿皓鑫涛宏辰晨航铭明凯鹏昊天一嘉佳豪伟磊鸿瑞思逸奕彦熙锦煜翔飞成诚哲恒峻骏霖林阳洋宸朗毅斌志远乐安硕钧柏川卓旭东海波峰锋源江彬承景烨帆诺宁康健立晟胜亮新兴荣家树森浩宇轩子梓泽俊杰睿皓一嘉柏朝');
const CHILD_F = Array.from('梓涵欣怡雨萱诗琪佳悦可馨思语若汐紫彤一诺婷雪晴琳妍嘉静晶璐瑶颖丽莉娜薇芸蕾露梦婉淑秀玉月萌菲菡莹艺依沫苒希晓小筱美慧倩茜玲岚兰霞洁娟甜心安宁然云清盈蓉雯芮瑾媛婧欣怡雨萱涵琪梓诗佳子偲筠偲筠');

/**
 * Whole given names that a cohort of parents chose so often that every county has several
 * children of each (子涵, 梓涵, 雨桐, 语桐…), many of them homophones of one another. Two
 * different girls called 吴子涵 and 吴梓涵 are namesakes, not one child typed twice.
 */
const POPULAR_CHILD_M = ['子轩', '梓轩', '浩宇', '皓宇', '子墨', '梓墨', '浩然', '皓然', '宇轩', '一诺'];
const POPULAR_CHILD_F = ['子涵', '梓涵', '雨桐', '语桐', '欣怡', '馨怡', '一诺', '依诺', '诗涵', '梓萱'];
const POPULAR_SHARE = 0.08;

/**
 * Polyphonic characters (多音字) of given names and what a clerk types for them after hearing
 * the name read the other way: 王偲涵 (sī) becomes 王思涵, 冉轩柏 (bó) becomes 冉轩博. Each
 * replacement shares a reading with the original (a test checks it against pinyin-pro).
 */
const POLYPHONE_SPELLINGS: ReadonlyMap<string, readonly string[]> = new Map([
  ['偲', ['思', '丝', '斯']], // cāi / sī
  ['柏', ['博', '伯', '百']], // bǎi / bó
  ['筠', ['君', '钧', '云']], // yún / jūn
  ['乐', ['悦', '月']], // lè / yuè
  ['茜', ['希', '溪', '倩']], // qiàn / xī
  ['朝', ['昭', '超']], // zhāo / cháo
]);

/** For tests: every (polyphonic character, replacement) pair. */
export function polyphoneSpellings(): Array<[string, string]> {
  return [...POLYPHONE_SPELLINGS].flatMap(([ch, others]) => others.map((o): [string, string] => [ch, o]));
}
const PARENT_M = Array.from('建国军华伟强勇明平刚杰涛斌波辉鹏林峰超磊亮兵红春海东飞俊洪文德永志小大云龙兴福贵中成林波勇军华平');
const PARENT_F = Array.from('秀英丽芳红敏燕娟霞玲萍琴梅兰艳丹静婷莉琳慧晓春小雪华凤玉美芬翠桂英丽芳红敏燕娟霞萍');
const ELDER_M = Array.from('德福贵明华国成荣发富有才树山林文学永昌庆生全顺安');
const ELDER_F = Array.from('桂兰英珍秀淑芬翠凤玉华芳香琼素珍兰英秀');

/**
 * Homophone and near-homophone groups: what a village child director types after hearing
 * the name aloud. "Near" follows south-western Mandarin, which does not tell en/eng or
 * in/ing apart (陈/程, 林/凌, 敏/明) and mixes hu/fu (胡/符).
 */
const HOMOPHONE_GROUPS: readonly string[] = [
  '晓小筱', '明鸣铭名', '婷亭庭', '杰洁捷婕', '轩萱宣暄', '静晶靖婧菁景京', '涵含晗寒', '宇雨语羽玉予煜钰昱',
  '欣心馨新鑫昕', '怡艺依一宜仪奕逸亦毅轶', '琪琦淇棋祺奇其', '浩昊皓豪', '然冉燃', '梓子紫姿', '涛韬滔',
  '峰锋丰枫风凤', '俊骏峻君军钧均', '磊蕾雷', '佳嘉家加珈', '雪学', '瑞睿蕊锐', '思斯丝', '诗师时世',
  '博波伯', '文雯闻', '辉慧惠晖卉', '华桦骅', '丽莉立力利俐黎', '芳方舫', '红宏鸿洪弘虹', '伟玮薇维卫威炜',
  '强蔷', '勇永泳咏', '建健剑坚', '国果', '英莹颖盈迎樱', '秀修绣', '兰岚澜蓝', '梅美玫', '刚钢岗', '平萍苹屏',
  '霞侠夏', '娟鹃涓', '敏民珉', '鹏朋', '飞菲非斐', '亮靓', '晨辰宸琛成诚承城', '阳洋扬旸', '凯恺铠楷',
  '宁凝', '彤桐童瞳', '妍研岩言艳燕彦延炎雁颜', '琳林霖麟玲灵凌铃', '悦月玥越跃岳', '泽则择', '航杭',
  '天添田甜', '斌彬滨宾冰兵', '旭煦序绪栩', '东冬栋', '山珊杉姗', '卓灼茁', '硕朔', '娜纳', '露璐路鹭禄',
  '瑶遥尧谣', '萌梦蒙', '倩芊谦千', '云芸韵允昀耘', '清青晴卿', '蓉荣容融榕', '沫墨默茉', '希曦熙溪喜夕汐',
  '志智致至芝之', '远源元园圆渊媛缘苑原', '翔祥湘香', '恒衡', '朗琅', '锦瑾谨金今晋津', '胜圣盛生升',
  '兴星幸杏', '树淑舒书姝', '德得', '福富付芙馥', '贵桂', '珍真贞臻振', '翠萃', '芬分纷', '琴勤芹秦沁钦',
  '丹单旦', '春纯淳椿', '龙隆珑', '超朝潮', '达大', '安岸', '康慷', '可珂柯', '若偌', '蕊芮',
];

/** Surnames typed by ear: the same syllable, or near in the local accent. */
const SURNAME_HOMOPHONES: readonly string[] = [
  '王汪', '张章', '刘柳', '杨阳', '徐许', '肖萧', '付傅', '余于俞', '周邹', '陈程', '林凌', '李黎', '何贺',
  '罗骆', '吴伍', '胡符', '江姜蒋', '唐汤', '龚宫', '向项', '高郜', '石史', '卢鲁陆', '严颜闫', '戴代',
  '袁元', '魏卫', '姚尧',
];

function groupMap(groups: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const g of groups) {
    const chars = Array.from(g);
    for (const ch of chars) {
      const others = map.get(ch) ?? [];
      for (const o of chars) if (o !== ch && !others.includes(o)) others.push(o);
      map.set(ch, others);
    }
  }
  return map;
}

const GIVEN_HOMOPHONES = groupMap(HOMOPHONE_GROUPS);
const SURNAME_SOUNDALIKES = groupMap(SURNAME_HOMOPHONES);

/** For tests: every pair we may substitute. */
export function homophonePairs(): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const map of [GIVEN_HOMOPHONES, SURNAME_SOUNDALIKES]) {
    for (const [ch, others] of map) for (const o of others) pairs.push([ch, o]);
  }
  return pairs;
}

/** The name as one person: kept apart so noise can change one part at a time. */
export interface PersonName {
  surname: string;
  given: string;
  /** Uyghur-style names are 'given·father's given' with no surname. */
  style: 'han' | 'uyghur' | 'yi';
}

export function fullName(n: PersonName): string {
  if (n.style === 'uyghur') return `${n.given}·${n.surname}`;
  return n.surname + n.given;
}

const surnameTable = new Weighted(SURNAMES);

export function randomSurname(rng: Rng): string {
  return surnameTable.pick(rng);
}

export type Generation = 'child' | 'parent' | 'elder';

function pool(generation: Generation, sex: Sex): readonly string[] {
  if (generation === 'child') return sex === 'M' ? CHILD_M : CHILD_F;
  if (generation === 'parent') return sex === 'M' ? PARENT_M : PARENT_F;
  return sex === 'M' ? ELDER_M : ELDER_F;
}

export function randomGiven(rng: Rng, generation: Generation, sex: Sex): string {
  if (generation === 'child' && rng.chance(POPULAR_SHARE)) return rng.pick(sex === 'M' ? POPULAR_CHILD_M : POPULAR_CHILD_F);
  const chars = pool(generation, sex);
  // Single-character given names were common for the parents' generation, rarer since.
  const single = generation === 'child' ? 0.12 : generation === 'parent' ? 0.3 : 0.2;
  if (rng.chance(single)) return rng.pick(chars);
  const first = rng.pick(chars);
  if (sex === 'F' && rng.chance(0.03)) return first + first; // 婷婷, 欣欣
  let second = rng.pick(chars);
  while (second === first) second = rng.pick(chars);
  return first + second;
}

/**
 * A twin's given name: often it shares the first character with the sibling's
 * (浩然 / 浩宇), sometimes the second (子涵 / 雨涵), otherwise it is chosen freely.
 */
export function twinGiven(rng: Rng, sibling: string, sex: Sex): string {
  const chars = pool('child', sex);
  const sib = Array.from(sibling);
  for (let attempt = 0; attempt < 20; attempt++) {
    let name: string;
    const r = rng.next();
    if (sib.length === 2 && r < 0.5) name = sib[0] + rng.pick(chars);
    else if (sib.length === 2 && r < 0.65) name = rng.pick(chars) + sib[1];
    else name = randomGiven(rng, 'child', sex);
    if (name !== sibling && Array.from(name).length >= 2 && new Set(name).size === Array.from(name).length) return name;
  }
  return sibling + rng.pick(chars); // unreachable in practice; still different
}

// Uyghur names: "given·father's given" (买买提·艾力); no family name.
const UYGHUR_M = ['买买提', '艾力', '阿不都', '吐尔逊', '艾合买提', '阿力木', '伊力哈木', '热合曼', '努尔', '依明', '卡德尔', '托合提', '麦麦提', '肉孜', '艾山', '库尔班'];
const UYGHUR_F = ['阿依古丽', '古丽', '热依拉', '帕提古丽', '阿依努尔', '米娜', '再努尔', '努尔古丽', '古丽米热', '阿米娜', '祖丽皮亚', '布合力其'];
// Yi names: clan name + given name, written together (吉克阿呷).
const YI_CLANS = ['吉克', '阿苦', '沙马', '阿西', '俄木', '吉伍', '马海', '曲比', '阿鲁', '海来', '吉木', '俄的', '阿育', '木乃'];
const YI_GIVEN_M = ['木呷', '日哈', '拉且', '尔布', '曲布', '石布', '木加', '伍沙', '阿木', '约哈', '拉哈', '克惹'];
const YI_GIVEN_F = ['阿呷', '阿果', '伍呷', '阿依', '史妞', '拉莫', '日果', '阿支', '尔妞', '木果', '阿芝', '么么'];

export function uyghurGiven(rng: Rng, sex: Sex): string {
  return rng.pick(sex === 'M' ? UYGHUR_M : UYGHUR_F);
}

export function yiClan(rng: Rng): string {
  return rng.pick(YI_CLANS);
}

export function yiGiven(rng: Rng, sex: Sex): string {
  return rng.pick(sex === 'M' ? YI_GIVEN_M : YI_GIVEN_F);
}

/** Replace one character by one that sounds the same; null when none has a known homophone. */
export function homophoneVariant(name: PersonName, rng: Rng, surnameToo: boolean): PersonName | null {
  if (name.style !== 'han') return null;
  const given = Array.from(name.given);
  const candidates: number[] = [];
  given.forEach((ch, i) => {
    if (GIVEN_HOMOPHONES.has(ch)) candidates.push(i);
  });
  if (surnameToo && SURNAME_SOUNDALIKES.has(name.surname) && (candidates.length === 0 || rng.chance(0.25))) {
    return { ...name, surname: rng.pick(SURNAME_SOUNDALIKES.get(name.surname)!) };
  }
  if (candidates.length === 0) return null;
  const i = rng.pick(candidates);
  given[i] = rng.pick(GIVEN_HOMOPHONES.get(given[i])!);
  return { ...name, given: given.join('') };
}

// Traditional characters: OpenCC's simplified → traditional table, one character at a time
// (names are not phrases). Loaded lazily: it costs ~150 ms and most runs need it.
type Convert = (s: string) => string;
let toTraditional: Convert | null = null;
const traditionalCache = new Map<string, string>();
/**
 * Surnames whose traditional form is the same character: OpenCC maps 于→於, 余→餘, 范→範,
 * 谷→穀, 种→種, 党→黨, right for words and wrong for these families.
 */
const SURNAMES_UNCHANGED = new Set(['于', '余', '范', '谷', '种', '党', '沈', '朴', '仇']);

function traditionalChar(ch: string): string {
  let t = traditionalCache.get(ch);
  if (t === undefined) {
    if (!toTraditional) {
      const opencc = require('opencc-js/cn2t') as { Converter(o: { from: string; to: string }): Convert };
      toTraditional = opencc.Converter({ from: 'cn', to: 't' });
    }
    t = toTraditional(ch);
    traditionalCache.set(ch, t);
  }
  return t;
}

/** The name in traditional characters (劉思琪); null when nothing in it changes. */
export function traditionalVariant(name: PersonName): PersonName | null {
  const surname = name.style === 'han' && !SURNAMES_UNCHANGED.has(name.surname) ? Array.from(name.surname).map(traditionalChar).join('') : name.surname;
  const given = Array.from(name.given)
    .map((ch) => (SURNAMES_UNCHANGED.has(ch) ? ch : traditionalChar(ch)))
    .join('');
  if (surname === name.surname && given === name.given) return null;
  return { ...name, surname, given };
}

/** A polyphonic character of the given name spelled by its other reading; null when it has none. */
export function polyphoneVariant(name: PersonName, rng: Rng): PersonName | null {
  if (name.style !== 'han') return null;
  const given = Array.from(name.given);
  const candidates: number[] = [];
  given.forEach((ch, i) => {
    if (POLYPHONE_SPELLINGS.has(ch)) candidates.push(i);
  });
  if (candidates.length === 0) return null;
  const i = rng.pick(candidates);
  given[i] = rng.pick(POLYPHONE_SPELLINGS.get(given[i])!);
  return { ...name, given: given.join('') };
}

/**
 * A homophone of a given name, for a namesake: another child whose name sounds the same
 * (子涵 → 梓涵). Null when no character of it has a known homophone.
 */
export function namesakeGiven(given: string, rng: Rng): string | null {
  const variant = homophoneVariant({ surname: '', given, style: 'han' }, rng, false);
  return variant === null || variant.given === given ? null : variant.given;
}
