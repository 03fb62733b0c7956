import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type VisitKind = 'CONTACT' | 'HOME_VISIT';

/**
 * A village child director's contact with a child (002 §6: contact every month, visit at home
 * every quarter). Recorded by the director; read with the child's file.
 */
@Entity({ tableName: 'visit' })
@Index({ properties: ['childId', 'visitedOn'] })
export class Visit {
  @PrimaryKey()
  id!: number;

  @Property({ length: 20 })
  childId!: string;

  @Enum({ items: ['CONTACT', 'HOME_VISIT'] })
  kind!: VisitKind;

  @Property({ type: 'date' })
  visitedOn!: string;

  @Property({ type: 'text' })
  notes!: string;

  @Property({ length: 200 })
  recordedBy!: string;

  @Property({ length: 12 })
  areaCode!: string;

  @Property({ type: 'timestamptz' })
  recordedAt: Date = new Date();
}
