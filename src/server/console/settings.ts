/**
 * How long a console session lives (CONSOLE_IDLE_MINUTES, CONSOLE_SESSION_HOURS): short idle, because a console left
 * open at an office is a signed-in console; how many sign-ins one IP may try a minute (CONSOLE_SIGNIN_PER_MINUTE); and
 * after how long without a sync the console calls a tablet silent (CONSOLE_SILENT_MINUTES).
 */
import { err, ok, type Result } from '../../core/result.ts';

export interface ConsoleSettings {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session this old ends however busy: a stolen cookie does not live forever. */
  maxMs: number;
  /** Password sign-ins per minute per client IP; 0: unlimited. Each costs a 32 MiB scrypt: a flood must not take the memory. */
  signinPerMinute: number;
  /** A tablet not revoked and not seen for longer than this is shown silent; absent: DEFAULT_SILENT_MINUTES. */
  silentMinutes?: number;
}

/** Half an hour: a gate that scans nothing for 30 minutes in daytime is worth a look (a flat battery, a lost network). */
export const DEFAULT_SILENT_MINUTES = 30;

const MINUTE_MS = 60_000;

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = { idleMs: 30 * MINUTE_MS, maxMs: 12 * 60 * MINUTE_MS, signinPerMinute: 20 };

function bounded(env: NodeJS.ProcessEnv, name: string, max: number, unit: string, min = 1): Result<number | null, string> {
  const text = env[name]?.trim() || '';
  if (text === '') return ok(null);
  const n = Number(text);
  if (!/^\d{1,5}$/.test(text) || n < min || n > max) return err(`${name} must be a number of ${unit} from ${min} to ${max}, not "${text}"`);
  return ok(n);
}

export function readConsoleSettings(env: NodeJS.ProcessEnv = process.env): Result<ConsoleSettings, string> {
  const idle = bounded(env, 'CONSOLE_IDLE_MINUTES', 24 * 60, 'minutes');
  if (!idle.ok) return idle;
  const hours = bounded(env, 'CONSOLE_SESSION_HOURS', 7 * 24, 'hours');
  if (!hours.ok) return hours;
  const signins = bounded(env, 'CONSOLE_SIGNIN_PER_MINUTE', 10_000, 'sign-ins per minute per IP (0 for no limit)', 0);
  if (!signins.ok) return signins;
  const silent = bounded(env, 'CONSOLE_SILENT_MINUTES', 7 * 24 * 60, 'minutes');
  if (!silent.ok) return silent;
  return ok({
    // Only when set: absent means the default, where it is used (deviceRoutes.ts).
    ...(silent.value !== null && { silentMinutes: silent.value }),
    signinPerMinute: signins.value ?? DEFAULT_CONSOLE_SETTINGS.signinPerMinute,
    idleMs: idle.value === null ? DEFAULT_CONSOLE_SETTINGS.idleMs : idle.value * MINUTE_MS,
    maxMs: hours.value === null ? DEFAULT_CONSOLE_SETTINGS.maxMs : hours.value * 60 * MINUTE_MS,
  });
}
