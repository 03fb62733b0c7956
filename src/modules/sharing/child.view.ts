import { FULL_ID_ROLES } from '../../auth/roles';
import { maskIdNumber } from '../../auth/masking';
import type { Viewer } from '../../auth/viewer';
import type { Child, Flag } from './child.type';

/** A child row as stored by reconciliation. */
export interface ChildRow {
  id: string;
  area_code: string | null;
  verification: string;
  golden: Record<string, { value: unknown; source: string; recordId: string } | null>;
  flags: Flag[];
}

/**
 * A child's file as one viewer may see it: ID numbers masked unless the role needs them. Which
 * sections a role sees at all is declared on the GraphQL type (@Authorized); this only shapes values.
 */
export function childView(row: ChildRow, viewer: Viewer): Child {
  const g = row.golden;
  const text = (field: string): string | null => {
    const v = g[field]?.value;
    return typeof v === 'string' ? v : null;
  };
  const bool = (field: string): boolean | null => {
    const v = g[field]?.value;
    return typeof v === 'boolean' ? v : null;
  };
  const list = (field: string): string[] => {
    const v = g[field]?.value;
    return Array.isArray(v) ? (v as string[]) : [];
  };
  const id = (field: string): string | null => (FULL_ID_ROLES.has(viewer.role) ? text(field) : maskIdNumber(text(field)));
  return {
    id: row.id,
    name: text('name'),
    sex: text('sex'),
    birthDate: text('birthDate'),
    idNumber: id('idNumber'),
    areaCode: row.area_code,
    verification: row.verification as Child['verification'],
    // Evidence may quote ID numbers (an ID conflict): masked like every other ID for this role.
    flags: FULL_ID_ROLES.has(viewer.role)
      ? row.flags
      : row.flags.map((f) => ({ ...f, evidence: f.evidence.map((e) => e.replace(/\d{17}[\dX]|\d{15}/g, (id) => maskIdNumber(id)!)) })),
    family: {
      fatherName: text('fatherName'),
      fatherIdNumber: id('fatherIdNumber'),
      fatherMigrant: bool('fatherMigrant'),
      motherName: text('motherName'),
      motherIdNumber: id('motherIdNumber'),
      motherMigrant: bool('motherMigrant'),
      householdNumber: text('householdNumber'),
      householderName: text('householderName'),
    },
    guardianship: {
      guardianName: text('guardianName'),
      guardianRelation: text('guardianRelation'),
      guardianPhone: text('guardianPhone'),
      guardianshipType: text('guardianshipType'),
    },
    welfare: { categories: list('category'), difficultyTypes: list('difficultyTypes'), incomeSource: text('incomeSource'), assistance: list('assistance') },
    schooling: { schoolName: text('schoolName'), grade: text('grade'), enrolmentStatus: text('enrolmentStatus'), leftBehind: bool('leftBehind') },
  };
}
