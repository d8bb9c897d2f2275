/** Runs the operator CLI as an operator does (`node bin/kadian.js …`) against a given DATA_DIR; stdout as bytes for binary exports. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PUBLIC_URL } from './helpers.ts';

const KADIAN = fileURLToPath(new URL('../../bin/kadian.js', import.meta.url));

export interface CliRun { code: number; stdout: string; stderr: string; bytes: Buffer }

export function kadianIn(dataDir: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [KADIAN, ...args], { env: { ...process.env, DATA_DIR: dataDir, PUBLIC_URL }, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), bytes: stdout });
    });
  });
}
