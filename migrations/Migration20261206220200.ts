import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log records, beside the reads of children's files, the changes of who is told about
 * children: a webhook created, disabled, enabled, deleted, its secret replaced, a dead delivery
 * sent again (src/modules/webhooks/webhook-audit.ts). Such a row names no child (`child_id` null)
 * and carries what changed in `detail` (the webhook, its role, area, kinds and target host; never
 * its secret). Rows stay append-only: the triggers are unchanged.
 */
export class Migration20261206220200 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_entry" alter column "child_id" drop not null;`);
    this.addSql(`alter table "audit_entry" add column "detail" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop column if exists "detail";`);
  }

}
