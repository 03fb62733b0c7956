import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateWriteStream, makePrivateDir, openPrivateFile, ownPrivateDir, writePrivateFile } from '../../../src/fs/private-files';
import { tempDir } from '../../support/files';
import { modeOf, withOpenUmask } from '../../support/modes';

describe('private files and folders', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const at = (...parts: string[]) => path.join(tmp.dir, ...parts);

  it('creates missing folders 0700 and leaves folders that exist as they are', async () => {
    fs.mkdirSync(at('existing'));
    fs.chmodSync(at('existing'), 0o755);
    await withOpenUmask(async () => makePrivateDir(at('existing', 'a', 'b')));
    expect([modeOf(at('existing')), modeOf(at('existing', 'a')), modeOf(at('existing', 'a', 'b'))]).toEqual([0o755, 0o700, 0o700]);
  });

  it('makes a folder of the hub’s own private, or traversable by one group only', async () => {
    fs.mkdirSync(at('data'));
    fs.chmodSync(at('data'), 0o777);
    ownPrivateDir(at('data'));
    expect(modeOf(at('data'))).toBe(0o700);
    const group = fs.statSync(at('data')).gid;
    ownPrivateDir(at('data'), { traverseGroup: group });
    expect(modeOf(at('data'))).toBe(0o710);
  });

  it('refuses to make a shared folder private (sticky, like /tmp)', () => {
    fs.mkdirSync(at('shared'));
    fs.chmodSync(at('shared'), 0o1777);
    expect(() => ownPrivateDir(at('shared'))).toThrow(/shared folder/);
    expect(modeOf(at('shared'))).toBe(0o1777);
  });

  it('leaves a folder that belongs to another user alone', () => {
    if (process.getuid?.() !== 0) return; // only root can hand a folder to someone else
    fs.mkdirSync(at('theirs'));
    fs.chmodSync(at('theirs'), 0o755);
    fs.chownSync(at('theirs'), 65534, 65534);
    ownPrivateDir(at('theirs'));
    expect(modeOf(at('theirs'))).toBe(0o755);
  });

  it('writes files 0600, also over a file that was open to everyone', async () => {
    fs.writeFileSync(at('report.csv'), 'old');
    fs.chmodSync(at('report.csv'), 0o666);
    await withOpenUmask(async () => {
      fs.closeSync(openPrivateFile(at('report.csv')));
      writePrivateFile(at('secret'), 'x');
    });
    expect([modeOf(at('report.csv')), fs.readFileSync(at('report.csv'), 'utf8'), modeOf(at('secret'))]).toEqual([0o600, '', 0o600]);
    expect(() => writePrivateFile(at('secret'), 'y', { exclusive: true })).toThrow(/EEXIST/);
  });

  it('streams into a 0600 file, and reports a missing folder as a stream error', async () => {
    fs.writeFileSync(at('links.csv'), '');
    fs.chmodSync(at('links.csv'), 0o644);
    const out = await withOpenUmask(async () => createPrivateWriteStream(at('links.csv')));
    out.end('source,record_key,child_id\n');
    await once(out, 'finish');
    expect([modeOf(at('links.csv')), fs.readFileSync(at('links.csv'), 'utf8')]).toEqual([0o600, 'source,record_key,child_id\n']);

    const lost = createPrivateWriteStream(at('no-such-folder', 'links.csv'));
    const [error] = await once(lost, 'error');
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
