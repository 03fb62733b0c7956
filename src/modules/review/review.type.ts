import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ReviewDecisionKind {
  MATCH = 'MATCH',
  NO_MATCH = 'NO_MATCH',
}
registerEnumType(ReviewDecisionKind, { name: 'ReviewDecision', description: 'MATCH: one child; NO_MATCH: two children. Obeyed by every later reconciliation.' });

@ObjectType({ description: 'One comparison of a review pair: the level it reached and its weight (log2 odds).' })
export class ComparisonLevel {
  @Field() comparison!: string;
  @Field() level!: string;
  @Field(() => Float) weight!: number;
}

@ObjectType({ description: 'A pair of records the engine would not decide alone, with its explanation.' })
export class ReviewItem {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'The child the first record belongs to now.' }) leftChildId!: string;
  @Field(() => ID) rightChildId!: string;
  @Field(() => Float, { description: 'Match weight (log2 odds), prior included.' }) matchWeight!: number;
  @Field({ description: 'grey-zone (between the thresholds) or guard (e.g. twins: never linked automatically)' }) reason!: string;
  @Field(() => [ComparisonLevel]) explanation!: ComparisonLevel[];
}

@InputType()
export class DecideReviewInput {
  @Field(() => ID) id!: string;
  @Field(() => ReviewDecisionKind) decision!: ReviewDecisionKind;
  @Field({ description: 'Why: what the reviewer checked.' }) reason!: string;
}

@ObjectType()
export class ReviewQueue {
  @Field(() => Int) open!: number;
  @Field(() => [ReviewItem]) items!: ReviewItem[];
}
