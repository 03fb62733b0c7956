import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The outbox: every change worth telling a department, written in the same transaction as the
 * change (outbox.ts), append-only and kept. Ids and codes only: no name, no ID number. A receiver
 * that wants the file reads it through the API, where the read is audited.
 */
@Entity({ tableName: 'event' })
@Index({ properties: ['countyCode', 'id'] })
// The deadline job asks whether a child was told owed a visit since its last one (casework/visit-due-events.ts).
@Index({ name: 'event_visit_due_child', expression: `create index "event_visit_due_child" on "event" ("child_id", "occurred_at") where "kind" = 'VISIT_DUE'` })
export class HubEventEntity {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  /** event-kinds.ts EventKind */
  @Property({ length: 40 })
  kind!: string;

  @Property({ length: 20, nullable: true })
  childId?: string;

  /** The other child of a merge (the absorbed one) or of a split (the one the records left). */
  @Property({ length: 20, nullable: true })
  otherChildId?: string;

  @Property({ length: 40, nullable: true })
  caseId?: string;

  /** The kind of the case a case event is about (case-kinds.ts CaseKind): who may hear of it. */
  @Property({ length: 32, nullable: true })
  caseKind?: string;

  @Property({ nullable: true })
  reviewItemId?: number;

  @Property({ nullable: true })
  importId?: number;

  @Property({ nullable: true })
  runId?: number;

  /** The flag raised or cleared (flags.ts ChildFlag). */
  @Property({ length: 40, nullable: true })
  flag?: string;

  /** The flag's strength after the event, where it has one (flags.ts FlagStrength: DROPOUT's CONFIRMED or TO_VERIFY). */
  @Property({ length: 20, nullable: true })
  strength?: string;

  /** The department whose export an import read. */
  @Property({ length: 20, nullable: true })
  source?: string;

  @Property({ length: 12, nullable: true })
  areaCode?: string;

  @Property({ length: 6, nullable: true })
  countyCode?: string;

  /** The quarter concerned, `2024Q1`. */
  @Property({ length: 6, nullable: true })
  period?: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  occurredAt!: Date;
}
