import { Migration } from '@mikro-orm/migrations';

/**
 * Visits recorded on a child that a later merge absorbed stayed on the absorbed id, so the
 * surviving child's file no longer showed them. Merges now carry such rows to the surviving child
 * (src/modules/identity/child-keyed-tables.ts); this moves the ones written before. Aliases never
 * chain (a merge re-points the aliases of the id it absorbs), so one step reaches the survivor.
 */
export class Migration20261206100002 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`update "visit" v set "child_id" = a."child_id" from "child_alias" a where a."alias" = v."child_id";`);
  }

  override async down(): Promise<void> {
    // Nothing to undo: which id a visit was first recorded on is not needed by any earlier schema.
  }

}
