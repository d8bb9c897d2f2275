/** A checkpoint's rules, set centrally (and by the lead, later) and synced down with the config. */
import type { Static } from '@sinclair/typebox';
import type { PolicySchema } from './wire.ts';

/** The rules as the tablet applies them; their JSON Schema is PolicySchema in wire.ts. */
export type Policy = Static<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = { identityOnly: 'pass', directions: 'both', duplicateWindowSeconds: 3 };
