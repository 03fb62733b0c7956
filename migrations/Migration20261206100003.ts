import { Migration } from '@mikro-orm/migrations';

/** ID numbers, the same test as record-identity.ts `isNationalKey` (keys are stored upper-case, NFKC). */
const NATIONAL_KEY = `((r.source = 'police' AND r.record_key ~ '^([0-9]{17}[0-9X]|[0-9]{15})$')
  OR (r.source = 'education' AND r.record_key ~ '^G([0-9]{17}[0-9X]|[0-9]{15})$'))`;

/**
 * A record's identity includes the county that exported it (record-identity.ts), and a record
 * knows its current area (push-area.ts):
 * - `import_run.county_code`: the county that exported the file or pushed the rows. Earlier
 *   imports did not record it: it is the county most of the rows they wrote name (an export is
 *   one county's), or, for an import that wrote nothing new, most of the records it saw.
 * - `source_record.key_scope`: '' for keys unique nationally (ID numbers, `G` + ID number);
 *   otherwise the county of the import that first brought the key (the record's own county when
 *   that import's is unknown). Unique with (source, record_key). Keys that two counties' rosters
 *   already merged into one record stay merged: which rows were whose cannot be told afterwards.
 * - `source_record.area_code`: the current version's area code, or the county that exported it.
 * - `child.flags_county`: the county whose latest period a child's flags follow. Left empty on
 *   existing children, whose county_code stands for it until the next run rewrites them (a
 *   backfill would rewrite every child, and the dashboard's tally triggers with it).
 */
export class Migration20261206100003 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "import_run" add column "county_code" varchar(6) null;`);
    const majority = (rows: string) => `select distinct on (run) run, county from (${rows}) c order by run, n desc, county`;
    this.addSql(`update "import_run" i set "county_code" = m.county from (${majority(
      `select import_run_id as run, county_code as county, count(*) as n from source_record_version where county_code is not null group by 1, 2`,
    )}) m where m.run = i.id;`);
    this.addSql(`update "import_run" i set "county_code" = m.county from (${majority(
      `select last_import_id as run, county_code as county, count(*) as n from source_record where county_code is not null group by 1, 2`,
    )}) m where m.run = i.id and i.county_code is null;`);

    this.addSql(`alter table "source_record" add column "key_scope" varchar(6) not null default '', add column "area_code" varchar(12) null;`);
    this.addSql(`update "source_record" t set "key_scope" = s.key_scope, "area_code" = s.area_code from (
      select r.id,
             case when ${NATIONAL_KEY} then '' else coalesce(f.county_code, r.county_code, '') end as key_scope,
             coalesce(v.normalised->>'areaCode', l.county_code, r.county_code) as area_code
      from source_record r
      left join source_record_version v on v.id = r.current_version_id
      left join import_run f on f.id = r.first_import_id
      left join import_run l on l.id = r.last_import_id
    ) s where s.id = t.id;`);
    this.addSql(`alter table "source_record" alter column "key_scope" drop default;`);
    this.addSql(`alter table "source_record" drop constraint "source_record_source_record_key_unique";`);
    this.addSql(`alter table "source_record" add constraint "source_record_source_record_key_key_scope_unique" unique ("source", "record_key", "key_scope");`);

    this.addSql(`alter table "child" add column "flags_county" varchar(6) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "child" drop column "flags_county";`);
    // Fails when two counties now hold the same county-numbered key: one of them would have to go.
    this.addSql(`alter table "source_record" drop constraint "source_record_source_record_key_key_scope_unique";`);
    this.addSql(`alter table "source_record" add constraint "source_record_source_record_key_unique" unique ("source", "record_key");`);
    this.addSql(`alter table "source_record" drop column "key_scope", drop column "area_code";`);
    this.addSql(`alter table "import_run" drop column "county_code";`);
  }

}
