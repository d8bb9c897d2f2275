/** Key persons as tablets hold them (format 2): the tablet's scrypt and AES-GCM (noble, WebCrypto) and the server's (node:crypto) give the same bytes. */
import { createCipheriv, createHash, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/core/base64.ts';
import {
  deriveKeyPerson, kdfSalt, KEY_PERSON_KDF, keyPersonIndex, keyPersonPlaintext, legacyKeyPersonHash, memoisedDerive,
  openKeyPersonBox, readKeyPersonPlaintext, type DerivedKeyPerson, type SealedKeyPersons,
} from '../../src/core/keyPersonLookup.ts';
import { KEY_PERSON_CATEGORIES } from '../../src/core/keyPersons.ts';
import { deriveKeyPersonNative, sealKeyPersonBox } from '../../src/server/operator/keyPersonSeal.ts';

const salt = Uint8Array.from({ length: 16 }, (_, i) => 255 - i);
const ZHANG = '11010519491231002X';
const LI = '110105194912310038';
/** Small parameters where the test is about bytes, not cost: the same code path, 64 times less work. */
const QUICK = { name: 'scrypt', N: 16, r: 8, p: 1 } as const;

describe('deriveKeyPerson', () => {
  it('is scrypt(ID number, "kadian-key-person-v2" ‖ salt): tag = first 16 bytes, key = next 32, the same from noble and node:crypto', async () => {
    for (const kdf of [QUICK, KEY_PERSON_KDF]) {
      const tablet = deriveKeyPerson(salt, ZHANG, kdf);
      const server = await deriveKeyPersonNative(salt, ZHANG, kdf);
      expect(server).toEqual(tablet);
      const raw = scryptSync(ZHANG, Buffer.concat([Buffer.from('kadian-key-person-v2'), salt]), 48, { N: kdf.N, r: kdf.r, p: kdf.p });
      expect(tablet.tag).toBe(raw.subarray(0, 16).toString('base64'));
      expect(Buffer.from(tablet.key)).toEqual(raw.subarray(16, 48));
    }
    expect(toBase64(kdfSalt(salt))).toBe(Buffer.concat([Buffer.from('kadian-key-person-v2'), salt]).toString('base64'));
  });

  it('differs by ID number, salt and parameters', () => {
    const tag = deriveKeyPerson(salt, ZHANG, QUICK).tag;
    expect(deriveKeyPerson(salt, LI, QUICK).tag).not.toBe(tag);
    expect(deriveKeyPerson(new Uint8Array(16), ZHANG, QUICK).tag).not.toBe(tag);
    expect(deriveKeyPerson(salt, ZHANG, { ...QUICK, N: 32 }).tag).not.toBe(tag);
  });
});

describe('the box', () => {
  const key: DerivedKeyPerson['key'] = deriveKeyPerson(salt, ZHANG, QUICK).key;
  const hit = { category: 'close-contact' as const, note: '与确诊病例同车，2月1日' };

  it('pads its plaintext to 16 bytes, the category as one byte, so its length tells neither', () => {
    const sizes = KEY_PERSON_CATEGORIES.map((category) => keyPersonPlaintext({ category, note: '' }).length);
    expect(new Set(sizes)).toEqual(new Set([16]));
    expect(keyPersonPlaintext({ category: 'from-hubei', note: 'x'.repeat(15) })).toHaveLength(16);
    expect(keyPersonPlaintext({ category: 'from-hubei', note: 'x'.repeat(16) })).toHaveLength(32);
    for (const category of KEY_PERSON_CATEGORIES) {
      for (const note of ['', '居家观察', '字'.repeat(100)]) expect(readKeyPersonPlaintext(keyPersonPlaintext({ category, note }))).toEqual({ category, note });
    }
    expect(readKeyPersonPlaintext(Uint8Array.of(9, 0, 0))).toBeUndefined();
  });

  it('is the same bytes from node:crypto and WebCrypto, and opens on the tablet with the derived key only', async () => {
    const iv = Uint8Array.from({ length: 12 }, (_, i) => i);
    const server = sealKeyPersonBox(key, hit, iv);
    // WebCrypto's types want bytes over a plain ArrayBuffer: copies.
    const aes = await crypto.subtle.importKey('raw', new Uint8Array(key), 'AES-GCM', false, ['encrypt']);
    const web = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aes, new Uint8Array(keyPersonPlaintext(hit))));
    expect(server).toBe(Buffer.concat([iv, web]).toString('base64'));
    // And as AES-256-GCM spells it in node:crypto, by hand.
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    expect(fromBase64(server)).toEqual(new Uint8Array(Buffer.concat([iv, cipher.update(keyPersonPlaintext(hit)), cipher.final(), cipher.getAuthTag()])));

    expect(await openKeyPersonBox(key, server)).toEqual(hit);
    expect(await openKeyPersonBox(deriveKeyPerson(salt, LI, QUICK).key, server)).toBeUndefined();
    const tampered = fromBase64(server)!;
    tampered[20]! ^= 1;
    expect(await openKeyPersonBox(key, toBase64(tampered))).toBeUndefined();
    expect(await openKeyPersonBox(key, 'not base64!')).toBeUndefined();
    // A fresh IV each time: the same person and note sealed twice are two different boxes.
    expect(sealKeyPersonBox(key, hit)).not.toBe(sealKeyPersonBox(key, hit));
  });
});

/** A format-2 list of `persons`, sealed as the server seals it. */
function sealedList(persons: Array<{ id: string; category: (typeof KEY_PERSON_CATEGORIES)[number]; note: string }>): SealedKeyPersons {
  return {
    format: 2, kdf: QUICK, salt: toBase64(salt),
    persons: persons.map((p) => {
      const { tag, key } = deriveKeyPerson(salt, p.id, QUICK);
      return { tag, box: sealKeyPersonBox(key, p) };
    }),
  };
}

describe('keyPersonIndex', () => {
  it('finds a listed person by tag and opens their box; nobody else', async () => {
    const index = keyPersonIndex(sealedList([{ id: ZHANG, category: 'from-hubei', note: '2月1日返回' }]));
    expect(index.size).toBe(1);
    expect(await index.find(ZHANG)).toEqual({ category: 'from-hubei', note: '2月1日返回' });
    expect(await index.find(LI)).toBeUndefined();
  });

  it('derives each ID number once through a memo (the same derivation comes back), keeping the newest `limit`', async () => {
    const memo = memoisedDerive(salt, QUICK, 2);
    const index = keyPersonIndex(sealedList([{ id: ZHANG, category: 'close-contact', note: '' }]), memo);
    expect(await index.find(ZHANG)).toEqual({ category: 'close-contact', note: '' });
    const first = memo(ZHANG);
    expect(memo(ZHANG)).toBe(first);
    expect(first).toEqual(deriveKeyPerson(salt, ZHANG, QUICK));
    memo(LI);
    memo('110105194912310046');
    // Two newer ones pushed it out: derived again, equal but not the same object.
    expect(memo(ZHANG)).not.toBe(first);
    expect(memo(ZHANG)).toEqual(first);
  });

  it('needs no derivation for an empty list', async () => {
    let calls = 0;
    const index = keyPersonIndex({ format: 2, kdf: KEY_PERSON_KDF, salt: toBase64(salt), persons: [] }, (id) => { calls++; return deriveKeyPerson(salt, id, QUICK); });
    expect(await index.find(ZHANG)).toBeUndefined();
    expect(calls).toBe(0);
  });

  it('still reads a list of the format before (SHA-256, in clear), as a tablet holds it until its next pull', async () => {
    expect(legacyKeyPersonHash(salt, ZHANG)).toBe(createHash('sha256').update(salt).update(ZHANG, 'utf8').digest().subarray(0, 16).toString('base64'));
    const legacy = { salt: toBase64(salt), persons: [{ idHash: legacyKeyPersonHash(salt, ZHANG), category: 'from-hubei' as const, note: '2月1日返回' }] };
    const index = keyPersonIndex(legacy);
    expect(await index.find(ZHANG)).toEqual({ category: 'from-hubei', note: '2月1日返回' });
    expect(await index.find(LI)).toBeUndefined();
  });
});
