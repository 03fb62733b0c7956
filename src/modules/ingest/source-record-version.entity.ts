import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { ImportRun } from './import-run.entity';
import { SourceRecord } from './source-record.entity';

/**
 * What a source record said in one import: the raw cells exactly as read (header → value, unknown
 * columns included) and the normalised values with their per-field problems. Append-only: every
 * change is a new version, so the history per period is never lost.
 */
@Entity({ tableName: 'source_record_version' })
@Index({ properties: ['sourceRecord', 'period'] })
export class SourceRecordVersion {
  @PrimaryKey()
  id!: number;

  @ManyToOne(() => SourceRecord)
  sourceRecord!: SourceRecord;

  /** No foreign key, as for SourceRecord.firstImport (see there). */
  @ManyToOne(() => ImportRun, { createForeignKeyConstraint: false })
  importRun!: ImportRun;

  @Property({ length: 10 })
  period!: string;

  @Property({ length: 6, nullable: true })
  countyCode?: string;

  /** Physical line of the row in its file (null for pushed rows). */
  @Property({ nullable: true })
  line?: number;

  // The three documents are `json`, not `jsonb` (migration 20261125182806): written once, read
  // whole or by ->>, never searched inside.
  @Property({ type: 'json', columnType: 'json' })
  raw!: Record<string, string>;

  @Property({ type: 'json', columnType: 'json' })
  normalised!: Record<string, unknown>;

  @Property({ type: 'json', columnType: 'json' })
  problems!: unknown[];

  @Property({ length: 40 })
  contentHash!: string;

  @Property({ type: 'timestamptz' })
  recordedAt: Date = new Date();
}
