import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ImportRun } from './import-run.entity';

/**
 * One row of one department's export, identified by (source, record key) across periods.
 * Its content lives in versions (history per period); this row points at the current one.
 */
@Entity({ tableName: 'source_record' })
@Unique({ properties: ['source', 'recordKey'] })
@Index({ properties: ['countyCode'] })
export class SourceRecord {
  @PrimaryKey()
  id!: number;

  @Property({ length: 20 })
  source!: string;

  /** The export's first column (记录编号 / 全国学籍号 / 公民身份号码), cleaned of spacing and case. */
  @Property({ length: 64 })
  recordKey!: string;

  /** County (6-digit GB/T 2260) the record belongs to, when known: the unit of partitioning. */
  @Property({ length: 6, nullable: true })
  countyCode?: string;

  /** Period of the current version. */
  @Property({ length: 10 })
  period!: string;

  @Property({ nullable: true })
  currentVersionId?: number;

  /** Hash of the raw row: an identical row is `unchanged`. */
  @Property({ length: 40 })
  contentHash!: string;

  /**
   * The import that first brought this key. Like lastImport and a version's importRun, a record of
   * where a row came from, written only by that import, from the run it holds open; import runs
   * are never deleted. None of the three is a foreign key: PostgreSQL checks a foreign key row by
   * row, and these checks cost an import a sixth of its time (BENCHMARKS.md).
   */
  @ManyToOne(() => ImportRun, { fieldName: 'first_import_id', createForeignKeyConstraint: false })
  firstImport!: ImportRun;

  /** The last import that contained this key (a second sighting in the same import is a duplicate). */
  @ManyToOne(() => ImportRun, { fieldName: 'last_import_id', createForeignKeyConstraint: false })
  lastImport!: ImportRun;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
