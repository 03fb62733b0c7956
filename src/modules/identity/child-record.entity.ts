import { Entity, Index, OneToOne, Property } from '@mikro-orm/core';
import { SourceRecord } from '../ingest/source-record.entity';

/**
 * Which child a source record belongs to, and the evidence: the record it was linked with, the
 * match weight and each comparison's level and weight (null for a child of one record).
 */
@Entity({ tableName: 'child_record' })
@Index({ properties: ['childId'] })
export class ChildRecord {
  @OneToOne(() => SourceRecord, { primary: true, owner: true, fieldName: 'source_record_id' })
  sourceRecord!: SourceRecord;

  @Property({ length: 20 })
  childId!: string;

  @Property()
  runId!: number;

  @Property({ nullable: true })
  linkedWith?: number;

  @Property({ type: 'double', nullable: true })
  matchWeight?: number;

  @Property({ type: 'jsonb', nullable: true })
  explanation?: unknown;

  /**
   * Hash of the fields matching read when this link was made: a new version that leaves them
   * alone (a new enrolment status, a new phone) needs a new golden record, not a new clustering.
   */
  /** The version of the record this link read: a record whose current version differs has changed since. */
  @Property({ type: 'bigint' })
  versionId!: string;

  @Property({ length: 16 })
  matchHash!: string;

  /**
   * The matching fields themselves, joined by U+001F: an incremental run reads a million of these
   * short texts in seconds instead of extracting each field from every version's JSON.
   */
  @Property({ type: 'text' })
  matchText!: string;
}
