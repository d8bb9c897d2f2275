/** The demo checkpoint's lead PIN for the start banner: the database keeps only its hash, so the demo alone keeps the PIN in a file. */
import { randomInt } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkLeadPin } from '../../core/leadPin.ts';
import { operatorLeadPin } from './sealing.ts';
import type { Storage } from '../storage/storage.ts';

/** In DATA_DIR, owner-only (0600): whoever can read it can unlock lead mode on the demo checkpoint's tablets. */
export const DEMO_PIN_FILE = 'demo-pin.txt';

export interface DemoPin {
  /** The PIN to show; null once someone set another (the file no longer matches the stored hash). */
  pin: string | null;
  created: boolean;
}

/** Gives the demo checkpoint a random 6-digit PIN if it has none, and tells the PIN to show at every start. */
export async function demoLeadPin(storage: Storage, dataDir: string, checkpointId: string, now = new Date()): Promise<DemoPin> {
  const file = join(dataDir, DEMO_PIN_FILE);
  const stored = await storage.getLeadPin(checkpointId);
  if (stored === null) {
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const record = await operatorLeadPin(storage, checkpointId, pin);
    if (!record.ok) throw new Error(`a generated PIN was refused: ${record.error}`);
    // The file first: a PIN stored but never shown would lock the demo's lead mode for good.
    await writeFile(file, `${pin}\n`, { mode: 0o600 });
    await chmod(file, 0o600); // writeFile's mode applies only to a new file
    await storage.setLeadPin(checkpointId, record.value, now.toISOString(), null);
    return { pin, created: true };
  }
  const kept = (await readFile(file, 'utf8').catch(() => '')).trim();
  const known = kept !== '' && (await checkLeadPin(kept, stored));
  // A demo from before sealing: its PIN record carries no key for the lead; the kept PIN wraps one now.
  if (known && !stored.key) {
    const record = await operatorLeadPin(storage, checkpointId, kept);
    if (record.ok) await storage.setLeadPin(checkpointId, record.value, now.toISOString(), null);
  }
  return { pin: known ? kept : null, created: false };
}
