import fs from 'node:fs';
import path from 'node:path';
import { runHub, startHub } from '../../support/cli';
import { POLICE_ROWS, csv, tempDir } from '../../support/files';
import { expectedDataDir, modeOf } from '../../support/modes';

/**
 * Everything the hub writes that holds ID numbers (error reports with raw rows, exports, the
 * demo county, generated counties, links) is for the hub's OS user alone: files 0600, folders
 * 0700. Every command here runs with umask 0, so only modes the hub sets itself are left.
 */
describe('files holding ID numbers', () => {
  const tmp = tempDir();
  const dataDir = path.join(tmp.dir, 'data');
  // The hub's own embedded database, whatever the test run uses.
  const env = { HUB_DATA_DIR: dataDir, DATABASE_URL: undefined, DATABASE_OWNER_URL: undefined, HUB_DEMO_CHILDREN: '40', HUB_JWT_SECRET: undefined };
  let umask: number;
  beforeAll(() => {
    fs.chmodSync(tmp.dir, 0o755); // the embedded server runs as the postgres OS user when we are root
    umask = process.umask(0); // inherited by every hub started below
  });
  afterAll(() => {
    process.umask(umask);
    tmp.cleanup();
  });

  /** Every file below `dir`, with its mode. */
  const filesIn = (dir: string) => fs.readdirSync(dir).map((name) => [name, modeOf(path.join(dir, name))] as const);

  it('are private in the data folder that `hub start` fills, also when an older hub left it open', async () => {
    // As an older hub left it: the folder and its error reports open to everyone.
    fs.mkdirSync(path.join(dataDir, 'import-errors'), { recursive: true });
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'import-errors'), 0o777);

    const hub = startHub(['start', '--port', '0'], env);
    let stdout = '';
    let stderr = '';
    hub.stdout!.on('data', (chunk) => (stdout += chunk));
    hub.stderr!.on('data', (chunk) => (stderr += chunk));
    const closed = new Promise((resolve) => hub.on('close', resolve));
    const deadline = Date.now() + 120_000;
    while (!stdout.includes('The child-data hub is running') && hub.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    hub.kill('SIGTERM');
    await closed;
    expect([stdout.includes('The child-data hub is running'), stderr]).toEqual([true, expect.anything()]);

    const expected = expectedDataDir();
    expect(modeOf(dataDir)).toBe(expected.mode);
    if (expected.gid !== null) expect(fs.statSync(dataDir).gid).toBe(expected.gid);
    const secrets = filesIn(dataDir).filter(([name]) => name.endsWith('.password') || name === 'jwt.secret');
    expect(secrets.map(([name]) => name).sort()).toEqual(['jwt.secret', 'postgres-app.password', 'postgres-owner.password', 'postgres.password']);
    expect(secrets.filter(([, mode]) => mode !== 0o600)).toEqual([]);

    expect(modeOf(path.join(dataDir, 'demo'))).toBe(0o700);
    const demo = filesIn(path.join(dataDir, 'demo'));
    expect(demo.map(([name]) => name)).toEqual(expect.arrayContaining(['civil-affairs.csv', 'education.csv', 'police.csv']));
    expect(demo.filter(([, mode]) => mode !== 0o600)).toEqual([]);

    // The demo's exports have unreadable rows: their reports hold the raw lines.
    expect(modeOf(path.join(dataDir, 'import-errors'))).toBe(0o700);
    const reports = filesIn(path.join(dataDir, 'import-errors'));
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.filter(([, mode]) => mode !== 0o600)).toEqual([]);
  });

  it('are private when a command writes them where it is told to', async () => {
    // hub export links: record keys are ID numbers. A file that was there keeps no looser mode.
    const links = path.join(tmp.dir, 'links.csv');
    fs.writeFileSync(links, '');
    fs.chmodSync(links, 0o644);
    const exported = await runHub(['export', 'links', '--out', links], env);
    expect(exported.code).toBe(0);
    expect(fs.readFileSync(links, 'utf8')).toMatch(/^source,county,record_key,child_id\n/);
    expect(modeOf(links)).toBe(0o600);

    // hub import --errors into a folder of the user's (a missing one is refused before the import,
    // usage-cli.test.ts): the report is private, the folder left as the user made it.
    fs.mkdirSync(path.join(tmp.dir, 'reports'), { mode: 0o755 });
    fs.chmodSync(path.join(tmp.dir, 'reports'), 0o755);
    const report = path.join(tmp.dir, 'reports', 'police.csv');
    const file = tmp.file('police.csv', csv('police', [...POLICE_ROWS, 'broken,row']));
    const imported = await runHub(['import', 'police', file, '--period', '2024Q2', '--errors', report, '--json'], env);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rejected: 1, errorsFile: report });
    expect([modeOf(path.join(tmp.dir, 'reports')), modeOf(report)]).toEqual([0o755, 0o600]);

    // hub generate: invented people in the exports' format, treated alike.
    const county = path.join(tmp.dir, 'generated', 'county');
    const generated = await runHub(['generate', '--children', '20', '--seed', '3', '--out', county], env);
    expect(generated.code).toBe(0);
    expect([modeOf(path.join(tmp.dir, 'generated')), modeOf(county)]).toEqual([0o700, 0o700]);
    const files = filesIn(county);
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(files.filter(([, mode]) => mode !== 0o600)).toEqual([]);
  });
});
