/** Issue #14: console sign-in with a password, its session cookie, CSRF, idle expiry, lockout with backoff, sign-out (everywhere), and their audit lines, on each database. */
import { expect, it } from 'vitest';
import type { Me, Session, SignedOut } from '../../src/core/consoleWire.ts';
import { FIRST_LOCK_MS, LOCKING_FAILURE, lockoutMs, MAX_LOCK_MS } from '../../src/core/lockout.ts';
import { createAccount } from '../../src/server/accounts/users.ts';
import { DEFAULT_CONSOLE_SETTINGS, readConsoleSettings } from '../../src/server/console/settings.ts';
import { secretHash } from '../../src/server/secrets.ts';
import { CLIENT_IP, MINUTE, onEachConsoleCity, PASSWORD } from './consoleFixture.ts';
import { harness } from './helpers.ts';

it('locks after five failures in a row, doubling each further one up to an hour', () => {
  expect([1, 2, 3, 4].map(lockoutMs)).toEqual([0, 0, 0, 0]);
  expect(lockoutMs(LOCKING_FAILURE)).toBe(FIRST_LOCK_MS);
  expect(lockoutMs(LOCKING_FAILURE + 1)).toBe(2 * FIRST_LOCK_MS);
  expect(lockoutMs(LOCKING_FAILURE + 30)).toBe(MAX_LOCK_MS);
});

it('reads the session lifetimes from the environment and refuses unusable ones by name', () => {
  expect(readConsoleSettings({})).toEqual({ ok: true, value: DEFAULT_CONSOLE_SETTINGS });
  expect(readConsoleSettings({ CONSOLE_IDLE_MINUTES: '15', CONSOLE_SESSION_HOURS: '8', CONSOLE_SIGNIN_PER_MINUTE: '0' }))
    .toEqual({ ok: true, value: { idleMs: 15 * MINUTE, maxMs: 8 * 60 * MINUTE, signinPerMinute: 0 } });
  for (const bad of ['0', '-5', '1.5', 'half an hour', '100000']) {
    expect(readConsoleSettings({ CONSOLE_IDLE_MINUTES: bad })).toMatchObject({ ok: false, error: expect.stringContaining('CONSOLE_IDLE_MINUTES') });
  }
  expect(readConsoleSettings({ CONSOLE_SESSION_HOURS: '1000' })).toMatchObject({ ok: false, error: expect.stringContaining('CONSOLE_SESSION_HOURS') });
  expect(readConsoleSettings({ CONSOLE_SIGNIN_PER_MINUTE: 'lots' })).toMatchObject({ ok: false, error: expect.stringContaining('CONSOLE_SIGNIN_PER_MINUTE') });
});

it('limits password sign-ins per client IP, before any scrypt is spent', async () => {
  const h = await harness({ console: { ...DEFAULT_CONSOLE_SETTINGS, signinPerMinute: 2 } });
  try {
    const signIn = () => h.app.inject({ method: 'POST', url: '/api/v1/session', payload: { name: 'nobody', password: 'whatever it is' } });
    expect([(await signIn()).statusCode, (await signIn()).statusCode]).toEqual([401, 401]);
    const third = await signIn();
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ error: 'rate-limited' });
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
  } finally {
    await h.close();
  }
});

onEachConsoleCity('console sign-in', (city) => {
  it('signs in with the right password: an httpOnly SameSite=Strict cookie whose token only hashed is stored, and the CSRF token', async () => {
    const res = await city().signIn('hq-d1');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Session>();
    expect(body.user).toEqual({
      id: city().userId['hq-d1'], name: 'hq-d1', role: 'hq', areaId: 'a-d1', placeId: null, disabled: false, hasPassword: true, createdAt: expect.any(String),
    });
    expect(body.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body).not.toContain('scrypt');
    const cookie = res.cookies.find((c) => c.name === 'kadian_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1' });
    expect(cookie?.secure).toBeUndefined();
    const token = cookie?.value ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { idleMs, maxMs } = DEFAULT_CONSOLE_SETTINGS;
    expect(await city().h.storage.sessionOf(await secretHash(token), city().clock.at, idleMs, maxMs)).toMatchObject({ csrf: body.csrf });
    // The token itself is no key to the table: a leaked database opens no session.
    expect(await city().h.storage.sessionOf(token, city().clock.at, idleMs, maxMs)).toBeNull();
    expect(await city().lastAudit('console.signin')).toMatchObject({
      actor: `user:${body.user.id}`, actorName: 'hq-d1', origin: CLIENT_IP, areaPath: ['a-city', 'a-d1'], target: body.user.id, detail: { method: 'password' },
    });
  });

  it('makes the cookie Secure when the request came over HTTPS', async () => {
    const res = await city().h.app.inject({
      method: 'POST', url: '/api/v1/session', headers: { 'x-forwarded-proto': 'https' }, payload: { name: 'hq-d1', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === 'kadian_session')?.secure).toBe(true);
  });

  it('answers a wrong password and an unknown name alike, with no cookie, and audits both', async () => {
    const wrong = await city().signIn('tracer-d1', `${PASSWORD}!`);
    const unknown = await city().signIn('no-such-user');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'signin-failed', messageZh: '用户名或密码不正确' });
      expect(res.cookies).toEqual([]);
    }
    expect(wrong.body).toBe(unknown.body);
    const lines = (await city().h.storage.listAudit({})).filter((r) => r.action === 'console.signin-failed');
    expect(lines.slice(0, 2)).toEqual([
      expect.objectContaining({ actor: 'anonymous', actorName: '', areaPath: null, origin: CLIENT_IP, detail: expect.objectContaining({ reason: 'unknown-name' }) }),
      expect.objectContaining({ actor: `user:${city().userId['tracer-d1']}`, areaPath: ['a-city', 'a-d1'], detail: expect.objectContaining({ reason: 'wrong-password' }) }),
    ]);
    // The name typed is not kept: it may have been a password typed into the wrong field.
    expect(JSON.stringify(lines)).not.toContain('no-such-user');
  });

  it('refuses a disabled account even with the right password, saying no more than for a wrong one', async () => {
    const made = await createAccount(city().h.storage, { name: 'gone', role: 'tracer', areaId: 'a-c3', password: PASSWORD }, 'test');
    if (!made.ok) throw new Error(made.error);
    await city().h.storage.editUser(made.value.id, { disabledAt: city().clock.at.toISOString() });
    const res = await city().signIn('gone');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'signin-failed' });
    expect(await city().lastAudit('console.signin-failed')).toMatchObject({ target: made.value.id, detail: { reason: 'disabled' } });
  });

  it('locks the account after five failures in a row, with Retry-After, and backs off on failures after the lock', async () => {
    const made = await createAccount(city().h.storage, { name: 'guessed', role: 'lead', areaId: 'a-c3', password: PASSWORD }, 'test');
    if (!made.ok) throw new Error(made.error);
    for (let i = 1; i <= LOCKING_FAILURE; i++) expect((await city().signIn('guessed', `guess number ${i}`)).statusCode).toBe(401);
    expect(await city().lastAudit('console.lockout')).toMatchObject({ target: made.value.id, origin: CLIENT_IP, areaPath: ['a-city', 'a-d2', 'a-c3'] });
    // Locked: even the right password is not tried.
    const locked = await city().signIn('guessed');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: 'signin-locked' });
    expect(locked.headers['retry-after']).toBe('60');
    expect(locked.cookies).toEqual([]);
    expect(await city().lastAudit('console.signin-locked')).toMatchObject({ target: made.value.id });
    city().advance(30_000);
    expect((await city().signIn('guessed')).headers['retry-after']).toBe('30');
    // Once the lock is over, one more failure locks at once, for twice as long.
    city().advance(30_001);
    expect((await city().signIn('guessed', 'one more guess')).statusCode).toBe(401);
    expect((await city().signIn('guessed')).headers['retry-after']).toBe('120');
    city().advance(2 * MINUTE + 1);
    expect((await city().signIn('guessed')).statusCode).toBe(200);
    // A success starts the count afresh: one typo now costs no lock.
    expect((await city().signIn('guessed', 'typo')).statusCode).toBe(401);
    expect((await city().signIn('guessed')).statusCode).toBe(200);
  });

  it('refuses the console routes without a live session', async () => {
    for (const cookie of [null, { cookie: 'not-a-session', csrf: 'x', userId: '' }, { cookie: 'x'.repeat(300), csrf: 'x', userId: '' }]) {
      const res = await city().as(cookie, 'GET', '/api/v1/console/me');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'session-missing', messageZh: '请先登录' });
    }
    expect((await city().as(null, 'DELETE', '/api/v1/session')).statusCode).toBe(401);
  });

  it('ends a session idle for longer than the idle timeout, and any session past its maximum age', async () => {
    const idle = await city().session('lead-c2');
    const busy = await city().session('lead-c2');
    for (let i = 0; i < 4; i++) {
      city().advance(29 * MINUTE);
      expect((await city().as(busy, 'GET', '/api/v1/console/me')).statusCode).toBe(200);
    }
    expect((await city().as(idle, 'GET', '/api/v1/console/me')).statusCode).toBe(401);
    // 116 minutes old and in use: one more half hour is past the two hours a session may last.
    city().advance(29 * MINUTE);
    expect((await city().as(busy, 'GET', '/api/v1/console/me')).json()).toMatchObject({ error: 'session-missing' });
  });

  it('refuses a state-changing request without its session’s CSRF token, and audits the refusal', async () => {
    const mine = await city().session('hq-d1');
    const other = await city().session('hq-d1');
    for (const csrf of [null, '', 'forged', other.csrf]) {
      const res = await city().as(mine, 'DELETE', '/api/v1/session', csrf);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: 'csrf-invalid' });
    }
    expect(await city().lastAudit('console.refused')).toMatchObject({ actor: `user:${mine.userId}`, origin: CLIENT_IP, detail: { reason: 'csrf-invalid' } });
    // Still signed in: a refused sign-out changed nothing.
    expect((await city().as(mine, 'GET', '/api/v1/console/me')).json<Me>().csrf).toBe(mine.csrf);
  });

  it('signs out of one session, clearing the cookie, and the old cookie opens nothing', async () => {
    const mine = await city().session('tracer-d1');
    const other = await city().session('tracer-d1');
    const res = await city().as(mine, 'DELETE', '/api/v1/session');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<SignedOut>()).toEqual({ sessions: 1 });
    expect(res.cookies.find((c) => c.name === 'kadian_session')).toMatchObject({ value: '', path: '/api/v1' });
    expect((await city().as(mine, 'GET', '/api/v1/console/me')).statusCode).toBe(401);
    expect((await city().as(other, 'GET', '/api/v1/console/me')).statusCode).toBe(200);
    expect(await city().lastAudit('console.signout')).toMatchObject({ actor: `user:${mine.userId}`, origin: CLIENT_IP, areaPath: ['a-city', 'a-d1'] });
  });

  it('signs out everywhere: every session of the user ends, another user’s stays', async () => {
    const sessions = [await city().session('hq-d2'), await city().session('hq-d2'), await city().session('hq-d2')];
    const someoneElse = await city().session('admin');
    const res = await city().as(sessions[1] ?? null, 'DELETE', '/api/v1/sessions');
    expect(res.json<SignedOut>()).toEqual({ sessions: 3 });
    for (const s of sessions) expect((await city().as(s, 'GET', '/api/v1/console/me')).statusCode).toBe(401);
    expect((await city().as(someoneElse, 'GET', '/api/v1/console/me')).statusCode).toBe(200);
    expect(await city().lastAudit('console.signout-everywhere')).toMatchObject({ actor: `user:${sessions[0]?.userId}`, detail: { sessions: 3 } });
  });

  it('ends the sessions of an account once it is disabled', async () => {
    const s = await city().session('lead-p');
    await city().h.storage.editUser(s.userId, { disabledAt: city().clock.at.toISOString() });
    expect((await city().as(s, 'GET', '/api/v1/console/me')).statusCode).toBe(401);
    await city().h.storage.editUser(s.userId, { disabledAt: null });
  });
});
