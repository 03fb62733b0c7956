import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** The three departments whose exports the hub reads. */
export enum Source {
  CIVIL_AFFAIRS = 'civil-affairs',
  EDUCATION = 'education',
  POLICE = 'police',
}
registerEnumType(Source, {
  name: 'Source',
  description: 'A department export: civil-affairs roster (民政摸排台账), school enrolment (学籍), police household registration (户籍).',
});

@ObjectType({ description: 'A row that could not be read, with its position and the reason.' })
export class ImportRejection {
  @Field(() => Int, { description: 'Position of the row: its physical line in a file (1 = header), or its index from 1 in pushed rows.' })
  line!: number;

  @Field()
  reason!: string;

  @Field({ description: 'The row exactly as received.' })
  rawLine!: string;
}

@ObjectType({ description: 'Rows kept with one kind of problem: the value left empty or coarser, the record saying why.' })
export class ImportProblemCount {
  @Field({ description: 'The problem, e.g. date-invalid, area-unknown (docs/FORMATS.md).' })
  code!: string;

  @Field(() => Int)
  rows!: number;
}

@ObjectType({ description: 'What an import did: read = new + updated + unchanged + rejected.' })
export class ImportSummary {
  @Field(() => Int)
  importId!: number;

  @Field(() => Source)
  source!: Source;

  @Field()
  period!: string;

  @Field(() => Int)
  read!: number;

  @Field(() => Int)
  new!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => String, { nullable: true })
  errorsFile!: string | null;

  @Field(() => String, { nullable: true, description: 'The county that exported the rows: the token’s county for a push.' })
  county!: string | null;

  @Field({ description: 'True when this completed an import an earlier, interrupted call had begun.' })
  resumed!: boolean;

  @Field(() => [ImportRejection])
  rejections!: ImportRejection[];

  @Field(() => [ImportProblemCount], { description: 'Rows read and kept with a problem, by kind, most first.' })
  problems!: ImportProblemCount[];
}
