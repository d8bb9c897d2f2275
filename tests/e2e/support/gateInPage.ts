/** Runs in the page (bundled by bulkScan.ts): scans through the app's own gate pipeline, as the scan screen feeds it (the volunteer on duty included). */
import type { Direction } from '../../../src/core/entry.ts';
import { operatorOf } from '../../../src/core/duty.ts';
import { tabletGate } from '../../../src/gate/tabletGate.ts';
import { loadDuty } from '../../../src/store/duty.ts';
import { loadDevice, withPendingChanges } from '../../../src/store/device.ts';

/** Records each code as one scan at the gate, one after another; the seqs of those saved. Nothing asks for a sync. */
export async function scanCodes(codes: readonly string[], direction: Direction): Promise<number[]> {
  const enrolled = await loadDevice();
  if (!enrolled) throw new Error('not enrolled');
  const device = withPendingChanges(enrolled);
  const operator = operatorOf(await loadDuty());
  const gate = tabletGate({
    device: () => device,
    direction: () => direction,
    operator: () => operator,
    vehicle: () => null,
    askColour: async () => null,
    askHolder: async () => null,
    askTemperature: async () => null,
    verifierFailed: (e) => { throw e; },
  }, { logged: () => undefined });
  const seqs: number[] = [];
  for (const code of codes) {
    const outcome = await gate.scan(code);
    if (outcome?.saved) seqs.push(outcome.entry.seq);
  }
  return seqs;
}
