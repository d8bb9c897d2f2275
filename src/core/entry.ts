/** The log entry: one scan at one gate, as stored on the tablet, sent to the server and exported. */
import { Type, type Static } from '@sinclair/typebox';
import { PLATE_PATTERN } from './plate.ts';
import { MAX_SEQ } from './protocol.ts';

export const DIRECTIONS = ['in', 'out'] as const;
export const VERDICTS = ['pass', 'stop', 'check'] as const;
/**
 * Health-code colours, best first: the order is their rank (colourFromLists.ts). Blue is Zhaoqing's fourth colour: no
 * check-in rule gives it, and it appears only where the operator configures it (a key-person category's colour rule, a
 * checkpoint's `colours.blue` verdict); elsewhere the system shows the three.
 */
export const COLOURS = ['green', 'blue', 'yellow', 'red'] as const;
/**
 * Where the person's identity came from; later code kinds are listed now so old servers accept them. `self`: the person
 * checked in from their own phone at a place's poster (扫码登记, issue #20), written by the server's own chain of that place.
 */
export const SOURCES = ['KDR1', 'KDH1', 'HC1', 'manual', 'unknown', 'self'] as const;

/**
 * What happened after a stop or a check (处置), as the seeds count it: 放行 (let through after all), 劝返 (turned back),
 * 移交医院留观 (handed to a hospital for observation), 集中隔离观察 (central quarantine), other (with a note).
 */
export const OUTCOMES = ['release', 'turned-back', 'hospital', 'quarantine', 'other'] as const;

/** Who a person in a vehicle is: the first scanned is the driver, the rest its passengers. */
export const VEHICLE_ROLES = ['driver', 'passenger'] as const;

export type Direction = (typeof DIRECTIONS)[number];
export type VehicleRole = (typeof VEHICLE_ROLES)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type Verdict = (typeof VERDICTS)[number];
export type Colour = (typeof COLOURS)[number];
export type Source = (typeof SOURCES)[number];

/** Whether a stored or decoded value is one of COLOURS. */
export const isColour = (value: unknown): value is Colour => (COLOURS as readonly unknown[]).includes(value);

const Hash = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, lower-case hex' });
const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** JSON Schema of an entry: the server validates each pushed entry against it; OpenAPI shows it. */
export const EntrySchema = Type.Object(
  {
    id: Type.String({ pattern: '^[0-9a-f-]{36}$', description: 'random UUID of the entry' }),
    deviceId: Id,
    seq: Type.Integer({ minimum: 1, maximum: MAX_SEQ, description: 'gapless per-device sequence, from 1' }),
    checkpointId: Id,
    at: Type.String({ format: 'date-time', maxLength: 40, description: 'device clock at the scan, ISO 8601' }),
    direction: Type.Union(DIRECTIONS.map((d) => Type.Literal(d))),
    source: Type.Union(SOURCES.map((s) => Type.Literal(s))),
    personId: nullable(Type.String({ pattern: '^[0-9]{17}[0-9X]$', description: 'ID number (18 characters)' })),
    name: nullable(Type.String({ minLength: 1, maxLength: 64 })),
    colour: nullable(Type.Union(COLOURS.map((c) => Type.Literal(c)))),
    temperature: nullable(Type.Number({ minimum: 30, maximum: 45 })),
    verdict: Type.Union(VERDICTS.map((v) => Type.Literal(v))),
    reasons: Type.Array(Type.String({ pattern: '^[a-z0-9-]{1,40}$' }), { maxItems: 16 }),
    operator: nullable(Type.String({ minLength: 1, maxLength: 64 })),
    personCommit: Type.Optional(nullable(Type.String({
      pattern: '^[0-9a-f]{64}$',
      description: 'SHA-256 of the person with a salt known only inside the sealed box; the hash covers it instead of personId and name (null: no person)',
    }))),
    followUp: Type.Optional(Type.Object(
      {
        of: Type.Integer({ minimum: 1, maximum: MAX_SEQ, description: 'seq of the stop or check it follows up, same device' }),
        outcome: Type.Union(OUTCOMES.map((o) => Type.Literal(o))),
        note: nullable(Type.String({ minLength: 1, maxLength: 200, description: "what happened, in the volunteer's words (required for other)" })),
      },
      {
        additionalProperties: false,
        description: 'present on a follow-up entry (处置): its own seq in the chain, the person, place and direction of the entry it follows up; absent on a scan',
      },
    )),
    vehicle: Type.Optional(Type.Object(
      {
        plate: Type.String({ pattern: PLATE_PATTERN, description: 'licence plate, normalised (豫M12345, new-energy 豫MD12345)' }),
        id: Type.String({ pattern: '^[0-9a-f-]{36}$', description: 'random UUID of this vehicle passage: the driver and passengers scanned with it share it' }),
        role: Type.Union(VEHICLE_ROLES.map((r) => Type.Literal(r))),
      },
      { additionalProperties: false, description: 'at a road checkpoint: the vehicle this person came through in; absent for people on foot' },
    )),
    prevHash: Hash,
    hash: Hash,
  },
  { $id: 'Entry', additionalProperties: false },
);

/** An entry as the wire carries it (EntrySchema above; the push body in wire.ts carries a batch of them). */
export type Entry = Static<typeof EntrySchema>;

/** The vehicle a person came through in, at a road checkpoint. */
export type Vehicle = NonNullable<Entry['vehicle']>;

/** The chain starts from this link, so the first entry of a device is checked like every other. */
export const GENESIS_HASH = '0'.repeat(64);
