import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type ImportStatus = 'running' | 'done';

/**
 * One import of one export file (or one pushed batch of rows) for one period. Batches commit
 * with `linesDone`, so an import killed mid-file is resumed by running the same command again.
 */
@Entity({ tableName: 'import_run' })
@Index({ properties: ['source', 'period', 'fileSha256'] })
export class ImportRun {
  @PrimaryKey()
  id!: number;

  @Property({ length: 20 })
  source!: string;

  /** Quarter the export belongs to, e.g. 2024Q1 (001 §二(二): 每季度更新一次). */
  @Property({ length: 10 })
  period!: string;

  @Property({ nullable: true })
  fileName?: string;

  /**
   * The county that exported the file or pushed the rows (`hub import --county`, the pushing
   * token's county, or told from the rows' area codes): the scope of its county-numbered keys,
   * and whose latest period moves when it is done. Recorded with its first rows, so a resumed
   * import keeps it.
   */
  @Property({ length: 6, nullable: true })
  countyCode?: string;

  /** SHA-256 of the file: the same file again resumes an unfinished import of it. */
  @Property({ length: 64, nullable: true })
  fileSha256?: string;

  @Enum({ items: ['running', 'done'] })
  status: ImportStatus = 'running';

  @Property({ type: 'timestamptz' })
  startedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date;

  /** Last physical line of the file whose row is committed. */
  @Property()
  linesDone: number = 0;

  @Property()
  readCount: number = 0;

  @Property()
  newCount: number = 0;

  @Property()
  updatedCount: number = 0;

  @Property()
  unchangedCount: number = 0;

  @Property()
  rejectedCount: number = 0;

  /** Problem code → rows read with it, kept with the value empty or coarser (the import's summary tells them). */
  @Property({ type: 'json', columnType: 'jsonb', default: "'{}'" })
  problemCounts: Record<string, number> = {};

  @Property({ nullable: true })
  errorsFile?: string;
}
