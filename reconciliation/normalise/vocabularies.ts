/**
 * The closed value lists of docs/FORMATS.md, in its order. `enum-unknown` is raised for anything else
 * (the value is kept: a new category in a department's system should be seen, not dropped).
 */

// 儿童类别 (civil affairs): 002 §一(三) defines the first two; 004 annexes 2/3 track scattered orphans.
export const CHILD_CATEGORIES = ['留守儿童', '困境儿童', '散居孤儿'] as const;

// 困境类型: the kinds of difficulty of 002 §一(三).
export const DIFFICULTY_TYPES = ['孤儿', '事实无人抚养', '艾滋病感染', '重残', '重病', '家庭经济困难', '监护缺失'] as const;

// 监护类型: 001 §二(二) item 4 (parents / one parent / entrusted / none / institution).
export const GUARDIANSHIP_TYPES = ['父母监护', '单亲监护', '委托监护', '无人监护', '机构监护'] as const;

// 就学情况 (civil affairs' view of schooling).
export const SCHOOLING_STATES = ['学龄前', '在校', '辍学', '休学', '毕业'] as const;

// 证件类型 (education).
export const ID_TYPES = ['居民身份证', '护照', '港澳台居民居住证', '无'] as const;

// 学籍状态: enrolment status (education).
export const ENROLMENT_STATUSES = ['在读', '休学', '辍学', '转出', '毕业', '死亡'] as const;

// 人员状态: person status in household registration (police).
export const PERSON_STATUSES = ['正常', '迁出', '死亡', '注销'] as const;

/** Spellings seen in exports for a listed value; keys are compared after cleaning and simplification. */
export const VOCABULARY_ALIASES: Readonly<Record<string, string>> = {
  留守: '留守儿童',
  困境: '困境儿童',
  身份证: '居民身份证',
  居民身份证号: '居民身份证',
  港澳台居住证: '港澳台居民居住证',
  无证件: '无',
  在校生: '在读',
  在籍: '在读',
};
