/** The operator's commands: enrolment codes, resident codes, and the export of the central log. */
import { parseArgs } from 'node:util';
import { message } from '../../core/messages.ts';
import { encodeResidentCode, type Resident } from '../../core/residentCode.ts';
import { enrolmentUrl, issueEnrolmentCode } from '../enrolment.ts';
import { csvExport, EXPORT_FORMATS } from '../export.ts';
import { openStorage, readSettings, type Settings } from '../settings.ts';
import type { Storage } from '../storage/storage.ts';
import { terminalQr } from '../terminal.ts';
import { say, UsageError, writeAll } from './output.ts';

function settings(): Settings {
  const read = readSettings();
  if (!read.ok) throw new UsageError(`配置错误 / Configuration error: ${read.error}`);
  return read.value;
}

async function withStorage<T>(dataDir: string, work: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = openStorage(dataDir);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

/** The checkpoint asked for, or the demo one; an unknown id lists the ones there are. */
async function checkpointId(storage: Storage, asked: string | undefined): Promise<string> {
  if (asked === undefined) return (await storage.ensureDemo()).checkpoint.id;
  if (await storage.getCheckpoint(asked)) return asked;
  const known = (await storage.listCheckpoints()).map((c) => `${c.id} (${c.communityName} ${c.name})`);
  throw new UsageError(
    `卡点不存在 / Unknown checkpoint: ${asked}. ${known.length ? `已有 / Known: ${known.join(', ')}` : '还没有卡点 / There are no checkpoints yet: start the server once to create the demo one.'}`,
  );
}

export async function enrolCode(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { checkpoint: { type: 'string' } }, strict: true });
  const { dataDir, publicUrl } = settings();
  await withStorage(dataDir, async (storage) => {
    const issued = await issueEnrolmentCode(storage, await checkpointId(storage, values.checkpoint));
    const url = enrolmentUrl(publicUrl, issued.code);
    // The URL alone on stdout, so `URL=$(kadian enrol-code)` captures it; the rest is for the person.
    process.stdout.write(`${url}\n`);
    say(terminalQr(url));
    say(`登记码 ${issued.code}（卡点 ${issued.checkpointId}），一次性，有效期至 ${issued.expiresAt}`);
    say(`Enrolment code ${issued.code} for ${issued.checkpointId}: one tablet, valid until ${issued.expiresAt}`);
  });
}

export async function residentCode(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { id: { type: 'string' }, name: { type: 'string' }, phone: { type: 'string' }, address: { type: 'string' }, community: { type: 'string' } },
    strict: true,
  });
  if (values.id === undefined || values.name === undefined) throw new UsageError('需要 --id 和 --name / --id and --name are required');
  const resident: Resident = { id: values.id, name: values.name };
  if (values.phone !== undefined) resident.phone = values.phone;
  if (values.address !== undefined) resident.address = values.address;
  if (values.community !== undefined) resident.community = values.community;
  const encoded = encodeResidentCode(resident);
  if (!encoded.ok) throw new UsageError(`${message(encoded.error, 'zh')} / ${message(encoded.error, 'en')} (${encoded.error})`);
  process.stdout.write(`${encoded.value}\n`);
  say(terminalQr(encoded.value));
}

export async function exportLog(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'csv' }, since: { type: 'string' }, checkpoint: { type: 'string' } },
    strict: true,
  });
  if (!(EXPORT_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`不支持的格式 / Unsupported format: ${values.format}. 可用 / Available: ${EXPORT_FORMATS.join(', ')}`);
  }
  const since = values.since;
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(since) || !Number.isFinite(Date.parse(since)))) {
    throw new UsageError(`--since 需要 ISO 8601 日期时间 / --since needs an ISO 8601 date or date-time, like 2026-01-31 or 2026-01-31T08:00:00+08:00, not "${since}"`);
  }
  await withStorage(settings().dataDir, async (storage) => {
    const filter = { ...(since !== undefined && { since }), ...(values.checkpoint !== undefined && { checkpointId: await checkpointId(storage, values.checkpoint) }) };
    await writeAll(process.stdout, csvExport(storage, filter));
  });
}
