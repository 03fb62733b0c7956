import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../auth/roles';
import { PageInfo } from '../sharing/child.type';

export enum CaseKindValue {
  DROPOUT_FOLLOW_UP = 'DROPOUT_FOLLOW_UP',
  REGISTRATION = 'REGISTRATION',
  MANDATORY_REPORT = 'MANDATORY_REPORT',
  MISSING_PARENT = 'MISSING_PARENT',
}
registerEnumType(CaseKindValue, {
  name: 'CaseKind',
  description: 'DROPOUT_FOLLOW_UP 劝返复学 (EDUCATION), REGISTRATION 落户 (POLICE), MANDATORY_REPORT 强制报告 (POLICE first), MISSING_PARENT 失联父母 (POLICE; shared with CIVIL_AFFAIRS once overdue).',
});

export enum CaseStatusValue {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}
registerEnumType(CaseStatusValue, { name: 'CaseStatus', description: 'OPEN → IN_PROGRESS → RESOLVED | CLOSED; REOPEN brings a settled case back to IN_PROGRESS.' });

export enum CaseAction {
  START = 'START',
  NOTE = 'NOTE',
  RESOLVE = 'RESOLVE',
  CLOSE = 'CLOSE',
  REOPEN = 'REOPEN',
}
registerEnumType(CaseAction, { name: 'CaseAction', description: 'START, RESOLVE, CLOSE and REOPEN belong to the owner role in its area; NOTE also to civil affairs, supervisors and directors.' });

export enum MissingParent {
  FATHER = 'FATHER',
  MOTHER = 'MOTHER',
  BOTH = 'BOTH',
}
registerEnumType(MissingParent, { name: 'MissingParent' });

@ObjectType({ description: 'One step of a case: who (token subject and role; `hub` for the rules), when, what, and a note. Append-only.' })
export class CaseEventNode {
  @Field(() => ID) id!: string;
  @Field() at!: Date;
  @Field({ description: 'OPENED, STARTED, NOTE, RESOLVED, CLOSED, REOPENED, FLAG_RAISED, FLAG_CLEARED, MERGED, OVERDUE, LEFT_CARE (the child left the county’s care while a person works on the case)' }) action!: string;
  @Field() actorSub!: string;
  @Field(() => Role, { nullable: true, description: 'Null when the hub acted (a rule at reconciliation).' }) actorRole!: Role | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field(() => GraphQLJSONObject, { description: 'The step’s own facts, e.g. the evidence of a resolution (record references and departments).' }) details!: Record<string, unknown>;
}

@ObjectType({ description: 'Follow-up work for a child, with an owner, a deadline and an outcome (issue 13).' })
export class CaseNode {
  @Field(() => ID) id!: string;
  @Field(() => CaseKindValue) kind!: CaseKindValue;
  @Field(() => CaseStatusValue) status!: CaseStatusValue;
  @Field(() => Role) ownerRole!: Role;
  @Field(() => [Role], { description: 'Roles that may act besides the owner (MISSING_PARENT once overdue: CIVIL_AFFAIRS, 000 §五(三)).' }) sharedWith!: Role[];
  @Field(() => ID, { nullable: true, description: 'The child (its file is read with `child(id)`, audited); null for a report on a child not identified yet.' }) childId!: string | null;
  @Field(() => String, { nullable: true }) areaCode!: string | null;
  @Field() openedAt!: Date;
  @Field() due!: Date;
  @Field({ description: 'Still owed and past its due date.' }) overdue!: boolean;
  @Field(() => String, { nullable: true, description: 'From the kind’s own list (`outcomes`).' }) outcome!: string | null;
  @Field(() => [String], { description: 'The outcomes this kind may close with.' }) outcomes!: string[];
  @Field({ description: 'RULE (a flag raised at reconciliation) or PERSON.' }) openedBy!: string;
  @Field(() => ID, { nullable: true, description: 'The earlier case of the same child and kind this one follows.' }) refersTo!: string | null;
  @Field(() => GraphQLJSONObject) details!: Record<string, unknown>;
  @Field(() => [CaseEventNode], { description: 'Oldest first.' }) events!: CaseEventNode[];
}

@ObjectType()
export class CaseEdge {
  @Field() cursor!: string;
  @Field(() => CaseNode) node!: CaseNode;
}

@ObjectType()
export class CaseConnection {
  @Field(() => Int) totalCount!: number;
  @Field(() => [CaseEdge]) edges!: CaseEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType()
export class CaseFilter {
  @Field(() => CaseKindValue, { nullable: true }) kind?: CaseKindValue;
  @Field(() => CaseStatusValue, { nullable: true }) status?: CaseStatusValue;
  @Field(() => String, { nullable: true, description: 'A code prefix inside your area.' }) areaCode?: string;
  @Field(() => Boolean, { nullable: true, description: 'true: still owed and past due; false: not overdue.' }) overdue?: boolean;
  @Field(() => Role, { nullable: true }) owner?: Role;
  @Field(() => ID, { nullable: true, description: 'One child’s cases (its current id), e.g. for the cases section of its file.' }) childId?: string;
}

@InputType()
export class UpdateCaseInput {
  @Field(() => ID) id!: string;
  @Field(() => CaseAction) action!: CaseAction;
  @Field(() => String, { nullable: true, description: 'Required to RESOLVE or CLOSE: one of the kind’s outcomes.' }) outcome?: string;
  @Field(() => String, { nullable: true, description: 'Required to NOTE, RESOLVE, CLOSE and REOPEN.' }) note?: string;
}
