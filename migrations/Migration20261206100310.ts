import { Migration } from '@mikro-orm/migrations';

/**
 * What a child's flags read beside its golden record, and why a pair waits for a reviewer:
 * - `child.flag_facts`: each of the child's records (department, ID number and its verdict), the
 *   police records an open review pair would join it to, and the departments whose exports were
 *   searched (flags.ts FlagFacts). A new county period re-evaluates flags from it without reading
 *   the records again. Empty on existing children until the next run rewrites them: their flags
 *   stand as written until then.
 * - `review_item.held_by`: the guard that held the pair back, or the thresholds it fell between.
 */
export class Migration20261206100310 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "child" add column "flag_facts" jsonb null;`);
    this.addSql(`alter table "review_item" add column "held_by" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "review_item" drop column "held_by";`);
    this.addSql(`alter table "child" drop column "flag_facts";`);
  }

}
