/** The resident information code `KDR1:`: Base45 of a CBOR map, self-declared, ID number verified. */
import { encode as base45Encode } from '@digitalbazaar/base45';
import { Decoder, Encoder } from 'cbor-x';
import { bytesAfterPrefix } from './base45Text.ts';
import { parseIdNumber, type IdError } from './idNumber.ts';
import { RESIDENT_PREFIX } from './prefixes.ts';
import { err, ok, type Result } from './result.ts';


/** What a resident declares when registering (居民信息填报). */
export interface Resident {
  id: string;
  name: string;
  phone?: string;
  community?: string;
  address?: string;
}

export type ResidentCodeError = 'code-prefix' | 'code-too-long' | 'code-base45' | 'code-cbor' | 'code-fields' | IdError;

/** CBOR map keys; integers keep the QR code small. Documented in README ("Resident code"). */
const KEY = { version: 0, id: 1, name: 2, phone: 3, community: 4, address: 5 } as const;
const VERSION = 1;
/** Longest text we decode: four times a full registration, far below a QR code's 4,296 characters. */
export const MAX_RESIDENT_CODE_LENGTH = 1200;
const LIMITS = { name: 64, phone: 32, community: 64, address: 200 } as const;

const cbor = { encoder: new Encoder({ useRecords: false, mapsAsObjects: false }), decoder: new Decoder({ useRecords: false, mapsAsObjects: false }) };

/** Checks declared fields for length and control characters, the same on encode and decode. */
function fieldsError(r: Resident): ResidentCodeError | null {
  const parsed = parseIdNumber(r.id);
  if (!parsed.ok) return parsed.error;
  if (parsed.value.id !== r.id) return 'code-fields';
  for (const key of ['name', 'phone', 'community', 'address'] as const) {
    const value = r[key];
    if (value === undefined) continue;
    // eslint-disable-next-line no-control-regex
    if (value.length > LIMITS[key] || /[\u0000-\u001f\u007f]/.test(value)) return 'code-fields';
  }
  return r.name.trim().length === 0 ? 'code-fields' : null;
}

/** Encodes a resident's declaration; refuses what decodeResidentCode would refuse. */
export function encodeResidentCode(resident: Resident): Result<string, ResidentCodeError> {
  const parsed = parseIdNumber(resident.id);
  if (!parsed.ok) return parsed;
  const r: Resident = { ...resident, id: parsed.value.id, name: resident.name.trim() };
  const problem = fieldsError(r);
  if (problem) return err(problem);
  const map = new Map<number, string | number>([[KEY.version, VERSION], [KEY.id, r.id], [KEY.name, r.name]]);
  for (const key of ['phone', 'community', 'address'] as const) {
    const value = r[key]?.trim();
    if (value) map.set(KEY[key], value);
  }
  // Copy: Node's encoder hands back a view into a pooled buffer, and base45 reads the whole buffer.
  const text = RESIDENT_PREFIX + base45Encode(new Uint8Array(cbor.encoder.encode(map)));
  return text.length > MAX_RESIDENT_CODE_LENGTH ? err('code-too-long') : ok(text);
}

/** Decodes scanned text that starts with `KDR1:`; never throws, whatever the bytes. */
export function decodeResidentCode(text: string): Result<Resident, ResidentCodeError> {
  const decoded = bytesAfterPrefix(text, RESIDENT_PREFIX, MAX_RESIDENT_CODE_LENGTH);
  if (!decoded.ok) return decoded;
  const bytes = decoded.value;
  let value: unknown;
  try {
    value = cbor.decoder.decode(bytes);
  } catch {
    return err('code-cbor');
  }
  if (!(value instanceof Map) || value.get(KEY.version) !== VERSION) return err('code-cbor');
  const text_ = (key: number): string | undefined | null => {
    const v: unknown = value.get(key);
    return v === undefined ? undefined : typeof v === 'string' ? v : null;
  };
  const id = text_(KEY.id), name = text_(KEY.name), phone = text_(KEY.phone);
  const community = text_(KEY.community), address = text_(KEY.address);
  if (!id || !name || phone === null || community === null || address === null) return err('code-fields');
  const resident: Resident = { id, name };
  if (phone) resident.phone = phone;
  if (community) resident.community = community;
  if (address) resident.address = address;
  const problem = fieldsError(resident);
  return problem ? err(problem) : ok(resident);
}
