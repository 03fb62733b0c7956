import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type ReviewVerdict = 'MATCH' | 'NO_MATCH';

/**
 * A reviewer's decision on a pair of source records. Decisions are never edited: a later one
 * for the same pair supersedes it, and every reconciliation run, full or incremental, obeys the
 * latest (002 §三(二): civil affairs leads the comparison).
 */
@Entity({ tableName: 'review_decision' })
@Index({ properties: ['leftRecordId', 'rightRecordId'] })
export class ReviewDecision {
  @PrimaryKey()
  id!: number;

  @Property()
  leftRecordId!: number;

  @Property()
  rightRecordId!: number;

  @Enum({ items: ['MATCH', 'NO_MATCH'] })
  decision!: ReviewVerdict;

  @Property({ length: 100 })
  reviewer!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ nullable: true })
  reviewItemId?: number;

  @Property({ type: 'timestamptz' })
  decidedAt: Date = new Date();
}
