import { startHub } from '../../support/cli';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { tempDir } from '../../support/files';
import { exited, until } from '../../support/kill';
import { TEST_SECRET } from '../../support/server';
import { freePort } from '../../../src/net/free-port';


/**
 * `hub serve` stops cleanly on Ctrl-C and SIGTERM: sockets, job workers, then the database, once,
 * exit code 0. Outside tests (NODE_ENV not `test`) Apollo would also stop the server on those
 * signals and raise them again, and the second stop of the job workers threw.
 */
describe('hub serve on a termination signal', () => {
  const tmp = tempDir();
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
    tmp.cleanup();
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('stops once on %s, with exit code 0', async (signal) => {
    const child = startHub(['serve', '--port', String(await freePort())], { ...db.env, HUB_DATA_DIR: tmp.dir, HUB_JWT_SECRET: TEST_SECRET, NODE_ENV: 'development' });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    await until(async () => output.includes('is serving') || child.exitCode !== null, 'the hub to serve');
    child.kill(signal);
    child.kill(signal); // a second Ctrl-C while stopping
    await exited(child);
    expect(child.exitCode).toBe(0);
    expect(output).not.toMatch(/Error|already stopped|DeprecationWarning/);
    expect(output.match(new RegExp(`${signal}: stopping the server`, 'g'))).toHaveLength(1);
  }, 120_000);
});
