import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks (src/modules/webhooks): subscribers and the deliveries owed to them. A statement that
 * writes events also asks, in its transaction, for the fan-out job that turns them into
 * deliveries (one job, coalesced by its key): nothing written is left untold when a process dies.
 */
export class Migration20261206110601 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "webhook" ("id" serial primary key, "role" varchar(20) not null, "area_code" varchar(12) not null, "url" text not null, "kinds" text[] not null, "secret_sealed" text not null, "last_event_id" bigint not null, "created_by" varchar(200) not null, "created_at" timestamptz not null);`);
    this.addSql(`create table "webhook_delivery" ("id" bigserial primary key, "webhook_id" int not null, "event_id" bigint not null, "child_key" varchar(20) not null, "status" text check ("status" in ('PENDING', 'DELIVERED', 'DEAD')) not null, "attempts" int not null, "last_status" int null, "last_error" text null, "created_at" timestamptz not null, "first_attempt_at" timestamptz null, "delivered_at" timestamptz null);`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_webhook_id_event_id_unique" unique ("webhook_id", "event_id");`);
    this.addSql(`create index "webhook_delivery_webhook_id_child_key_status_event_id_index" on "webhook_delivery" ("webhook_id", "child_key", "status", "event_id");`);
    // Only when someone listens: without a subscriber no job is queued.
    this.addSql(`create function event_fan_out() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from webhook) then
          perform graphile_worker.add_job('webhooks_fan_out', '{}'::json, queue_name => 'webhooks:fan-out', job_key => 'webhooks:fan-out');
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger event_fan_out after insert on "event" for each statement execute function event_fan_out();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists event_fan_out on "event";`);
    this.addSql(`drop function if exists event_fan_out();`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook" cascade;`);
  }

}
