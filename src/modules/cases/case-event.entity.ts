import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What happened to a case: who (token subject and role; the hub itself for rule transitions),
 * when, which action, a note and the kind's own facts. Append-only like the audit log: nothing
 * changes or deletes these rows, and the database refuses it too (the migration's trigger).
 */
@Entity({ tableName: 'case_event' })
@Index({ properties: ['caseId', 'id'] })
export class CaseEvent {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Property({ type: 'bigint' })
  caseId!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;

  /** OPENED, STARTED, NOTE, RESOLVED, CLOSED, REOPENED, FLAG_RAISED, FLAG_CLEARED, MERGED, OVERDUE… */
  @Property({ length: 32 })
  action!: string;

  /** The token subject, or `hub` for what the hub did on its own. */
  @Property({ length: 200 })
  actorSub!: string;

  /** The actor's role; null for the hub. */
  @Property({ length: 20, nullable: true })
  actorRole?: string;

  @Property({ type: 'text', nullable: true })
  note?: string;

  @Property({ length: 40, nullable: true })
  outcome?: string;

  /** The step's own facts: evidence of a resolution, a kind's step fields. */
  @Property({ type: 'jsonb', default: '{}' })
  details: Record<string, unknown> = {};
}
