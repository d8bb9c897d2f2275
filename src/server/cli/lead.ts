/** The operator's lead PIN command: set a checkpoint's lead PIN (the rules are `kadian policy`, policy.ts). */
import { parseArgs } from 'node:util';
import { checkpointId, leadPinRecord, settings, withStorage } from './commands.ts';
import { say, UsageError } from './output.ts';

const LEAD_PIN_USAGE = 'kadian lead-pin set PIN [--checkpoint ID]';

/** `kadian lead-pin set PIN [--checkpoint ID]`: the PIN is hashed here; the database never sees it. */
export async function leadPin(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { checkpoint: { type: 'string' } }, allowPositionals: true, strict: true });
  const [pin, ...extra] = positionals;
  if (action !== 'set' || pin === undefined || extra.length > 0) throw new UsageError(`用法 / Usage: ${LEAD_PIN_USAGE}`);
  await withStorage(settings().dataDir, async (storage) => {
    const checkpoint = await checkpointId(storage, values.checkpoint);
    await storage.setLeadPin(checkpoint, await leadPinRecord(storage, checkpoint, pin), new Date().toISOString(), null);
    process.stdout.write(`${checkpoint}\n`);
    say(`负责人密码已更新（卡点 ${checkpoint}），平板下次同步后生效 / Lead PIN of ${checkpoint} changed: tablets use it after their next sync`);
  });
}
