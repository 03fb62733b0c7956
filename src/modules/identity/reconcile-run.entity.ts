import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

export type ReconcileMode = 'full' | 'incremental';

/**
 * One reconciliation run. A full run trains the model and keeps it here; an incremental run
 * reuses the last full run's model and covers the versions imported since `versionWatermark`.
 */
@Entity({ tableName: 'reconcile_run' })
export class ReconcileRun {
  @PrimaryKey()
  id!: number;

  @Enum({ items: ['full', 'incremental'] })
  mode!: ReconcileMode;

  @Enum({ items: ['running', 'done'] })
  status: 'running' | 'done' = 'running';

  @Property({ type: 'timestamptz' })
  startedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date;

  /** The highest source_record_version id this run saw: later versions are the next run's changes. */
  @Property({ type: 'bigint', nullable: true })
  versionWatermark?: string;

  /** The trained settings (m, u, prior): every weight in this run's explanations comes from it. */
  @Property({ type: 'jsonb', nullable: true })
  model?: unknown;

  @Property({ type: 'jsonb', nullable: true })
  report?: unknown;
}
