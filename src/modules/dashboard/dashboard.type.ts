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
}

@ObjectType({ description: 'Counts for civil affairs and town supervisors: no child’s file, so no audit entry.' })
export class Dashboard {
  @Field() areaCode!: string;
  @Field(() => Int) children!: number;
  @Field(() => [Tally]) byFlag!: Tally[];
  @Field(() => [Tally], { description: '儿童类别 (civil affairs).' }) byCategory!: Tally[];
  @Field(() => [Tally]) byVerification!: Tally[];
  @Field(() => [AreaTally]) areas!: AreaTally[];
  @Field(() => [SourceQuality]) dataQuality!: SourceQuality[];
  @Field(() => Int, { description: 'Open review items in the area.' }) reviewBacklog!: number;
}
