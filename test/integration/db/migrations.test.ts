import { withOwnerOrm } from '../../../src/db/database';
import { createTestDatabase } from '../../support/database';

describe('migrations', () => {
  it('apply to an empty database and leave no difference between entities and schema', async () => {
    const db = await createTestDatabase();
    try {
      // The migrator works as the owner of the schema, as the hub's migrations do.
      await withOwnerOrm(db.ownerUrl, async (orm) => {
        const migrator = orm.getMigrator();
        expect(await migrator.getPendingMigrations()).toEqual([]);
        expect((await migrator.getExecutedMigrations()).length).toBeGreaterThan(0);
        // The migrator diffs the entities against the live schema: a forgotten migration shows here.
        expect(await migrator.checkMigrationNeeded()).toBe(false);
      });
      expect(db.migrations.length).toBeGreaterThan(0);
      // The diff treats json and jsonb alike: the versions' documents are checked by hand.
      const { rows } = await db.pool.query(
        `SELECT column_name AS name, data_type AS type FROM information_schema.columns
         WHERE table_name = 'source_record_version' AND column_name IN ('raw', 'normalised', 'problems') ORDER BY column_name`,
      );
      expect(rows).toEqual([
        { name: 'normalised', type: 'json' },
        { name: 'problems', type: 'json' },
        { name: 'raw', type: 'json' },
      ]);
    } finally {
      await db.close();
    }
  });
});
