/**
 * Where the running server can be reached, kept in DATA_DIR while it runs: the operator's CLI, given the same DATA_DIR
 * but not the server's PORT or PUBLIC_URL, prints enrolment URLs that open the server that is running, not port 8080.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ADDRESS_FILE = 'server-address.json';

interface Address { publicUrl: string; pid: number; startedAt: string }

/** Written once the server listens. */
export function writeServerAddress(dataDir: string, publicUrl: string): void {
  const address: Address = { publicUrl, pid: process.pid, startedAt: new Date().toISOString() };
  writeFileSync(join(dataDir, ADDRESS_FILE), `${JSON.stringify(address)}\n`);
}

/** Removed when the server stops; a killed server leaves it behind, which `runningServerUrl` sees through. */
export function removeServerAddress(dataDir: string): void {
  rmSync(join(dataDir, ADDRESS_FILE), { force: true });
}

/** Whether a process with this id runs (signal 0 tests without sending; EPERM: it runs under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The public URL of the server running on this DATA_DIR, or null when none runs (no file, or its process is gone). */
export function runningServerUrl(dataDir: string): string | null {
  let address: Partial<Address>;
  try {
    address = JSON.parse(readFileSync(join(dataDir, ADDRESS_FILE), 'utf8')) as Partial<Address>;
  } catch {
    return null;
  }
  if (typeof address.publicUrl !== 'string' || typeof address.pid !== 'number' || !URL.canParse(address.publicUrl)) return null;
  return alive(address.pid) ? address.publicUrl : null;
}
