import type { Role } from '../../../schema/generated/console';

/**
 * What each role may read, as the hub's access table says (src/auth/access.ts): the pages ask
 * only for these sections, so an answer never carries a refusal. The hub enforces it anyway.
 */
export type Section = 'family' | 'guardianship' | 'welfare' | 'schooling' | 'visits';

const WHOLE_FILE: readonly Section[] = ['family', 'guardianship', 'welfare', 'schooling', 'visits'];

export const SECTIONS: Record<Role, readonly Section[]> = {
  CIVIL_AFFAIRS: WHOLE_FILE,
  EDUCATION: ['schooling'],
  POLICE: ['family'],
  TOWN_SUPERVISOR: WHOLE_FILE,
  VILLAGE_DIRECTOR: WHOLE_FILE,
  AUDITOR: [],
};

/** The area levels (code lengths) a role's token may name (src/auth/roles.ts). */
export const AREA_LENGTHS: Record<Role, readonly number[]> = {
  CIVIL_AFFAIRS: [6],
  EDUCATION: [6],
  POLICE: [6, 9],
  TOWN_SUPERVISOR: [9],
  VILLAGE_DIRECTOR: [12],
  AUDITOR: [6],
};

export const FILE_READERS: readonly Role[] = ['CIVIL_AFFAIRS', 'EDUCATION', 'POLICE', 'TOWN_SUPERVISOR', 'VILLAGE_DIRECTOR'];

export function sees(role: Role, section: Section): boolean {
  return SECTIONS[role].includes(section);
}
