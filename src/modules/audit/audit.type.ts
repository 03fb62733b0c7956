import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Role } from '../../auth/roles';
import { PageInfo } from '../sharing/child.type';

@ObjectType({ description: 'One read of a child’s file.' })
export class AuditRecord {
  @Field(() => ID) id!: string;
  @Field() at!: Date;
  @Field() subject!: string;
  @Field(() => Role) role!: Role;
  @Field() area!: string;
  @Field() operation!: string;
  @Field() childId!: string;
}

@InputType()
export class AuditFilter {
  @Field(() => String, { nullable: true }) childId?: string;
  @Field(() => String, { nullable: true }) subject?: string;
}

@ObjectType()
export class AuditEdge {
  @Field() cursor!: string;
  @Field(() => AuditRecord) node!: AuditRecord;
}

@ObjectType()
export class AuditConnection {
  @Field(() => Int) totalCount!: number;
  @Field(() => [AuditEdge]) edges!: AuditEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
