/** `kadian devices conflicts DEVICE_ID`: each seq a tablet's token sent twice, the stored entry and the other side by side. */
import { parseArgs } from 'node:util';
import type { Entry } from '../../core/entry.ts';
import type { ConflictPair } from '../storage/storage.ts';
import { settings, withStorage } from './commands.ts';
import { pad, printable, say, UsageError, width } from './output.ts';

const USAGE = 'kadian devices conflicts DEVICE_ID';

/** The fields compared, in the entry's order; the server's receive time last. */
const FIELDS = ['id', 'at', 'direction', 'source', 'personId', 'name', 'colour', 'temperature', 'verdict', 'reasons', 'operator', 'prevHash', 'hash'] as const;

/** A value as one line; text from a tablet is shown with its control characters defused. */
const cell = (value: unknown): string => (value === undefined ? '—' : printable(typeof value === 'string' ? value : JSON.stringify(value)));

/** One seq's two versions as three columns; a field that differs is marked ≠. */
export function pairTable({ conflict, stored }: ConflictPair): string {
  const rows: string[][] = [['', '字段 Field', '服务器所存 Stored', '被拒的另一版本 Refused other version']];
  const other: Entry = conflict.entry;
  for (const field of FIELDS) {
    const a = stored ? cell(stored[field]) : '—', b = cell(other[field]);
    rows.push([a === b ? ' ' : '≠', field, a, b]);
  }
  rows.push([' ', 'received', stored ? stored.receivedAt : '—', conflict.receivedAt]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  return rows.map((r) => r.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

export async function conflicts(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [id, ...extra] = positionals;
  if (id === undefined || extra.length > 0) throw new UsageError(`用法 / Usage: ${USAGE}`);
  await withStorage(settings().dataDir, async (storage) => {
    if (!(await storage.listDevices()).some((d) => d.id === id)) throw new UsageError(`设备不存在 / Unknown device: ${printable(id)} (kadian devices 列出全部 / lists them all)`);
    const pairs = await storage.listEntryConflicts(id);
    if (pairs.length === 0) {
      say(`设备 ${id} 没有同一序号的两个版本 / Device ${id} never sent two versions of one seq`);
      return;
    }
    process.stdout.write(`${pairs.map((p) => `序号 seq ${p.conflict.seq}\n${pairTable(p)}`).join('\n\n')}\n`);
    say(`⚠ 设备 ${id} 有 ${pairs.length} 条记录使用了已用过的序号：令牌可能被复制（或平板从备份恢复）。若平板丢失或令牌外泄，请撤销：kadian devices revoke ${id}`);
    say(`⚠ Device ${id} sent ${pairs.length} entries at seqs it had already used: its token may have been copied (or the tablet restored from a backup). If it is lost or its token leaked, revoke it: kadian devices revoke ${id}`);
  });
}
