/**
 * The CLI's audit line: every command that acts (all but reading the audit log and the two pure code tools) is written
 * to the audit log by `kadian` itself once it ends, with who (the operating-system account), when, what (the command,
 * its arguments with secrets masked, its exit code, and what the command noted), and from where (the host). A command
 * adds what only it knows with `noteAudit`; none writes a line of its own, so no action is written twice or forgotten.
 */
import { hostname, userInfo } from 'node:os';
import { maskIdNumber } from '../../core/idNumber.ts';
import { openStorage, readSettings } from '../settings.ts';
import type { NewAudit } from '../storage/accountTypes.ts';
import type { Storage } from '../storage/storage.ts';

/** Reading these changes nothing and names no one: `audit` itself, and the offline code tools. */
const UNAUDITED = new Set(['audit', 'verify', 'resident-code']);

interface Note {
  action?: string;
  areaPath?: string[] | null;
  target?: string | null;
  detail?: Record<string, unknown>;
}

let note: Note = {};

/** What the running command wants its line to say beside its arguments: a finer action name, the area, the target, counts. */
export function noteAudit(more: Note): void {
  note = { ...note, ...more, detail: { ...note.detail, ...more.detail } };
}

/** Flags whose value never reaches the log: secrets, and (for a health code issued by hand) the person it names. */
const MASKED_FLAGS: Record<string, readonly string[]> = {
  '*': ['--pin', '--password'],
  'health-code': ['--id', '--name'],
  residents: ['--name'],
};

/** The arguments as they may be kept: a PIN, a password or a person's ID number and name never reaches the log (a traced one only masked). */
export function maskedArgs(command: string, args: readonly string[]): string[] {
  const masked = [...(MASKED_FLAGS['*'] ?? []), ...(MASKED_FLAGS[command] ?? [])];
  return args.map((arg, i) => {
    const previous = args[i - 1];
    if (previous !== undefined && masked.includes(previous)) return '***';
    const flag = arg.split('=')[0] ?? '';
    if (arg.includes('=') && masked.includes(flag)) return `${flag}=***`;
    if (command === 'lead-pin' && previous === 'set') return '***';
    // The person a trace or a re-binding names is kept as a gate screen shows them; the line's detail has the same (trace/history.ts).
    if ((command === 'trace' || command === 'residents') && /^\s*(\d{15}|\d{17}[\dXx])\s*$/.test(arg)) return maskIdNumber(arg.trim().toUpperCase());
    return arg;
  });
}

export function cliOrigin(): { actorName: string; origin: string } {
  let user = process.env.SUDO_USER ?? process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container): keep the environment's
  }
  return { actorName: user, origin: `cli ${user}@${hostname()}` };
}

/** The line for a command that ended with `exitCode`; null for a command that is not audited. */
export async function cliAuditRecord(storage: Storage, command: string, args: readonly string[], exitCode: number, at: Date): Promise<NewAudit | null> {
  if (UNAUDITED.has(command)) return null;
  const taken = note;
  note = {};
  let areaPath = taken.areaPath ?? null;
  // A command about one checkpoint concerns its subtree: an hq user of that area reads the line.
  const checkpointAt = args.indexOf('--checkpoint');
  const checkpoint = checkpointAt >= 0 ? args[checkpointAt + 1] : undefined;
  if (taken.areaPath === undefined && checkpoint !== undefined) areaPath = (await storage.getCheckpointRecord(checkpoint))?.areaIds ?? null;
  const { actorName, origin } = cliOrigin();
  return {
    at: at.toISOString(), actor: 'cli', actorName, origin,
    action: taken.action ?? `cli.${command}${args[0] !== undefined && !args[0].startsWith('-') ? `.${args[0]}` : ''}`,
    areaPath, target: taken.target ?? checkpoint ?? null,
    detail: { command: ['kadian', command, ...maskedArgs(command, args)].join(' '), exitCode, ...taken.detail },
  };
}

/**
 * Writes the line of the command that just ended. A failure to write it is said on stderr and turns a success into
 * exit 1: an action the log does not show must not look done.
 */
export async function auditRun(command: string, args: readonly string[], exitCode: number): Promise<number> {
  if (UNAUDITED.has(command)) return exitCode;
  const read = readSettings();
  if (!read.ok) return exitCode; // the command itself already said what is wrong with the settings
  const storage = openStorage(read.value.dataDir);
  try {
    const record = await cliAuditRecord(storage, command, args, exitCode, new Date());
    if (record) await storage.appendAudit(record);
    return exitCode;
  } catch (error) {
    process.stderr.write(`审计日志写入失败 / Could not write the audit log: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCode === 0 ? 1 : exitCode;
  } finally {
    await storage.close();
  }
}
