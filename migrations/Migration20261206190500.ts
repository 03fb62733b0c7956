import { Migration } from '@mikro-orm/migrations';

/**
 * Case events in the outbox (src/modules/cases/case-transitions.ts):
 * - `event.case_kind`: the kind of the case an event is about, a code. Education and police read
 *   only the case kinds they own (auth/access.ts CASE_ACCESS): the audience rules
 *   (events/event-kinds.ts) need the kind on the event itself, as it was when the event happened.
 * - The scheduled deadline job (jobs/tasks.ts) looks for cases still owed, past their due date and
 *   not yet noted overdue (`overdue_noted_at`, reset when a case is settled or its deadline moves):
 *   a partial index keeps that look to the few cases it concerns, whatever the number of cases.
 * - The same job tells a child looked after that falls due for a visit once per visit recorded
 *   (casework/visit-due-events.ts): whether it was told since is read from the outbox itself,
 *   through a partial index of those events by child.
 */
export class Migration20261206190500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "event" add column "case_kind" varchar(32) null;`);
    this.addSql(`create index "case_overdue_unnoted" on "case" ("due") where "status" in ('OPEN', 'IN_PROGRESS') and "overdue_noted_at" is null;`);
    this.addSql(`create index "event_visit_due_child" on "event" ("child_id", "occurred_at") where "kind" = 'VISIT_DUE';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "event_visit_due_child";`);
    this.addSql(`drop index if exists "case_overdue_unnoted";`);
    this.addSql(`alter table "event" drop column if exists "case_kind";`);
  }

}
