import { Migration } from '@mikro-orm/migrations';

/**
 * An import counts the problems its rows were kept with (a date that is not one, an area code
 * not in the registry…), code by code, batch by batch with its other counts: its summary tells
 * the clerk, who otherwise saw "3 new" for rows whose birth date had been left empty.
 */
export class Migration20261206233000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "import_run" add column "problem_counts" jsonb not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "import_run" drop column "problem_counts";`);
  }

}
