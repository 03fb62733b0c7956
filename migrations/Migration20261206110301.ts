import { Migration } from '@mikro-orm/migrations';

/**
 * The children's golden name by county, for the children a mandatory report without a child id
 * may be about (src/modules/cases/mandatory-report.matching.ts): a county's namesakes are read
 * through it, not by scanning the county.
 */
export class Migration20261206110301 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "child_county_name_index" on "child" ("county_code", (golden->'name'->>'value'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "child_county_name_index";`);
  }

}
