/** What the server and the operator CLI share: settings from the environment and the database under DATA_DIR. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../core/calendar.ts';
import { err, ok, type Result } from '../core/result.ts';
import { DatabaseStorage } from './storage/databaseStorage.ts';
import type { Storage } from './storage/storage.ts';
import { keepDatabasePrivate } from './privateFiles.ts';
import { RESIDENT_VERIFIERS, type ResidentVerifierName } from './residents/realName.ts';
import { RP_ID_PATTERN } from './residents/relyingParty.ts';

export interface Settings {
  port: number;
  host: string;
  /** Absolute; holds kadian.db. */
  dataDir: string;
  /** Where tablets reach this server, without a trailing slash; enrolment URLs start with it. */
  publicUrl: string;
  /** The built PWA to serve (APP_DIR, default dist/ of this checkout): a new build deployed here is a new app version. */
  appDir: string;
  healthCodes: HealthCodeSettings;
  rateLimits: RateLimits;
  /** Fastify's trustProxy (TRUST_PROXY): whose X-Forwarded-For to believe for the client's IP; false: the peer's address. */
  trustProxy: string | boolean;
  /** RESIDENT_VERIFIER: who checks a resident's name against their ID number at registration (residents/realName.ts). */
  residentVerifier: ResidentVerifierName;
  /** RESIDENT_PASSKEY_RP_ID: the relying party of residents' passkeys; absent: PUBLIC_URL's host (residents/relyingParty.ts). */
  residentPasskeyRpId?: string;
}

/** Requests per minute per client IP on the open, login-like routes (RATE_LIMIT_ENROL, RATE_LIMIT_RESIDENT); 0: unlimited. */
export interface RateLimits {
  /** POST /api/v1/enrol. */
  enrolPerMinute: number;
  /** POST /api/v1/checkins and POST /api/v1/health-code, each. */
  residentPerMinute: number;
  /**
   * GET poster-info and POST passages of a place's poster (RATE_LIMIT_SELF_CHECK_IN), each; absent: the default. A shop's
   * visitors come over one carrier's NAT at the busy hour, so more than the residents'.
   */
  selfCheckInPerMinute?: number;
}

/** Enrolling is rare (one tablet at a time, by hand); residents behind one mobile carrier's NAT share an IP, so they get more. */
export const DEFAULT_RATE_LIMITS: RateLimits = { enrolPerMinute: 10, residentPerMinute: 30, selfCheckInPerMinute: 60 };

function perMinute(env: NodeJS.ProcessEnv, name: string, fallback: number): Result<number, string> {
  const text = env[name]?.trim() || '';
  if (text === '') return ok(fallback);
  if (!/^\d{1,6}$/.test(text)) return err(`${name} must be a number of requests per minute per IP (0 for no limit), not "${text}"`);
  return ok(Number(text));
}

/** Reads RATE_LIMIT_ENROL, RATE_LIMIT_RESIDENT and RATE_LIMIT_SELF_CHECK_IN. */
export function readRateLimits(env: NodeJS.ProcessEnv = process.env): Result<RateLimits, string> {
  const enrol = perMinute(env, 'RATE_LIMIT_ENROL', DEFAULT_RATE_LIMITS.enrolPerMinute);
  if (!enrol.ok) return enrol;
  const resident = perMinute(env, 'RATE_LIMIT_RESIDENT', DEFAULT_RATE_LIMITS.residentPerMinute);
  if (!resident.ok) return resident;
  const selfCheckIn = perMinute(env, 'RATE_LIMIT_SELF_CHECK_IN', DEFAULT_RATE_LIMITS.selfCheckInPerMinute ?? 0);
  if (!selfCheckIn.ok) return selfCheckIn;
  return ok({ enrolPerMinute: enrol.value, residentPerMinute: resident.value, selfCheckInPerMinute: selfCheckIn.value });
}

/** TRUST_PROXY: the proxies' addresses (comma-separated IPs or CIDRs), or `true` when only the proxy can reach the server; unset: none. */
function readTrustProxy(env: NodeJS.ProcessEnv): string | boolean {
  const text = env.TRUST_PROXY?.trim() || '';
  return text === '' || text === 'false' ? false : text === 'true' ? true : text;
}

/** RESIDENT_VERIFIER: `none` (the default: names are taken as given) or `test-double` (tests and demonstrations only). */
export function readResidentVerifier(env: NodeJS.ProcessEnv = process.env): Result<ResidentVerifierName, string> {
  const text = env.RESIDENT_VERIFIER?.trim() || 'none';
  const known = RESIDENT_VERIFIERS.find((v) => v === text);
  return known ? ok(known) : err(`RESIDENT_VERIFIER must be one of ${RESIDENT_VERIFIERS.join(', ')}, not "${text}"`);
}

/** How the server issues health codes (ISSUER_NAME, TIME_ZONE, CODE_TTL_MINUTES). */
export interface HealthCodeSettings {
  /** The `iss` claim of every code. */
  issuerName: string;
  /** IANA zone whose calendar days the daily check-in counts in. */
  timeZone: string;
  /** A code expires at the end of its day, or this many minutes after issue if that is sooner; null: the day's end. */
  codeTtlMinutes: number | null;
}

export const DEFAULT_HEALTH_CODE_SETTINGS: HealthCodeSettings = { issuerName: 'kadian', timeZone: DEFAULT_TIME_ZONE, codeTtlMinutes: null };

/** Reads ISSUER_NAME, TIME_ZONE and CODE_TTL_MINUTES; an unusable value is an error naming the variable. */
export function readHealthCodeSettings(env: NodeJS.ProcessEnv = process.env): Result<HealthCodeSettings, string> {
  const issuerName = env.ISSUER_NAME?.trim() || DEFAULT_HEALTH_CODE_SETTINGS.issuerName;
  // eslint-disable-next-line no-control-regex
  if (issuerName.length > 64 || /[\u0000-\u001f\u007f]/.test(issuerName)) return err(`ISSUER_NAME must be at most 64 printable characters, not "${issuerName}"`);
  const timeZone = env.TIME_ZONE?.trim() || DEFAULT_HEALTH_CODE_SETTINGS.timeZone;
  if (!isTimeZone(timeZone)) return err(`TIME_ZONE must be an IANA time zone, like Asia/Shanghai, not "${timeZone}"`);
  const ttlText = env.CODE_TTL_MINUTES?.trim() || '';
  const ttl = Number(ttlText);
  if (ttlText !== '' && (!/^\d+$/.test(ttlText) || ttl < 1 || ttl > 1440)) {
    return err(`CODE_TTL_MINUTES must be a number of minutes from 1 to 1440 (codes end with their day anyway), not "${ttlText}"`);
  }
  return ok({ issuerName, timeZone, codeTtlMinutes: ttlText === '' ? null : ttl });
}

/** The most server processes SERVER_PROCESSES may ask for: more than a large server's cores would only share them. */
export const MAX_SERVER_PROCESSES = 64;

/**
 * SERVER_PROCESSES (default 1): how many server processes `npm start` runs on one port (node:cluster, main.ts). Only
 * the server reads it, not the CLI. More than one needs PostgreSQL: SQLite is one file that one process writes (its
 * pushes are serialised in that process), so SQLite with more than one is refused, in Chinese and English.
 */
export function readServerProcesses(env: NodeJS.ProcessEnv = process.env): Result<number, string> {
  const text = env.SERVER_PROCESSES?.trim() || '1';
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_SERVER_PROCESSES) {
    return err(`SERVER_PROCESSES 须为 1 到 ${MAX_SERVER_PROCESSES} 的整数 / SERVER_PROCESSES must be a whole number from 1 to ${MAX_SERVER_PROCESSES}, not "${text}"`);
  }
  if (n > 1 && !env.DATABASE_URL?.trim()) {
    return err(`SERVER_PROCESSES=${n} 需要 PostgreSQL：SQLite 只能由一个服务器进程使用。请设置 DATABASE_URL，或去掉 SERVER_PROCESSES。`
      + ` / SERVER_PROCESSES=${n} needs PostgreSQL: SQLite is served by one server process only. Set DATABASE_URL, or unset SERVER_PROCESSES.`);
  }
  return ok(n);
}

export const DATABASE_FILE = 'kadian.db';

const DEFAULT_APP_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

/** Reads PORT, HOST, DATA_DIR, PUBLIC_URL, APP_DIR, TRUST_PROXY, RESIDENT_VERIFIER, RESIDENT_PASSKEY_RP_ID, the health-code settings and the rate limits; an unusable value is an error naming the variable. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Result<Settings, string> {
  const portText = env.PORT?.trim() || '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) return err(`PORT must be a port number from 1 to 65535, not "${portText}"`);
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)) {
    return err(`PUBLIC_URL must be an http:// or https:// address, like https://kadian.example.org, not "${publicUrl}"`);
  }
  const healthCodes = readHealthCodeSettings(env);
  if (!healthCodes.ok) return healthCodes;
  const rateLimits = readRateLimits(env);
  if (!rateLimits.ok) return rateLimits;
  const residentVerifier = readResidentVerifier(env);
  if (!residentVerifier.ok) return residentVerifier;
  const rpId = readPasskeyRpId(env);
  if (!rpId.ok) return rpId;
  return ok({
    port, host: env.HOST?.trim() || '0.0.0.0', dataDir: resolve(env.DATA_DIR?.trim() || './data'), publicUrl, appDir: resolve(env.APP_DIR?.trim() || DEFAULT_APP_DIR),
    healthCodes: healthCodes.value, rateLimits: rateLimits.value, trustProxy: readTrustProxy(env), residentVerifier: residentVerifier.value,
    ...(rpId.value !== null && { residentPasskeyRpId: rpId.value }),
  });
}

/**
 * RESIDENT_PASSKEY_RP_ID: the host residents open their pages at, or a domain it is under (the browser refuses any
 * other); null when unset. A passkey works only under the id it was made for: set it before residents make theirs.
 */
export function readPasskeyRpId(env: NodeJS.ProcessEnv = process.env): Result<string | null, string> {
  const text = env.RESIDENT_PASSKEY_RP_ID?.trim().toLowerCase() ?? '';
  if (text === '') return ok(null);
  if (!RP_ID_PATTERN.test(text)) return err(`RESIDENT_PASSKEY_RP_ID must be a host name like kadian.example.org or example.org (no scheme, port or path), not "${text}"`);
  return ok(text);
}

/**
 * DATABASE_READ_URL: one or more PostgreSQL streaming replicas (comma-separated) for the console's figures, tracing and
 * exports; empty, they read the primary. Needs DATABASE_URL: a SQLite file has no replicas.
 */
export function readReplicaUrls(env: NodeJS.ProcessEnv = process.env): Result<string[], string> {
  const urls = (env.DATABASE_READ_URL ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (urls.length === 0) return ok([]);
  if (!env.DATABASE_URL?.trim()) {
    return err('DATABASE_READ_URL 需要同时设置 DATABASE_URL（PostgreSQL 主库）/ DATABASE_READ_URL needs DATABASE_URL (the PostgreSQL primary): SQLite has no replicas');
  }
  const bad = urls.find((u) => !URL.canParse(u) || !/^postgres(ql)?:$/.test(new URL(u).protocol));
  if (bad !== undefined) return err(`DATABASE_READ_URL 须为 postgres:// 地址 / DATABASE_READ_URL must be postgres:// addresses, not "${bad}"`);
  return ok(urls);
}

/** The replicas of DATABASE_READ_URL, opened without migrating (they replay the primary's schema). */
export const openReadReplicas = (urls: readonly string[]): Storage[] => urls.map((url) => DatabaseStorage.postgres(url, { replica: true, poolSize: 4 }));

/**
 * Opens (creating if needed) the database: PostgreSQL when DATABASE_URL is set (postgres://user:pass@host/db),
 * otherwise SQLite in `dataDir`. The schema is migrated on open (storage/migrations), before the first query runs.
 */
export function openStorage(dataDir: string, env: NodeJS.ProcessEnv = process.env): Storage {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) return DatabaseStorage.postgres(databaseUrl);
  const file = join(dataDir, DATABASE_FILE);
  // DATA_DIR 0700 and the database 0600 from their creation on, whatever the umask; wider ones found are warned about.
  const opened = keepDatabasePrivate(dataDir, file);
  const storage = DatabaseStorage.sqlite(file);
  opened();
  return storage;
}
