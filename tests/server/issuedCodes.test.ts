/** Issue #18: one person's issued codes are recorded in turn, so two codes issued at once each compare against the other's, never both against the same last code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/server/storage/storage.ts';
import { DATABASES, title } from './databases.ts';

const NOW = Date.parse('2026-11-30T04:00:00.000Z');
const code = (colour: 'green' | 'yellow' | 'red', second: number) => ({
  personId: '110105198001011238', colour, issuedAt: new Date(NOW + second * 1000).toISOString(), expiresMs: NOW + 86_400_000,
});

for (const kind of DATABASES) {
  describe.skipIf(kind.skip !== null)(title('recording issued codes', kind), () => {
    let storage: Storage;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ storage, drop } = await kind.create());
    });
    afterAll(() => drop());

    it('answers each of two codes recorded at once with the code before it: the first the morning\'s, the second the first', async () => {
      expect(await storage.recordIssuedCode(code('green', 0), NOW)).toBeNull();
      for (let round = 1; round <= 5; round++) {
        const colours = round % 2 === 0 ? (['green', 'green'] as const) : (['red', 'red'] as const);
        const before = await Promise.all(colours.map((c, i) => storage.recordIssuedCode(code(c, round * 10 + i), NOW)));
        // The earlier colour once (whichever came first), then this round's: never the earlier one twice.
        const previous = round % 2 === 0 ? 'red' : 'green';
        expect(before.map((b) => b?.colour).sort()).toEqual([previous, colours[0]].sort());
      }
    });
  });
}
