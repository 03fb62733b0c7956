import { Migration } from '@mikro-orm/migrations';

export class Migration20261125153235 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("id" bigserial primary key, "at" timestamptz not null, "subject" varchar(200) not null, "role" varchar(20) not null, "area" varchar(12) not null, "operation" varchar(50) not null, "child_id" varchar(20) not null);`);
    this.addSql(`create index "audit_entry_subject_at_index" on "audit_entry" ("subject", "at");`);
    this.addSql(`create index "audit_entry_child_id_at_index" on "audit_entry" ("child_id", "at");`);
    // Append-only, whoever connects: no update, delete or truncate of the audit of minors' data.
    this.addSql(`create function audit_entry_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit entries cannot be changed or deleted'; end $$;`);
    this.addSql(`create trigger audit_entry_no_update before update or delete on "audit_entry" for each row execute function audit_entry_append_only();`);
    this.addSql(`create trigger audit_entry_no_truncate before truncate on "audit_entry" for each statement execute function audit_entry_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entry" cascade;`);
    this.addSql(`drop function if exists audit_entry_append_only();`);
  }

}
