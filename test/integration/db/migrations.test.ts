import { createTestDatabase } from '../../support/database';

describe('migrations', () => {
  it('apply to an empty database and leave no difference between entities and schema', async () => {
    const db = await createTestDatabase();
    try {
      const migrator = db.orm.getMigrator();
      expect(await migrator.getPendingMigrations()).toEqual([]);
      expect((await migrator.getExecutedMigrations()).length).toBeGreaterThan(0);
      // The migrator diffs the entities against the live schema: a forgotten migration shows here.
      expect(await migrator.checkMigrationNeeded()).toBe(false);
    } finally {
      await db.close();
    }
  });
});
