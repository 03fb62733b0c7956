import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A mandatory report (强制报告, 001 §二(三)) as its reporter made it: who, when, what concern, and
 * the child as the reporter knew it (an id, or a name, a birth date and an area). The case it
 * opened, or joined, carries the work; this row keeps the reporter's own words apart from the
 * case, so that the case's readers see the steps and the reporter sees only its reports' status.
 *
 * Append-only like the audit log (the migration's trigger): a report is never edited, and the
 * child attached later by the police is an event of the case, not a change here.
 */
@Entity({ tableName: 'concern_report' })
@Index({ properties: ['reporterSub', 'reporterRole', 'id'] })
@Index({ properties: ['caseId'] })
export class ConcernReport {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  /** The MANDATORY_REPORT case it opened or joined (one case per child: a second report joins). */
  @Property({ type: 'bigint' })
  caseId!: string;

  @Property({ type: 'timestamptz' })
  reportedAt!: Date;

  @Property({ length: 200 })
  reporterSub!: string;

  @Property({ length: 20 })
  reporterRole!: string;

  @Property({ length: 12 })
  reporterArea!: string;

  /** ALONE, MISSING, ABUSE_SUSPECTED, GUARDIAN_INCAPABLE, OTHER. */
  @Property({ length: 24 })
  concern!: string;

  @Property({ type: 'date' })
  observedOn!: string;

  @Property({ type: 'text' })
  description!: string;

  /** The child the reporter named by id (resolved through aliases), if it did. */
  @Property({ length: 20, nullable: true })
  childId?: string;

  /** The child as the reporter described it, when it gave no id. */
  @Property({ length: 100, nullable: true })
  reportedName?: string;

  @Property({ type: 'date', nullable: true })
  reportedBirthDate?: string;

  /** Where the child is: the named child's area, or the area the reporter gave. */
  @Property({ length: 12 })
  areaCode!: string;

  /** The report joined a case already owed for the child instead of opening one. */
  @Property({ default: false })
  joined: boolean = false;
}
