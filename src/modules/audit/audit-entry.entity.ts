import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One read of a child's file: who (subject, role), which child, by which operation, when. Or one
 * change of who is told about children (a webhook's creation, …): no child, and what changed in
 * `detail`.
 * Append-only: no operation changes or deletes these rows, and the database refuses it too
 * (see the migration that adds the guard trigger).
 */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['childId', 'at'] })
@Index({ properties: ['subject', 'at'] })
export class AuditEntry {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Property({ type: 'timestamptz' })
  at: Date = new Date();

  @Property({ length: 200 })
  subject!: string;

  @Property({ length: 20 })
  role!: string;

  /** The area the viewer's token named. */
  @Property({ length: 12 })
  area!: string;

  @Property({ length: 50 })
  operation!: string;

  /** The child whose file was read; null for a change that names no child. */
  @Property({ length: 20, nullable: true })
  childId?: string;

  /** What a change changed (a webhook's id, role, area, kinds and target host); null for a read. */
  @Property({ type: 'jsonb', nullable: true })
  detail?: Record<string, unknown>;
}
