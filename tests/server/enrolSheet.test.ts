/** Issue #14: `kadian enrol-sheet --area ID` (a page per checkpoint, each with a one-time code) and `kadian enrol-codes list|revoke`, on each database. */
import { beforeAll, expect, it } from 'vitest';
import type { EnrolResponse } from '../../src/core/wire.ts';
import type { AuditRecord } from '../../src/server/storage/accountTypes.ts';
import type { CheckpointRecord } from '../../src/server/storage/cityTypes.ts';
import { EXAMPLE_CSV, onEachCity, SLOW } from './cityFixture.ts';
import type { Harness } from './helpers.ts';

interface Page { checkpoint: string; html: string; code: string }
interface CodeRow { id: string; checkpointId: string; sheet: string; state: string; createdBy: string; createdAt: string; expiresAt: string; checkpointName: string }

const DAY_MS = 24 * 60 * 60 * 1000;

function pagesOf(html: string): Page[] {
  return [...html.matchAll(/<section class="page" data-checkpoint="([^"]+)">([\s\S]*?)<\/section>/g)].map((m) => ({
    checkpoint: m[1]!, html: m[2]!, code: /<p class="code">([^<]+)<\/p>/.exec(m[2]!)?.[1] ?? '',
  }));
}

const sheetOf = (stderr: string): string => /注册单 (sh-[a-z0-9]+)/.exec(stderr)?.[1] ?? '';

onEachCity('kadian enrol-sheet and enrol-codes', (city) => {
  const area: Record<string, string> = {};
  let hubin: CheckpointRecord[];
  let pages: Page[];
  let sheet: string;
  let h: Harness;
  const enrolWith = (code: string) => h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code, label: 'sheet tablet' } });
  const codes = async (...args: string[]): Promise<CodeRow[]> => {
    const run = await city().kadian('enrol-codes', 'list', '--json', ...args);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as CodeRow[];
  };
  beforeAll(async () => {
    expect((await city().kadian('areas', 'import', EXAMPLE_CSV)).code).toBe(0);
    for (const a of await city().storage.listAreas(null)) area[a.name] = a.id;
    hubin = await city().storage.listCheckpointRecords(area['湖滨区']!);
    // A name as an operator may type it: printed as text, never read as markup.
    await city().storage.editCheckpoint(hubin.find((c) => c.name === '正门')!.id, { name: '正门 <A&B>' });
    hubin = await city().storage.listCheckpointRecords(area['湖滨区']!);
    h = await city().app();
  }, SLOW);

  it('prints one A4 page per checkpoint of the area and below, each with its names, its area path and a fresh one-time code', async () => {
    const run = await city().kadian('enrol-sheet', '--area', area['湖滨区']!, '--days', '3');
    expect(run.code, run.stderr).toBe(0);
    sheet = sheetOf(run.stderr);
    expect(run.stderr).toContain(`Sheet ${sheet}: 6 checkpoints, one one-time code each, valid 3 days`);
    expect(run.stdout).toMatch(/^<!doctype html>/);
    expect(run.stdout).toContain('@page { size: A4;');
    pages = pagesOf(run.stdout);
    expect(pages.map((p) => p.checkpoint).sort()).toEqual(hubin.map((c) => c.id).sort());
    for (const page of pages) {
      const c = hubin.find((x) => x.id === page.checkpoint)!;
      const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      expect(page.html).toContain(`<h1>${text(c.name)}</h1>`);
      expect(page.html).toContain(`<h2>${text(c.placeName)}</h2>`);
      expect(page.html).toContain(`<p class="path">${c.areaPath.join(' › ')}</p>`);
      expect(page.html).toMatch(/<div class="qr"><svg[\s\S]*<\/svg><\/div>/);
      expect(page.code).not.toBe('');
      expect(page.html).toContain(sheet);
    }
    expect(run.stdout).not.toContain('<A&B>');
    expect(new Set(pages.map((p) => p.code)).size).toBe(6);

    const listed = await codes('--sheet', sheet);
    expect(listed).toHaveLength(6);
    for (const c of listed) {
      expect(c).toMatchObject({ sheet, state: 'open', createdBy: 'cli' });
      expect(Date.parse(c.expiresAt) - Date.parse(c.createdAt)).toBe(3 * DAY_MS);
    }
    // The codes themselves are kept only as hashes: the list never shows one.
    const text = (await city().kadian('enrol-codes', 'list')).stdout;
    for (const page of pages) expect(text).not.toContain(page.code);
  });

  it("enrols a tablet at its page's checkpoint with the page's code, once; the list shows the code used", async () => {
    const page = pages.find((p) => p.checkpoint === hubin.find((c) => c.name === '北门')!.id)!;
    const res = await enrolWith(page.code);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<EnrolResponse>().config.checkpoint).toMatchObject({ id: page.checkpoint, name: '北门', communityName: '陕州社区' });
    const again = await enrolWith(page.code);
    expect(again.statusCode).not.toBe(200);
    expect(again.body).toContain('enrol-code-used');
    const listed = await codes('--sheet', sheet);
    expect(listed.filter((c) => c.state === 'used').map((c) => c.checkpointId)).toEqual([page.checkpoint]);
  });

  it('revokes one code, then the rest of the sheet: a revoked code enrols no tablet, a used one stays used', async () => {
    const listed = await codes('--sheet', sheet);
    const one = listed.find((c) => c.state === 'open')!;
    const page = pages.find((p) => p.checkpoint === one.checkpointId)!;
    const revoked = await city().kadian('enrol-codes', 'revoke', one.id);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toBe(`${one.id}\n`);
    const refused = await enrolWith(page.code);
    expect(refused.statusCode).not.toBe(200);
    expect(refused.body).toContain('enrol-code-revoked');

    const rest = await city().kadian('enrol-codes', 'revoke', '--sheet', sheet);
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout.trim().split('\n')).toHaveLength(4);
    expect(rest.stderr).toContain('已作废 4 个未使用的注册码 / Revoked 4 unused enrolment codes');
    expect((await codes('--sheet', sheet)).map((c) => c.state).sort()).toEqual(['revoked', 'revoked', 'revoked', 'revoked', 'revoked', 'used']);
    for (const p of pages) expect((await enrolWith(p.code)).statusCode).not.toBe(200);
    expect((await city().kadian('enrol-codes', 'revoke', '--sheet', sheet)).stderr).toContain('已作废 0 个');
    expect((await city().kadian('enrol-codes', 'revoke')).code).toBe(2);
    expect((await city().kadian('enrol-codes', 'revoke', one.id, '--sheet', sheet)).code).toBe(2);
  });

  it("lists a sibling area's sheet apart; refuses an unknown area or --days outside 1–30 and issues nothing", async () => {
    const run = await city().kadian('enrol-sheet', '--area', area['陕州区']!);
    expect(run.code, run.stderr).toBe(0);
    const other = sheetOf(run.stderr);
    const listed = await codes('--area', area['陕州区']!);
    expect(listed.map((c) => c.sheet)).toEqual([other, other, other]);
    expect(listed.map((c) => c.checkpointName).sort()).toEqual(['村口', '游客入口', '游客出口'].sort());
    for (const c of listed) expect(Date.parse(c.expiresAt) - Date.parse(c.createdAt)).toBe(7 * DAY_MS);
    expect((await codes('--area', area['湖滨区']!)).every((c) => c.sheet === sheet)).toBe(true);

    const before = await city().storage.listEnrolmentCodes(null);
    for (const args of [['--area', 'a-nowhere'], [], ['--area', area['陕州区']!, '--days', '0'], ['--area', area['陕州区']!, '--days', '31']]) {
      const bad = await city().kadian('enrol-sheet', ...args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stdout).toBe('');
    }
    expect(await city().storage.listEnrolmentCodes(null)).toEqual(before);
    const unknown = await city().kadian('enrol-codes', 'list', '--area', 'a-nowhere');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('(city-unknown): a-nowhere');
  });

  it('writes each sheet and each revocation to the audit log, with the area it concerns', async () => {
    const records = JSON.parse((await city().kadian('audit', '--json', '--area', area['湖滨区']!)).stdout) as AuditRecord[];
    const sheets = records.filter((r) => r.action === 'enrol-codes.sheet');
    expect(sheets).toEqual([expect.objectContaining({ target: sheet, areaPath: [area['三门峡市'], area['湖滨区']], detail: expect.objectContaining({ codes: 6, days: 3, exitCode: 0 }) })]);
    const revocations = records.filter((r) => r.action === 'enrol-codes.revoke');
    expect(revocations.map((r) => r.detail.revoked)).toEqual(expect.arrayContaining([1, 4]));
    for (const page of pages) expect(JSON.stringify(records)).not.toContain(page.code);
  });
});
