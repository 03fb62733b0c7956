import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type ReviewStatus = 'OPEN' | 'DECIDED' | 'SUPERSEDED';

/**
 * A pair the engine will not decide alone (grey zone, or held back by a guard such as twins),
 * with the explanation a reviewer reads side by side with the two records.
 */
@Entity({ tableName: 'review_item' })
@Index({ properties: ['status', 'countyCode'] })
@Index({ properties: ['leftRecordId', 'rightRecordId'] })
export class ReviewItem {
  @PrimaryKey()
  id!: number;

  @Property()
  runId!: number;

  /** The two source_record ids, the smaller first. */
  @Property()
  leftRecordId!: number;

  @Property()
  rightRecordId!: number;

  @Property({ length: 20 })
  leftChildId!: string;

  @Property({ length: 20 })
  rightChildId!: string;

  @Property({ type: 'double' })
  matchWeight!: number;

  /** grey-zone | guard */
  @Property({ length: 20 })
  reason!: string;

  @Property({ type: 'jsonb' })
  explanation!: unknown;

  /** Why a reviewer must decide: the guard that held the pair back, or the thresholds it fell between. */
  @Property({ type: 'text', nullable: true })
  heldBy?: string;

  @Property({ length: 6, nullable: true })
  countyCode?: string;

  @Enum({ items: ['OPEN', 'DECIDED', 'SUPERSEDED'] })
  status: ReviewStatus = 'OPEN';

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
