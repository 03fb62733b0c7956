import { Migration } from '@mikro-orm/migrations';

/**
 * Mandatory reports (src/modules/cases/concern-report.entity.ts): each report as its reporter made
 * it, beside the MANDATORY_REPORT case it opened or joined. Append-only like the audit log and
 * the case events (a trigger refuses update, delete and truncate, whoever connects; the
 * application role is granted no more than SELECT and INSERT on it, src/db/grants.ts).
 */
export class Migration20261206110300 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "concern_report" ("id" bigserial primary key, "case_id" bigint not null, "reported_at" timestamptz not null, "reporter_sub" varchar(200) not null, "reporter_role" varchar(20) not null, "reporter_area" varchar(12) not null, "concern" varchar(24) not null, "observed_on" date not null, "description" text not null, "child_id" varchar(20) null, "reported_name" varchar(100) null, "reported_birth_date" date null, "area_code" varchar(12) not null, "joined" boolean not null default false);`);
    this.addSql(`create index "concern_report_case_id_index" on "concern_report" ("case_id");`);
    this.addSql(`create index "concern_report_reporter_sub_reporter_role_id_index" on "concern_report" ("reporter_sub", "reporter_role", "id");`);
    this.addSql(`create function concern_report_append_only() returns trigger language plpgsql as $$
      begin raise exception 'mandatory reports cannot be changed or deleted'; end $$;`);
    this.addSql(`create trigger concern_report_no_update before update or delete on "concern_report" for each row execute function concern_report_append_only();`);
    this.addSql(`create trigger concern_report_no_truncate before truncate on "concern_report" for each statement execute function concern_report_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "concern_report" cascade;`);
    this.addSql(`drop function if exists concern_report_append_only();`);
  }

}
