import { Role } from './roles';
import type { ChildFlag } from '../modules/identity/flags';

/**
 * What each role may see of a child's file: the whole access policy in one table, so that the
 * GraphQL declarations (@Authorized on sections), the flag filter, the evidence filter and the
 * masking all read the same answer. Each role sees the minimum its work needs (minors' data is
 * sensitive personal information: PIPL art. 28 and 31; docs/SECURITY.md explains each choice).
 */
export type Section = 'identity' | 'family' | 'guardianship' | 'welfare' | 'schooling' | 'visits';

export interface RoleAccess {
  /** Sections of a child's file the role reads (identity: name, sex, birth date, ID number, area). */
  sections: readonly Section[];
  /** Department records the role may see listed on a file and cited in evidence. */
  sources: readonly string[];
  /** Flags the role sees on a file and may filter by. */
  flags: readonly ChildFlag[];
  /** Whether the role reads full ID numbers (and department record keys, which can be ID numbers). */
  fullIdNumbers: boolean;
}

const ALL_SOURCES = ['civil-affairs', 'education', 'police'] as const;
const ALL_FLAGS: readonly ChildFlag[] = ['LEFT_BEHIND', 'IN_DIFFICULTY', 'DROPOUT', 'UNREGISTERED', 'ALONE_UNDER_16', 'ID_CONFLICT', 'DUPLICATE_REGISTRATION'];
const ALL_SECTIONS: readonly Section[] = ['identity', 'family', 'guardianship', 'welfare', 'schooling', 'visits'];

export const ACCESS: Readonly<Record<Role, RoleAccess>> = {
  // 区县民政局 leads the work and the comparison (002 §三(二)): the whole file.
  [Role.CIVIL_AFFAIRS]: { sections: ALL_SECTIONS, sources: ALL_SOURCES, flags: ALL_FLAGS, fullIdNumbers: true },
  // 教育局: enrolment and dropouts (控辍保学, 002 §9), the left-behind flag for boarding priority.
  [Role.EDUCATION]: { sections: ['identity', 'schooling'], sources: ['education'], flags: ['LEFT_BEHIND', 'DROPOUT'], fullIdNumbers: false },
  // 公安: registration (无户籍, 004 §四(三); 一人多户, which police clean up), household and parents'
  // ID numbers, mandatory reports (001 §二(三)); no welfare or school detail. Education sees
  // DROPOUT with its strength (CONFIRMED / TO_VERIFY): it is the one who checks.
  [Role.POLICE]: { sections: ['identity', 'family'], sources: ['police'], flags: ['UNREGISTERED', 'ALONE_UNDER_16', 'ID_CONFLICT', 'DUPLICATE_REGISTRATION'], fullIdNumbers: true },
  // 儿童督导员 and 儿童主任 keep the files of their town or village (004 annexes 2 and 3).
  [Role.TOWN_SUPERVISOR]: { sections: ALL_SECTIONS, sources: ALL_SOURCES, flags: ALL_FLAGS, fullIdNumbers: false },
  [Role.VILLAGE_DIRECTOR]: { sections: ALL_SECTIONS, sources: ALL_SOURCES, flags: ALL_FLAGS, fullIdNumbers: false },
  // The auditor reads who read what (the audit log), never a child's file.
  [Role.AUDITOR]: { sections: [], sources: [], flags: [], fullIdNumbers: false },
};

/** The roles that read a section: what @Authorized declares on it. */
export function rolesSeeing(section: Section): Role[] {
  return (Object.keys(ACCESS) as Role[]).filter((role) => ACCESS[role].sections.includes(section));
}

/** The roles that read children's files at all. */
export const FILE_READERS: readonly Role[] = rolesSeeing('identity');

/** Whether a role sees every section and every department's records (civil affairs, supervisors, directors). */
export function seesWholeFile(access: RoleAccess): boolean {
  return ALL_SECTIONS.every((s) => access.sections.includes(s)) && ALL_SOURCES.every((s) => access.sources.includes(s));
}

export function seesFullIdNumbers(role: Role): boolean {
  return ACCESS[role].fullIdNumbers;
}

/** The section each golden-record field belongs to: evidence quoting a field is shown only with it. */
export const FIELD_SECTION: Readonly<Record<string, Section>> = {
  name: 'identity',
  formerName: 'identity',
  sex: 'identity',
  birthDate: 'identity',
  idNumber: 'identity',
  areaCode: 'identity',
  fatherName: 'family',
  fatherIdNumber: 'family',
  fatherMigrant: 'family',
  motherName: 'family',
  motherIdNumber: 'family',
  motherMigrant: 'family',
  householdNumber: 'family',
  householderName: 'family',
  status: 'family', // the household registration's status (正常/迁出/死亡/注销)
  guardianName: 'guardianship',
  guardianRelation: 'guardianship',
  guardianPhone: 'guardianship',
  guardianshipType: 'guardianship',
  category: 'welfare',
  difficultyTypes: 'welfare',
  incomeSource: 'welfare',
  assistance: 'welfare',
  schoolName: 'schooling',
  grade: 'schooling',
  enrolmentStatus: 'schooling',
  leftBehind: 'schooling',
};

/**
 * Cases (src/modules/cases): which cases a role reads inside its area, and whether it may add a
 * note. Acting on a case (start, resolve, close, reopen) belongs to the kind's owner role
 * (cases/case-kinds.ts), inside its area. Civil affairs leads the work and the comparison
 * (002 §三(二)): it reads every case of its county. Supervisors and directors keep their area's
 * children's files (004 annexes 2 and 3): they read their area's cases and add notes. Education
 * and police read the cases they own. The auditor reads, to check the work is done.
 */
export interface CaseAccess {
  reads: 'all' | 'owned';
  notes: boolean;
}

export const CASE_ACCESS: Readonly<Record<Role, CaseAccess>> = {
  [Role.CIVIL_AFFAIRS]: { reads: 'all', notes: true },
  [Role.EDUCATION]: { reads: 'owned', notes: true },
  [Role.POLICE]: { reads: 'owned', notes: true },
  [Role.TOWN_SUPERVISOR]: { reads: 'all', notes: true },
  [Role.VILLAGE_DIRECTOR]: { reads: 'all', notes: true },
  [Role.AUDITOR]: { reads: 'all', notes: false },
};
