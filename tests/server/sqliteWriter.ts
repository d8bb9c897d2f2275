/** Another process writing one SQLite file, as the CLI does beside the server (for sqliteProcesses.test.ts). */

// `node --import tsx sqliteWriter.ts DATA_DIR TAG COUNT` records COUNT check-ins and COUNT policy changes, each a
// transaction that reads before it writes, and exits 0 only if every one of them went through.
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import { openStorage } from '../../src/server/settings.ts';

const [dataDir = '', tag = '', countText = '0'] = process.argv.slice(2);
const storage = openStorage(dataDir, {});
try {
  for (let i = 0; i < Number(countText); i++) {
    const at = new Date().toISOString();
    const checkIn = await storage.recordCheckIn({
      personId: `${tag}-${i}`, day: '2026-11-23', name: tag, temperature: 36.5, isolated: false, symptoms: false, at,
    });
    if (!checkIn.ok) throw new Error(checkIn.error);
    const change = await storage.changePolicy({
      checkpointId: 'demo-gate', deviceId: null, deviceLabel: tag, changedAt: at, receivedAt: at, after: { ...DEFAULT_POLICY, capacity: i + 1 },
    });
    if (!change) throw new Error('the demo checkpoint is missing');
  }
} finally {
  await storage.close();
}
