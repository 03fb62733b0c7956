import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type LinkEventKind = 'linked' | 'moved' | 'merged';

/**
 * The log of every change of identity: a record linked to a child for the first time, a record
 * moved from one child to another (a split or a reviewer's decision), a child merged into another.
 */
@Entity({ tableName: 'link_event' })
@Index({ properties: ['childId'] })
@Index({ properties: ['sourceRecordId'] })
// The identity changes by run, for comparing two periods (changes module): few rows among the 'linked'.
@Index({ name: 'link_event_identity_change_index', expression: `create index "link_event_identity_change_index" on "link_event" ("run_id") where kind <> 'linked'` })
export class LinkEvent {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Property()
  runId!: number;

  @Enum({ items: ['linked', 'moved', 'merged'] })
  kind!: LinkEventKind;

  @Property({ nullable: true })
  sourceRecordId?: number;

  @Property({ length: 20 })
  childId!: string;

  @Property({ length: 20, nullable: true })
  previousChildId?: string;

  @Property({ type: 'timestamptz' })
  at: Date = new Date();
}
