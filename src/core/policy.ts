/** A checkpoint's rules, set centrally (and by the lead, later) and synced down with the config. */
import type { Static } from '@sinclair/typebox';
import { COLOURS, type Colour, type Verdict } from './entry.ts';
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

/** A blue code's verdict where the rules do not name blue: checked by eye, neither waved through nor turned away unasked. */
export const BLUE_UNSET_VERDICT: Verdict = 'check';

/** The verdict the rules give a health code of `colour`. */
export const colourVerdict = (policy: Policy, colour: Colour): Verdict =>
  (colour === 'blue' ? policy.colours.blue ?? BLUE_UNSET_VERDICT : policy.colours[colour]);

/** The colours this gate offers (the volunteer's picker, the rules form, the lead's figures): blue only where the rules name it. */
export const coloursOffered = (policy: Policy): Colour[] => COLOURS.filter((c) => c !== 'blue' || policy.colours.blue !== undefined);

/** Whether the gate asks for the holder's ID number after another system's code: yes unless the policy says no. */
export const asksIdForForeignCodes = (policy: Policy): boolean => policy.askIdForForeignCodes !== false;
