import { Migration } from '@mikro-orm/migrations';

/**
 * The golden birth date is indexed through the column PostgreSQL keeps beside the golden record
 * (golden_birth_date, Migration20261207010000) instead of an expression on the record: one value
 * worked out once per write, not twice.
 */
export class Migration20261207020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "child_birth_date_index";`);
    this.addSql(`create index "child_golden_birth_date_index" on "child" ("golden_birth_date");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "child_golden_birth_date_index";`);
    this.addSql(`create index "child_birth_date_index" on "child" ((golden->'birthDate'->>'value'));`);
  }

}
