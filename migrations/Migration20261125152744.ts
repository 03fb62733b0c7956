import { Migration } from '@mikro-orm/migrations';

export class Migration20261125152744 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "child" ("id" varchar(20) not null, "county_code" varchar(6) null, "area_code" varchar(12) null, "verification" text check ("verification" in ('VERIFIED', 'CORROBORATED', 'SINGLE_SOURCE', 'CONFLICT')) not null, "golden" jsonb not null, "conflicts" jsonb not null, "sources" jsonb not null, "flags" jsonb not null, "flag_names" text[] not null, "flags_as_of" date null, "record_count" int not null, "created_run_id" int not null, "updated_run_id" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "child_pkey" primary key ("id"));`);
    this.addSql(`create index "child_flag_names_index" on "child" using gin ("flag_names");`);
    this.addSql(`create index "child_county_code_index" on "child" ("county_code");`);
    this.addSql(`create index "child_area_code_index" on "child" ("area_code");`);

    this.addSql(`create table "child_alias" ("alias" varchar(20) not null, "child_id" varchar(20) not null, "run_id" int not null, "created_at" timestamptz not null, constraint "child_alias_pkey" primary key ("alias"));`);
    this.addSql(`create index "child_alias_child_id_index" on "child_alias" ("child_id");`);

    this.addSql(`create table "link_event" ("id" bigserial primary key, "run_id" int not null, "kind" text check ("kind" in ('linked', 'moved', 'merged')) not null, "source_record_id" int null, "child_id" varchar(20) not null, "previous_child_id" varchar(20) null, "at" timestamptz not null);`);
    this.addSql(`create index "link_event_source_record_id_index" on "link_event" ("source_record_id");`);
    this.addSql(`create index "link_event_child_id_index" on "link_event" ("child_id");`);

    this.addSql(`create table "reconcile_run" ("id" serial primary key, "mode" text check ("mode" in ('full', 'incremental')) not null, "status" text check ("status" in ('running', 'done')) not null default 'running', "started_at" timestamptz not null, "finished_at" timestamptz null, "version_watermark" bigint null, "model" jsonb null, "report" jsonb null);`);

    this.addSql(`create table "review_decision" ("id" serial primary key, "left_record_id" int not null, "right_record_id" int not null, "decision" text check ("decision" in ('MATCH', 'NO_MATCH')) not null, "reviewer" varchar(100) not null, "reason" text not null, "review_item_id" int null, "decided_at" timestamptz not null);`);
    this.addSql(`create index "review_decision_left_record_id_right_record_id_index" on "review_decision" ("left_record_id", "right_record_id");`);

    this.addSql(`create table "review_item" ("id" serial primary key, "run_id" int not null, "left_record_id" int not null, "right_record_id" int not null, "left_child_id" varchar(20) not null, "right_child_id" varchar(20) not null, "match_weight" double precision not null, "reason" varchar(20) not null, "explanation" jsonb not null, "county_code" varchar(6) null, "status" text check ("status" in ('OPEN', 'DECIDED', 'SUPERSEDED')) not null default 'OPEN', "created_at" timestamptz not null);`);
    this.addSql(`create index "review_item_left_record_id_right_record_id_index" on "review_item" ("left_record_id", "right_record_id");`);
    this.addSql(`create index "review_item_status_county_code_index" on "review_item" ("status", "county_code");`);

    this.addSql(`create table "child_record" ("source_record_id" int not null, "child_id" varchar(20) not null, "run_id" int not null, "linked_with" int null, "match_weight" double precision null, "explanation" jsonb null, "version_id" bigint not null, "match_hash" varchar(16) not null, "match_text" text not null, constraint "child_record_pkey" primary key ("source_record_id"));`);
    this.addSql(`create index "child_record_child_id_index" on "child_record" ("child_id");`);

    this.addSql(`alter table "child_record" add constraint "child_record_source_record_id_foreign" foreign key ("source_record_id") references "source_record" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "child" cascade;`);

    this.addSql(`drop table if exists "child_alias" cascade;`);

    this.addSql(`drop table if exists "link_event" cascade;`);

    this.addSql(`drop table if exists "reconcile_run" cascade;`);

    this.addSql(`drop table if exists "review_decision" cascade;`);

    this.addSql(`drop table if exists "review_item" cascade;`);

    this.addSql(`drop table if exists "child_record" cascade;`);
  }

}
