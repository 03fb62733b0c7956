import { Migration } from '@mikro-orm/migrations';

export class Migration20261125161914 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "visit" ("id" serial primary key, "child_id" varchar(20) not null, "kind" text check ("kind" in ('CONTACT', 'HOME_VISIT')) not null, "visited_on" date not null, "notes" text not null, "recorded_by" varchar(200) not null, "area_code" varchar(12) not null, "recorded_at" timestamptz not null);`);
    this.addSql(`create index "visit_child_id_visited_on_index" on "visit" ("child_id", "visited_on");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "visit" cascade;`);
  }

}
