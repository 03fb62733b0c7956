import { Migration } from '@mikro-orm/migrations';

/**
 * Cases: follow-up work with an owner role, a deadline and an outcome (src/modules/cases).
 * - `case`: each case's current state; one still owed (OPEN, IN_PROGRESS) per child and kind, and
 *   one per child and kind standing for a flag present now (`flag_held`).
 * - `case_event`: what happened to each case, append-only like the audit log (a trigger refuses
 *   update, delete and truncate, whoever connects; the application role is granted no more than
 *   SELECT and INSERT on it, src/db/grants.ts).
 */
export class Migration20261206110200 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "case" ("id" bigserial primary key, "kind" varchar(32) not null, "status" varchar(16) not null, "owner_role" varchar(20) not null, "child_id" varchar(20) null, "county_code" varchar(6) null, "area_code" varchar(12) null, "opened_at" timestamptz not null, "due" timestamptz not null, "outcome" varchar(40) null, "opened_by" varchar(10) not null, "opened_by_sub" varchar(200) null, "refers_to" bigint null, "flag_held" boolean not null default false, "details" jsonb not null default '{}', "overdue_noted_at" timestamptz null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "case_child_id_index" on "case" ("child_id");`);
    this.addSql(`create index "case_active_due" on "case" ("county_code", "due") where "status" in ('OPEN', 'IN_PROGRESS');`);
    this.addSql(`create unique index "case_holding_flag" on "case" ("child_id", "kind") where "flag_held";`);
    this.addSql(`create unique index "case_one_active_per_child_kind" on "case" ("child_id", "kind") where "status" in ('OPEN', 'IN_PROGRESS');`);

    this.addSql(`create table "case_event" ("id" bigserial primary key, "case_id" bigint not null, "at" timestamptz not null, "action" varchar(32) not null, "actor_sub" varchar(200) not null, "actor_role" varchar(20) null, "note" text null, "outcome" varchar(40) null, "details" jsonb not null default '{}');`);
    this.addSql(`create index "case_event_case_id_id_index" on "case_event" ("case_id", "id");`);
    this.addSql(`create function case_event_append_only() returns trigger language plpgsql as $$
      begin raise exception 'case events cannot be changed or deleted'; end $$;`);
    this.addSql(`create trigger case_event_no_update before update or delete on "case_event" for each row execute function case_event_append_only();`);
    this.addSql(`create trigger case_event_no_truncate before truncate on "case_event" for each statement execute function case_event_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "case" cascade;`);

    this.addSql(`drop table if exists "case_event" cascade;`);
    this.addSql(`drop function if exists case_event_append_only();`);
  }

}
