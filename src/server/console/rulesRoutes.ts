/**
 * The console's rules: a place's or checkpoint's policy and its history, and a change of it, stored and recorded as a
 * lead's change from a tablet is (storage's changePolicy: version bumped, before and after kept), so the tablets get it
 * at their next config pull; the operator's own fields (retentionDays) stay the operator's.
 */
import type { FastifyInstance } from 'fastify';
import {
  RULE_HISTORY_LIMIT, RulesChangedSchema, RulesChangeSchema, RulesQuerySchema, RulesSchema,
  type CheckpointRules, type RuleChange, type Rules, type RulesChange, type RulesChanged,
} from '../../core/consoleRules.ts';
import type { Policy } from '../../core/policy.ts';
import { policyDiff } from '../../core/policyDiff.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { ApiFailure } from '../http/errors.ts';
import { ref } from '../http/validation.ts';
import { OPERATOR_ONLY_FIELDS, policyWithValue, recordPolicyChange, schemaAt } from '../operator/policyChange.ts';
import type { CheckpointRecord } from '../storage/cityTypes.ts';
import type { PolicyChangeRecord } from '../storage/storage.ts';
import { auditConsole } from './audit.ts';
import type { ConsoleDeps } from './deps.ts';
import { gateTarget, namedId, REFUSALS, requireRight, type GateTarget, type ScopeQuery } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';

/** A policy and a list of at most 32 fields: a few kilobytes at most. */
const BODY_LIMIT = 16 * 1024;

/** A change as the history shows it; a field a policy did not have (one stored before it existed) is left out, not sent as null. */
function ruleChange(c: PolicyChangeRecord): RuleChange {
  return {
    version: c.version, receivedAt: c.receivedAt, changedAt: c.changedAt,
    by: c.deviceId !== null ? 'lead' : c.user ? 'console' : 'operator',
    deviceId: c.deviceId, deviceLabel: c.deviceLabel, userName: c.user?.name ?? null, restoredFrom: c.restoredFrom,
    fields: policyDiff(c.before, c.after).map((f) => ({ field: f.field, ...(f.before !== undefined && { before: f.before }), ...(f.after !== undefined && { after: f.after }) })),
  };
}

/** Each `field` named once, a rule of the gate (not the operator's), as a leaf of the policy; else 400 `rules-field`. */
function checkFields(set: RulesChange['set']): void {
  const seen = new Set<string>();
  for (const { field } of set) {
    const schema = schemaAt(field);
    if (!schema || schema.properties || OPERATOR_ONLY_FIELDS.includes(field)) throw new ApiFailure(400, 'rules-field', field);
    if (seen.has(field)) throw new ApiFailure(400, 'request-invalid', `${field} is named twice`);
    seen.add(field);
  }
}

/** `policy` with every field of `set` given its value; 400 `rules-value` naming the first that the rules do not allow. */
function applied(policy: Policy, set: RulesChange['set']): Policy {
  return set.reduce((next, { field, value }) => {
    const result = policyWithValue(next, field, value);
    if (!result.ok) throw new ApiFailure(400, 'rules-value', `${field}: ${result.error}`);
    return result.value;
  }, policy);
}

export async function rulesRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, now } = deps;
  requireSession(api, deps);

  const rulesOfCheckpoint = async (c: CheckpointRecord): Promise<CheckpointRules> => {
    const [config, changes] = await Promise.all([storage.getConfig(c.id), storage.listPolicyChanges(c.id)]);
    if (!config) throw new ApiFailure(404, 'checkpoint-unknown', c.id);
    return {
      id: c.id, name: c.name, placeId: c.placeId, placeName: c.placeName, areaNames: c.areaPath, version: config.version, policy: config.policy,
      changes: changes.slice(-RULE_HISTORY_LIMIT).reverse().map(ruleChange), changeCount: changes.length,
    };
  };
  const rulesOf = async (target: GateTarget): Promise<Rules> => ({
    kind: target.kind, id: target.id, name: target.name,
    checkpoints: await Promise.all(target.checkpoints.map(rulesOfCheckpoint)),
    operatorOnly: [...OPERATOR_ONLY_FIELDS],
  });

  api.get<{ Querystring: ScopeQuery; Reply: Rules }>(
    '/console/rules',
    {
      schema: {
        summary: "The rules of a checkpoint, or of each gate of a place, with the config version and the newest changes (who, when, what)",
        querystring: RulesQuerySchema, response: { 200: RulesSchema, ...REFUSALS },
      },
    },
    async (request) => {
      await requireRight(deps, request, 'city.read', namedId(request.query));
      return rulesOf(await gateTarget(deps, request, request.query));
    },
  );

  api.post<{ Querystring: ScopeQuery; Body: RulesChange; Reply: RulesChanged }>(
    '/console/rules',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        summary: "Set some of the rules of a checkpoint, or of every gate of a place (each gate keeps the fields not named); recorded as a lead's change is, with the user, and audited with what changed; tablets apply it at their next config pull (hq, admin and a lead in their own place; needs x-csrf-token)",
        querystring: RulesQuerySchema, body: RulesChangeSchema, response: { 200: RulesChangedSchema, ...REFUSALS, 413: ref(ErrorSchema), 415: ref(ErrorSchema) },
      },
    },
    async (request) => {
      const { user } = callerOf(request);
      await requireRight(deps, request, 'policy.write', namedId(request.query));
      const target = await gateTarget(deps, request, request.query);
      const { set } = request.body;
      checkFields(set);
      // Every gate's new rules are made and checked before any is stored: a value one gate cannot take changes none.
      const plans = await Promise.all(target.checkpoints.map(async (checkpoint) => {
        const config = await storage.getConfig(checkpoint.id);
        if (!config) throw new ApiFailure(404, 'checkpoint-unknown', checkpoint.id);
        return { checkpoint, before: config.policy, after: applied(config.policy, set) };
      }));
      const changed: RulesChanged['changed'] = [];
      for (const { checkpoint, before, after } of plans) {
        const record = await recordPolicyChange(storage, checkpoint.id, before, after, { at: now(), user: { id: user.id, name: user.name } });
        if (!record) continue;
        changed.push({ checkpointId: checkpoint.id, version: record.version });
        request.log.info({ userId: user.id, checkpointId: checkpoint.id, version: record.version }, 'policy changed from the console');
        // The rules the change replaced, as the transaction read them: the same diff the history shows.
        await auditConsole(deps, request, {
          user, action: 'console.policy', areaPath: checkpoint.areaIds, target: checkpoint.id,
          detail: { scope: target.kind, scopeId: target.id, version: record.version, changes: policyDiff(record.before, record.after) },
        });
      }
      return { rules: await rulesOf(target), changed };
    },
  );
}
