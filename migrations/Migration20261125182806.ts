import { Migration } from '@mikro-orm/migrations';

/**
 * Lighter writes for the import, which writes a source record and a version per row:
 * - A version's three documents (raw cells, normalised values, problems) become `json`, not
 *   `jsonb`. They are written once, read whole or field by field (`json_to_record`) and never
 *   searched inside; `jsonb` made PostgreSQL take each one apart into its binary form on every
 *   import. `json` checks the text is JSON and keeps it as sent: the raw cells of versions
 *   written from now on keep their file's column order (those converted here keep jsonb's order).
 *   The conversion rewrites the table under an exclusive lock: migrations run as the hub starts,
 *   before it serves or imports, and a county's 370k versions took a few seconds.
 * - The import-run columns (a record's first and last import, a version's import) stop being
 *   foreign keys: PostgreSQL checks a foreign key row by row, and three checks per imported row
 *   were a sixth of an import's time. They are provenance, written only by the import from the
 *   run it holds open, and import runs are never deleted. A version's source record stays a
 *   foreign key.
 */
export class Migration20261125182806 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "source_record" drop constraint "source_record_first_import_id_foreign";`);
    this.addSql(`alter table "source_record" drop constraint "source_record_last_import_id_foreign";`);
    this.addSql(`alter table "source_record_version" drop constraint "source_record_version_import_run_id_foreign";`);
    this.addSql(`alter table "source_record_version" alter column "raw" type json using "raw"::json, alter column "normalised" type json using "normalised"::json, alter column "problems" type json using "problems"::json;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "source_record_version" alter column "raw" type jsonb using "raw"::jsonb, alter column "normalised" type jsonb using "normalised"::jsonb, alter column "problems" type jsonb using "problems"::jsonb;`);
    this.addSql(`alter table "source_record" add constraint "source_record_first_import_id_foreign" foreign key ("first_import_id") references "import_run" ("id") on update cascade on delete no action;`);
    this.addSql(`alter table "source_record" add constraint "source_record_last_import_id_foreign" foreign key ("last_import_id") references "import_run" ("id") on update cascade on delete no action;`);
    this.addSql(`alter table "source_record_version" add constraint "source_record_version_import_run_id_foreign" foreign key ("import_run_id") references "import_run" ("id") on update cascade on delete no action;`);
  }

}
