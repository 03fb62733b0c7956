import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../sharing/child.type';
import { EventKind } from './event-kinds';

@ObjectType('HubEvent', { description: 'Something that happened, in ids and codes only: read the file through the API (the read is audited).' })
export class HubEvent {
  @Field(() => ID, { description: 'Increasing: resume with events(filter: {after: id}).' }) id!: string;
  @Field(() => EventKind) kind!: EventKind;
  @Field(() => String, { nullable: true }) childId!: string | null;
  @Field(() => String, { nullable: true, description: 'The child absorbed by a merge, or the one a split child left.' }) otherChildId!: string | null;
  @Field(() => String, { nullable: true }) caseId!: string | null;
  @Field(() => String, { nullable: true, description: 'The kind of the case (DROPOUT_FOLLOW_UP, REGISTRATION…), on a case’s events: a receiver tells its own cases without reading them.' }) caseKind!: string | null;
  @Field(() => Int, { nullable: true }) reviewItemId!: number | null;
  @Field(() => Int, { nullable: true }) importId!: number | null;
  @Field(() => Int, { nullable: true, description: 'The reconciliation run.' }) runId!: number | null;
  @Field(() => String, { nullable: true, description: 'The flag raised, cleared or changed in strength.' }) flag!: string | null;
  @Field(() => String, { nullable: true, description: 'The flag’s strength after the event, where it has one (DROPOUT: CONFIRMED, the school says 辍学; TO_VERIFY, no enrolment found here). FLAG_RAISED and FLAG_STRENGTH_CHANGED carry it.' }) strength!: string | null;
  @Field(() => String, { nullable: true, description: 'The department whose export an import read.' }) source!: string | null;
  @Field(() => String, { nullable: true }) areaCode!: string | null;
  @Field(() => String, { nullable: true }) countyCode!: string | null;
  @Field(() => String, { nullable: true, description: 'The quarter concerned, e.g. 2024Q1.' }) period!: string | null;
  @Field() occurredAt!: Date;
}

@InputType()
export class EventFilter {
  @Field(() => [EventKind], { nullable: true, description: 'Only these kinds (default: every kind your role hears of).' }) kinds?: EventKind[];
  @Field(() => String, { nullable: true, description: 'A GB/T 2260 code prefix inside your area.' }) areaCode?: string;
  @Field(() => ID, { nullable: true, description: 'Only events after this id (the last one you saw).' }) after?: string;
}

@ObjectType()
export class EventEdge {
  @Field({ description: 'The event id.' }) cursor!: string;
  @Field(() => HubEvent) node!: HubEvent;
}

@ObjectType()
export class EventConnection {
  @Field(() => [EventEdge]) edges!: EventEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
