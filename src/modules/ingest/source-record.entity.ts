import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ImportRun } from './import-run.entity';

/**
 * One row of one department's export, identified by (source, record key, key scope) across
 * periods (record-identity.ts). Its content lives in versions (history per period); this row
 * points at the current one.
 */
@Entity({ tableName: 'source_record' })
// Key before scope: a lookup by (source, key) alone still uses the index.
@Unique({ properties: ['source', 'recordKey', 'keyScope'] })
@Index({ properties: ['countyCode'] })
export class SourceRecord {
  @PrimaryKey()
  id!: number;

  @Property({ length: 20 })
  source!: string;

  /** The export's first column (记录编号 / 全国学籍号 / 公民身份号码), cleaned of spacing and case. */
  @Property({ length: 64 })
  recordKey!: string;

  /**
   * The county whose numbering the key belongs to: the county that exported the record, for a
   * key numbered per county (civil-affairs 记录编号, temporary `L…` student numbers); '' for a
   * key unique nationally (ID numbers, `G` + ID number). See record-identity.ts.
   */
  @Property({ length: 6 })
  keyScope!: string;

  /** County (6-digit GB/T 2260) the record belongs to, when known: the unit of partitioning. */
  @Property({ length: 6, nullable: true })
  countyCode?: string;

  /**
   * The current version's area code, or the county that exported it when the row names none:
   * what a push must lie in to overwrite this record (push-area.ts).
   */
  @Property({ length: 12, nullable: true })
  areaCode?: string;

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
