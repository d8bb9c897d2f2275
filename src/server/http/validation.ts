/** JSON Schema validation: the wire schemas from core, compiled once, strict for bodies and entries. */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { EntrySchema, type Entry } from '../../core/entry.ts';
import { KeyPersonListSchema, LeadPinChangeSchema, LeadPinSchema } from '../../core/leadWire.ts';
import {
  CheckpointSchema, PolicySchema, ConfigSchema, ConfigUnchangedSchema, EnrolRequestSchema, EnrolResponseSchema, ErrorSchema,
  HealthSchema, PushRequestSchema, PushResponseSchema, CheckInRequestSchema, CheckInResponseSchema, HealthCodeRequestSchema, HealthCodeSchema,
  PolicyChangeSchema, SealedPersonSchema,
} from '../../core/wire.ts';
import { PlaceCountSchema } from '../../core/placeCount.ts';
import {
  CommunitySchema, ConsoleRequestSchema, HelpRequestSchema, HelpRequestStateSchema, HouseholdPersonSchema, HouseholdSchema, PhoneCredentialSchema,
  RebindCodeSchema, RebindRequestSchema, RegisterRequestSchema, RequestDoneSchema, ResidentListSchema, ResidentRowSchema, TravelRequestSchema, TripSchema,
} from '../../core/residentWire.ts';
import { ArrivalListSchema, ArrivalReceiptSchema, ArrivalRequestSchema, ArrivalWithdrawRequestSchema, ConsoleArrivalSchema, HealthAnswersSchema } from '../../core/arrivalWire.ts';
import { PosterInfoSchema, SelfPassageReceiptSchema, SelfPassageRequestSchema } from '../../core/selfCheckInWire.ts';
import type { SealedPerson } from '../../core/personSeal.ts';
import type { Policy } from '../../core/policy.ts';

/** Schemas with an `$id`: added once to Fastify (so OpenAPI lists them as components) and to each validator. */
export const SHARED_SCHEMAS = [
  // The lead-mode schemas before Config, which embeds them by $id.
  EntrySchema, SealedPersonSchema, PolicySchema, LeadPinSchema, LeadPinChangeSchema, KeyPersonListSchema, PolicyChangeSchema, CheckpointSchema, ConfigSchema, ConfigUnchangedSchema, ErrorSchema, HealthSchema,
  EnrolRequestSchema, EnrolResponseSchema, PlaceCountSchema, PushRequestSchema, PushResponseSchema,
  CheckInRequestSchema, CheckInResponseSchema, HealthCodeRequestSchema, HealthCodeSchema,
  // Resident accounts (issue #18), each before the schemas that embed it.
  PhoneCredentialSchema, RegisterRequestSchema, HouseholdPersonSchema, TripSchema, TravelRequestSchema, HelpRequestSchema, HelpRequestStateSchema, HouseholdSchema,
  CommunitySchema, ResidentRowSchema, ConsoleRequestSchema, ResidentListSchema, RequestDoneSchema, RebindRequestSchema, RebindCodeSchema,
  // Self check-in at a place's poster (issue #20).
  PosterInfoSchema, SelfPassageRequestSchema, SelfPassageReceiptSchema,
  // Arrivals (issue #20).
  HealthAnswersSchema, ArrivalRequestSchema, ArrivalReceiptSchema, ConsoleArrivalSchema, ArrivalListSchema, ArrivalWithdrawRequestSchema,
] as const;

/** A reference to a shared schema by its `$id`, as routes and OpenAPI use it. */
export const ref = (schema: { $id?: string }): { $ref: string } => ({ $ref: `${schema.$id ?? ''}#` });

function makeAjv(coerceTypes: boolean): Ajv {
  // Nothing is silently dropped or converted: an unknown field or a wrong type is an error the sender sees.
  // allErrors stays off: collecting every error of a hostile body is a denial-of-service lever.
  const ajv = new Ajv({ removeAdditional: false, useDefaults: false, coerceTypes, allErrors: false });
  addFormats(ajv, ['date-time']);
  for (const schema of SHARED_SCHEMAS) ajv.addSchema(schema);
  return ajv;
}

/**
 * The two validators, made on first use: adding every shared schema and compiling costs a CLI command (which rarely
 * validates anything) about a tenth of its start.
 */
let validators: { strict: Ajv; query: Ajv } | undefined;
// A query string is text by nature: `?since=3` must reach the schema as the integer 3.
const ajvs = () => (validators ??= { strict: makeAjv(false), query: makeAjv(true) });

/** A route's validator: strict everywhere except the query string (Fastify's compiler, made lazy in schemaCompilers.ts). */
export const compileRouteValidator = ({ schema, httpPart }: Parameters<FastifySchemaCompiler<unknown>>[0]): ValidateFunction =>
  (httpPart === 'querystring' ? ajvs().query : ajvs().strict).compile(schema as object);

/** A shared schema's strict validator, compiled on the first call and kept. */
function compiled<T>(schema: { $id?: string }): () => ValidateFunction<T> {
  let validate: ValidateFunction<T> | undefined;
  return () => (validate ??= ajvs().strict.getSchema<T>(schema.$id ?? '') ?? ajvs().strict.compile<T>(schema));
}

/** One pushed entry, checked on its own so a bad one does not sink its batch. */
export const entryValidator = compiled<Entry>(EntrySchema);

/** A checkpoint's rules as the operator sets them (kadian policy set), checked as a tablet's are on the wire. */
export const policyValidator = compiled<Policy>(PolicySchema);

/** The sealed person of a pushed entry, checked before it is opened. */
export const sealedPersonValidator = compiled<SealedPerson>(SealedPersonSchema);
