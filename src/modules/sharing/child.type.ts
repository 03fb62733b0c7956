import { Authorized, Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { rolesSeeing } from '../../auth/access';
import { CHILD_FLAGS, FLAG_STRENGTHS, type ChildFlag as FlagName, type FlagStrength as StrengthName } from '../identity/flags';

export enum ChildFlag {
  LEFT_BEHIND = 'LEFT_BEHIND',
  IN_DIFFICULTY = 'IN_DIFFICULTY',
  DROPOUT = 'DROPOUT',
  UNREGISTERED = 'UNREGISTERED',
  ALONE_UNDER_16 = 'ALONE_UNDER_16',
  ID_CONFLICT = 'ID_CONFLICT',
  DUPLICATE_REGISTRATION = 'DUPLICATE_REGISTRATION',
}
registerEnumType(ChildFlag, { name: 'ChildFlag', description: 'A rule the hub makes visible (docs/DOMAIN.md), with the policy text it comes from.' });
// The GraphQL enum and the flag rules must name the same flags.
const _sameFlags: Record<FlagName, ChildFlag> = Object.fromEntries(CHILD_FLAGS.map((f) => [f, ChildFlag[f]])) as Record<FlagName, ChildFlag>;
void _sameFlags;

export enum FlagStrength {
  CONFIRMED = 'CONFIRMED',
  TO_VERIFY = 'TO_VERIFY',
}
registerEnumType(FlagStrength, {
  name: 'FlagStrength',
  description: 'CONFIRMED: the department’s own record says so (a school’s 辍学); TO_VERIFY: the flag rests on a record not found in this county (check before acting).',
});
const _sameStrengths: Record<StrengthName, FlagStrength> = Object.fromEntries(FLAG_STRENGTHS.map((s) => [s, FlagStrength[s]])) as Record<StrengthName, FlagStrength>;
void _sameStrengths;

export enum Verification {
  VERIFIED = 'VERIFIED',
  CORROBORATED = 'CORROBORATED',
  SINGLE_SOURCE = 'SINGLE_SOURCE',
  CONFLICT = 'CONFLICT',
}
registerEnumType(Verification, {
  name: 'Verification',
  description: 'VERIFIED: a police record agrees with another source; CORROBORATED: two or more sources agree, no police record; SINGLE_SOURCE; CONFLICT: sources disagree on a key field.',
});

@ObjectType({ description: 'A flag on a child, with the rule that raised it and the evidence.' })
export class Flag {
  @Field(() => ChildFlag)
  flag!: ChildFlag;

  @Field({ description: 'The rule, citing the policy text it comes from.' })
  rule!: string;

  @Field(() => FlagStrength, { nullable: true, description: 'How sure the flag is, for a flag whose evidence can be of two kinds (DROPOUT); null for the others.' })
  strength!: FlagStrength | null;

  @Field(() => [String])
  evidence!: string[];
}

@ObjectType({ description: 'A department record linked to this child (only the sources the role may see).' })
export class SourceRecordRef {
  @Field(() => ID, { description: 'An opaque, stable reference to the record (R…), the one flag evidence cites.' })
  ref!: string;

  @Field({ description: 'civil-affairs | education | police' })
  source!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The department’s own key (for police and most students, the ID number itself): only for roles that see full ID numbers, null for the others.',
  })
  recordKey!: string | null;

  @Field({ description: 'The period of its current version, e.g. 2024Q1.' })
  period!: string;
}

@ObjectType({ description: '家庭情况: parents and household.' })
export class Family {
  @Field(() => String, { nullable: true }) fatherName!: string | null;
  @Field(() => String, { nullable: true, description: 'Masked unless the role needs it.' }) fatherIdNumber!: string | null;
  @Field(() => Boolean, { nullable: true, description: '父亲外出务工' }) fatherMigrant!: boolean | null;
  @Field(() => String, { nullable: true }) motherName!: string | null;
  @Field(() => String, { nullable: true, description: 'Masked unless the role needs it.' }) motherIdNumber!: string | null;
  @Field(() => Boolean, { nullable: true, description: '母亲外出务工' }) motherMigrant!: boolean | null;
  @Field(() => String, { nullable: true, description: '户号' }) householdNumber!: string | null;
  @Field(() => String, { nullable: true, description: '户主姓名' }) householderName!: string | null;
}

@ObjectType({ description: '实际监护情况 and 监护类型: who actually looks after the child.' })
export class Guardianship {
  @Field(() => String, { nullable: true }) guardianName!: string | null;
  @Field(() => String, { nullable: true }) guardianRelation!: string | null;
  @Field(() => String, { nullable: true }) guardianPhone!: string | null;
  @Field(() => String, { nullable: true, description: '父母监护/单亲监护/委托监护/无人监护/机构监护' }) guardianshipType!: string | null;
}

@ObjectType({ description: '家庭经济来源 and 救助帮扶情况.' })
export class Welfare {
  @Field(() => [String], { description: '儿童类别' }) categories!: string[];
  @Field(() => [String], { description: '困境类型' }) difficultyTypes!: string[];
  @Field(() => String, { nullable: true }) incomeSource!: string | null;
  @Field(() => [String]) assistance!: string[];
}

@ObjectType({ description: 'Enrolment (学籍).' })
export class Schooling {
  @Field(() => String, { nullable: true }) schoolName!: string | null;
  @Field(() => String, { nullable: true }) grade!: string | null;
  @Field(() => String, { nullable: true, description: '在读/休学/辍学/转出/毕业' }) enrolmentStatus!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'The school’s left-behind flag.' }) leftBehind!: boolean | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'One verified child: the golden record of its department records, as the viewer’s role may see it.' })
export class Child {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'M or F' })
  sex!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  birthDate!: string | null;

  @Field(() => String, { nullable: true, description: 'Masked (500109************: the region only) for roles that do not need it; null when unknown.' })
  idNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'GB/T 2260 code of the village (or town/county when that is all that is known).' })
  areaCode!: string | null;

  @Field(() => Verification)
  verification!: Verification;

  @Field(() => [Flag], { description: 'The flags your role may see, each with the evidence your role may see.' })
  flags!: Flag[];

  @Authorized(...rolesSeeing('family'))
  @Field(() => Family, { nullable: true })
  family!: Family | null;

  @Authorized(...rolesSeeing('guardianship'))
  @Field(() => Guardianship, { nullable: true })
  guardianship!: Guardianship | null;

  @Authorized(...rolesSeeing('welfare'))
  @Field(() => Welfare, { nullable: true })
  welfare!: Welfare | null;

  @Authorized(...rolesSeeing('schooling'))
  @Field(() => Schooling, { nullable: true })
  schooling!: Schooling | null;
}

@InputType()
export class ChildFilter {
  @Field(() => String, { nullable: true, description: 'A GB/T 2260 code prefix inside the viewer’s area.' })
  areaCode?: string | null;

  @Field(() => [ChildFlag], { nullable: true, description: 'Children with all of these flags.' })
  flags?: ChildFlag[];

  @Field(() => Verification, { nullable: true })
  verification?: Verification;

  @Field(() => String, { nullable: true, description: 'The start of a name, or a whole ID number.' })
  search?: string;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType()
export class ChildEdge {
  @Field()
  cursor!: string;

  @Field(() => Child)
  node!: Child;
}

@ObjectType()
export class ChildConnection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [ChildEdge])
  edges!: ChildEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
