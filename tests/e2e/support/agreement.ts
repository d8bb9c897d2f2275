/** The promise of the fault suite in one check: the server holds exactly the tablet's entries, once each, in a chain that verifies. */
import { expect, type Page } from '@playwright/test';
import { verifyChain } from '../../../src/core/chain.ts';
import { openStorage } from '../../../src/server/settings.ts';
import type { StoredEntry } from '../../../src/server/storage/storage.ts';
import type { TestServer } from './server.ts';
import { tabletEntries, type TabletEntry } from './tablet.ts';

/**
 * The fields the two sides must hold alike. Not the name or the ID number: the tablet keeps those sealed at rest,
 * and the hash, which commits to them, already says they are the same.
 */
const COMPARED = ['id', 'deviceId', 'checkpointId', 'seq', 'at', 'direction', 'source', 'verdict', 'reasons', 'prevHash', 'hash'] as const;

const pick = (e: TabletEntry | StoredEntry) => JSON.stringify(COMPARED.map((field) => e[field]));
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** One device's entries as the server stores them, in seq order, read from its database the way its export reads them. */
export async function serverEntries(server: TestServer, deviceId: string): Promise<StoredEntry[]> {
  const storage = openStorage(server.dataDir, process.env);
  try {
    const entries: StoredEntry[] = [];
    for await (const entry of storage.exportEntries({})) if (entry.deviceId === deviceId) entries.push(entry);
    return entries;
  } finally {
    await storage.close();
  }
}

export interface AgreementOptions {
  /** How many entries the tablet must hold in all, when the test knows. */
  count?: number;
  /** How long the tablet may take to send everything (ms). */
  timeout?: number;
}

/**
 * Waits until the tablet has nothing left to send, then asserts: nothing refused; the tablet's and the server's entries are the
 * same entries (ids, seqs 1..N without gap or duplicate, hashes, device times, verdicts); the server's chain verifies; and the
 * operator's export lists each of them once. Returns the server's entries, for checks of their own.
 */
export async function expectAgreement(page: Page, server: TestServer, { count, timeout = 90_000 }: AgreementOptions = {}): Promise<StoredEntry[]> {
  await expect
    .poll(async () => (await tabletEntries(page)).filter((e) => e.syncState === 'pending').length, { timeout, message: 'entries still waiting on the tablet' })
    .toBe(0);
  const tablet = (await tabletEntries(page)).sort((a, b) => a.seq - b.seq);
  if (count !== undefined) expect(tablet).toHaveLength(count);
  expect(tablet.filter((e) => e.syncState !== 'synced').map((e) => [e.seq, e.syncState, e.refusedReason]), 'entries the server refused').toEqual([]);
  const devices = [...new Set(tablet.map((e) => e.deviceId))];
  expect(devices, 'one tablet, one chain').toHaveLength(1);
  expect(tablet.map((e) => e.seq)).toEqual(oneToN(tablet.length));
  expect(new Set(tablet.map((e) => e.id)).size).toBe(tablet.length);

  const central = await serverEntries(server, devices[0]!);
  expect(central.map((e) => e.seq), 'the server holds seqs 1..N, each once').toEqual(oneToN(tablet.length));
  expect(new Set(central.map((e) => e.id)).size).toBe(central.length);
  expect(central.map(pick)).toEqual(tablet.map(pick));
  expect(await verifyChain(central), 'breaks in the server chain').toEqual([]);

  const exported = (await server.exportedRows()).filter((r) => r.device === devices[0]);
  expect(exported.map((r) => [Number(r.seq), r.hash]), 'the operator export').toEqual(central.map((e) => [e.seq, e.hash]));
  return central;
}
