/** The console's tablets: every device under an area with what it sent and what is missing, and an hq's revoke, relabel, enrolment code and printable enrolment sheet. */
import type { FastifyInstance } from 'fastify';
import {
  CheckpointParamsSchema, ConsoleDeviceSchema, DeviceLabelSchema, DeviceParamsSchema, DevicesQuerySchema, DevicesSchema, EnrolmentSchema,
  type ConsoleDevice, type DeviceLabel, type Devices, type Enrolment,
} from '../../core/consoleOps.ts';
import { say } from '../../core/catalogue.ts';
import { ENROL_SHEET_DAYS, EnrolSheetQuerySchema, type EnrolSheetQuery } from '../../core/consoleRules.ts';
import { ErrorSchema } from '../../core/wire.ts';
import { enrolSheetHtml, enrolSheetTitle } from '../city/enrolSheet.ts';
import { refusal } from '../http/auth.ts';
import { ApiFailure } from '../http/errors.ts';
import { ref } from '../http/validation.ts';
import type { CheckpointRecord } from '../storage/cityTypes.ts';
import type { DeviceReport } from '../storage/deviceReport.ts';
import { newId } from '../secrets.ts';
import { enrolmentUrl, issueEnrolmentCodes } from '../tablets/enrolment.ts';
import { auditConsole } from './audit.ts';
import { attachmentDisposition, sendFile } from './exportRoutes.ts';
import type { ConsoleDeps } from './deps.ts';
import { checkpointInScope, deviceInScope, namedId, REFUSALS, requireRight, scopeTarget, type ScopeTarget } from './scopeTarget.ts';
import { callerOf, requireSession } from './session.ts';
import { DEFAULT_SILENT_MINUTES } from './settings.ts';

const error = ref(ErrorSchema);
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** A sheet of more pages is a city's worth of paper and codes at once: a district's, a street's at a time. */
export const MAX_SHEET_CHECKPOINTS = 2000;

/** Where a sheet's checkpoints are, for its title: the area's names, a place's with its own, a checkpoint's with its place. */
function sheetWhere(target: ScopeTarget): string[] {
  const { named } = target;
  if (named.kind === 'checkpoint') return [...named.checkpoint.areaPath, named.checkpoint.placeName, named.checkpoint.name];
  if (named.kind === 'place') return [...named.area.names, named.place.name];
  return named.area?.names ?? [];
}

/** Not revoked, and nothing heard for longer than `silentMinutes`: since its last sync, or since enrolment if it never synced. */
export function isSilent(device: Pick<DeviceReport, 'revokedAt' | 'lastSeenAt' | 'enrolledAt'>, now: Date, silentMinutes: number): boolean {
  if (device.revokedAt !== null) return false;
  return now.getTime() - Date.parse(device.lastSeenAt ?? device.enrolledAt) > silentMinutes * MINUTE_MS;
}

export async function deviceRoutes(api: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const { storage, now } = deps;
  const silentMinutes = deps.settings.silentMinutes ?? DEFAULT_SILENT_MINUTES;
  requireSession(api, deps);

  const consoleDevice = (d: DeviceReport, checkpoint: CheckpointRecord, at: Date): ConsoleDevice => ({
    ...d, checkpointName: checkpoint.name, placeName: checkpoint.placeName, areaNames: checkpoint.areaPath, silent: isSilent(d, at, silentMinutes),
  });
  /** The device as it is now, after a change. */
  const reread = async (id: string, checkpoint: CheckpointRecord): Promise<ConsoleDevice> => {
    const [d] = await storage.listDevices({ deviceId: id });
    if (!d) throw new Error(`device ${id} vanished`);
    return consoleDevice(d, checkpoint, now());
  };

  api.get<{ Querystring: { area?: string; place?: string; checkpoint?: string }; Reply: Devices }>(
    '/console/devices',
    {
      schema: {
        summary: 'The tablets of an area, place or checkpoint: last seen, waiting, missing seqs, clock skew, possible copied token, silent',
        querystring: DevicesQuerySchema, response: { 200: DevicesSchema, ...REFUSALS },
      },
    },
    async (request) => {
      const target = await scopeTarget(deps, request, request.query);
      const byId = new Map(target.checkpoints.map((c) => [c.id, c]));
      const reports = await storage.listDevices(target.wholeCity ? {} : { checkpointIds: [...byId.keys()] });
      const at = now();
      const devices = reports.flatMap((d) => { const c = byId.get(d.checkpointId); return c ? [consoleDevice(d, c, at)] : []; });
      return { devices, silentMinutes };
    },
  );

  api.post<{ Params: { id: string }; Reply: ConsoleDevice }>(
    '/console/devices/:id/revoke',
    { schema: { summary: "Revoke a tablet: its token stops working now (hq and admin; needs x-csrf-token)", params: DeviceParamsSchema, response: { 200: ConsoleDeviceSchema, ...REFUSALS } } },
    async (request) => {
      const { user } = callerOf(request);
      await requireRight(deps, request, 'devices.write', request.params.id);
      const { device, checkpoint } = await deviceInScope(deps, request, request.params.id);
      // Revoked already: nothing changes, and the line says so (as `kadian devices revoke` says it).
      const revoked = device.revokedAt === null && (await storage.revokeDevice(device.id, now().toISOString()));
      await auditConsole(deps, request, {
        user, action: 'console.device-revoke', areaPath: checkpoint.areaIds, target: device.id,
        detail: { checkpointId: device.checkpointId, label: device.label, revoked, waiting: device.waiting },
      });
      return reread(device.id, checkpoint);
    },
  );

  api.post<{ Params: { id: string }; Body: DeviceLabel; Reply: ConsoleDevice }>(
    '/console/devices/:id/label',
    {
      schema: {
        summary: 'Give a tablet a new label (hq and admin; needs x-csrf-token)', params: DeviceParamsSchema, body: DeviceLabelSchema,
        response: { 200: ConsoleDeviceSchema, ...REFUSALS, 415: error },
      },
    },
    async (request) => {
      const { user } = callerOf(request);
      await requireRight(deps, request, 'devices.write', request.params.id);
      const { device, checkpoint } = await deviceInScope(deps, request, request.params.id);
      const label = request.body.label.trim();
      if (label === '') throw refusal(request, 400, 'request-invalid', { detail: 'empty label' });
      await storage.labelDevice(device.id, label);
      await auditConsole(deps, request, {
        user, action: 'console.device-label', areaPath: checkpoint.areaIds, target: device.id, detail: { checkpointId: device.checkpointId, before: device.label, label },
      });
      return reread(device.id, checkpoint);
    },
  );

  api.post<{ Params: { id: string }; Reply: Enrolment }>(
    '/console/checkpoints/:id/enrolment',
    {
      schema: {
        summary: 'A one-time enrolment code for a tablet of this checkpoint, valid 24 hours, and its address (hq and admin; needs x-csrf-token)',
        params: CheckpointParamsSchema, response: { 200: EnrolmentSchema, ...REFUSALS },
      },
    },
    async (request, reply) => {
      const { user } = callerOf(request);
      await requireRight(deps, request, 'city.write', request.params.id);
      const checkpoint = await checkpointInScope(deps, request, request.params.id);
      const [issued] = await issueEnrolmentCodes(storage, [checkpoint.id], { createdBy: `user:${user.id}` }, now());
      if (!issued) throw new Error('no enrolment code was issued');
      // The code's public id only: the code itself enrols a tablet until used, and the audit log is read by many.
      await auditConsole(deps, request, {
        user, action: 'console.enrol-code', areaPath: checkpoint.areaIds, target: checkpoint.id, detail: { code: issued.id, expiresAt: issued.expiresAt },
      });
      // A code that enrols a tablet is kept by no cache on the way.
      void reply.header('cache-control', 'no-store');
      return { code: issued.code, url: enrolmentUrl(deps.publicUrl, issued.code), expiresAt: issued.expiresAt };
    },
  );

  api.post<{ Querystring: EnrolSheetQuery }>(
    '/console/enrol-sheet',
    {
      // Everything it needs is in the query: a body is at most the page's `{}`.
      bodyLimit: 1024,
      schema: {
        summary: 'A printable enrolment sheet (HTML, one A4 page per checkpoint of the area, place or checkpoint, each with a fresh one-time code valid `days` days), as `kadian enrol-sheet` makes it; audited without the codes (hq and admin; needs x-csrf-token)',
        querystring: EnrolSheetQuerySchema, response: REFUSALS,
      },
    },
    async (request, reply) => {
      const { user } = callerOf(request);
      await requireRight(deps, request, 'city.write', namedId(request.query));
      const target = await scopeTarget(deps, request, request.query);
      const checkpoints = target.checkpoints;
      if (checkpoints.length === 0) throw new ApiFailure(400, 'scope-empty');
      if (checkpoints.length > MAX_SHEET_CHECKPOINTS) throw new ApiFailure(400, 'enrol-sheet-large', `${checkpoints.length} > ${MAX_SHEET_CHECKPOINTS}`);
      const days = request.query.days ?? ENROL_SHEET_DAYS.default;
      const sheet = newId('sh');
      const issued = await issueEnrolmentCodes(storage, checkpoints.map((c) => c.id), { lifetimeMs: days * DAY_MS, sheet, createdBy: `user:${user.id}` }, now());
      const pages = issued.map((code, i) => ({ checkpoint: checkpoints[i]!, url: enrolmentUrl(deps.publicUrl, code.code), code: code.code, expiresAt: code.expiresAt }));
      // The sheet's id, which revokes it all (kadian enrol-codes revoke --sheet); never the codes, which enrol tablets until used.
      await auditConsole(deps, request, {
        user, action: 'console.enrol-sheet', areaPath: target.areaPath, target: target.id, detail: { scope: target.kind, sheet, codes: issued.length, days },
      });
      const where = sheetWhere(target);
      const html = enrolSheetHtml(enrolSheetTitle(where.length > 0 ? where : [say('wholeCity', 'zh')]), sheet, pages, deps.timeZone);
      return sendFile(reply, 'html', attachmentDisposition([target.name ?? say('wholeCity', 'zh'), sheet], [target.id ?? 'city', sheet], 'html'), html);
    },
  );
}
