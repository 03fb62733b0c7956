import fs from 'node:fs';
import path from 'node:path';

/**
 * Files and folders that hold children's data (exports, error reports with raw rows, ID
 * numbers) or the hub's secrets are readable by the hub's OS user alone. Modes are set
 * explicitly after creating or opening: `mode` at creation is filtered by the umask, and an
 * existing file or folder keeps whatever mode it had.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;
/** The owner's rights, plus traverse (no listing, no reading) for one group: see ownPrivateDir. */
export const TRAVERSABLE_DIR_MODE = 0o710;
const STICKY_BIT = 0o1000;

/**
 * Creates `dir` and its missing parents, each folder it creates 0700. Folders that already
 * exist are left as they are: they are the user's (`--out /tmp/county`).
 */
export function makePrivateDir(dir: string): void {
  const absolute = path.resolve(dir);
  const first = fs.mkdirSync(absolute, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first === undefined) return;
  // mkdirSync returns the first folder it made: it and every folder below it down to `dir` are new.
  for (let current = absolute; ; current = path.dirname(current)) {
    fs.chmodSync(current, PRIVATE_DIR_MODE);
    if (current === first || current === path.dirname(current)) break;
  }
}

export interface OwnPrivateDirOptions {
  /**
   * A group that must pass through the folder to reach something inside it that it owns (the
   * embedded PostgreSQL's cluster, when the hub runs as root and the server as `postgres`):
   * the folder is then 0710 with that group, which lets it traverse but not list or read.
   */
  traverseGroup?: number;
}

/**
 * A folder of the hub's own (`HUB_DATA_DIR`, its `import-errors/`, `demo/`): created private,
 * and made private when it exists and belongs to the hub's OS user (a folder made by an older
 * hub was 0755). A folder owned by someone else is left alone: it is not ours to change.
 */
export function ownPrivateDir(dir: string, options: OwnPrivateDirOptions = {}): void {
  makePrivateDir(dir);
  const stat = fs.statSync(dir);
  if (stat.uid !== process.geteuid?.()) return;
  if (stat.mode & STICKY_BIT) {
    // A sticky folder is shared by everyone (/tmp): making it private would break the machine.
    throw new Error(`${dir} is a shared folder (sticky bit, like /tmp): give the hub a folder of its own`);
  }
  const wanted = options.traverseGroup === undefined ? PRIVATE_DIR_MODE : TRAVERSABLE_DIR_MODE;
  if (options.traverseGroup !== undefined && stat.gid !== options.traverseGroup) fs.chownSync(dir, stat.uid, options.traverseGroup);
  if ((stat.mode & 0o7777) !== wanted) fs.chmodSync(dir, wanted);
}

/**
 * Opens `file` for writing (created or truncated) and returns its descriptor, 0600 before a
 * byte is written, also when the file existed with a looser mode.
 */
export function openPrivateFile(file: string, flags: 'w' | 'wx' = 'w'): number {
  const fd = fs.openSync(file, flags, PRIVATE_FILE_MODE);
  try {
    fs.fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  return fd;
}

/** Writes `data` to `file`, 0600. `exclusive` refuses to replace an existing file. */
export function writePrivateFile(file: string, data: string | Uint8Array, options: { exclusive?: boolean } = {}): void {
  const fd = openPrivateFile(file, options.exclusive ? 'wx' : 'w');
  try {
    fs.writeFileSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A write stream on `file` that is 0600 before its first write. It opens the file the way
 * fs.createWriteStream does (asynchronously: a missing folder is an 'error' event, as before).
 */
export function createPrivateWriteStream(file: string, options: { encoding?: BufferEncoding; highWaterMark?: number } = {}): fs.WriteStream {
  return fs.createWriteStream(file, {
    ...options,
    mode: PRIVATE_FILE_MODE,
    fs: { open: openThenMakePrivate, write: fs.write, writev: fs.writev, close: fs.close },
  });
}

type OpenCallback = (error: NodeJS.ErrnoException | null, fd?: number) => void;

function openThenMakePrivate(file: fs.PathLike, flags: fs.OpenMode, mode: fs.Mode, callback: OpenCallback): void {
  fs.open(file, flags, mode, (error, fd) => {
    if (error) return callback(error);
    fs.fchmod(fd, PRIVATE_FILE_MODE, (chmodError) => {
      if (!chmodError) return callback(null, fd);
      fs.close(fd, () => callback(chmodError));
    });
  });
}
