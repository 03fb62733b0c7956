import {
  CHILD_CATEGORIES,
  DIFFICULTY_TYPES,
  ENROLMENT_STATUSES,
  GUARDIANSHIP_TYPES,
  ID_TYPES,
  normaliseEnum,
  normaliseEnumList,
  PERSON_STATUSES,
  SCHOOLING_STATES,
} from '../../../../reconciliation/normalise';

function summary(result: { value: unknown; problems: { code: string }[] }) {
  return { value: result.value, codes: result.problems.map((p) => p.code) };
}

describe('normaliseEnum', () => {
  it.each([
    { description: '学籍状态 在读', raw: '在读', allowed: ENROLMENT_STATUSES, expected: { value: '在读', codes: [] } },
    { description: '学籍状态 辍学 with spaces', raw: ' 辍学 ', allowed: ENROLMENT_STATUSES, expected: { value: '辍学', codes: [] } },
    { description: '学籍状态 in traditional characters', raw: '在讀', allowed: ENROLMENT_STATUSES, expected: { value: '在读', codes: [] } },
    { description: '学籍状态 alias 在籍', raw: '在籍', allowed: ENROLMENT_STATUSES, expected: { value: '在读', codes: [] } },
    { description: '学籍状态 not listed: kept, flagged', raw: '借读', allowed: ENROLMENT_STATUSES, expected: { value: '借读', codes: ['enum-unknown'] } },
    { description: '监护类型 委托监护', raw: '委托监护', allowed: GUARDIANSHIP_TYPES, expected: { value: '委托监护', codes: [] } },
    { description: '监护类型 not listed', raw: '祖辈监护', allowed: GUARDIANSHIP_TYPES, expected: { value: '祖辈监护', codes: ['enum-unknown'] } },
    { description: '人员状态 迁出', raw: '迁出', allowed: PERSON_STATUSES, expected: { value: '迁出', codes: [] } },
    { description: '人员状态 not listed', raw: '失踪', allowed: PERSON_STATUSES, expected: { value: '失踪', codes: ['enum-unknown'] } },
    { description: '就学情况 学龄前', raw: '学龄前', allowed: SCHOOLING_STATES, expected: { value: '学龄前', codes: [] } },
    { description: '证件类型 alias 身份证', raw: '身份证', allowed: ID_TYPES, expected: { value: '居民身份证', codes: [] } },
    { description: '证件类型 无', raw: '无', allowed: ID_TYPES, expected: { value: '无', codes: [] } },
    { description: 'blank', raw: '', allowed: ID_TYPES, expected: { value: null, codes: ['enum-empty'] } },
  ])('$description: "$raw"', ({ raw, allowed, expected }) => {
    expect(summary(normaliseEnum(raw, allowed))).toEqual(expected);
  });
});

describe('normaliseEnumList', () => {
  it.each([
    { description: 'one category', raw: '留守儿童', allowed: CHILD_CATEGORIES, expected: { value: ['留守儿童'], codes: [] } },
    { description: 'two categories joined by ;', raw: '留守儿童;困境儿童', allowed: CHILD_CATEGORIES, expected: { value: ['留守儿童', '困境儿童'], codes: [] } },
    { description: 'joined by 、 and an alias', raw: '困境、留守', allowed: CHILD_CATEGORIES, expected: { value: ['困境儿童', '留守儿童'], codes: [] } },
    { description: 'difficulty types', raw: '重病;家庭经济困难', allowed: DIFFICULTY_TYPES, expected: { value: ['重病', '家庭经济困难'], codes: [] } },
    { description: 'an unknown item is kept and flagged', raw: '重病；失学', allowed: DIFFICULTY_TYPES, expected: { value: ['重病', '失学'], codes: ['enum-unknown'] } },
    { description: 'an alias repeating an item collapses', raw: '留守;留守儿童', allowed: CHILD_CATEGORIES, expected: { value: ['留守儿童'], codes: [] } },
    { description: 'blank', raw: '', allowed: DIFFICULTY_TYPES, expected: { value: [], codes: [] } },
  ])('$description: "$raw"', ({ raw, allowed, expected }) => {
    expect(summary(normaliseEnumList(raw, allowed))).toEqual(expected);
  });
});
