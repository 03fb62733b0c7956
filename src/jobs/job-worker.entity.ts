import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A job worker and the process it runs in (worker-liveness.ts): the process holds an advisory
 * lock keyed by `processKey` for its life, so a worker whose process no longer holds it is dead.
 */
@Entity({ tableName: 'job_worker' })
export class JobWorkerEntity {
  @PrimaryKey({ type: 'text' })
  workerId!: string;

  @Index()
  @Property()
  processKey!: number;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;
}
