/** What a lead changes from a tablet (device token): the checkpoint's rules and the lead PIN; each answers the new config. */
import type { FastifyInstance } from 'fastify';
import { isWellFormedLeadPin } from '../../core/leadPin.ts';
import { LeadPinSchema, type LeadPin } from '../../core/leadWire.ts';
import { policyDiff } from '../../core/policyDiff.ts';
import type { Config, PolicyChange } from '../../core/wire.ts';
import { ConfigSchema, ErrorSchema, PolicyChangeSchema } from '../../core/wire.ts';
import { deviceOf } from '../http/auth.ts';
import { fullConfig } from './config.ts';
import { ApiFailure } from '../http/errors.ts';
import type { Storage } from '../storage/storage.ts';
import { ref } from '../http/validation.ts';

export interface LeadRouteOptions {
  storage: Storage;
  now: () => Date;
  dataDir: string;
}

const error = ref(ErrorSchema);
const leadErrors = { 400: error, 401: error, 404: error, 413: error, 415: error, 500: error };
const bearer = [{ bearer: [] }];
/** A policy or a PIN record is a few hundred bytes. */
const BODY_LIMIT = 16 * 1024;

/** Registered inside the device scope: `deviceOf` names the tablet, and its checkpoint is the only one it can change. */
export async function leadRoutes(api: FastifyInstance, { storage, now, dataDir }: LeadRouteOptions): Promise<void> {
  api.put<{ Body: PolicyChange; Reply: Config }>(
    '/policy',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        summary: "A lead's change of the checkpoint's rules: stored, the config version bumped, and recorded with the tablet, its clock and the server's, and the rules before and after. Answers the new config; an unchanged policy changes and records nothing",
        security: bearer,
        body: ref(PolicyChangeSchema),
        response: { 200: ref(ConfigSchema), ...leadErrors },
      },
    },
    async (request) => {
      const device = deviceOf(request);
      const at = now();
      const current = await storage.getConfig(device.checkpointId);
      if (!current) throw new ApiFailure(404, 'checkpoint-unknown', device.checkpointId);
      // Retention is the operator's (kadian policy --retention-days): a tablet's change leaves it as it was.
      const policy = { ...request.body.policy, retentionDays: current.policy.retentionDays };
      const { changedAt } = request.body;
      if (policyDiff(current.policy, policy).length > 0) {
        const change = await storage.changePolicy({
          checkpointId: device.checkpointId, deviceId: device.id, deviceLabel: device.label, changedAt, receivedAt: at.toISOString(), after: policy,
        });
        if (!change) throw new ApiFailure(404, 'checkpoint-unknown', device.checkpointId);
        request.log.info({ deviceId: device.id, checkpointId: device.checkpointId, version: change.version }, 'policy changed by a lead');
      }
      return fullConfig(storage, dataDir, device.checkpointId, at);
    },
  );

  api.put<{ Body: LeadPin; Reply: Config }>(
    '/lead-pin',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        summary: "A lead's new PIN, as the PBKDF2-SHA256 record the tablet made (16-byte salt, 32-byte hash), never the PIN; bumps the config version so every tablet of the checkpoint gets it. Answers the new config",
        security: bearer,
        body: ref(LeadPinSchema),
        response: { 200: ref(ConfigSchema), ...leadErrors },
      },
    },
    async (request) => {
      const device = deviceOf(request);
      const at = now();
      if (!isWellFormedLeadPin(request.body)) throw new ApiFailure(400, 'lead-pin-invalid');
      if (!(await storage.setLeadPin(device.checkpointId, request.body, at.toISOString(), device.id))) {
        throw new ApiFailure(404, 'checkpoint-unknown', device.checkpointId);
      }
      request.log.info({ deviceId: device.id, checkpointId: device.checkpointId }, 'lead PIN changed from a tablet');
      return fullConfig(storage, dataDir, device.checkpointId, at);
    },
  );
}
