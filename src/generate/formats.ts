// The three exports' columns, in exactly docs/FORMATS.md's order with the Chinese headers, and
// one row per child for each. Every value goes through the source's Noise, so this file
// is where each department's habits live (civil affairs: 汉族 and its reporter's date format;
// police: 汉 and YYYYMMDD; education: ISO dates and L-numbers).

import { compactDay, type DateFormat, type Day } from './dates';
import {
  addressValue,
  areaValue,
  dateValue,
  flagValue,
  idValue,
  listValue,
  nameValue,
  phoneValue,
  sexValue,
  type Noise,
} from './noise';
import { fullName } from './names';
import type { Adult, Child } from './model';

export const CIVIL_AFFAIRS_HEADER = [
  '记录编号', '姓名', '性别', '出生日期', '身份证号', '民族', '行政区划代码', '户籍地址', '现住址', '儿童类别', '困境类型',
  '父亲姓名', '父亲身份证号', '父亲外出务工', '父亲务工地', '母亲姓名', '母亲身份证号', '母亲外出务工', '母亲务工地',
  '监护人姓名', '监护人关系', '监护人电话', '监护类型', '家庭经济来源', '救助帮扶情况', '就学情况', '填报人', '填报日期',
] as const;

export const EDUCATION_HEADER = [
  '全国学籍号', '姓名', '性别', '出生日期', '证件类型', '身份证号', '学校标识码', '学校名称', '年级', '班级', '入学年月',
  '学籍状态', '变动日期', '是否留守儿童', '监护人姓名', '监护人关系', '监护人电话', '户口所在地', '现住址', '行政区划代码',
] as const;

export const POLICE_HEADER = [
  '公民身份号码', '姓名', '曾用名', '性别', '出生日期', '民族', '户号', '户主姓名', '与户主关系', '住址', '行政区划代码',
  '人员状态', '父亲姓名', '父亲公民身份号码', '母亲姓名', '母亲公民身份号码', '登记日期', '变动日期',
] as const;

export interface RenderContext {
  noise: Noise;
  /** The county's address head (重庆市北碚区), which hand-typed addresses often leave out. */
  head: string;
  /** The quarter's first and last day the roster may be dated. */
  reportFrom: Day;
  reportTo: Day;
  /** Each village child director's date format. */
  dateHabit(villageCode: string): DateFormat;
  /** The temporary student number of a pupil without an ID. */
  lNumber(child: Child): string;
}

function siblingId(child: Child): string | null {
  const other = child.twinOf ?? child.family.children.find((c) => c !== child && c.id !== null) ?? null;
  return other?.id ?? null;
}

/** Numbers that can land in a child's row by mistake: a sibling's, a parent's. */
function otherFamilyIds(child: Child): string[] {
  const f = child.family;
  const ids = [siblingId(child), f.father.id, f.mother.id];
  return ids.filter((x): x is string => x !== null && x !== undefined && x !== child.id);
}

function parentColumns(ctx: RenderContext, parent: Adult, label: '父亲' | '母亲'): string[] {
  const { noise } = ctx;
  // A parent who left the family is often simply not known to the village.
  if (parent.state === 'absent' && noise.rng.chance(0.3)) return ['', '', '否', ''];
  const name = nameValue(noise, `${label}姓名`, parent.name, { secondary: true });
  const id = parent.state === 'absent' && noise.rng.chance(0.5) ? '' : idValue(noise, `${label}身份证号`, parent.id, { parent: true }).shown;
  const migrant = parent.state === 'migrant';
  return [name, id, migrant ? '是' : '否', migrant ? parent.workPlace ?? '' : ''];
}

/** 民政摸排台账: one row per vulnerable child, typed by the village child director. */
export function civilAffairsRow(ctx: RenderContext, child: Child, variant: boolean): string[] {
  const { noise } = ctx;
  const f = child.family;
  const ca = child.civilAffairs!;
  const habit = ctx.dateHabit(f.village.code);
  const registered = child.police !== null;
  const hukou = f.registeredElsewhere ? f.hukouPlace : registered ? (noise.rng.chance(0.3) ? f.address : f.addressShort) : '';
  const current = f.guardianship === '机构监护' ? f.currentAddress : noise.rng.chance(0.3) ? f.address : f.addressShort;
  const g = f.guardian;
  const reportDay = variant ? ctx.reportTo - noise.rng.int(0, 5) : noise.rng.int(ctx.reportFrom, Math.max(ctx.reportFrom, ctx.reportTo - 6));
  return [
    ca.key,
    nameValue(noise, '姓名', child.name, { former: child.formerName }),
    sexValue(noise, '性别', child.sex),
    dateValue(noise, '出生日期', child.birth, habit, { birth: true }),
    idValue(noise, '身份证号', child.id, { sibling: siblingId(child) }).shown,
    child.ethnicity,
    areaValue(noise, '行政区划代码', f.village.code, current.includes(f.village.name) || hukou.includes(f.village.name)),
    addressValue(noise, '户籍地址', hukou, ctx.head),
    addressValue(noise, '现住址', current, ctx.head),
    listValue(noise, '儿童类别', ca.categories),
    listValue(noise, '困境类型', child.difficulties),
    ...parentColumns(ctx, f.father, '父亲'),
    ...parentColumns(ctx, f.mother, '母亲'),
    g ? (g.person ? nameValue(noise, '监护人姓名', g.person, { secondary: true }) : g.name) : '',
    g?.relation ?? '',
    g ? phoneValue(noise, '监护人电话', g.phone) : '',
    f.guardianship,
    f.income,
    listValue(noise, '救助帮扶情况', ca.assistance),
    child.schooling,
    ca.reporter,
    dateValue(noise, '填报日期', reportDay, habit),
  ];
}

/** 学籍系统: one row per pupil (enrolled, suspended, left or graduated). */
export function educationRow(ctx: RenderContext, child: Child, variant: boolean): string[] {
  const { noise } = ctx;
  const f = child.family;
  const e = child.enrolment!;
  const hasId = child.id !== null;
  const id = idValue(noise, '身份证号', child.id, { sibling: siblingId(child), wrongRow: otherFamilyIds(child) });
  // The student number was built from the ID as typed at enrolment: a transposed digit
  // lives on in the key, while spaces or a lower-case x are only in the export.
  const key = hasId ? `G${id.typed || child.id}` : ctx.lNumber(child);
  const g = f.guardian;
  const className = variant ? `${Number.parseInt(e.className, 10) + 1}班` : e.className;
  return [
    key,
    nameValue(noise, '姓名', child.name, { former: child.formerName }),
    sexValue(noise, '性别', child.sex),
    dateValue(noise, '出生日期', child.birth, 'iso', { birth: true }),
    child.idType,
    hasId ? id.shown : '',
    e.school.code,
    e.school.name,
    e.grade,
    className,
    e.enrolledMonth,
    e.status,
    e.changedOn === null ? '' : dateValue(noise, '变动日期', e.changedOn, 'iso'),
    flagValue(noise, '是否留守儿童', child.leftBehind),
    g ? (g.person ? nameValue(noise, '监护人姓名', g.person, { secondary: true }) : g.name) : '',
    g?.relation ?? '',
    g ? phoneValue(noise, '监护人电话', g.phone) : '',
    child.police || f.registeredElsewhere ? f.hukouPlace : '',
    addressValue(noise, '现住址', f.guardianship === '机构监护' ? f.currentAddress : f.addressShort, ctx.head),
    areaValue(noise, '行政区划代码', f.village.code, f.guardianship !== '机构监护'),
  ];
}

/** 公安户籍: one row per registered child; the register's own IDs, formatted but not mistyped. */
export function policeRow(ctx: RenderContext, child: Child, variant: boolean): string[] {
  const { noise } = ctx;
  const f = child.family;
  const p = child.police!;
  const father = f.father;
  const mother = f.mother;
  const parentId = (a: Adult, label: string): string => (a.inHousehold ? idValue(noise, label, a.id, { parent: true }).shown : '');
  const parentName = (a: Adult, label: string): string => (a.state === 'absent' && !a.inHousehold && noise.rng.chance(0.5) ? '' : nameValue(noise, label, a.name, { secondary: true }));
  // A second registration of the same person (重户) sits in another household.
  const householdNo = variant ? `${f.village.code}${String(noise.rng.int(900, 999))}` : f.householdNo;
  return [
    idValue(noise, '公民身份号码', child.id!, { contentErrors: false }).shown,
    nameValue(noise, '姓名', child.name, { surnameHomophones: false }),
    child.formerName ? fullName(child.formerName) : '',
    sexValue(noise, '性别', child.sex),
    dateValue(noise, '出生日期', child.birth, 'compact', { birth: true, excel: false }),
    child.ethnicity.replace(/族$/, ''),
    householdNo,
    f.householder,
    p.relation,
    addressValue(noise, '住址', f.address, ctx.head),
    areaValue(noise, '行政区划代码', f.village.code),
    p.status,
    parentName(father, '父亲姓名'),
    parentId(father, '父亲公民身份号码'),
    parentName(mother, '母亲姓名'),
    parentId(mother, '母亲公民身份号码'),
    compactDay(p.registeredOn),
    p.changedOn === null ? '' : compactDay(p.changedOn),
  ];
}
