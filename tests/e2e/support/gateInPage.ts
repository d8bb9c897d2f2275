/** Runs in the page (bundled by bulkScan.ts): scans through the app's own gate path, judged and logged as the scan screen does. */
import type { Direction } from '../../../src/core/entry.ts';
import { readCode } from '../../../src/core/scan.ts';
import { recordScan } from '../../../src/gate/gate.ts';
import { loadDevice, withPendingChanges } from '../../../src/store/device.ts';

/** Records each code as one scan at the gate, one after another; the seqs of those saved. */
export async function scanCodes(codes: readonly string[], direction: Direction): Promise<number[]> {
  const enrolled = await loadDevice();
  if (!enrolled) throw new Error('not enrolled');
  const device = withPendingChanges(enrolled);
  const seqs: number[] = [];
  for (const code of codes) {
    const outcome = await recordScan(device, readCode(code), { direction });
    if (outcome.saved) seqs.push(outcome.entry.seq);
  }
  return seqs;
}
