import { Migration } from '@mikro-orm/migrations';

/**
 * Webhook deliveries are sent by one job per subscriber (src/modules/webhooks/delivery.ts): a
 * failed delivery waits in the table until its next attempt, instead of in a job of its own per
 * child, and the ready ones are found by subscriber, status and event order.
 */
export class Migration20261206190300 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "webhook_delivery" add column "next_attempt_at" timestamptz null;`);
    this.addSql(`create index "webhook_delivery_webhook_id_status_event_id_index" on "webhook_delivery" ("webhook_id", "status", "event_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "webhook_delivery_webhook_id_status_event_id_index";`);
    this.addSql(`alter table "webhook_delivery" drop column if exists "next_attempt_at";`);
  }

}
