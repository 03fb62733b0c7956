import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type Verification = 'VERIFIED' | 'CORROBORATED' | 'SINGLE_SOURCE' | 'CONFLICT';

export interface RecordQuality {
  records: number;
  invalidIdNumbers: number;
  missingIdNumbers: number;
  unmatched: number;
  /**
   * Children with a valid ID number that this department's export does not hold (kept for police
   * only: "no police record found", the child may be registered elsewhere). Absent when 0.
   */
  noRecordFound?: number;
}

const CATEGORY = `golden->'category'->'value'`;
const LEAVING_FACTS = `array_remove(ARRAY[CASE WHEN golden->'status'->>'value' = ANY (ARRAY['迁出', '死亡', '注销']) THEN 'status:' || (golden->'status'->>'value') ELSE NULL END, CASE WHEN golden->'enrolmentStatus'->>'value' = ANY (ARRAY['毕业', '转出', '死亡']) THEN 'enrolmentStatus:' || (golden->'enrolmentStatus'->>'value') ELSE NULL END], NULL)`;
const BIRTH_DATE = `golden->'birthDate'->>'value'`;

/**
 * One verified identity: the golden record of a cluster of source records, each field with the
 * record it came from. The id is stable across runs (see identity-ids.ts).
 */
@Entity({ tableName: 'child' })
@Index({ properties: ['areaCode'] })
@Index({ properties: ['countyCode'] })
@Index({ properties: ['flagNames'], type: 'gin' })
// The golden birth date: a new period re-evaluates the flags of the children it carries across an
// age threshold (IdentityStore.refreshFlags), a few birth-date ranges, not a scan of every child.
@Index({ name: 'child_golden_birth_date_index', properties: ['goldenBirthDate'] })
// The golden name, by county: the children a mandatory report names without an id may be
// (cases/mandatory-report.matching.ts), read without a scan of the county.
@Index({ name: 'child_county_name_index', expression: `create index "child_county_name_index" on "child" ("county_code", (golden->'name'->>'value'))` })
export class Child {
  @PrimaryKey({ length: 20 })
  id!: string;

  /** County of the child (6-digit GB/T 2260), the unit of partitioning. */
  @Property({ length: 6, nullable: true })
  countyCode?: string;

  /** The golden area code (12-digit village when known): what area scope filters on. */
  @Property({ length: 12, nullable: true })
  areaCode?: string;

  @Enum({ items: ['VERIFIED', 'CORROBORATED', 'SINGLE_SOURCE', 'CONFLICT'] })
  verification!: Verification;

  /** Field → { value, source, recordId } (survivorship with provenance). */
  @Property({ type: 'jsonb' })
  golden!: Record<string, unknown>;

  @Property({ type: 'jsonb' })
  conflicts!: unknown[];

  @Property({ type: 'jsonb' })
  sources!: string[];

  /** Each flag with its rule and evidence (flags.ts), as of `flagsAsOf`. */
  @Property({ type: 'jsonb' })
  flags!: unknown[];

  /** The flags' names, for filtering (GIN-indexed). */
  @Property({ type: 'text[]' })
  flagNames!: string[];

  /** The day the flags were evaluated for: the end of the latest period imported for `flagsCounty`. */
  @Property({ type: 'date', nullable: true })
  flagsAsOf?: string;

  /**
   * The county whose latest imported period the flags follow: the child's own county, or, when
   * that county exported nothing, the county that exported its records (child-flags-date.ts).
   */
  @Property({ length: 6, nullable: true })
  flagsCounty?: string;

  @Property()
  recordCount!: number;

  /**
   * Per department: its records in this child, how many have an invalid or no ID number, and how
   * many no other department's record matched (the dashboard's data quality, via area_tally).
   */
  @Property({ type: 'jsonb', default: '{}' })
  recordQuality!: Record<string, RecordQuality>;

  /**
   * What the flags read beside the golden record (flags.ts FlagFacts): the child's records with
   * their ID numbers, police records waiting in review, the departments searched. Null on a child
   * written before they were kept.
   */
  @Property({ type: 'jsonb', nullable: true })
  flagFacts?: unknown;

  /**
   * What a period state reads from the golden record (changes/period-states.ts), kept by
   * PostgreSQL as the record is written (a county's new quarter reads it for every child, and
   * half a million golden documents took longer to read than the states to write): the
   * civil-affairs categories, what police and the school say of the child leaving (`status:迁出`,
   * `enrolmentStatus:毕业`…), and the birth date.
   */
  @Property({ type: 'jsonb', nullable: true, generated: `(${CATEGORY}) stored` })
  goldenCategory?: string[];

  @Property({ type: 'text[]', nullable: true, generated: `(${LEAVING_FACTS}) stored` })
  leavingFacts?: string[];

  @Property({ length: 10, nullable: true, generated: `(${BIRTH_DATE}) stored` })
  goldenBirthDate?: string;

  @Property()
  createdRunId!: number;

  @Property()
  updatedRunId!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
