import { runHub } from '../../support/cli';
import { tempDir } from '../../support/files';

// Usage errors are refusals like any other bad input: exit 2 and a reason on stderr, nothing on
// stdout, and no database is opened for them.
describe('hub usage errors', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const env = () => ({ HUB_DATA_DIR: tmp.dir, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });

  it.each([
    ['a missing --period', ['import', 'police', 'x.csv'], /required option '--period <quarter>' not specified/],
    ['an unknown --role', ['token', '--role', 'MAYOR', '--area', '500109'], /--role must be one of/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['a missing argument', ['import', 'police', '--period', '2024Q1'], /missing required argument 'file'/],
    ['an unknown option', ['reconcile', '--fast'], /unknown option '--fast'/],
    ['an export into a missing folder', ['export', 'links', '--out', 'MISSING/links.csv'], /no such folder: .*no-such-folder/],
    ['an export onto a folder', ['export', 'links', '--out', 'TMP'], /is a folder; --out names the CSV file/],
  ])('refuses %s with exit code 2', async (_what, args, reason) => {
    const result = await runHub(args.map((a) => a.replace('MISSING', `${tmp.dir}/no-such-folder`).replace('TMP', tmp.dir)), env());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('still exits 0 for --help', async () => {
    const result = await runHub(['--help'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: hub/);
  });
});
