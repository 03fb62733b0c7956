import { Field, Int, ObjectType } from 'type-graphql';
import { Source } from '../ingest/ingest.type';

@ObjectType({ description: 'How much one department has sent (counts only, no personal data).' })
export class SourceStatus {
  @Field(() => Source)
  source!: Source;

  @Field(() => Int, { description: 'Distinct records (by record key) held for this source.' })
  records!: number;

  @Field(() => String, { nullable: true, description: 'The latest period imported.' })
  latestPeriod!: string | null;

  @Field(() => Int, { description: 'Completed imports.' })
  imports!: number;

  @Field(() => Int, { description: 'Rows rejected over all imports (see the error reports).' })
  rejectedRows!: number;
}

@ObjectType({ description: 'What reconciliation has made of the records (counts only).' })
export class IdentityStatus {
  @Field(() => Int, { description: 'Verified identities (children).' })
  children!: number;

  @Field(() => Int, { description: 'A police record agrees with at least one other source.' })
  verified!: number;

  @Field(() => Int, { description: 'Two or more sources agree, no police record.' })
  corroborated!: number;

  @Field(() => Int, { description: 'Known to one source only.' })
  singleSource!: number;

  @Field(() => Int, { description: 'Sources disagree on a key field.' })
  conflict!: number;

  @Field(() => Int, { description: 'Imported records no reconciliation has linked yet.' })
  unlinkedRecords!: number;

  @Field(() => Int, { description: 'Pairs waiting for a reviewer.' })
  openReviews!: number;

  @Field(() => Date, { nullable: true, description: 'When the last reconciliation finished.' })
  lastReconciledAt!: Date | null;
}

@ObjectType()
export class HubStatus {
  @Field(() => [SourceStatus])
  sources!: SourceStatus[];

  @Field(() => IdentityStatus)
  identity!: IdentityStatus;
}
