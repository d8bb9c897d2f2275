/** A checkpoint's rules, set centrally (and by the lead, later) and synced down with the config. */
import type { Static } from '@sinclair/typebox';
import type { PolicySchema } from './wire.ts';

/** The rules as the tablet applies them; their JSON Schema is PolicySchema in wire.ts. */
export type Policy = Static<typeof PolicySchema>;

/** The design's defaults: green passes; yellow (7 days' isolation) and red (14) stop; what cannot be verified is checked by eye. */
export const DEFAULT_POLICY: Policy = {
  identityOnly: 'pass',
  colours: { green: 'pass', yellow: 'stop', red: 'stop' },
  unverified: 'check',
  directions: 'both',
  duplicateWindowSeconds: 3,
  feverThreshold: 37.3,
  askTemperature: false,
  askIdForForeignCodes: true,
  capacity: null,
  retentionDays: 30,
};

/** Whether the gate asks for the holder's ID number after another system's code: yes unless the policy says no. */
export const asksIdForForeignCodes = (policy: Policy): boolean => policy.askIdForForeignCodes !== false;
