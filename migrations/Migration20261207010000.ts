import { Migration } from '@mikro-orm/migrations';

/**
 * What a child's period state reads from its golden record (changes/period-states.ts), kept
 * beside it by PostgreSQL as the record is written: a county's new quarter writes the states of
 * all its children at once, and reading these three fields out of half a million golden documents
 * took longer than writing the states.
 */
export class Migration20261207010000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "child"
      add column "golden_category" jsonb generated always as (${CATEGORY}) stored,
      add column "leaving_facts" text[] generated always as (${LEAVING_FACTS}) stored,
      add column "golden_birth_date" varchar(10) generated always as (${BIRTH_DATE}) stored;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "child" drop column "golden_category", drop column "leaving_facts", drop column "golden_birth_date";`);
  }

}

// As in the entity (src/modules/identity/child.entity.ts), which the schema diff compares.
const CATEGORY = `golden->'category'->'value'`;
const LEAVING_FACTS = `array_remove(ARRAY[CASE WHEN golden->'status'->>'value' = ANY (ARRAY['迁出', '死亡', '注销']) THEN 'status:' || (golden->'status'->>'value') ELSE NULL END, CASE WHEN golden->'enrolmentStatus'->>'value' = ANY (ARRAY['毕业', '转出', '死亡']) THEN 'enrolmentStatus:' || (golden->'enrolmentStatus'->>'value') ELSE NULL END], NULL)`;
const BIRTH_DATE = `golden->'birthDate'->>'value'`;
