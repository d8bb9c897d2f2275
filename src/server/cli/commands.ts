/** The operator's commands: enrolment codes, resident codes, and the export of the central log. */
import { parseArgs } from 'node:util';
import { localDateTime } from '../../core/calendar.ts';
import { validatePin } from '../../core/leadPin.ts';
import { operatorLeadPin } from '../tablets/sealing.ts';
import type { LeadPin } from '../../core/leadWire.ts';
import type { Language } from '../../core/catalogue.ts';
import { encodeResidentCode, type Resident } from '../../core/residentCode.ts';
import { enrolmentUrl, issueEnrolmentCode } from '../tablets/enrolment.ts';
import { csvExport, EXPORT_FORMATS, retainedFrom, xlsxExport } from '../operator/export.ts';
import { runningServerUrl } from '../address.ts';
import { openStorage, readSettings, type Settings } from '../settings.ts';
import type { Storage } from '../storage/storage.ts';
import { terminalQr } from '../terminal.ts';
import { bilingual, say, UsageError, writeAll } from './output.ts';

export function settings(): Settings {
  const read = readSettings();
  if (!read.ok) throw new UsageError(`配置错误 / Configuration error: ${read.error}`);
  return read.value;
}

export async function withStorage<T>(dataDir: string, work: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = openStorage(dataDir);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

/** The checkpoint asked for, or the demo one; an unknown id lists the ones there are. */
export async function checkpointId(storage: Storage, asked: string | undefined): Promise<string> {
  if (asked === undefined) return (await storage.ensureDemo()).checkpoint.id;
  if (await storage.getCheckpoint(asked)) return asked;
  const known = (await storage.listCheckpoints()).map((c) => `${c.id} (${c.communityName} ${c.name})`);
  throw new UsageError(
    `卡点不存在 / Unknown checkpoint: ${asked}. ${known.length ? `已有 / Known: ${known.join(', ')}` : '还没有卡点 / There are no checkpoints yet: start the server once to create the demo one.'}`,
  );
}

/** The stored form of a PIN the operator typed; a PIN that is not 4–8 digits is a usage error. */
/** The checkpoint's new lead PIN record (its hash and the seal key wrapped with it); a malformed PIN is a usage error. */
export async function leadPinRecord(storage: Storage, checkpoint: string, pin: string): Promise<LeadPin> {
  const derived = await operatorLeadPin(storage, checkpoint, pin);
  if (!derived.ok) throw new UsageError(bilingual(derived.error));
  return derived.value;
}

export async function enrolCode(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { checkpoint: { type: 'string' }, pin: { type: 'string' } }, strict: true });
  const { dataDir, publicUrl: configured, healthCodes } = settings();
  // Given neither PUBLIC_URL nor PORT, the URL is the running server's (it notes its address in DATA_DIR), not port 8080's.
  const look = !process.env.PUBLIC_URL?.trim() && !process.env.PORT?.trim();
  const running = look ? runningServerUrl(dataDir) : null;
  const publicUrl = running ?? configured;
  // Checked before anything is written: a mistyped PIN issues no code either.
  const valid = values.pin === undefined ? undefined : validatePin(values.pin);
  if (valid && !valid.ok) throw new UsageError(bilingual(valid.error));
  await withStorage(dataDir, async (storage) => {
    const checkpoint = await checkpointId(storage, values.checkpoint);
    if (valid) {
      await storage.setLeadPin(checkpoint, await leadPinRecord(storage, checkpoint, valid.value), new Date().toISOString(), null);
      say(`负责人密码已设置（卡点 ${checkpoint}），平板注册或下次同步时获得 / Lead PIN set for ${checkpoint}: tablets get it at enrolment or their next sync`);
    }
    const issued = await issueEnrolmentCode(storage, checkpoint);
    const url = enrolmentUrl(publicUrl, issued.code);
    // The URL alone on stdout, so `URL=$(kadian enrol-code)` captures it; the rest is for the person.
    process.stdout.write(`${url}\n`);
    say(terminalQr(url));
    const until = `${localDateTime(new Date(issued.expiresAt), healthCodes.timeZone)} (${healthCodes.timeZone})`;
    say(`注册码 ${issued.code}（卡点 ${issued.checkpointId}），一次性，有效期至 ${until}`);
    say(`Enrolment code ${issued.code} for ${issued.checkpointId}: one tablet, valid until ${until}`);
    if (look && !running) {
      say(`未找到使用此 DATA_DIR 运行的服务器，链接按 ${configured} 生成 / No server is running on this DATA_DIR: the link assumes ${configured}`);
    }
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
  if (!encoded.ok) throw new UsageError(bilingual(encoded.error));
  process.stdout.write(`${encoded.value}\n`);
  say(terminalQr(encoded.value));
}

export async function exportLog(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'csv' }, since: { type: 'string' }, checkpoint: { type: 'string' }, area: { type: 'string' }, community: { type: 'string' },
      lang: { type: 'string', default: 'zh' },
    },
    strict: true,
  });
  if (values.lang !== 'zh' && values.lang !== 'en') throw new UsageError(`--lang 只能是 zh 或 en / --lang must be zh or en, not "${values.lang}"`);
  const language: Language = values.lang;
  if (!(EXPORT_FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`不支持的格式 / Unsupported format: ${values.format}. 可用 / Available: ${EXPORT_FORMATS.join(', ')}`);
  }
  const since = values.since;
  // A community from before areas is an area (migration 005): --community still names it, as scripts wrote it.
  const area = values.area ?? values.community;
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(since) || !Number.isFinite(Date.parse(since)))) {
    throw new UsageError(`--since 需要 ISO 8601 日期时间 / --since needs an ISO 8601 date or date-time, like 2026-01-31 or 2026-01-31T08:00:00+08:00, not "${since}"`);
  }
  // A workbook is bytes: on a terminal they would be noise, so ask for a file.
  if (values.format === 'xlsx' && process.stdout.isTTY) throw new UsageError('XLSX 请重定向到文件 / Redirect XLSX to a file: kadian export --format xlsx > log.xlsx');
  const { dataDir, healthCodes } = settings();
  await withStorage(dataDir, async (storage) => {
    const filter = {
      ...(since !== undefined && { since }),
      ...(values.checkpoint !== undefined && { checkpointId: await checkpointId(storage, values.checkpoint) }),
      ...(area !== undefined && { areaId: await areaOf(storage, area) }),
    };
    const gone = await retainedFrom(storage, since);
    if (gone !== null) {
      const { days } = await storage.serverRetention();
      say(`注意：服务器只保留 ${days} 天的记录，${gone} 之前的记录可能已删除，本导出不含 / Note: the server keeps entries ${days} days; those before ${gone} may have been deleted and are not in this export`);
    }
    // Times on TIME_ZONE's wall clock, the zone the server's days are counted in.
    const zone = healthCodes.timeZone;
    await writeAll(process.stdout, values.format === 'xlsx' ? xlsxExport(storage, filter, language, zone) : csvExport(storage, filter, language, zone));
  });
}

/** An area that exists; an unknown one says how to list them. */
async function areaOf(storage: Storage, asked: string): Promise<string> {
  if (await storage.getArea(asked)) return asked;
  throw new UsageError(`区域不存在 / Unknown area: ${asked}. 列出区域 / List them: kadian areas list`);
}
