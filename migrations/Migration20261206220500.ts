import { Migration } from '@mikro-orm/migrations';

/**
 * A flag's strength is told too. DROPOUT is CONFIRMED (the school says 辍学) or TO_VERIFY (no
 * enrolment in this county's export), and education acts on CONFIRMED; but the child-table
 * triggers (20261206110600) compared flag names without their `/STRENGTH` entry, so a dropout
 * going from TO_VERIFY to CONFIRMED, or back, raised no event at all.
 *
 * - `event.strength`: the flag's strength after the event, where the flag has one (a code, like
 *   the flag: no name, no number).
 * - FLAG_RAISED carries the strength it was raised with.
 * - FLAG_STRENGTH_CHANGED: the flag stays, its strength changed; `flag` is the flag itself
 *   (DROPOUT), so the roles that see the flag hear of it and no one else (event-kinds.ts).
 * - FLAG_CLEARED carries none.
 */
export class Migration20261206220500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "event" add column "strength" varchar(20) null;`);
    this.addSql(insertedFunction(true));
    this.addSql(updatedFunction(true));
  }

  override async down(): Promise<void> {
    this.addSql(insertedFunction(false));
    this.addSql(updatedFunction(false));
    this.addSql(`alter table "event" drop column "strength";`);
  }

}

/** The quarter a child's flags were evaluated for: flags_as_of is that quarter's last day. */
const period = (alias: string) => `to_char(${alias}.flags_as_of, 'YYYY"Q"Q')`;

/**
 * The strength entry of flag `f` among a row's flag_names (`DROPOUT/CONFIRMED` → CONFIRMED), or
 * null. Compared by split_part, not LIKE: flag names hold `_`, a LIKE wildcard.
 */
const strengthOf = (alias: string, flag: string) =>
  `(select split_part(s, '/', 2) from unnest(${alias}.flag_names) s where position('/' in s) > 0 and split_part(s, '/', 1) = ${flag} limit 1)`;

function insertedFunction(withStrength: boolean): string {
  const columns = withStrength ? 'kind, child_id, flag, strength, area_code, county_code, period' : 'kind, child_id, flag, area_code, county_code, period';
  const strength = withStrength ? `${strengthOf('n', 'f')} as strength, ` : '';
  return `create or replace function child_flag_events_inserted() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(hashtext('hub:events'));
        insert into event (${columns})
        select ${columns.replace('child_id', 'id')} from (
          select 'FLAG_RAISED' as kind, n.id, f as flag, ${strength}n.area_code, n.county_code, ${period('n')} as period
          from new_rows n, unnest(n.flag_names) f where position('/' in f) = 0
        ) e order by id, flag;
        return null;
      end $$;`;
}

function updatedFunction(withStrength: boolean): string {
  const columns = withStrength ? 'kind, child_id, flag, strength, area_code, county_code, period' : 'kind, child_id, flag, area_code, county_code, period';
  const changedRows = `from new_rows n join old_rows o on o.id = n.id, unnest(%s) f where n.flag_names is distinct from o.flag_names`;
  const raised = `select 'FLAG_RAISED' as kind, n.id, f as flag, ${withStrength ? `${strengthOf('n', 'f')} as strength, ` : ''}n.area_code, n.county_code, ${period('n')} as period
          ${changedRows.replace('%s', 'n.flag_names')} and not f = any(o.flag_names) and position('/' in f) = 0`;
  const cleared = `select 'FLAG_CLEARED', n.id, f, ${withStrength ? 'null, ' : ''}n.area_code, n.county_code, ${period('n')}
          ${changedRows.replace('%s', 'o.flag_names')} and not f = any(n.flag_names) and position('/' in f) = 0`;
  // A strength entry new to the row, whose flag the row already had: the flag stays, its strength moved.
  const strengthChanged = `select 'FLAG_STRENGTH_CHANGED', n.id, split_part(f, '/', 1), split_part(f, '/', 2), n.area_code, n.county_code, ${period('n')}
          ${changedRows.replace('%s', 'n.flag_names')} and position('/' in f) > 0 and not f = any(o.flag_names) and split_part(f, '/', 1) = any(o.flag_names)`;
  return `create or replace function child_flag_events_updated() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(hashtext('hub:events'));
        insert into event (${columns})
        select ${columns.replace('child_id', 'id')} from (
          ${raised}
          union all
          ${cleared}${withStrength ? `
          union all
          ${strengthChanged}` : ''}
        ) e order by id, kind desc, flag;
        return null;
      end $$;`;
}
