/** What the console's sign-in and area-scoped reads put on the wire (issue #14), shared by the server and the console page. */
import { Type, type Static } from '@sinclair/typebox';
import { PLACE_KINDS } from './city.ts';
import { ROLES } from './roles.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Ids = Type.Array(Type.String());

export const SigninRequestSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export type SigninRequest = Static<typeof SigninRequestSchema>;

export const ConsoleUserSchema = Type.Object({
  id: Type.String(), name: Type.String(), role: Type.Union(ROLES.map((r) => Type.Literal(r))),
  areaId: Type.Union([Type.String(), Type.Null()]), placeId: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(), hasPassword: Type.Boolean(), createdAt: Type.String(),
});
export type ConsoleUser = Static<typeof ConsoleUserSchema>;

/** The answer to a sign-in: who, and the token every state-changing request must carry in `x-csrf-token`. */
export const SessionSchema = Type.Object({ user: ConsoleUserSchema, csrf: Type.String() });
export type Session = Static<typeof SessionSchema>;

export const AreaSchema = Type.Object({
  id: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]), level: Type.String(), name: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]), path: Ids, names: Ids,
});

export const PlaceSchema = Type.Object({
  id: Type.String(), areaId: Type.String(), name: Type.String(), kind: Type.Union(PLACE_KINDS.map((k) => Type.Literal(k))),
  capacity: Type.Union([Type.Integer(), Type.Null()]), code: Type.Union([Type.String(), Type.Null()]),
});

export const MeSchema = Type.Object({
  user: ConsoleUserSchema,
  /** The root of the user's subtree; null: the whole city (an admin). */
  area: Type.Union([AreaSchema, Type.Null()]),
  place: Type.Union([PlaceSchema, Type.Null()]),
  /** Again here, so a reloaded page can go on changing things without signing in again. */
  csrf: Type.String(),
});
export type Me = Static<typeof MeSchema>;

export const AreasQuerySchema = Type.Object({ under: Type.Optional(Id) }, { additionalProperties: false });
export const AreasSchema = Type.Object({ areas: Type.Array(AreaSchema), places: Type.Array(PlaceSchema) });
export type Areas = Static<typeof AreasSchema>;

export const CheckpointsQuerySchema = Type.Object({ area: Type.Optional(Id) }, { additionalProperties: false });
export const CheckpointRecordSchema = Type.Object({
  id: Type.String(), name: Type.String(), code: Type.Union([Type.String(), Type.Null()]), placeId: Type.String(), placeName: Type.String(),
  areaId: Type.String(), areaIds: Ids, areaPath: Ids,
});
export const CheckpointsSchema = Type.Object({ checkpoints: Type.Array(CheckpointRecordSchema) });
export type Checkpoints = Static<typeof CheckpointsSchema>;

export const AuditQuerySchema = Type.Object(
  { area: Type.Optional(Id), since: Type.Optional(Type.String({ format: 'date-time' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
  { additionalProperties: false },
);
export const AuditRecordSchema = Type.Object({
  id: Type.String(), at: Type.String(), actor: Type.String(), actorName: Type.String(), action: Type.String(),
  areaPath: Type.Union([Ids, Type.Null()]), target: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()), origin: Type.String(),
});
export const AuditSchema = Type.Object({ records: Type.Array(AuditRecordSchema) });
export type Audit = Static<typeof AuditSchema>;

export const SignedOutSchema = Type.Object({ sessions: Type.Integer({ description: 'how many sessions ended' }) });
export type SignedOut = Static<typeof SignedOutSchema>;

const B64Url = Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength: 16_384 });
const Transport = Type.Union(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'].map((t) => Type.Literal(t)));
const credentialFields = {
  id: Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 1024 }),
  rawId: Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 1024 }),
  type: Type.Literal('public-key'),
  authenticatorAttachment: Type.Optional(Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')])),
  clientExtensionResults: Type.Object({}),
};

/** A new passkey as the browser made it (navigator.credentials.create, in its JSON form), and a name for it. */
export const PasskeyRegistrationSchema = Type.Object(
  {
    credential: Type.Object({
      ...credentialFields,
      response: Type.Object({
        clientDataJSON: B64Url, attestationObject: B64Url, authenticatorData: Type.Optional(B64Url), transports: Type.Optional(Type.Array(Transport, { maxItems: 8 })),
        publicKeyAlgorithm: Type.Optional(Type.Integer()), publicKey: Type.Optional(B64Url),
      }),
    }),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type PasskeyRegistration = Static<typeof PasskeyRegistrationSchema>;

/** A passkey's answer to a sign-in challenge (navigator.credentials.get, in its JSON form). */
export const PasskeySigninSchema = Type.Object(
  {
    credential: Type.Object({
      ...credentialFields,
      response: Type.Object({ clientDataJSON: B64Url, authenticatorData: B64Url, signature: B64Url, userHandle: Type.Optional(B64Url) }),
    }),
  },
  { additionalProperties: false },
);
export type PasskeySignin = Static<typeof PasskeySigninSchema>;

export const PasskeyListSchema = Type.Object({
  passkeys: Type.Array(Type.Object({ credentialId: Type.String(), label: Type.String(), createdAt: Type.String(), lastUsedAt: Type.Union([Type.String(), Type.Null()]) })),
});
export type PasskeyList = Static<typeof PasskeyListSchema>;
