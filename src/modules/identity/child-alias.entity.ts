import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A child id absorbed by a merge: it keeps resolving to the surviving child. */
@Entity({ tableName: 'child_alias' })
@Index({ properties: ['childId'] })
export class ChildAlias {
  @PrimaryKey({ length: 20 })
  alias!: string;

  @Property({ length: 20 })
  childId!: string;

  @Property()
  runId!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
