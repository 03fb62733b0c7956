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

@ObjectType()
export class HubStatus {
  @Field(() => [SourceStatus])
  sources!: SourceStatus[];
}
