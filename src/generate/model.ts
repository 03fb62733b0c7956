// The people of a generated county, as plain data: what is true about each child and
// family. The exports are renderings of this (formats.ts), damaged on the way (noise.ts).

import type { Day } from './dates';
import type { IdAllocator } from './idnumber';
import type { PersonName } from './names';
import type { CountyPlan, School } from './plan';
import type { Rng } from './random';
import type { OtherArea, Village } from './region';

export type Sex = 'M' | 'F';
/** What keeps a parent from raising the child at home, if anything. */
export type ParentState = 'home' | 'migrant' | 'deceased' | 'missing' | 'incapable' | 'absent';
export type Difficulty = '孤儿' | '事实无人抚养' | '艾滋病感染' | '重残' | '重病' | '家庭经济困难' | '监护缺失';
export type Guardianship = '父母监护' | '单亲监护' | '委托监护' | '无人监护' | '机构监护';
/** 学籍状态 */
export type EnrolmentStatus = '在读' | '休学' | '辍学' | '转出' | '毕业' | '死亡';
/** 就学情况 as civil affairs records it. */
export type Schooling = '学龄前' | '在校' | '辍学' | '休学' | '毕业';
export type IdType = '居民身份证' | '港澳台居民居住证' | '无';

export interface Adult {
  name: PersonName;
  sex: Sex;
  birth: Day;
  id: string;
  state: ParentState;
  workPlace: string | null;
  /** Registered in the child's household, so police lists the ID with the child. */
  inHousehold: boolean;
}

export interface Guardian {
  name: string;
  /** The guardian as a person (null for an institution), so noise can treat the name. */
  person: PersonName | null;
  /** 监护人关系: 父亲, 祖母, 外祖父, 机构 … */
  relation: string;
  phone: string;
}

export interface Enrolment {
  school: School;
  grade: string;
  className: string;
  enrolledMonth: string; // 2019-09
  status: EnrolmentStatus;
  changedOn: Day | null;
}

export interface PoliceEntry {
  status: '正常' | '迁出' | '死亡';
  registeredOn: Day;
  changedOn: Day | null;
  /** 与户主关系 */
  relation: string;
}

export interface CivilAffairsEntry {
  key: string; // 记录编号
  categories: string[]; // 留守儿童 / 困境儿童 / 散居孤儿
  /** 救助帮扶情况 */
  assistance: string[];
  reporter: string;
}

export interface Child {
  personId: string;
  family: Family;
  order: number; // 1 = eldest
  name: PersonName;
  /** 曾用名: the name before a change; police shows both, other sources may lag. */
  formerName: PersonName | null;
  sex: Sex;
  birth: Day;
  ethnicity: string;
  id: string | null;
  idType: IdType;
  /** In this county's household register, i.e. in the police export. */
  police: PoliceEntry | null;
  twinOf: Child | null;
  leftBehind: boolean;
  difficulties: Difficulty[];
  enrolment: Enrolment | null;
  schooling: Schooling;
  civilAffairs: CivilAffairsEntry | null;
}

export interface Family {
  id: string;
  village: Village;
  /** Full address with house number: 重庆市北碚区静观镇素心村3组12号. */
  address: string;
  /** The same without the house number (education's 现住址). */
  addressShort: string;
  /** 户口所在地 as education writes it: down to the village. */
  hukouPlace: string;
  householdNo: string;
  householder: string;
  /** Whose child the householder calls them: 'parent' → 子/女, 'grandparent' → 孙子/孙女. */
  householderRole: 'father' | 'mother' | 'grandfather' | 'maternalGrandfather';
  father: Adult;
  mother: Adult;
  guardian: Guardian | null;
  guardianship: Guardianship;
  lowIncome: boolean;
  income: string;
  /** Registered in another county (or a Hong Kong/Macao/Taiwan resident): absent from police. */
  registeredElsewhere: OtherArea | null;
  children: Child[];
  /** Where the children actually live when not at home (福利院). */
  currentAddress: string;
}

export interface PopulationState {
  plan: CountyPlan;
  today: Day;
  period: string;
  rng: Rng;
  ids: IdAllocator;
  nextFamily: number;
  nextPerson: number;
  nextCivilAffairs: number;
  households: Map<string, number>;
  /** Recent children a namesake can be made after (see population.ts, namesakes). */
  recentChildren: NamesakeTemplate[];
}

/** What a homophone namesake copies from another child: the sound of the name, the birth, the sex. */
export interface NamesakeTemplate {
  name: PersonName;
  birth: Day;
  sex: Sex;
  townCode: string;
}
