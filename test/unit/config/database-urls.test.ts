import { ConfigError, loadConfig } from '../../../src/config';

describe('the database URLs in the configuration', () => {
  const APP = 'postgres://hub_app:secret@db.example/hub';
  const OWNER = 'postgres://hub_owner:secret@db.example/hub';

  it.each([
    ['none: the embedded database', {}, { databaseUrl: null, databaseOwnerUrl: null }],
    ['DATABASE_URL alone: one role for everything', { DATABASE_URL: APP }, { databaseUrl: APP, databaseOwnerUrl: null }],
    ['both: migrations as the owner, serving as the application', { DATABASE_URL: APP, DATABASE_OWNER_URL: OWNER }, { databaseUrl: APP, databaseOwnerUrl: OWNER }],
  ])('reads %s', (_what, env, expected) => {
    expect(loadConfig(env, '/srv')).toMatchObject(expected);
  });

  it.each([
    ['an owner URL without DATABASE_URL', { DATABASE_OWNER_URL: OWNER }, /DATABASE_OWNER_URL needs DATABASE_URL/],
    ['an owner URL that is no postgres URL', { DATABASE_URL: APP, DATABASE_OWNER_URL: 'mysql://x' }, /DATABASE_OWNER_URL must be a postgres/],
  ])('refuses %s', (_what, env, message) => {
    expect(() => loadConfig(env, '/srv')).toThrow(ConfigError);
    expect(() => loadConfig(env, '/srv')).toThrow(message);
  });
});
