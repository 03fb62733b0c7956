import { Migration } from '@mikro-orm/migrations';

/**
 * The processes that run job workers, and their workers (src/jobs/worker-liveness.ts): a job
 * locked by a worker whose process has died is unlocked at once instead of after the queue's
 * four-hour lock expiry.
 */
export class Migration20261206190200 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create sequence "job_process_key" as int cycle;`);
    this.addSql(`create table "job_worker" ("worker_id" text primary key, "process_key" int not null, "started_at" timestamptz not null);`);
    this.addSql(`create index "job_worker_process_key_index" on "job_worker" ("process_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "job_worker";`);
    this.addSql(`drop sequence if exists "job_process_key";`);
  }

}
