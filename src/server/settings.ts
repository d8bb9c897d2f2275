/** What the server and the operator CLI share: settings from the environment and the database under DATA_DIR. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from '../core/result.ts';
import { SqliteStorage } from './storage/sqlite.ts';
import type { Storage } from './storage/storage.ts';

export interface Settings {
  port: number;
  host: string;
  /** Absolute; holds kadian.db. */
  dataDir: string;
  /** Where tablets reach this server, without a trailing slash; enrolment URLs start with it. */
  publicUrl: string;
  /** The built PWA to serve (APP_DIR, default dist/ of this checkout): a new build deployed here is a new app version. */
  appDir: string;
}

export const DATABASE_FILE = 'kadian.db';

const DEFAULT_APP_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

/** Reads PORT, HOST, DATA_DIR, PUBLIC_URL and APP_DIR; an unusable value is an error naming the variable. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Result<Settings, string> {
  const portText = env.PORT?.trim() || '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) return err(`PORT must be a port number from 1 to 65535, not "${portText}"`);
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)) {
    return err(`PUBLIC_URL must be an http:// or https:// address, like https://kadian.example.org, not "${publicUrl}"`);
  }
  return ok({ port, host: env.HOST?.trim() || '0.0.0.0', dataDir: resolve(env.DATA_DIR?.trim() || './data'), publicUrl, appDir: resolve(env.APP_DIR?.trim() || DEFAULT_APP_DIR) });
}

/** Opens (creating if needed) the database in `dataDir`. */
export function openStorage(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  return new SqliteStorage(join(dataDir, DATABASE_FILE));
}
