import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../sharing/child.type';

@ObjectType({ description: 'A child the village director owes a contact (monthly) or a home visit (quarterly), 002 §二(二)6.' })
export class VisitDue {
  @Field(() => ID) childId!: string;
  @Field() areaCode!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null: never contacted.' }) lastContact!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null: never visited at home.' }) lastHomeVisit!: string | null;
  @Field({ description: 'The last contact (any visit) is over a month old.' }) contactDue!: boolean;
  @Field({ description: 'The last home visit is over three months old.' }) homeVisitDue!: boolean;
}

@ObjectType()
export class VisitDueEdge {
  @Field() cursor!: string;
  @Field(() => VisitDue) node!: VisitDue;
}

@ObjectType()
export class VisitDueConnection {
  @Field(() => Int) totalCount!: number;
  @Field(() => [VisitDueEdge]) edges!: VisitDueEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
