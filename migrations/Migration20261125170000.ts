import { Migration } from '@mikro-orm/migrations';

/**
 * The dashboard's counts, kept as children change (area-tally.entity.ts): `child.record_quality`
 * holds each department's record counts for the child, and statement-level triggers on `child`
 * add the new rows' counts to `area_tally` and take away the old rows', in the writing
 * transaction, whatever writes the children.
 */
export class Migration20261125170000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "area_tally" ("area_code" varchar(12) not null, "measure" text not null, "key" text not null, "count" int not null, constraint "area_tally_pkey" primary key ("area_code", "measure", "key"));`);
    this.addSql(`alter table "child" add column "record_quality" jsonb not null default '{}';`);

    // Existing children: their records' quality, as the reconciliation now writes it.
    this.addSql(`update "child" c set "record_quality" = q.quality from (
      select child_id, jsonb_object_agg(source, jsonb_build_object('records', records, 'invalidIdNumbers', invalid, 'missingIdNumbers', missing,
               'unmatched', case when sources = 1 then records else 0 end)) as quality
      from (
        select cr.child_id, r.source, count(*)::int as records,
               count(*) filter (where v.normalised->>'idStatus' = 'invalid')::int as invalid,
               count(*) filter (where coalesce(v.normalised->>'idStatus', 'missing') = 'missing')::int as missing,
               count(*) over (partition by cr.child_id)::int as sources
        from child_record cr join source_record r on r.id = cr.source_record_id
        join source_record_version v on v.id = r.current_version_id
        group by cr.child_id, r.source
      ) per_source group by child_id
    ) q where q.child_id = c.id;`);

    // What one child counts for, under its area code.
    this.addSql(`create function child_tally(child_area text, child_verification text, child_flags text[], golden jsonb, quality jsonb)
      returns table (area_code text, measure text, key text, n int) language sql immutable as $$
        select coalesce(child_area, ''), t.measure, t.key, t.n from (
          select 'children' as measure, '' as key, 1 as n
          union all select 'verification', child_verification, 1
          union all select 'flag', f, 1 from unnest(child_flags) f
          union all select 'category', c, 1 from jsonb_array_elements_text(
            case when jsonb_typeof(golden->'category'->'value') = 'array' then golden->'category'->'value' else '[]'::jsonb end) c
          union all select m.key, s.key, m.value::int from jsonb_each(quality) s, jsonb_each_text(s.value) m
        ) t where t.n <> 0
      $$;`);
    this.addSql(`insert into area_tally (area_code, measure, key, count)
      select t.area_code, t.measure, t.key, sum(t.n) from child c, child_tally(c.area_code, c.verification, c.flag_names, c.golden, c.record_quality) t
      group by 1, 2, 3;`);

    // One statement's change: + what the new rows count, - what the old rows counted. The
    // tally's rows are few and hot: every writer of `child` holds the reconciliation lock
    // (identity.store.ts), so one transaction at a time updates them.
    const apply = (rows: string) => `
        insert into area_tally (area_code, measure, key, count)
        select area_code, measure, key, sum(n)::int from (${rows}) d group by 1, 2, 3 having sum(n) <> 0 order by 1, 2, 3
        on conflict (area_code, measure, key) do update set count = area_tally.count + excluded.count;`;
    const added = `select t.* from new_rows c, child_tally(c.area_code, c.verification, c.flag_names, c.golden, c.record_quality) t`;
    const removed = `select t.area_code, t.measure, t.key, -t.n as n from old_rows c, child_tally(c.area_code, c.verification, c.flag_names, c.golden, c.record_quality) t`;
    this.addSql(`create function area_tally_inserted() returns trigger language plpgsql as $$
      begin ${apply(added)} return null; end $$;`);
    this.addSql(`create function area_tally_updated() returns trigger language plpgsql as $$
      begin ${apply(`${added} union all ${removed}`)} return null; end $$;`);
    this.addSql(`create function area_tally_deleted() returns trigger language plpgsql as $$
      begin ${apply(removed)} return null; end $$;`);
    this.addSql(`create function area_tally_truncated() returns trigger language plpgsql as $$
      begin truncate area_tally; return null; end $$;`);
    this.addSql(`create trigger child_area_tally_insert after insert on "child" referencing new table as new_rows for each statement execute function area_tally_inserted();`);
    this.addSql(`create trigger child_area_tally_update after update on "child" referencing old table as old_rows new table as new_rows for each statement execute function area_tally_updated();`);
    this.addSql(`create trigger child_area_tally_delete after delete on "child" referencing old table as old_rows for each statement execute function area_tally_deleted();`);
    this.addSql(`create trigger child_area_tally_truncate after truncate on "child" for each statement execute function area_tally_truncated();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists child_area_tally_insert on "child";`);
    this.addSql(`drop trigger if exists child_area_tally_update on "child";`);
    this.addSql(`drop trigger if exists child_area_tally_delete on "child";`);
    this.addSql(`drop trigger if exists child_area_tally_truncate on "child";`);
    this.addSql(`drop function if exists area_tally_inserted(), area_tally_updated(), area_tally_deleted(), area_tally_truncated();`);
    this.addSql(`drop function if exists child_tally(text, text, text[], jsonb, jsonb);`);
    this.addSql(`drop table if exists "area_tally" cascade;`);
    this.addSql(`alter table "child" drop column "record_quality";`);
  }

}
