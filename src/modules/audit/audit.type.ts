import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Role } from '../../auth/roles';
import { PageInfo } from '../sharing/child.type';

@ObjectType({ description: 'One read of a child’s file, or one change of who is told about children (a webhook created, disabled, enabled, deleted, given a new secret, a dead delivery sent again).' })
export class AuditRecord {
  @Field(() => ID) id!: string;
  @Field() at!: Date;
  @Field() subject!: string;
  @Field(() => Role) role!: Role;
  @Field() area!: string;
  @Field() operation!: string;
  @Field(() => String, { nullable: true, description: 'The child whose file was read; null for a change that names no child.' }) childId!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'What a change changed: the webhook (id, role, area, kinds, target host; never its secret), the delivery sent again. Null for a read.' })
  detail!: Record<string, unknown> | null;
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
