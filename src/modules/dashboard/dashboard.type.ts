import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A count under a name (a flag, a category, a verification status).' })
export class Tally {
  @Field() key!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'One area one level down (a town of the county, a village of the town).' })
export class AreaTally {
  @Field() areaCode!: string;
  @Field(() => Int) children!: number;
  @Field(() => [Tally]) flags!: Tally[];
}

@ObjectType({ description: 'How good one department’s data is, in the area.' })
export class SourceQuality {
  @Field() source!: string;
  @Field(() => Int) records!: number;
  @Field(() => Int, { description: 'ID numbers that fail GB 11643 (check digit, date, region).' }) invalidIdNumbers!: number;
  @Field(() => Int, { description: 'Records without an ID number.' }) missingIdNumbers!: number;
  @Field(() => Int, { description: 'Records no other department’s record matched.' }) unmatched!: number;
  @Field(() => Int, {
    description:
      'Children with a valid ID number whom this department’s export does not hold (police: "no police record found"; registered elsewhere, moved, or not linked yet). A data-quality finding, not on the UNREGISTERED list.',
  })
  noRecordFound!: number;
}

@ObjectType({ description: 'How many children carry a flag at one strength (DROPOUT: CONFIRMED by the school, or TO_VERIFY).' })
export class FlagStrengthTally {
  @Field() flag!: string;
  @Field() strength!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Cases still owed and past due, of one kind, in one area one level down (or the area itself, for cases without a finer area).' })
export class OverdueCaseTally {
  @Field() kind!: string;
  @Field() areaCode!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Counts for civil affairs and town supervisors: no child’s file, so no audit entry.' })
export class Dashboard {
  @Field() areaCode!: string;
  @Field(() => Int) children!: number;
  @Field(() => [Tally], { description: 'Children per flag, whatever its strength.' }) byFlag!: Tally[];
  @Field(() => [FlagStrengthTally], { description: 'The flags that have a strength, split by it (DROPOUT: CONFIRMED / TO_VERIFY).' }) byFlagStrength!: FlagStrengthTally[];
  @Field(() => [Tally], { description: '儿童类别 (civil affairs).' }) byCategory!: Tally[];
  @Field(() => [Tally]) byVerification!: Tally[];
  @Field(() => [AreaTally]) areas!: AreaTally[];
  @Field(() => [SourceQuality]) dataQuality!: SourceQuality[];
  @Field(() => Int, { description: 'Open review items in the area.' }) reviewBacklog!: number;
  @Field(() => Int, { description: 'Children looked after who are owed a contact (monthly) or a home visit (quarterly), 002 §二(二)6.' }) visitsDue!: number;
  @Field(() => [OverdueCaseTally], { description: 'Overdue cases per kind and area one level down, whatever role owns them.' }) overdueCases!: OverdueCaseTally[];
}
