import { Encoder } from 'cbor-x';
import { encode as base45 } from '@digitalbazaar/base45';
import { describe, expect, it } from 'vitest';
import { RESIDENT_PREFIX } from '../../src/core/prefixes.ts';
import { decodeResidentCode, encodeResidentCode, MAX_RESIDENT_CODE_LENGTH } from '../../src/core/residentCode.ts';
import { readCode } from '../../src/core/scan.ts';

const RESIDENT = { id: '11010519491231002X', name: '张三', phone: '13800138000', community: '示范社区', address: '幸福路1号3栋201' };
const codeFor = (map: Map<number, unknown>) => RESIDENT_PREFIX + base45(new Uint8Array(new Encoder({ useRecords: false, mapsAsObjects: false }).encode(map)));

describe('resident code KDR1', () => {
  it('round-trips every field, Chinese text included', () => {
    const code = encodeResidentCode(RESIDENT);
    expect(code.ok).toBe(true);
    if (!code.ok) return;
    expect(code.value.startsWith('KDR1:')).toBe(true);
    // Base45's alphabet is QR alphanumeric mode: the code stays small.
    expect(code.value).toMatch(/^KDR1:[0-9A-Z $%*+\-./:]+$/);
    expect(decodeResidentCode(code.value)).toEqual({ ok: true, value: RESIDENT });
  });

  it('keeps only the fields given', () => {
    const code = encodeResidentCode({ id: '11010519491231002x', name: ' 李四 ' });
    expect(code.ok && decodeResidentCode(code.value)).toEqual({ ok: true, value: { id: '11010519491231002X', name: '李四' } });
  });

  it('refuses to encode a wrong ID number or an empty name', () => {
    expect(encodeResidentCode({ ...RESIDENT, id: '110105194912310021' })).toEqual({ ok: false, error: 'id-check' });
    expect(encodeResidentCode({ ...RESIDENT, name: '  ' })).toEqual({ ok: false, error: 'code-fields' });
    expect(encodeResidentCode({ ...RESIDENT, address: 'x'.repeat(201) })).toEqual({ ok: false, error: 'code-fields' });
  });

  it('names each kind of malformed input and never throws', () => {
    const good = encodeResidentCode(RESIDENT);
    if (!good.ok) throw new Error('fixture');
    expect(decodeResidentCode('KDR2:' + good.value.slice(5))).toEqual({ ok: false, error: 'code-prefix' });
    expect(decodeResidentCode(good.value.slice(0, -4))).toMatchObject({ ok: false });
    expect(decodeResidentCode(good.value.slice(0, -1))).toMatchObject({ ok: false });
    expect(decodeResidentCode('KDR1:abc')).toEqual({ ok: false, error: 'code-base45' });
    expect(decodeResidentCode('KDR1:中文')).toEqual({ ok: false, error: 'code-base45' });
    expect(decodeResidentCode('KDR1:A')).toEqual({ ok: false, error: 'code-base45' });
    expect(decodeResidentCode('KDR1:GGW')).toEqual({ ok: false, error: 'code-base45' }); // > 0xFFFF
    expect(decodeResidentCode(`KDR1:${'0'.repeat(MAX_RESIDENT_CODE_LENGTH)}`)).toEqual({ ok: false, error: 'code-too-long' });
  });

  it('names wrong CBOR contents: not a map, wrong version, wrong types, bad ID', () => {
    expect(decodeResidentCode(codeFor(new Map<number, unknown>([[0, 2], [1, RESIDENT.id], [2, 'x']])))).toEqual({ ok: false, error: 'code-cbor' });
    expect(decodeResidentCode(codeFor(new Map<number, unknown>([[0, 1], [1, 110105], [2, 'x']])))).toEqual({ ok: false, error: 'code-fields' });
    expect(decodeResidentCode(codeFor(new Map<number, unknown>([[0, 1], [1, RESIDENT.id]])))).toEqual({ ok: false, error: 'code-fields' });
    expect(decodeResidentCode(codeFor(new Map<number, unknown>([[0, 1], [1, '110105194912310021'], [2, '张三']])))).toEqual({ ok: false, error: 'id-check' });
    expect(decodeResidentCode(codeFor(new Map<number, unknown>([[0, 1], [1, RESIDENT.id], [2, '张\u0000三']])))).toEqual({ ok: false, error: 'code-fields' });
    const list = RESIDENT_PREFIX + base45(new Uint8Array(new Encoder({ useRecords: false }).encode([1, 2, 3])));
    expect(decodeResidentCode(list)).toEqual({ ok: false, error: 'code-cbor' });
  });

  it('survives random bytes behind the prefix', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const bytes = new Uint8Array(1 + Math.floor(random() * 120)).map(() => Math.floor(random() * 256));
      const result = decodeResidentCode(RESIDENT_PREFIX + base45(bytes));
      expect(result.ok).toBe(false);
    }
  });
});

describe('readCode', () => {
  it('reads a resident code, names a broken one, and calls anything else unknown', () => {
    const good = encodeResidentCode(RESIDENT);
    if (!good.ok) throw new Error('fixture');
    expect(readCode(good.value)).toMatchObject({ kind: 'identity', source: 'KDR1', resident: RESIDENT });
    expect(readCode('KDR1:!!')).toEqual({ kind: 'invalid', source: 'KDR1', error: 'code-base45' });
    expect(readCode('https://example.org/?a=1')).toEqual({ kind: 'unknown' });
    expect(readCode('')).toEqual({ kind: 'unknown' });
  });
});
