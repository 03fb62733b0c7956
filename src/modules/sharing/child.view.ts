import { ACCESS, FIELD_SECTION, seesWholeFile, type RoleAccess } from '../../auth/access';
import type { Viewer } from '../../auth/viewer';
import type { Evidence, FlagFinding } from '../identity/flags';
import type { Child, Flag, SourceRecordRef } from './child.type';

/** A child row as stored by reconciliation. */
export interface ChildRow {
  id: string;
  area_code: string | null;
  verification: string;
  golden: Record<string, { value: unknown; source: string; recordId: string } | null>;
  /** Evidence as written by flags.ts; rows written before evidence was structured hold plain strings. */
  flags: (Omit<FlagFinding, 'evidence'> & { evidence: (Evidence | string)[] })[];
}

/**
 * A department record's reference in answers: opaque (the record's own key can be an ID number,
 * 全国学籍号 = G + ID number), stable, and the same in `sourceRecords` and in flag evidence.
 */
export function recordRef(recordId: string | number): string {
  return `R${recordId}`;
}

/** A linked record as a role may see it: its key only for roles that see full ID numbers. */
export function sourceRecordRef(row: { id: number | string; source: string; recordKey: string; period: string }, viewer: Viewer): SourceRecordRef {
  return { ref: recordRef(row.id), source: row.source, recordKey: ACCESS[viewer.role].fullIdNumbers ? row.recordKey : null, period: row.period };
}

/**
 * A child's file as one viewer may see it. Which sections a role sees at all is declared on the
 * GraphQL type (@Authorized, from auth/access.ts); here the flags and their evidence are cut to
 * the role. ID numbers are not masked here: every answer to a masked role goes through one mask
 * (graphql/id-masking.plugin.ts), evidence and errors included.
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
  return {
    id: row.id,
    name: text('name'),
    sex: text('sex'),
    birthDate: text('birthDate'),
    idNumber: text('idNumber'),
    areaCode: row.area_code,
    verification: row.verification as Child['verification'],
    flags: visibleFlags(row.flags, ACCESS[viewer.role]),
    family: {
      fatherName: text('fatherName'),
      fatherIdNumber: text('fatherIdNumber'),
      fatherMigrant: bool('fatherMigrant'),
      motherName: text('motherName'),
      motherIdNumber: text('motherIdNumber'),
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

/** The flags a role may see, each with only the evidence it may see. */
export function visibleFlags(flags: ChildRow['flags'], access: RoleAccess): Flag[] {
  return flags
    .filter((f) => access.flags.includes(f.flag))
    .map((f) => ({
      flag: f.flag as unknown as Flag['flag'],
      rule: f.rule,
      strength: (f.strength ?? null) as Flag['strength'],
      evidence: f.evidence.flatMap((e) => {
        const shown = evidenceFor(e, access);
        return shown === null ? [] : [shown];
      }),
    }));
}

/**
 * One fact as a role may see it: hidden when it quotes a section the role does not see, or is a
 * fact about a department whose records the role does not see; cited ("(police record R36)") only
 * when the role sees that department's records.
 */
export function evidenceFor(e: Evidence | string, access: RoleAccess): string | null {
  // Written before evidence carried its field and source: only a role that sees everything may read it.
  if (typeof e === 'string') return seesWholeFile(access) ? e : null;
  if (e.field !== undefined) {
    const section = FIELD_SECTION[e.field];
    // A field no section claims is shown only to a role that sees everything (fail closed).
    if (section === undefined ? !seesWholeFile(access) : !access.sections.includes(section)) return null;
  }
  const citable = e.source !== undefined && access.sources.includes(e.source);
  if (e.field === undefined && e.source !== undefined && !citable) return null;
  return citable && e.recordId !== undefined ? `${e.text} (${e.source} record ${recordRef(e.recordId)})` : e.text;
}
