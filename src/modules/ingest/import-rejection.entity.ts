import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { ImportRun } from './import-run.entity';

/** A row that could not be read, kept whole with its line and the reason: never dropped silently. */
@Entity({ tableName: 'import_rejection' })
export class ImportRejection {
  @PrimaryKey()
  id!: number;

  @ManyToOne(() => ImportRun, { index: true })
  importRun!: ImportRun;

  /** Physical line in the file (1 = header); for pushed rows, the row's position from 1. */
  @Property()
  line!: number;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'text' })
  rawLine!: string;
}
