import { Migration } from '@mikro-orm/migrations';

/**
 * Each child's state per county period, and the runs that wrote each period (changes module):
 * what "what changed since last quarter" compares. The index on link_event keeps only the
 * identity changes (moved, merged), by run: the few rows a comparison reads out of millions of
 * 'linked' events.
 */
export class Migration20261206110100 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "child_period_state" ("county_code" varchar(6) not null, "period" varchar(6) not null, "child_id" varchar(20) not null,
      "area_code" varchar(12) null, "flag_names" text[] not null, "category" varchar(20) null, "verification" varchar(20) not null,
      "sources" text[] not null, "leaving" text[] not null, "present" boolean not null,
      constraint "child_period_state_pkey" primary key ("county_code", "period", "child_id"));`);
    this.addSql(`create table "period_snapshot" ("county_code" varchar(6) not null, "period" varchar(6) not null, "first_run_id" int not null, "last_run_id" int not null,
      constraint "period_snapshot_pkey" primary key ("county_code", "period"));`);
    this.addSql(`create index "link_event_identity_change_index" on "link_event" ("run_id") where kind <> 'linked';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "link_event_identity_change_index";`);
    this.addSql(`drop table if exists "period_snapshot" cascade;`);
    this.addSql(`drop table if exists "child_period_state" cascade;`);
  }

}
