import { Migration } from '@mikro-orm/migrations';

/**
 * The dashboard counts the visits village directors owe (002 §二(二)6). Who is owed visits is the
 * children looked after: flagged LEFT_BEHIND, IN_DIFFICULTY, ALONE_UNDER_16, DROPOUT or
 * UNREGISTERED (src/modules/casework/visits-due.service.ts VISITED_FLAGS; a change there needs a
 * migration like this one). They are tallied per area as children are written (measure
 * `lookedAfter`), so that the count of visits owed is that tally less the few children visited
 * recently, not a look at every child of a county.
 */
export class Migration20261206110201 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create or replace function child_tally(child_area text, child_verification text, child_flags text[], golden jsonb, quality jsonb)
      returns table (area_code text, measure text, key text, n int) language sql immutable as $$
        select coalesce(child_area, ''), t.measure, t.key, t.n from (
          select 'children' as measure, '' as key, 1 as n
          union all select 'verification', child_verification, 1
          union all select 'flag', f, 1 from unnest(child_flags) f
          union all select 'category', c, 1 from jsonb_array_elements_text(
            case when jsonb_typeof(golden->'category'->'value') = 'array' then golden->'category'->'value' else '[]'::jsonb end) c
          union all select m.key, s.key, m.value::int from jsonb_each(quality) s, jsonb_each_text(s.value) m
          union all select 'lookedAfter', '', 1 where child_flags && array['LEFT_BEHIND', 'IN_DIFFICULTY', 'ALONE_UNDER_16', 'DROPOUT', 'UNREGISTERED']
        ) t where t.n <> 0
      $$;`);
    this.addSql(`insert into area_tally (area_code, measure, key, count)
      select coalesce(area_code, ''), 'lookedAfter', '', count(*) from child
      where flag_names && array['LEFT_BEHIND', 'IN_DIFFICULTY', 'ALONE_UNDER_16', 'DROPOUT', 'UNREGISTERED'] group by 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from area_tally where measure = 'lookedAfter';`);
    this.addSql(`create or replace function child_tally(child_area text, child_verification text, child_flags text[], golden jsonb, quality jsonb)
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
  }

}
