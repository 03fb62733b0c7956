import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

export enum VisitKind {
  CONTACT = 'CONTACT',
  HOME_VISIT = 'HOME_VISIT',
}
registerEnumType(VisitKind, { name: 'VisitKind', description: '002 §6: CONTACT monthly, HOME_VISIT quarterly.' });

@ObjectType({ description: 'A village child director’s contact with a child (走访记录).' })
export class VisitRecord {
  @Field(() => ID) id!: string;
  @Field(() => VisitKind) kind!: VisitKind;
  @Field({ description: 'YYYY-MM-DD' }) visitedOn!: string;
  @Field() notes!: string;
  @Field() recordedBy!: string;
}

@InputType()
export class RecordVisitInput {
  @Field(() => ID) childId!: string;
  @Field(() => VisitKind) kind!: VisitKind;
  @Field({ description: 'YYYY-MM-DD, not in the future' }) visitedOn!: string;
  @Field() notes!: string;
}
