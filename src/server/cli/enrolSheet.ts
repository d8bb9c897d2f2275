/** `kadian enrol-sheet --area ID [--days N]` (a printable page per checkpoint, each with a fresh one-time code) and `kadian enrol-codes list|revoke`. */
import { parseArgs } from 'node:util';
import { localDateTime } from '../../core/calendar.ts';
import { enrolSheetHtml, enrolSheetTitle } from '../city/enrolSheet.ts';
import { runningServerUrl } from '../address.ts';
import { newId } from '../secrets.ts';
import { enrolmentUrl, issueEnrolmentCodes } from '../tablets/enrolment.ts';
import { noteAudit } from './audit.ts';
import { settings, withStorage } from './commands.ts';
import { bilingual, pad, printable, say, UsageError } from './output.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DAYS = 30;

export async function enrolSheet(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { area: { type: 'string' }, days: { type: 'string', default: '7' } }, strict: true });
  if (values.area === undefined) throw new UsageError('用法 / Usage: kadian enrol-sheet --area ID [--days N] > sheet.html');
  if (!/^\d{1,2}$/.test(values.days) || Number(values.days) < 1 || Number(values.days) > MAX_DAYS) {
    throw new UsageError(`--days 应为 1 到 ${MAX_DAYS} 天 / --days is 1 to ${MAX_DAYS}, not "${values.days}"`);
  }
  const days = Number(values.days);
  const { dataDir, publicUrl: configured, healthCodes } = settings();
  const publicUrl = (!process.env.PUBLIC_URL?.trim() && !process.env.PORT?.trim() ? runningServerUrl(dataDir) : null) ?? configured;
  await withStorage(dataDir, async (storage) => {
    const area = await storage.getArea(values.area ?? '');
    if (!area) throw new UsageError(`${bilingual('city-unknown')}: ${printable(values.area ?? '')} (kadian areas list)`);
    const checkpoints = await storage.listCheckpointRecords(area.id);
    const sheet = newId('sh');
    const issued = await issueEnrolmentCodes(storage, checkpoints.map((c) => c.id), { lifetimeMs: days * DAY_MS, sheet, createdBy: 'cli' });
    const pages = issued.map((code, i) => ({ checkpoint: checkpoints[i]!, url: enrolmentUrl(publicUrl, code.code), code: code.code, expiresAt: code.expiresAt }));
    noteAudit({ action: 'enrol-codes.sheet', areaPath: area.path, target: sheet, detail: { sheet, codes: issued.length, days } });
    process.stdout.write(enrolSheetHtml(enrolSheetTitle(area.names), sheet, pages, healthCodes.timeZone));
    say(`注册单 ${sheet}：${issued.length} 个卡点，每个一次性注册码，有效 ${days} 天 / Sheet ${sheet}: ${issued.length} checkpoints, one one-time code each, valid ${days} days`);
    say(`作废整张 / Revoke it all: kadian enrol-codes revoke --sheet ${sheet}`);
  });
}

async function listCodes(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { area: { type: 'string' }, sheet: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  const { dataDir, healthCodes } = settings();
  await withStorage(dataDir, async (storage) => {
    // An unknown area has no codes, but saying so would hide a mistyped id.
    if (values.area !== undefined && !(await storage.getArea(values.area))) throw new UsageError(`${bilingual('city-unknown')}: ${printable(values.area)} (kadian areas list)`);
    const checkpoints = await storage.listCheckpointRecords(values.area ?? null);
    const byId = new Map(checkpoints.map((c) => [c.id, c]));
    const codes = (await storage.listEnrolmentCodes(values.area === undefined ? null : checkpoints.map((c) => c.id)))
      .filter((c) => values.sheet === undefined || c.sheet === values.sheet);
    const now = Date.now();
    const state = (c: (typeof codes)[number]) => c.revokedAt ? 'revoked' : c.usedAt ? 'used' : Date.parse(c.expiresAt) <= now ? 'expired' : 'open';
    if (values.json) {
      process.stdout.write(`${JSON.stringify(codes.map((c) => ({ ...c, state: state(c), checkpointName: byId.get(c.checkpointId)?.name ?? null })), null, 2)}\n`);
      return;
    }
    for (const c of codes) {
      const name = byId.get(c.checkpointId);
      process.stdout.write(`${pad(c.id ?? '—', 16)} ${pad(state(c), 8)} ${pad(c.sheet ?? '—', 14)} ${localDateTime(new Date(c.expiresAt), healthCodes.timeZone)}  ${printable(name ? [...name.areaPath, name.placeName, name.name].join(' › ') : c.checkpointId)}\n`);
    }
    say(`${codes.length} 个注册码 / enrolment codes (open 未用, used 已用, expired 过期, revoked 作废)`);
  });
}

/** The longest path (area ids from the root) that every one of `paths` starts with. */
function commonPath(paths: ReadonlyArray<readonly string[]>): string[] {
  const [first = [], ...rest] = paths;
  let length = first.length;
  for (const path of rest) {
    let i = 0;
    while (i < length && path[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length);
}

async function revokeCodes(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { sheet: { type: 'string' } }, strict: true });
  const [id, ...extra] = positionals;
  if ((id === undefined) === (values.sheet === undefined) || extra.length > 0) throw new UsageError('用法 / Usage: kadian enrol-codes revoke CODE_ID | --sheet SHEET_ID');
  await withStorage(settings().dataDir, async (storage) => {
    const revoked = await storage.revokeEnrolmentCodes({ ...(id !== undefined && { id }), ...(values.sheet !== undefined && { sheet: values.sheet }) }, new Date().toISOString());
    // The line concerns the area all the revoked codes' checkpoints are in (a sheet's area), so its hq reads it too.
    const areaIds = new Map((await storage.listCheckpointRecords(null)).map((c) => [c.id, c.areaIds]));
    const common = commonPath(revoked.map((c) => areaIds.get(c.checkpointId) ?? []));
    noteAudit({ action: 'enrol-codes.revoke', target: id ?? values.sheet ?? null, areaPath: common.length > 0 ? common : null, detail: { revoked: revoked.length } });
    for (const c of revoked) process.stdout.write(`${c.id}\n`);
    say(`已作废 ${revoked.length} 个未使用的注册码 / Revoked ${revoked.length} unused enrolment codes (used ones stay: revoke their tablet with kadian devices revoke)`);
  });
}

export async function enrolCodes(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'list') return listCodes(rest);
  if (sub === 'revoke') return revokeCodes(rest);
  throw new UsageError('用法 / Usage: kadian enrol-codes list [--area ID] [--sheet ID] [--json] | revoke CODE_ID | revoke --sheet SHEET_ID');
}
