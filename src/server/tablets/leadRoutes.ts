/**
 * What a lead changes from a tablet: the checkpoint's rules and the lead PIN. A device token alone changes nothing: each
 * change carries the lead's proof (core/leadProof.ts), made with the checkpoint key only the PIN unwraps; each answers the new config.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isWellFormedLeadPin } from '../../core/leadPin.ts';
import type { LeadRoute } from '../../core/leadProof.ts';
import { LeadPinChangeSchema, type LeadPinChange } from '../../core/leadWire.ts';
import { policyDiff } from '../../core/policyDiff.ts';
import type { Config, PolicyChange } from '../../core/wire.ts';
import { ConfigSchema, ErrorSchema, PolicyChangeSchema } from '../../core/wire.ts';
import { deviceOf, refusal } from '../http/auth.ts';
import { fullConfig } from './config.ts';
import { leadProofHolds } from './leadProof.ts';
import { ApiFailure } from '../http/errors.ts';
import type { Storage } from '../storage/storage.ts';
import { ref } from '../http/validation.ts';

export interface LeadRouteOptions {
  storage: Storage;
  now: () => Date;
  dataDir: string;
}

const error = ref(ErrorSchema);
const leadErrors = { 400: error, 401: error, 403: error, 404: error, 409: error, 413: error, 415: error, 500: error };
const bearer = [{ bearer: [] }];
/** A policy or a PIN record is a few hundred bytes. */
const BODY_LIMIT = 16 * 1024;

const hasProof = (body: unknown): boolean => typeof body === 'object' && body !== null && typeof (body as { proof?: unknown }).proof === 'string';

/** Registered inside the device scope: `deviceOf` names the tablet, and its checkpoint is the only one it can change. */
export async function leadRoutes(api: FastifyInstance, { storage, now, dataDir }: LeadRouteOptions): Promise<void> {
  const whose = (request: FastifyRequest) => {
    const device = deviceOf(request);
    return { deviceId: device.id, checkpointId: device.checkpointId };
  };

  // Before the schema: a body without a proof is a token alone, whatever else it holds (an older tablet's too), and is
  // told so by name rather than as a malformed request.
  api.addHook('preValidation', async (request) => {
    if (!hasProof(request.body)) throw refusal(request, 403, 'lead-proof-missing', whose(request));
  });

  /** Refuses (403, logged) a change whose proof was not made for it, by this tablet, with its checkpoint's key. */
  /** A lead's change from a tablet in the audit log, as the device (the lead has no account there), in its checkpoint's subtree. */
  async function auditLeadChange(request: FastifyRequest, action: string, detail: Record<string, unknown>): Promise<void> {
    const device = deviceOf(request);
    const checkpoint = await storage.getCheckpointRecord(device.checkpointId);
    await storage.appendAudit({
      at: now().toISOString(), actor: `device:${device.id}`, actorName: device.label ?? '', action,
      areaPath: checkpoint?.areaIds ?? null, target: device.checkpointId, detail, origin: request.ip,
    });
  }

  async function requireLead(request: FastifyRequest, route: LeadRoute, body: PolicyChange | LeadPinChange): Promise<void> {
    const change = { route, ...whose(request), body: { ...body } };
    if (!(await leadProofHolds(storage, change, body.proof))) throw refusal(request, 403, 'lead-proof-invalid', whose(request));
  }

  api.put<{ Body: PolicyChange; Reply: Config }>(
    '/policy',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        summary: "A lead's change of the checkpoint's rules, proven with the lead key (403 without it): stored, the config version bumped, and recorded with the tablet, its clock and the server's, and the rules before and after. Answers the new config; an unchanged policy, or a proof already used, changes and records nothing",
        security: bearer,
        body: ref(PolicyChangeSchema),
        response: { 200: ref(ConfigSchema), ...leadErrors },
      },
    },
    async (request) => {
      const device = deviceOf(request);
      const at = now();
      await requireLead(request, 'policy', request.body);
      const { changedAt, proof } = request.body;
      // The same proof again is the tablet resending after a lost reply (or a replay): what it changed stays as it is now.
      if (await storage.leadProofUsed(device.checkpointId, proof)) return fullConfig(storage, dataDir, device.checkpointId, at);
      const current = await storage.getConfig(device.checkpointId);
      if (!current) throw new ApiFailure(404, 'checkpoint-unknown', device.checkpointId);
      // Retention is the operator's (kadian policy set retentionDays): a tablet's change leaves it as it was.
      const policy = { ...request.body.policy, retentionDays: current.policy.retentionDays };
      if (policyDiff(current.policy, policy).length > 0) {
        const change = await storage.changePolicy({
          checkpointId: device.checkpointId, deviceId: device.id, deviceLabel: device.label, changedAt, receivedAt: at.toISOString(), after: policy,
        });
        if (!change) throw new ApiFailure(404, 'checkpoint-unknown', device.checkpointId);
        request.log.info({ deviceId: device.id, checkpointId: device.checkpointId, version: change.version }, 'policy changed by the lead');
        await auditLeadChange(request, 'lead.policy', { version: change.version, changedAt });
      }
      await storage.recordLeadProof({ checkpointId: device.checkpointId, proof, route: 'policy', deviceId: device.id, receivedAt: at.toISOString() });
      return fullConfig(storage, dataDir, device.checkpointId, at);
    },
  );

  api.put<{ Body: LeadPinChange; Reply: Config }>(
    '/lead-pin',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        summary: "A lead's new PIN, as the PBKDF2-SHA256 record the tablet made (never the PIN) with the checkpoint key wrapped again, proven with the key the old PIN unwrapped (403 without it) and made against the record in force (409 lead-pin-stale otherwise); bumps the config version so every tablet of the checkpoint gets it. Answers the new config",
        security: bearer,
        body: ref(LeadPinChangeSchema),
        response: { 200: ref(ConfigSchema), ...leadErrors },
      },
    },
    async (request) => {
      const device = deviceOf(request);
      const at = now();
      await requireLead(request, 'lead-pin', request.body);
      const { leadPin, replaces, proof } = request.body;
      // Without the key wrapped again, the new record would lock leads out of every sealed entry. Whether it wraps the
      // same key the server cannot tell without the new PIN: a lead who knew the old one is trusted to wrap it again.
      if (!isWellFormedLeadPin(leadPin) || !leadPin.key) throw new ApiFailure(400, 'lead-pin-invalid');
      if (await storage.leadProofUsed(device.checkpointId, proof)) return fullConfig(storage, dataDir, device.checkpointId, at);
      const outcome = await storage.replaceLeadPin(device.checkpointId, leadPin, replaces, at.toISOString(), device.id);
      if (outcome === 'unknown') throw new ApiFailure(404, 'checkpoint-unknown', device.checkpointId);
      // Stale, unless the record in force is this very one (stored, and the proof's record lost with a crash).
      if (outcome === 'stale' && (await storage.getLeadPin(device.checkpointId))?.hash !== leadPin.hash) {
        request.log.info({ deviceId: device.id, checkpointId: device.checkpointId }, 'a lead PIN change made against a PIN no longer in force: refused');
        throw new ApiFailure(409, 'lead-pin-stale');
      }
      await storage.recordLeadProof({ checkpointId: device.checkpointId, proof, route: 'lead-pin', deviceId: device.id, receivedAt: at.toISOString() });
      request.log.info({ deviceId: device.id, checkpointId: device.checkpointId }, 'lead PIN changed by the lead from a tablet');
      await auditLeadChange(request, 'lead.pin', {});
      return fullConfig(storage, dataDir, device.checkpointId, at);
    },
  );
}
