/** DATA_DIR and the SQLite database kept to their owner: made 0700 and 0600 whatever the umask, and a warning when found wider. */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/** DATA_DIR holds the database, the issuer keys and the demo PIN: nobody but the server's user has business in it. */
export const DATA_DIR_MODE = 0o700;
/** The database holds every ID number, name and check-in, and each checkpoint's private seal key. */
export const DATABASE_FILE_MODE = 0o600;
/** What SQLite keeps beside the database: the write-ahead log and its index (and a rollback journal, if ever). */
const COMPANIONS = ['-wal', '-shm', '-journal'];

export type Warn = (line: string) => void;

/** Permission bits beyond `allowed` (for group or others), as octal text, or null when there are none. */
function tooOpen(path: string, allowed: number): string | null {
  const mode = statSync(path).mode & 0o777;
  return (mode & ~allowed) === 0 ? null : mode.toString(8).padStart(4, '0');
}

const quoted = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

/**
 * Call before SQLite opens `file` in `dataDir`: DATA_DIR is made 0700, or checked; the database is made as an empty file
 * 0600 (SQLite takes an empty file for a new database, and makes its -wal and -shm with the database's mode), or checked.
 * Call what it returns once the database is open: companions made by this open are set 0600, ones from before checked,
 * and anything found wider is told in one line on stderr with the command that fixes it. Modes are set with chmod after
 * creating, so a umask of 022 (or 0) changes nothing; what was found is only warned about, never changed behind the operator.
 */
/** Databases already warned about in this process: a command that opens its database twice (the audit line) warns once. */
const warned = new Set<string>();

export function keepDatabasePrivate(dataDir: string, file: string, warn: Warn = (line) => console.error(line)): () => void {
  const loose: string[] = [];
  if (existsSync(dataDir)) {
    const mode = tooOpen(dataDir, DATA_DIR_MODE);
    if (mode) loose.push(`${dataDir} ${mode}`);
  } else {
    mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
    chmodSync(dataDir, DATA_DIR_MODE);
  }
  if (existsSync(file)) {
    const mode = tooOpen(file, DATABASE_FILE_MODE);
    if (mode) loose.push(`${file} ${mode}`);
  } else {
    // 'wx': made here or not at all (another process that made it first is checked like any existing file).
    try {
      closeSync(openSync(file, 'wx', DATABASE_FILE_MODE));
      chmodSync(file, DATABASE_FILE_MODE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const before = new Set(COMPANIONS.map((c) => file + c).filter((f) => existsSync(f)));

  return () => {
    for (const companion of COMPANIONS.map((c) => file + c)) {
      if (!existsSync(companion)) continue;
      if (!before.has(companion)) {
        chmodSync(companion, DATABASE_FILE_MODE);
        continue;
      }
      const mode = tooOpen(companion, DATABASE_FILE_MODE);
      if (mode) loose.push(`${companion} ${mode}`);
    }
    if (loose.length === 0 || warned.has(file)) return;
    warned.add(file);
    const fix = `chmod 700 ${quoted(dataDir)} && chmod 600 ${quoted(file)}*`;
    warn(
      `警告：数据目录或数据库其他用户可读（${loose.join('，')}），其中有全部身份证号和各卡点的私钥，请运行 ${fix} / `
        + `Warning: DATA_DIR or its database is open to other users (${loose.join(', ')}); it holds every ID number and each checkpoint's private key. Fix: ${fix}`,
    );
  };
}
