import { Migration } from '@mikro-orm/migrations';

/**
 * Subscriptions (src/modules/events/subscription*.ts): every statement that writes events tells
 * the listening API nodes, on channel `hub_event`, when its transaction commits. The payload is
 * empty on purpose: PostgreSQL delivers one notification per transaction for identical payloads,
 * and a listener reads the events themselves (ids after the last one it sent, by the audience's
 * rules), so a notification is a wake-up call, never the data. One missed (a listener
 * reconnecting) loses nothing: the listener reads from its last id again once it is back.
 */
export class Migration20261206190700 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create function event_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hub_event', '');
        return null;
      end $$;`);
    this.addSql(`create trigger event_notify after insert on "event" for each statement execute function event_notify();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists event_notify on "event";`);
    this.addSql(`drop function if exists event_notify();`);
  }

}
