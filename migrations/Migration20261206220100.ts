import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks can be disabled and deleted (src/modules/webhooks/webhook.service.ts):
 * - `enabled`: a disabled subscriber is skipped by the fan-out (it is told nothing that happens
 *   while it is off) and its pending deliveries wait, unsent, until it is enabled again.
 * - `deleted_at`, `deleted_by`: a deleted subscriber is kept as a row, disabled and without its
 *   sealed secret, so that what was delivered to it stays on record; its pending deliveries are
 *   dropped.
 * The fan-out job is asked for only while some subscriber is enabled.
 */
export class Migration20261206220100 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "webhook" add column "enabled" boolean not null default true, add column "deleted_at" timestamptz null, add column "deleted_by" varchar(200) null;`);
    this.addSql(`create or replace function event_fan_out() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from webhook where enabled) then
          perform graphile_worker.add_job('webhooks_fan_out', '{}'::json, queue_name => 'webhooks:fan-out', job_key => 'webhooks:fan-out');
        end if;
        return null;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function event_fan_out() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from webhook) then
          perform graphile_worker.add_job('webhooks_fan_out', '{}'::json, queue_name => 'webhooks:fan-out', job_key => 'webhooks:fan-out');
        end if;
        return null;
      end $$;`);
    this.addSql(`alter table "webhook" drop column if exists "deleted_by", drop column if exists "deleted_at", drop column if exists "enabled";`);
  }

}
