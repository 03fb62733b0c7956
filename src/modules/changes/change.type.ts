import { ArgsType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Child, ChildFlag, PageInfo } from '../sharing/child.type';

export enum ChangeKind {
  APPEARED = 'APPEARED',
  DISAPPEARED = 'DISAPPEARED',
  FLAG_RAISED = 'FLAG_RAISED',
  FLAG_CLEARED = 'FLAG_CLEARED',
  CATEGORY_CHANGED = 'CATEGORY_CHANGED',
  MOVED = 'MOVED',
  MERGED = 'MERGED',
  SPLIT = 'SPLIT',
}
registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description:
    'APPEARED: in the later period’s care, not in the earlier’s; DISAPPEARED: in the earlier’s, not in the later’s (in no export of it, or gone: 迁出, 死亡, 注销, aged 18), with the reasons the sources give; FLAG_RAISED / FLAG_CLEARED; CATEGORY_CHANGED (留守 LEFT_BEHIND, 困境 IN_DIFFICULTY, none); MOVED: another village or town; MERGED / SPLIT: the child’s id changed.',
});

@ObjectType({ description: 'One change to one child between two periods of its county.' })
export class ChildChange {
  @Field({ description: 'The child’s id in the later period (for MERGED, the surviving id; for SPLIT, the new one).' })
  childId!: string;

  @Field(() => Child, { nullable: true, description: 'The child’s file as it is now; null when it is now outside your area.' })
  child!: Child | null;

  @Field(() => ChangeKind)
  kind!: ChangeKind;

  @Field(() => ChildFlag, { nullable: true, description: 'The flag raised or cleared (FLAG_RAISED, FLAG_CLEARED).' })
  flag!: ChildFlag | null;

  @Field(() => String, { nullable: true, description: 'The earlier value: area code (MOVED), category (CATEGORY_CHANGED), id (MERGED, SPLIT).' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'The later value; for DISAPPEARED, the reasons the sources give (those your role may see).' })
  after!: string | null;

  @Field(() => [String], { description: 'DISAPPEARED: why, where a source says it (迁出, 死亡, 注销, 毕业, 转出, aged 18), as far as your role sees the field.' })
  reasons!: string[];
}

@ObjectType()
export class ChildChangeEdge {
  @Field()
  cursor!: string;

  @Field(() => ChildChange)
  node!: ChildChange;
}

@ObjectType()
export class ChangeTotal {
  @Field(() => ChangeKind)
  kind!: ChangeKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'The changes between two periods, by child id, 20 a page (at most 100).' })
export class ChildChangeConnection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [ChangeTotal], { description: 'How many changes of each kind you may see (every kind you may see, 0 included).' })
  totals!: ChangeTotal[];

  @Field(() => [ChildChangeEdge])
  edges!: ChildChangeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ArgsType()
export class ChangesArgs {
  @Field(() => String, { nullable: true, description: 'A GB/T 2260 code prefix inside your area (default: your area); its county is compared.' })
  areaCode?: string;

  @Field({ description: 'The earlier period, e.g. 2024Q1.' })
  from!: string;

  @Field({ description: 'The later period, e.g. 2024Q2.' })
  to!: string;

  @Field(() => [ChangeKind], { nullable: true, description: 'Only these kinds (default: every kind your role may see).' })
  kinds?: ChangeKind[];

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first?: number;

  @Field(() => String, { nullable: true })
  after?: string;
}
