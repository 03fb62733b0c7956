import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ReviewDecisionKind {
  MATCH = 'MATCH',
  NO_MATCH = 'NO_MATCH',
}
registerEnumType(ReviewDecisionKind, { name: 'ReviewDecision', description: 'MATCH: one child; NO_MATCH: two children. Obeyed by every later reconciliation.' });

@ObjectType({ description: 'One comparison of a review pair: the level the two records reached on it and that level’s weight (log2 odds).' })
export class PairComparison {
  @Field({ description: 'The comparison: name, id number, birth date, sex, area, family.' }) comparison!: string;
  @Field({ description: 'The level reached, e.g. homophone, one day apart; null: a record has no value.' }) level!: string;
  @Field(() => Float) weight!: number;
}

@ObjectType({ description: 'One record of a review pair as its department exported it (normalised), to read beside the other.' })
export class ReviewRecord {
  @Field(() => ID, { description: 'The record’s opaque reference (R…), as on a child’s file.' }) ref!: string;
  @Field({ description: 'civil-affairs | education | police' }) source!: string;
  @Field(() => String, { nullable: true, description: 'The department’s own key (an ID number for police and most students): only for roles that see full ID numbers.' })
  recordKey!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) birthDate!: string | null;
  @Field(() => String, { nullable: true, description: 'M or F' }) sex!: string | null;
  @Field(() => String, { nullable: true, description: 'Masked for roles that do not need it.' }) idNumber!: string | null;
  @Field(() => String, { nullable: true }) areaCode!: string | null;
  @Field(() => String, { nullable: true }) fatherName!: string | null;
  @Field(() => String, { nullable: true, description: 'Masked for roles that do not need it.' }) fatherIdNumber!: string | null;
  @Field(() => String, { nullable: true }) motherName!: string | null;
  @Field(() => String, { nullable: true, description: 'Masked for roles that do not need it.' }) motherIdNumber!: string | null;
  @Field(() => String, { nullable: true }) guardianName!: string | null;
  @Field(() => String, { nullable: true }) guardianRelation!: string | null;
  @Field(() => String, { nullable: true }) guardianPhone!: string | null;
}

@ObjectType({ description: 'A pair of records the engine would not decide alone: both records side by side, each comparison, and why it waits.' })
export class ReviewItem {
  @Field(() => ID) id!: string;
  @Field(() => ReviewRecord, { description: 'The first record of the pair.' }) left!: ReviewRecord;
  @Field(() => ReviewRecord) right!: ReviewRecord;
  @Field(() => ID, { description: 'The child the first record belongs to now.' }) leftChildId!: string;
  @Field(() => ID) rightChildId!: string;
  @Field(() => Float, { description: 'Match weight (log2 odds), prior included.' }) matchWeight!: number;
  @Field({ description: 'grey-zone (between the thresholds) or guard (e.g. twins: never linked automatically)' }) reason!: string;
  @Field(() => String, { nullable: true, description: 'Which guard held the pair back, or which thresholds its weight fell between.' }) heldBy!: string | null;
  @Field(() => [PairComparison], { description: 'Each comparison’s level and weight.' }) comparisons!: PairComparison[];
  @Field(() => [PairComparison], { deprecationReason: 'Use comparisons.' }) explanation!: PairComparison[];
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
