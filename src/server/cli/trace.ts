/** `kadian trace person|place|contacts …`: tracing (追溯, issue #16) for the operator at the shell, over the whole city; a reason is required and every query goes to the audit log. */
import { parseArgs } from 'node:util';
import { daySpan, minuteSpan, traceReason, tracedPersonId } from '../../core/traceQuery.ts';
import type { Contacts, PersonTrail, PlaceVisitors, TraceKind } from '../../core/traceWire.ts';
import { DEFAULT_CONTACT_WINDOW_MINUTES, MAX_CONTACT_WINDOW_MINUTES } from '../../core/traceWire.ts';
import { personContacts } from '../trace/contacts.ts';
import { maskedPerson, type TraceQueryLine } from '../trace/history.ts';
import { findPlace, personTrail, placeVisitors, type TraceReader } from '../trace/trails.ts';
import type { Storage } from '../storage/storage.ts';
import { noteAudit } from './audit.ts';
import { settings, withStorage } from './commands.ts';
import { bilingual, pad, printable, say, UsageError, width } from './output.ts';

const USAGE = `kadian trace person ID --since YYYY-MM-DD --until YYYY-MM-DD --reason R [--json]
  kadian trace place PLACE_OR_CHECKPOINT --from YYYY-MM-DDTHH:mm --to YYYY-MM-DDTHH:mm --reason R [--json]
  kadian trace contacts ID --since YYYY-MM-DD --until YYYY-MM-DD [--window MIN] [--depth 1|2] --reason R [--json]`;

const usage = (): UsageError => new UsageError(`用法 / Usage: ${USAGE}`);

/** A failed check of what was typed: its words in both languages, and exit 2. */
function valid<T>(result: { ok: true; value: T } | { ok: false; error: string }, detail = ''): T {
  if (!result.ok) throw new UsageError(`${bilingual(result.error)}${detail === '' ? '' : `: ${detail}`}`);
  return result.value;
}

const required = (value: string | undefined, flag: string): string => {
  if (value === undefined) throw new UsageError(`缺少 / Missing ${flag}\n用法 / Usage: ${USAGE}`);
  return value;
};

/** A table with a header, columns as wide as their widest cell (CJK counts two). */
function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [header, ...rows.map((r) => r.map(printable))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  return all.map((r) => r.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

const dash = (text: string | null | undefined): string => text ?? '—';
const number = (value: number | null): string => (value === null ? '—' : String(value));

function trailText(trail: PersonTrail): string {
  const passages = table(
    ['时间 Time', '方向 Dir', '场所 Place', '卡点 Checkpoint', '区域 Area', '结果 Verdict', '颜色 Colour', '体温 Temp', '姓名 Name', '值守 On duty'],
    trail.passages.map((p) => [p.local, p.direction, p.placeName, p.checkpointName, p.areaPath.map((a) => a.name).join('›'), p.verdict, dash(p.colour), number(p.temperature), dash(p.name), dash(p.operator)]),
  );
  const stays = trail.stays.map((s) => `  ${s.placeName}  ${s.fromLocal ?? '? 未登记进入 no entry'} – ${s.toLocal ?? '? 未登记离开 no exit'}`);
  const arrivals = (trail.arrivals ?? []).map((a) => `  ${a.arrivalDay}  ${a.fromProvince} ${a.fromCity} → ${a.areaNames.join('›')}  ${a.means}${a.meansDetail ? ` ${a.meansDetail}` : ''}  ${a.category ?? '—'}${a.until ? ` ≤ ${a.until}` : ''}`);
  return `${passages}\n\n在场时段 Stays:\n${stays.length > 0 ? stays.join('\n') : '  —'}${arrivals.length > 0 ? `\n\n入市登记 Arrivals:\n${arrivals.join('\n')}` : ''}`;
}

function visitorsText(visitors: PlaceVisitors): string {
  return table(
    ['身份证号 ID number', '姓名 Name', '进入 Inside from', '离开 Inside to', '时段前已在场 Before', '经过 Passages'],
    visitors.visitors.map((v) => [
      v.personId, dash(v.name), dash(v.insideFromLocal), dash(v.insideToLocal), v.insideBefore ? '是 yes' : '',
      v.passages.map((p) => `${p.local.slice(11)} ${p.direction} ${p.checkpointName}`).join(', '),
    ]),
  );
}

function contactsText(contacts: Contacts): string {
  return table(
    ['层级 Level', '身份证号 ID number', '姓名 Name', '共处分钟 Minutes', '接触 Meetings', '经由 Via'],
    contacts.contacts.map((c) => [
      String(c.level), c.personId, dash(c.name), String(c.overlapMinutes),
      c.meetings.map((m) => `${m.placeName} ${m.fromLocal}–${m.toLocal.slice(11)}${m.kind === 'passage' ? ' (±)' : ''}`).join(', '), dash(c.via),
    ]),
  );
}

/** Says on stderr what a reader must know besides the rows: what retention deleted, and a cut-off. */
function footnotes(answer: { retainedFrom: string | null; truncated: boolean; timeZone: string }, count: number, noun: string): void {
  say(`${count} ${noun}（${answer.timeZone}）`);
  if (answer.retainedFrom !== null) say(`注意：${answer.retainedFrom} 之前的记录已按保留期删除 / Entries before ${answer.retainedFrom} were deleted by retention`);
  if (answer.truncated) say('注意：结果过多，只列出了前一部分，请缩小范围 / Too many results: only the first part is listed; narrow the range');
}

/** What the audit line of `kadian` says of this query (cli/audit.ts writes it once the command ends). */
function noteTrace(kind: TraceKind, query: TraceQueryLine, reason: string, target: string | null, count: number, truncated: boolean, timeZone: string): void {
  noteAudit({
    action: `cli.trace.${kind}`, target,
    detail: { kind, query, reason, count, format: 'json', timeZone, ...(truncated && { truncated: true }) },
  });
}

interface Options {
  json: boolean;
  reason: string;
  values: Record<string, string | boolean | undefined>;
  subject: string;
}

async function run(kind: TraceKind, storage: Storage, timeZone: string, { json, reason, values, subject }: Options): Promise<void> {
  // The operator at the shell reads the whole city.
  const reader: TraceReader = { storage, timeZone, within: null };
  const text = (name: string): string => required(typeof values[name] === 'string' ? values[name] : undefined, `--${name}`);
  let body: object;
  let human: string;
  if (kind === 'place') {
    const from = text('from'), to = text('to');
    const span = valid(minuteSpan(from, to, timeZone), `${from}…${to}`);
    const target = (await findPlace(storage, { placeId: subject })) ?? (await findPlace(storage, { checkpointId: subject }));
    if (!target) throw new UsageError(`场所或卡点不存在 / No place or checkpoint with the id ${printable(subject)} (kadian places list, kadian checkpoints list)`);
    const visitors = await placeVisitors(reader, target, { from, to, span });
    const query: TraceQueryLine = { kind, placeId: target.place.id, placeName: target.place.name, checkpointId: target.checkpoint?.id ?? null, from, to };
    noteTrace(kind, query, reason, target.checkpoint?.id ?? target.place.id, visitors.visitors.length, visitors.truncated, timeZone);
    [body, human] = [visitors, visitorsText(visitors)];
    footnotes(visitors, visitors.visitors.length, '人 persons');
  } else {
    const since = text('since'), until = text('until');
    const personId = valid(tracedPersonId(subject));
    const span = valid(daySpan(since, until, timeZone), `${since}…${until}`);
    if (kind === 'person') {
      const trail = await personTrail(reader, personId, { since, until, span });
      noteTrace(kind, { kind, personId: maskedPerson(personId), since, until }, reason, maskedPerson(personId), trail.passages.length > 0 ? 1 : 0, trail.truncated, timeZone);
      [body, human] = [trail, trailText(trail)];
      footnotes(trail, trail.passages.length, '条通行记录 passages');
    } else {
      const windowMinutes = values.window === undefined ? DEFAULT_CONTACT_WINDOW_MINUTES : Number(values.window);
      if (!Number.isInteger(windowMinutes) || windowMinutes < 0 || windowMinutes > MAX_CONTACT_WINDOW_MINUTES) {
        throw new UsageError(`--window 应为 0–${MAX_CONTACT_WINDOW_MINUTES} 分钟 / --window is 0–${MAX_CONTACT_WINDOW_MINUTES} minutes`);
      }
      if (values.depth !== undefined && values.depth !== '1' && values.depth !== '2') throw new UsageError('--depth 应为 1 或 2 / --depth is 1 or 2');
      const depth = values.depth === '2' ? 2 : 1;
      const contacts = await personContacts(reader, { personId, since, until, span, windowMinutes, depth });
      const query: TraceQueryLine = { kind, personId: maskedPerson(personId), since, until, windowMinutes, depth };
      noteTrace(kind, query, reason, maskedPerson(personId), contacts.contacts.length, contacts.truncated, timeZone);
      [body, human] = [contacts, contactsText(contacts)];
      footnotes(contacts, contacts.contacts.length, '名接触者 contacts');
    }
  }
  process.stdout.write(json ? `${JSON.stringify(body, null, 2)}\n` : `${human}\n`);
}

/** `kadian trace person|place|contacts SUBJECT …`: without --reason, nothing is read (exit 2). */
export async function trace(args: string[]): Promise<void> {
  const [kind, ...rest] = args;
  if (kind !== 'person' && kind !== 'place' && kind !== 'contacts') throw usage();
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true, strict: true,
    options: {
      since: { type: 'string' }, until: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, reason: { type: 'string' },
      window: { type: 'string' }, depth: { type: 'string' }, json: { type: 'boolean', default: false },
    },
  });
  const [subject, ...extra] = positionals;
  if (subject === undefined || extra.length > 0) throw usage();
  // Checked before the database is opened: a query without its reason reads nothing.
  const reason = valid(traceReason(values.reason));
  const { dataDir, healthCodes } = settings();
  await withStorage(dataDir, (storage) => run(kind, storage, healthCodes.timeZone, { json: values.json, reason, values, subject }));
}
