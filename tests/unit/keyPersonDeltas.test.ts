/** Key-person deltas (core/keyPersonDeltas.ts): a tablet merges what changed since its revision into the list it holds, or asks for the whole list. */
import { describe, expect, it } from 'vitest';
import { heldKeyPersonRevision, mergeKeyPersons, type PulledKeyPersons } from '../../src/core/keyPersonDeltas.ts';
import { KEY_PERSON_KDF, type LegacyKeyPersons } from '../../src/core/keyPersonLookup.ts';

/** A tag-shaped string (22 Base64 characters and ==) for a letter. */
const tag = (c: string): string => `${c.repeat(22)}==`;
const SALT = 'c2FsdC1vbmU=';
const list = (persons: Array<[string, string]>, more: Partial<PulledKeyPersons> = {}): PulledKeyPersons => ({
  format: 2, kdf: KEY_PERSON_KDF, salt: SALT, persons: persons.map(([t, box]) => ({ tag: tag(t), box })), ...more,
});

describe('mergeKeyPersons', () => {
  it('keeps a whole list as it came, with its revision, without a delta\'s fields', () => {
    const whole = list([['B', 'b1'], ['A', 'a1']], { revision: 4 });
    expect(mergeKeyPersons(undefined, whole)).toEqual({ format: 2, kdf: KEY_PERSON_KDF, salt: SALT, persons: whole.persons, revision: 4 });
    // From a server before revisions: no revision kept, so the next pull asks for the whole list again.
    expect(mergeKeyPersons(undefined, list([['A', 'a1']]))).not.toHaveProperty('revision');
  });

  it('applies a delta to the list it follows: removals off, new persons in, a changed box replaced, in tag order', () => {
    const held = mergeKeyPersons(undefined, list([['A', 'a1'], ['C', 'c1'], ['E', 'e1']], { revision: 4 }))!;
    const delta = list([['D', 'd1'], ['C', 'c2'], ['B', 'b1']], { revision: 6, after: 4, removed: [tag('E'), tag('Z')] });
    expect(mergeKeyPersons(held, delta)).toEqual(list([['A', 'a1'], ['B', 'b1'], ['C', 'c2'], ['D', 'd1']], { revision: 6 }));
    // The list held is not changed in place: another reader of it still sees revision 4.
    expect(held.persons).toHaveLength(3);
  });

  it('an empty delta (the config changed, the list did not) keeps the persons and moves the revision', () => {
    const held = mergeKeyPersons(undefined, list([['A', 'a1']], { revision: 4 }))!;
    expect(mergeKeyPersons(held, list([], { revision: 4, after: 4, removed: [] }))).toEqual(held);
  });

  it('a delta that does not follow the list held gives null: another revision, salt or scrypt parameters, no list, a legacy list', () => {
    const held = mergeKeyPersons(undefined, list([['A', 'a1']], { revision: 4 }))!;
    const delta = list([['B', 'b1']], { revision: 6, after: 4, removed: [] });
    expect(mergeKeyPersons(held, { ...delta, after: 5 })).toBeNull();
    expect(mergeKeyPersons({ ...held, salt: 'c2FsdC10d28=' }, delta)).toBeNull();
    expect(mergeKeyPersons({ ...held, kdf: { ...KEY_PERSON_KDF, N: KEY_PERSON_KDF.N * 2 } }, delta)).toBeNull();
    const { revision: _revision, ...fromBeforeRevisions } = held;
    expect(mergeKeyPersons(fromBeforeRevisions, delta)).toBeNull();
    expect(mergeKeyPersons(undefined, delta)).toBeNull();
    const legacy: LegacyKeyPersons = { salt: SALT, persons: [] };
    expect(mergeKeyPersons(legacy, delta)).toBeNull();
  });

  it('the revision a tablet tells: the one its list holds, none for a legacy list or one from before revisions', () => {
    expect(heldKeyPersonRevision(list([], { revision: 0 }))).toBe(0);
    expect(heldKeyPersonRevision(list([], { revision: 9 }))).toBe(9);
    expect(heldKeyPersonRevision(list([]))).toBeUndefined();
    expect(heldKeyPersonRevision({ salt: SALT, persons: [] })).toBeUndefined();
    expect(heldKeyPersonRevision(undefined)).toBeUndefined();
  });

  it('following deltas one after another ends at the list a whole pull gives', () => {
    // A list of 50 persons changed by 30 random rounds of adds, box changes and removals; the tablet merges each round.
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n);
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('');
    const server = new Map<string, string>(letters.slice(0, 50).map((c) => [tag(c), `${c}0`]));
    let held = mergeKeyPersons(undefined, { ...list([]), persons: [...server].map(([t, box]) => ({ tag: t, box })), revision: 0 })!;
    for (let round = 1; round <= 30; round++) {
      const changed = new Map<string, string>();
      const removed: string[] = [];
      for (let i = 0; i < 5; i++) {
        const t = tag(letters[random(letters.length)]!);
        if (random(3) === 0 && server.has(t)) {
          server.delete(t);
          changed.delete(t);
          removed.push(t);
        } else {
          server.set(t, `${t[0]}${round}`);
          changed.set(t, `${t[0]}${round}`);
        }
      }
      const delta = { ...list([]), persons: [...changed].map(([t, box]) => ({ tag: t, box })), removed: removed.filter((t) => !changed.has(t)), revision: round, after: round - 1 };
      held = mergeKeyPersons(held, delta)!;
    }
    const whole = [...server].map(([t, box]) => ({ tag: t, box })).sort((a, b) => (a.tag < b.tag ? -1 : 1));
    expect(held).toEqual({ format: 2, kdf: KEY_PERSON_KDF, salt: SALT, persons: whole, revision: 30 });
  });
});
