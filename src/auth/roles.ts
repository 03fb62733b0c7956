import { registerEnumType } from 'type-graphql';

/** Who asks (docs/DOMAIN.md, "Who asks, and what they may see"). */
export enum Role {
  CIVIL_AFFAIRS = 'CIVIL_AFFAIRS',
  EDUCATION = 'EDUCATION',
  POLICE = 'POLICE',
  /** 儿童督导员 (乡镇/街道) */
  TOWN_SUPERVISOR = 'TOWN_SUPERVISOR',
  /** 儿童主任 (村/居) */
  VILLAGE_DIRECTOR = 'VILLAGE_DIRECTOR',
  AUDITOR = 'AUDITOR',
}

registerEnumType(Role, { name: 'Role', description: 'The role a token carries; it decides what the viewer may see.' });

/** The area levels (code lengths) a role's token may name: county 6, town 9, village 12. */
export const AREA_LENGTHS: Readonly<Record<Role, readonly number[]>> = {
  [Role.CIVIL_AFFAIRS]: [6],
  [Role.EDUCATION]: [6],
  [Role.POLICE]: [6, 9], // 公安 or a 派出所
  [Role.TOWN_SUPERVISOR]: [9],
  [Role.VILLAGE_DIRECTOR]: [12],
  [Role.AUDITOR]: [6],
};

/** A role named in a sentence: 'an EDUCATION', 'a POLICE'. */
export function aRole(role: string): string {
  return `${/^[AEIOU]/.test(role) ? 'an' : 'a'} ${role}`;
}
