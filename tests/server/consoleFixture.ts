/**
 * The console tests' city, on each database: two districts side by side (the second the "sibling" every refusal is
 * tried from), a street, communities, places and checkpoints, and one account of each kind; a clock the tests move;
 * and requests as a signed-in user (cookie and CSRF token) through the real app.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Session } from '../../src/core/consoleWire.ts';
import type { Role } from '../../src/core/roles.ts';
import { createAccount } from '../../src/server/accounts/users.ts';
import type { AuditRecord } from '../../src/server/storage/accountTypes.ts';
import { DATABASES, title } from './databases.ts';
import { harness, type Harness } from './helpers.ts';

export const PASSWORD = 'correct horse battery staple';
export const START = new Date('2026-11-30T08:00:00.000Z');
export const MINUTE = 60_000;
/** Every request comes "from" here (trustProxy is on), so the audit's origin is checked against a known IP. */
export const CLIENT_IP = '203.0.113.7';

/**
 * 市 a-city ─ 区 a-d1 ─ 街道 a-s1 ─ 社区 a-c1: places p-c1a (cp-c1a-1, cp-c1a-2), p-c1b (cp-c1b-1)
 *                                 └ 社区 a-c2: place p-c2a (cp-c2a-1)
 *           └ 区 a-d2 ─ 社区 a-c3: place p-c3a (cp-c3a-1)
 */
const AREAS = [
  { id: 'a-city', parentId: null, level: 'city', name: '三门峡市' },
  { id: 'a-d1', parentId: 'a-city', level: 'district', name: '湖滨区' },
  { id: 'a-s1', parentId: 'a-d1', level: 'street', name: '湖滨街道' },
  { id: 'a-c1', parentId: 'a-s1', level: 'community', name: '东风社区' },
  { id: 'a-c2', parentId: 'a-s1', level: 'community', name: '建设社区' },
  { id: 'a-d2', parentId: 'a-city', level: 'district', name: '陕州区' },
  { id: 'a-c3', parentId: 'a-d2', level: 'community', name: '大营社区' },
] as const;
const PLACES = [['p-c1a', 'a-c1'], ['p-c1b', 'a-c1'], ['p-c2a', 'a-c2'], ['p-c3a', 'a-c3']] as const;
const CHECKPOINTS = [['cp-c1a-1', 'p-c1a'], ['cp-c1a-2', 'p-c1a'], ['cp-c1b-1', 'p-c1b'], ['cp-c2a-1', 'p-c2a'], ['cp-c3a-1', 'p-c3a']] as const;

/** Name → role and reach. */
export const USERS: Record<string, { role: Role; areaId?: string; placeId?: string }> = {
  admin: { role: 'admin' },
  'hq-d1': { role: 'hq', areaId: 'a-d1' },
  'hq-d2': { role: 'hq', areaId: 'a-d2' },
  'tracer-d1': { role: 'tracer', areaId: 'a-d1' },
  'lead-c2': { role: 'lead', areaId: 'a-c2' },
  'lead-p': { role: 'lead', placeId: 'p-c1a' },
};

export interface Signed {
  cookie: string;
  csrf: string;
  userId: string;
}

export interface ConsoleCity {
  h: Harness;
  /** The server clock: tests move it instead of waiting; it also moves 1 ms at each reading. */
  clock: { at: Date };
  advance(ms: number): void;
  userId: Record<string, string>;
  signIn(name: string, password?: string): Promise<LightMyRequestResponse>;
  /** Signs in and gives the session; fails the test unless the sign-in succeeds. */
  session(name: string): Promise<Signed>;
  /** A request as a signed-in user: their cookie, and their CSRF token unless `csrf` says otherwise (null: none). */
  as(who: Signed | null, method: 'GET' | 'POST' | 'DELETE', url: string, csrf?: string | null, payload?: object): Promise<LightMyRequestResponse>;
  /** A GET as a signed-in user that must answer 200, and its JSON. */
  get<T>(who: Signed, url: string): Promise<T>;
  /** A request that must be refused with 403 `reason`, and the refusal's audit line (about `target`, when given). */
  expectRefused(who: Signed, method: 'GET' | 'POST', url: string, reason: 'forbidden-area' | 'forbidden-role', target?: string): Promise<void>;
  /** The newest audit line with this action. */
  lastAudit(action: string): Promise<AuditRecord | undefined>;
}

async function build(kind: (typeof DATABASES)[number], clock: { at: Date }): Promise<ConsoleCity> {
  // A millisecond passes at each reading: the audit lines of one test keep their order (lines of one instant have none).
  const tick = (): Date => (clock.at = new Date(clock.at.getTime() + 1));
  const h = await harness({ database: kind, now: tick, trustProxy: true, console: { idleMs: 30 * MINUTE, maxMs: 120 * MINUTE, signinPerMinute: 0 } });
  await h.storage.applyCityChanges({
    newAreas: AREAS.map((a) => ({ ...a, code: null })), renamedAreas: [],
    newPlaces: PLACES.map(([id, areaId]) => ({ id, areaId, name: id, kind: 'compound', capacity: null, code: null })), changedPlaces: [],
    newCheckpoints: CHECKPOINTS.map(([id, placeId]) => ({ id, placeId, name: id, code: null, capacity: null })), renamedCheckpoints: [],
  });
  const userId: Record<string, string> = {};
  for (const [name, reach] of Object.entries(USERS)) {
    const made = await createAccount(h.storage, { name, ...reach, password: PASSWORD }, 'test');
    if (!made.ok) throw new Error(`could not make ${name}: ${made.error}`);
    userId[name] = made.value.id;
  }
  const signIn = (name: string, password = PASSWORD) =>
    h.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'x-forwarded-for': CLIENT_IP }, payload: { name, password } });
  const as: ConsoleCity['as'] = (who, method, url, csrf, payload) => {
    const token = csrf === undefined ? who?.csrf : csrf;
    return h.app.inject({
      method, url, ...(payload && { payload }),
      headers: { 'x-forwarded-for': CLIENT_IP, ...(token != null && { 'x-csrf-token': token }) },
      ...(who && { cookies: { kadian_session: who.cookie } }),
    });
  };
  const lastAudit = async (action: string): Promise<AuditRecord | undefined> => (await h.storage.listAudit({ limit: 1000 })).find((r) => r.action === action);
  return {
    h, clock, userId, signIn, as, lastAudit,
    advance: (ms) => { clock.at = new Date(clock.at.getTime() + ms); },
    async session(name) {
      const res = await signIn(name);
      expect(res.statusCode, res.body).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'kadian_session');
      if (!cookie) throw new Error('no session cookie');
      const body = res.json<Session>();
      return { cookie: cookie.value, csrf: body.csrf, userId: body.user.id };
    },
    async get<T>(who: Signed, url: string): Promise<T> {
      const res = await as(who, 'GET', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      return res.json<T>();
    },
    async expectRefused(who, method, url, reason, target) {
      const res = await as(who, method, url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json(), url).toMatchObject({ error: reason });
      expect(await lastAudit('console.refused'), url).toMatchObject({ actor: `user:${who.userId}`, ...(target !== undefined && { target }), detail: { reason } });
    },
  };
}

/** Declares `body` once per database kind (PostgreSQL skipped without TEST_DATABASE_URL), on a fresh city with its accounts. */
export function onEachConsoleCity(name: string, body: (city: () => ConsoleCity) => void): void {
  for (const kind of DATABASES) {
    describe.skipIf(kind.skip !== null)(title(name, kind), () => {
      let city: ConsoleCity | undefined;
      const clock = { at: START };
      beforeAll(async () => { city = await build(kind, clock); });
      afterAll(() => city?.h.close());
      body(() => {
        if (!city) throw new Error('the city is not built yet');
        return city;
      });
    });
  }
}
