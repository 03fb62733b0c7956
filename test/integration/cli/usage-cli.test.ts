import fs from 'node:fs';
import path from 'node:path';
import { runHub, runHubIn } from '../../support/cli';
import { csv, POLICE_ROWS, tempDir } from '../../support/files';

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
    ['an export onto a folder', ['export', 'links', '--out', 'TMP'], /--out: .* is a folder; name the file to write/],
    ['an error report into a missing folder', ['import', 'police', 'CSV', '--period', '2024Q1', '--errors', 'MISSING/errors.csv'], /--errors: no such folder/],
    ['an error report onto a folder', ['import', 'police', 'CSV', '--period', '2024Q1', '--errors', 'TMP'], /--errors: .* is a folder/],
    ['links into a missing folder', ['link', '--settings', 'x.json', '--left', 'a.csv', '--right', 'b.csv', '--out', 'MISSING/pairs.csv'], /--out: no such folder/],
    ['a port that is no port', ['serve', '--port', 'abc'], /--port must be a port number/],
    ['a lifetime that is no lifetime', ['token', '--role', 'POLICE', '--area', '500109', '--expires', 'forever'], /--expires must be a lifetime such as 30m, 8h or 2d/],
    ['a generated county that is no county', ['generate', '--children', '5', '--out', 'MISSING', '--county', '999999'], /--county must be a 6-digit GB\/T 2260 county code/],
    ['a review list of no county', ['review', 'list', '--county', 'abc'], /--county must be a 6-digit county code/],
    ['a generated county of no size', ['generate', '--out', 'MISSING'], /--children is required \(or --from DIR/],
    ['a changes report of no area', ['changes', '--from', '2024Q1', '--to', '2024Q2', '--area', 'abc'], /--area must be a 6-, 9- or 12-digit code/],
    ['a changes report of one quarter twice', ['changes', '--from', '2024Q1', '--to', '2024Q1'], /--from and --to are both 2024Q1: .* pass --from 2023Q4 --to 2024Q1/],
    ['a changes report of no quarter', ['changes', '--from', '2024-01', '--to', '2024Q1'], /--from must be a quarter like 2024Q1, not "2024-01"/],
  ])('refuses %s with exit code 2', async (_what, args, reason) => {
    const csvFile = tmp.file('police.csv', csv('police', POLICE_ROWS));
    const result = await runHub(args.map((a) => a.replace('MISSING', `${tmp.dir}/no-such-folder`).replace('TMP', tmp.dir).replace('CSV', csvFile)), env());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a bad setting in the environment with exit code 2', async () => {
    const result = await runHub(['migrate'], { ...env(), PORT: 'abc' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PORT must be/);
  });

  it('refuses a report, a list, an export or a decision where there is no hub data, and makes none', async () => {
    const empty = tempDir();
    try {
      const out = path.join(empty.dir, 'links.csv');
      for (const args of [['changes', '--from', '2024Q1', '--to', '2024Q2'], ['review', 'list'], ['review', 'findings'], ['review', 'decide', '1', 'MATCH', '--reviewer', 'r', '--reason', 'x'], ['cases', 'list'], ['export', 'links', '--out', out]]) {
        const result = await runHub(args, { HUB_DATA_DIR: empty.dir, DATABASE_URL: undefined });
        expect({ args, code: result.code }).toEqual({ args, code: 2 });
        expect(result.stderr).toMatch(new RegExp(`no hub data in ${empty.dir}: start the hub there first \\(npm start\\), or point HUB_DATA_DIR`));
        expect(fs.existsSync(path.join(empty.dir, 'pg'))).toBe(false);
      }
    } finally {
      empty.cleanup();
    }
  });

  it('refuses to make a second, empty database when run in a subfolder of the hub', async () => {
    // The hub's data in the folder above, as `npm start` leaves it.
    const hub = tempDir();
    try {
      fs.mkdirSync(path.join(hub.dir, '.hub', 'pg'), { recursive: true });
      fs.writeFileSync(path.join(hub.dir, '.hub', 'pg', 'PG_VERSION'), '18\n');
      const sub = path.join(hub.dir, 'docs');
      fs.mkdirSync(sub);
      for (const args of [['review', 'list'], ['token', '--role', 'POLICE', '--area', '500109']]) {
        const result = await runHubIn(sub, args, { HUB_DATA_DIR: undefined, DATABASE_URL: undefined });
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(new RegExp(`this folder holds no hub data.*but ${hub.dir}/.hub does: run the command in ${hub.dir}`));
        expect(fs.existsSync(path.join(sub, '.hub'))).toBe(false);
      }
    } finally {
      hub.cleanup();
    }
  });

  it('still exits 0 for --help', async () => {
    const result = await runHub(['--help'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: hub/);
  });
});
