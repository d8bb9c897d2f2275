/** `kadian key-persons import|list`: the operator's key-person list (重点人员) per checkpoint, checked row by row before anything is stored. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { KEY_PERSON_KDF, type KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import { keyPersonCategoryName } from '../../core/keyPersons.ts';
import { KeyPersonListSchema } from '../../core/leadWire.ts';
import { keyPersonDerivation, newKeyPersonDerivation } from '../tablets/config.ts';
import { decodeUtf8, readKeyPersonCsv, type KeyPersonFile } from '../operator/keyPersonImport.ts';
import { derivationJobs, sealKeyPersons, type SealedList } from '../operator/keyPersonSeal.ts';
import type { Storage, StoredKeyPerson } from '../storage/storage.ts';
import { checkpointId, settings, withStorage } from './commands.ts';
import { bilingual, say, UsageError } from './output.ts';

const USAGE = `用法 / Usage:
  kadian key-persons import FILE.csv [--checkpoint ID | --all] [--skip-bad]
  kadian key-persons list [--checkpoint ID]`;

/** What a tablet can hold (KeyPersonListSchema's maxItems). */
const MAX_PERSONS = KeyPersonListSchema.properties.persons.maxItems ?? 200_000;

async function readFileChecked(path: string): Promise<KeyPersonFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`无法读取文件 / Cannot read ${path}: ${(error as Error).message}`);
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    throw new UsageError(`${path} 不是 UTF-8 编码：在 Excel 中请另存为“CSV UTF-8（逗号分隔）” / ${path} is not UTF-8: in Excel, save as "CSV UTF-8 (Comma delimited)"`);
  }
  return readKeyPersonCsv(text);
}

/**
 * The derivation an import seals with. Checkpoints that share one salt with today's parameters keep it, so the persons
 * they already hold unchanged are not derived again; otherwise (a first `--all`, or older parameters) a new salt for
 * all of them: the list is derived once, whatever the number of checkpoints.
 */
async function derivationFor(storage: Storage, targets: readonly string[]): Promise<{ derivation: KeyPersonDerivation; previous: StoredKeyPerson[] }> {
  const held = await Promise.all(targets.map((checkpoint) => keyPersonDerivation(storage, checkpoint)));
  const first = held[0]!;
  const same = (d: KeyPersonDerivation) => d.salt === first.salt && JSON.stringify(d.kdf) === JSON.stringify(KEY_PERSON_KDF);
  if (!held.every(same)) return { derivation: newKeyPersonDerivation(), previous: [] };
  return { derivation: first, previous: await storage.listKeyPersons(targets[0]!) };
}

/** Derives the file's persons on every core, showing how far it is on stderr (a line each 10 %, or one line redrawn on a terminal). */
async function sealWithProgress(derivation: KeyPersonDerivation, file: KeyPersonFile, previous: readonly StoredKeyPerson[]): Promise<SealedList> {
  const started = performance.now();
  const tty = process.stderr.isTTY;
  let shown = -1;
  const sealed = await sealKeyPersons(derivation, file.persons, previous, (done, total) => {
    const tenth = Math.floor((done * 10) / total);
    if (!tty && (tenth === shown || total < 1000)) return;
    shown = tenth;
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const text = `计算中 / deriving: ${done} / ${total} (${Math.floor((done * 100) / total)} %, ${seconds} s)`;
    process.stderr.write(tty ? `\r${text}` : `${text}\n`);
  });
  if (tty && sealed.derived > 0) process.stderr.write('\n');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say(`已计算 ${sealed.derived} 人（scrypt N=${derivation.kdf.N} r=${derivation.kdf.r}，${derivationJobs()} 个线程），用时 ${seconds} 秒 / `
    + `derived ${sealed.derived} person(s) (scrypt N=${derivation.kdf.N} r=${derivation.kdf.r}, ${derivationJobs()} threads) in ${seconds} s`);
  return sealed;
}

/** Replace, not add: the file is the whole list for each checkpoint, so a person taken off the list is gone from the tablets too. */
async function replaceList(storage: Storage, checkpoint: string, derivation: KeyPersonDerivation, persons: StoredKeyPerson[], at: string): Promise<string> {
  const before = new Map((await storage.listKeyPersons(checkpoint)).map((p) => [p.personId, p]));
  let added = 0, changed = 0;
  for (const p of persons) {
    const old = before.get(p.personId);
    if (!old) added++;
    else if (old.category !== p.category || old.note !== p.note) changed++;
    before.delete(p.personId);
  }
  await storage.replaceKeyPersons(checkpoint, derivation, persons, at);
  const unchanged = persons.length - added - changed;
  return `${checkpoint}: 名单已替换为 ${persons.length} 人（新增 ${added}，变更 ${changed}，未变 ${unchanged}，移除 ${before.size}）`
    + ` / list replaced: ${persons.length} person${persons.length === 1 ? '' : 's'} (${added} added, ${changed} changed, ${unchanged} unchanged, ${before.size} removed)`;
}

async function importFile(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, options: { checkpoint: { type: 'string' }, all: { type: 'boolean' }, 'skip-bad': { type: 'boolean' } }, allowPositionals: true, strict: true,
  });
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) throw new UsageError(USAGE);
  if (values.all && values.checkpoint !== undefined) throw new UsageError(`--all 与 --checkpoint 只能选一个 / Give --all or --checkpoint, not both\n${USAGE}`);
  const file = await readFileChecked(path);
  for (const p of file.problems) {
    const detail = p.detail ? ` — ${p.detail}` : '';
    say(`第 ${p.line} 行 / line ${p.line}: ${bilingual(p.error)}${detail}`);
  }
  const fatal = file.problems.some((p) => p.error === 'key-person-header');
  if (fatal || (file.problems.length > 0 && !values['skip-bad'])) {
    say(`有 ${file.problems.length} 行错误，未导入任何数据；请改正后重试，或加 --skip-bad 只导入正确的行。`);
    say(`${file.problems.length} bad row(s): nothing was imported. Fix them and try again, or add --skip-bad to import the good rows only.`);
    return 1;
  }
  // --skip-bad over a file with no good row would empty the list: surely a wrong file, not a wish.
  if (file.persons.length === 0 && file.problems.length > 0) {
    say('没有可导入的正确行，名单未改变 / No good row to import: the list is unchanged');
    return 1;
  }
  if (file.persons.length > MAX_PERSONS) throw new UsageError(`名单过长 / Too many persons: ${file.persons.length}, at most ${MAX_PERSONS}`);
  if (file.problems.length > 0) say(`已跳过 ${file.problems.length} 行错误 / Skipped ${file.problems.length} bad row(s) (--skip-bad)`);
  await withStorage(settings().dataDir, async (storage) => {
    const targets = values.all ? (await storage.listCheckpoints()).map((c) => c.id) : [await checkpointId(storage, values.checkpoint)];
    if (targets.length === 0) throw new UsageError('还没有卡点 / There are no checkpoints yet: start the server once to create the demo one.');
    const { derivation, previous } = await derivationFor(storage, targets);
    const { persons } = await sealWithProgress(derivation, file, previous);
    const at = new Date().toISOString();
    for (const checkpoint of targets) process.stdout.write(`${await replaceList(storage, checkpoint, derivation, persons, at)}\n`);
  });
  say('平板下次同步配置时获得新名单 / Tablets get the new list with their next config pull');
  return 0;
}

async function list(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { checkpoint: { type: 'string' } }, strict: true });
  await withStorage(settings().dataDir, async (storage) => {
    const checkpoint = await checkpointId(storage, values.checkpoint);
    const persons = await storage.listKeyPersons(checkpoint);
    // Tab-separated on stdout, for a pipe or a spreadsheet; the count for the person on stderr.
    for (const p of persons) process.stdout.write(`${p.personId}\t${p.category}\t${keyPersonCategoryName(p.category, 'zh')}\t${p.note}\n`);
    say(`${checkpoint}: ${persons.length} 名重点人员 / key person(s)`);
  });
}

export async function keyPersons(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'import') return importFile(rest);
  if (action === 'list') {
    await list(rest);
    return 0;
  }
  throw new UsageError(USAGE);
}
