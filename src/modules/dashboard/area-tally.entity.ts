import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The dashboard's counts, kept per child area code by triggers on `child` (migration
 * 20261125170000): every statement that inserts, updates or deletes children adds what the new
 * rows count and takes away what the old rows counted, in the same transaction. A dashboard then
 * sums a few hundred rows of its area instead of aggregating every child on each request.
 * Measures: children, flag, category, verification (key = the value), and per department (key =
 * source) records, invalidIdNumbers, missingIdNumbers, unmatched. A count may fall to 0.
 * The rows are few and hot: a new writer of `child` must take the reconciliation lock
 * (IdentityStore.exclusively), as every writer does today, or two transactions could deadlock here.
 */
@Entity({ tableName: 'area_tally' })
export class AreaTally {
  /** The child's area code as stored on `child` ('' when unknown: no area prefix reaches it). */
  @PrimaryKey({ length: 12 })
  areaCode!: string;

  @PrimaryKey({ type: 'text' })
  measure!: string;

  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property()
  count!: number;
}
