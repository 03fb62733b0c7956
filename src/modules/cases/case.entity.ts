import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A piece of follow-up work the hub assigns for a child: an owner role, a deadline and an outcome
 * (case-kinds.ts). What happened to it is in `case_event`, which is append-only; the row here is
 * the case's current state, kept beside the events so that lists and overdue counts read one row.
 *
 * Nothing about the child beyond its id: names and ID numbers stay in the child's file, which the
 * reader's role may or may not see.
 */
@Entity({ tableName: 'case' })
// One open case per child and kind (issue 13 §2): a second raise of the flag, or a person opening
// one, finds the open case instead.
@Index({ name: 'case_one_active_per_child_kind', expression: `create unique index "case_one_active_per_child_kind" on "case" ("child_id", "kind") where "status" in ('OPEN', 'IN_PROGRESS')` })
// The case that follows a flag's presence (see case-flags.ts): one per child and kind at a time.
@Index({ name: 'case_holding_flag', expression: `create unique index "case_holding_flag" on "case" ("child_id", "kind") where "flag_held"` })
// Lists by area and overdue counts read the cases still owed, by county and deadline.
@Index({ name: 'case_active_due', expression: `create index "case_active_due" on "case" ("county_code", "due") where "status" in ('OPEN', 'IN_PROGRESS')` })
// The scheduled deadline job reads the cases still owed that went overdue unnoticed (jobs/deadlines.ts).
@Index({ name: 'case_overdue_unnoted', expression: `create index "case_overdue_unnoted" on "case" ("due") where "status" in ('OPEN', 'IN_PROGRESS') and "overdue_noted_at" is null` })
@Index({ properties: ['childId'] })
export class CaseEntity {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Property({ length: 32 })
  kind!: string;

  /** OPEN → IN_PROGRESS → RESOLVED | CLOSED; REOPEN brings a closed one back to IN_PROGRESS. */
  @Property({ length: 16 })
  status!: string;

  @Property({ length: 20 })
  ownerRole!: string;

  /** Null only for a report about a child the hub could not identify (the mandatory report's chain). */
  @Property({ length: 20, nullable: true })
  childId?: string;

  @Property({ length: 6, nullable: true })
  countyCode?: string;

  /** The child's area when the case was opened, kept in step by each reconciliation run. */
  @Property({ length: 12, nullable: true })
  areaCode?: string;

  @Property({ type: 'timestamptz' })
  openedAt!: Date;

  @Property({ type: 'timestamptz' })
  due!: Date;

  /** From the kind's own list (case-kinds.ts). */
  @Property({ length: 40, nullable: true })
  outcome?: string;

  /** RULE (a flag raised at reconciliation) or PERSON. */
  @Property({ length: 10 })
  openedBy!: string;

  /** The token subject that opened it; null when a rule did. */
  @Property({ length: 200, nullable: true })
  openedBySub?: string;

  /** The earlier case of the same child and kind this one follows (a flag back after a closure). */
  @Property({ type: 'bigint', nullable: true })
  refersTo?: string;

  /**
   * Whether this case stands for the flag being present on the child now: set when the flag is
   * raised, cleared when a later import clears it. A case closed by a person while the flag is
   * still there keeps it, so that the same flag does not open a new case at every run.
   */
  @Property({ default: false })
  flagHeld: boolean = false;

  /** The kind's own facts (a report's concern, a missing parent's relation, the flag's strength…). */
  @Property({ type: 'jsonb', default: '{}' })
  details: Record<string, unknown> = {};

  /**
   * When the case, still owed, was first noted past its deadline: one OVERDUE case event and one
   * CASE_OVERDUE outbox event per spell. Reset when the case is settled (a reopened case past its
   * date is overdue anew) or its deadline moves (the mandatory report's hand-over).
   */
  @Property({ type: 'timestamptz', nullable: true })
  overdueNotedAt?: Date;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;
}
