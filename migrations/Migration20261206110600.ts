import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox (src/modules/events): `event`, append-only, ids and codes only. A child's flags
 * raised and cleared are written by statement-level triggers on `child`, in the writing
 * transaction, whatever writes them (a reconciliation's upsert, its re-evaluation of a county's
 * flags for a new quarter): no writer can change a flag without its event. They read the same
 * transition tables as the area tally's triggers, which PostgreSQL fills once for both.
 *
 * Every writer of events first takes the transaction lock `hub:events` (outbox.ts): event ids are
 * then handed out in commit order, so a reader resuming after the last id it saw never misses an
 * event that committed later with a smaller id.
 */
export class Migration20261206110600 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "event" ("id" bigserial primary key, "kind" varchar(40) not null, "child_id" varchar(20) null, "other_child_id" varchar(20) null, "case_id" varchar(40) null, "review_item_id" int null, "import_id" int null, "run_id" int null, "flag" varchar(40) null, "source" varchar(20) null, "area_code" varchar(12) null, "county_code" varchar(6) null, "period" varchar(6) null, "occurred_at" timestamptz not null default now());`);
    this.addSql(`create index "event_county_code_id_index" on "event" ("county_code", "id");`);
    // Kept, never rewritten: a receiver resumes from the last id it saw.
    this.addSql(`create function event_append_only() returns trigger language plpgsql as $$
      begin raise exception 'events cannot be changed or deleted'; end $$;`);
    this.addSql(`create trigger event_no_update before update or delete on "event" for each row execute function event_append_only();`);
    this.addSql(`create trigger event_no_truncate before truncate on "event" for each statement execute function event_append_only();`);

    // The quarter a child's flags were evaluated for: flags_as_of is that quarter's last day.
    // flag_names also lists a flag's strength (`DROPOUT/TO_VERIFY`, for the dashboard's tally):
    // an event tells the flag itself.
    const period = (alias: string) => `to_char(${alias}.flags_as_of, 'YYYY"Q"Q')`;
    const raised = (from: string) => `select 'FLAG_RAISED' as kind, n.id, f as flag, n.area_code, n.county_code, ${period('n')} as period ${from}`;
    this.addSql(`create function child_flag_events_inserted() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(hashtext('hub:events'));
        insert into event (kind, child_id, flag, area_code, county_code, period)
        select kind, id, flag, area_code, county_code, period from (${raised('from new_rows n, unnest(n.flag_names) f where position(\'/\' in f) = 0')}) e order by id, flag;
        return null;
      end $$;`);
    this.addSql(`create function child_flag_events_updated() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(hashtext('hub:events'));
        insert into event (kind, child_id, flag, area_code, county_code, period)
        select kind, id, flag, area_code, county_code, period from (
          ${raised('from new_rows n join old_rows o on o.id = n.id, unnest(n.flag_names) f where n.flag_names is distinct from o.flag_names and not f = any(o.flag_names) and position(\'/\' in f) = 0')}
          union all
          select 'FLAG_CLEARED', n.id, f, n.area_code, n.county_code, ${period('n')}
          from new_rows n join old_rows o on o.id = n.id, unnest(o.flag_names) f where n.flag_names is distinct from o.flag_names and not f = any(n.flag_names) and position('/' in f) = 0
        ) e order by id, kind desc, flag;
        return null;
      end $$;`);
    this.addSql(`create trigger child_flag_events_insert after insert on "child" referencing new table as new_rows for each statement execute function child_flag_events_inserted();`);
    this.addSql(`create trigger child_flag_events_update after update on "child" referencing old table as old_rows new table as new_rows for each statement execute function child_flag_events_updated();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists child_flag_events_insert on "child";`);
    this.addSql(`drop trigger if exists child_flag_events_update on "child";`);
    this.addSql(`drop function if exists child_flag_events_inserted(), child_flag_events_updated();`);
    this.addSql(`drop table if exists "event" cascade;`);
    this.addSql(`drop function if exists event_append_only();`);
  }

}
