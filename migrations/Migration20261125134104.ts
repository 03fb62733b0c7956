import { Migration } from '@mikro-orm/migrations';

export class Migration20261125134104 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "import_run" ("id" serial primary key, "source" varchar(20) not null, "period" varchar(10) not null, "file_name" varchar(255) null, "file_sha256" varchar(64) null, "status" text check ("status" in ('running', 'done')) not null default 'running', "started_at" timestamptz not null, "finished_at" timestamptz null, "lines_done" int not null default 0, "read_count" int not null default 0, "new_count" int not null default 0, "updated_count" int not null default 0, "unchanged_count" int not null default 0, "rejected_count" int not null default 0, "errors_file" varchar(255) null);`);
    this.addSql(`create index "import_run_source_period_file_sha256_index" on "import_run" ("source", "period", "file_sha256");`);

    this.addSql(`create table "import_rejection" ("id" serial primary key, "import_run_id" int not null, "line" int not null, "reason" text not null, "raw_line" text not null);`);
    this.addSql(`create index "import_rejection_import_run_id_index" on "import_rejection" ("import_run_id");`);

    this.addSql(`create table "source_record" ("id" serial primary key, "source" varchar(20) not null, "record_key" varchar(64) not null, "county_code" varchar(6) null, "period" varchar(10) not null, "current_version_id" int null, "content_hash" varchar(40) not null, "first_import_id" int not null, "last_import_id" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "source_record_county_code_index" on "source_record" ("county_code");`);
    this.addSql(`alter table "source_record" add constraint "source_record_source_record_key_unique" unique ("source", "record_key");`);

    this.addSql(`create table "source_record_version" ("id" serial primary key, "source_record_id" int not null, "import_run_id" int not null, "period" varchar(10) not null, "county_code" varchar(6) null, "line" int null, "raw" jsonb not null, "normalised" jsonb not null, "problems" jsonb not null, "content_hash" varchar(40) not null, "recorded_at" timestamptz not null);`);
    this.addSql(`create index "source_record_version_source_record_id_period_index" on "source_record_version" ("source_record_id", "period");`);

    this.addSql(`alter table "import_rejection" add constraint "import_rejection_import_run_id_foreign" foreign key ("import_run_id") references "import_run" ("id") on update cascade;`);

    this.addSql(`alter table "source_record" add constraint "source_record_first_import_id_foreign" foreign key ("first_import_id") references "import_run" ("id") on update cascade;`);
    this.addSql(`alter table "source_record" add constraint "source_record_last_import_id_foreign" foreign key ("last_import_id") references "import_run" ("id") on update cascade;`);

    this.addSql(`alter table "source_record_version" add constraint "source_record_version_source_record_id_foreign" foreign key ("source_record_id") references "source_record" ("id") on update cascade;`);
    this.addSql(`alter table "source_record_version" add constraint "source_record_version_import_run_id_foreign" foreign key ("import_run_id") references "import_run" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "import_rejection" drop constraint "import_rejection_import_run_id_foreign";`);

    this.addSql(`alter table "source_record" drop constraint "source_record_first_import_id_foreign";`);

    this.addSql(`alter table "source_record" drop constraint "source_record_last_import_id_foreign";`);

    this.addSql(`alter table "source_record_version" drop constraint "source_record_version_import_run_id_foreign";`);

    this.addSql(`alter table "source_record_version" drop constraint "source_record_version_source_record_id_foreign";`);

    this.addSql(`drop table if exists "import_run" cascade;`);

    this.addSql(`drop table if exists "import_rejection" cascade;`);

    this.addSql(`drop table if exists "source_record" cascade;`);

    this.addSql(`drop table if exists "source_record_version" cascade;`);
  }

}
