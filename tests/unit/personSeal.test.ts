/** Sealed persons: what a tablet seals only the checkpoint's private key opens; the lead's PIN unwraps that key. */
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/core/base64.ts';
import { importPrivateKey, newCheckpointKey, PersonOpener, personCommitment, readPerson, sealPerson, unwrapForLead, wrapForLead } from '../../src/core/personSeal.ts';
import { Value } from '@sinclair/typebox/value';
import { SealedPersonSchema } from '../../src/core/wire.ts';

const person = { personId: '11010519491231002X', name: '张三' };
const HOUR = 3_600_000;

async function opener(privateKey: string): Promise<PersonOpener> {
  return new PersonOpener(await importPrivateKey(fromBase64(privateKey)!));
}

describe('sealed persons', () => {
  it('opens with the checkpoint key what was sealed to it, and the box says nothing of the person', async () => {
    const key = await newCheckpointKey();
    const { sealed, personCommit } = await sealPerson(person, key.publicKey);
    expect(Value.Check(SealedPersonSchema, sealed)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain(person.personId);
    const opened = await (await opener(key.privateKey)).open(sealed);
    expect(opened).toEqual({ ok: true, value: { ...person, salt: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/) } });
    // The commitment is the box's salt and the person, hashed: only someone who opened the box can check it.
    expect(opened.ok && (await personCommitment(opened.value.salt!, person))).toBe(personCommit);
    expect(await personCommitment(opened.ok ? opened.value.salt! : '', { ...person, name: '李四' })).not.toBe(personCommit);
    // Nulls travel as nulls: a foreign code has no person.
    const nobody = await sealPerson({ personId: null, name: null }, key.publicKey);
    expect(await (await opener(key.privateKey)).open(nobody.sealed)).toEqual({ ok: true, value: { personId: null, name: null, salt: expect.any(String) } });
  });

  it('gives the same person a different commitment each time: two entries of one person cannot be linked by it', async () => {
    const key = await newCheckpointKey();
    const [a, b] = await Promise.all([sealPerson(person, key.publicKey), sealPerson(person, key.publicKey)]);
    expect(a.personCommit).toMatch(/^[0-9a-f]{64}$/);
    expect(a.personCommit).not.toBe(b.personCommit);
  });

  it('still opens boxes an older tablet sealed without a commitment', () => {
    expect(readPerson(JSON.stringify([person.personId, person.name]))).toEqual({ ok: true, value: { ...person, salt: null } });
    expect(readPerson(JSON.stringify([person.personId, person.name, 'short']))).toEqual({ ok: false, error: 'sealed-malformed' });
    expect(readPerson(JSON.stringify([person.personId]))).toEqual({ ok: false, error: 'sealed-malformed' });
  });

  it('uses a fresh nonce each time, and a new one-off sender key each hour', async () => {
    const key = await newCheckpointKey();
    const now = Date.UTC(2030, 0, 1);
    const { sealed: a } = await sealPerson(person, key.publicKey, now);
    const { sealed: b } = await sealPerson(person, key.publicKey, now + 1000);
    expect(b.epk).toBe(a.epk);
    expect(b.iv).not.toBe(a.iv);
    expect(b.data).not.toBe(a.data);
    // Scans sealed at the same moment share the hour's key rather than each making one.
    const fresh = await newCheckpointKey();
    const together = await Promise.all([1, 2, 3].map(() => sealPerson(person, fresh.publicKey, now)));
    expect(new Set(together.map((s) => s.sealed.epk)).size).toBe(1);
    const { sealed: later } = await sealPerson(person, key.publicKey, now + HOUR + 1);
    expect(later.epk).not.toBe(a.epk);
    const open = await opener(key.privateKey);
    for (const s of [a, b, later]) expect(await open.open(s)).toMatchObject({ ok: true, value: person });
  });

  it('refuses another checkpoint key, an altered box and a malformed one, by name', async () => {
    const key = await newCheckpointKey();
    const other = await newCheckpointKey();
    const { sealed } = await sealPerson(person, key.publicKey);
    expect(await (await opener(other.privateKey)).open(sealed)).toEqual({ ok: false, error: 'sealed-undecryptable' });
    const bytes = fromBase64(sealed.data)!;
    bytes[0]! ^= 1;
    const open = await opener(key.privateKey);
    expect(await open.open({ ...sealed, data: toBase64(bytes) })).toEqual({ ok: false, error: 'sealed-undecryptable' });
    expect(await open.open({ ...sealed, iv: 'AAAA' })).toEqual({ ok: false, error: 'sealed-malformed' });
    expect(await open.open({ ...sealed, epk: toBase64(new Uint8Array(65)) })).toEqual({ ok: false, error: 'sealed-undecryptable' });
    expect(await open.open({ ...sealed, epk: '!!' })).toEqual({ ok: false, error: 'sealed-malformed' });
    // The good box still opens after the bad ones: a failure is not cached against its sender key.
    expect(await open.open(sealed)).toMatchObject({ ok: true, value: person });
  });

  it('wraps the checkpoint key with the lead PIN: the right PIN unwraps it, a wrong one gets nothing', async () => {
    const key = await newCheckpointKey();
    const pkcs8 = fromBase64(key.privateKey)!;
    const wrapped = await wrapForLead(pkcs8, '2468', 100_000);
    expect(JSON.stringify(wrapped)).not.toContain(key.privateKey.slice(0, 40));
    const unwrapped = await unwrapForLead(wrapped, '2468', 100_000);
    expect(unwrapped && toBase64(unwrapped)).toBe(key.privateKey);
    expect(await unwrapForLead(wrapped, '2469', 100_000)).toBeNull();
    expect(await unwrapForLead({ ...wrapped, data: 'AAAA' }, '2468', 100_000)).toBeNull();
  });
});
