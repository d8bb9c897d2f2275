/** `kadian key-persons import|list`: the operator's key-person list (重点人员) per checkpoint, checked row by row before anything is stored. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { KeyPersonDerivation } from '../../core/keyPersonLookup.ts';
import { keyPersonCategoryName } from '../../core/keyPersons.ts';
import { readKeyPersonFile, type KeyPersonFile } from '../operator/keyPersonImport.ts';
import { derivationFor, MAX_KEY_PERSONS, replaceList, type ListChange } from '../operator/keyPersonList.ts';
import { derivationJobs, sealKeyPersons, type SealedList } from '../operator/keyPersonSeal.ts';
import type { StoredKeyPerson } from '../storage/storage.ts';
import { checkpointId, settings, withStorage } from './commands.ts';
import { bilingual, say, UsageError } from './output.ts';

const USAGE = `用法 / Usage:
  kadian key-persons import FILE.csv|FILE.xlsx [--checkpoint ID | --all] [--skip-bad]
  kadian key-persons list [--checkpoint ID]`;

async function readFileChecked(path: string): Promise<KeyPersonFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`无法读取文件 / Cannot read ${path}: ${(error as Error).message}`);
  }
  const file = await readKeyPersonFile(bytes);
  if (file === undefined) {
    throw new UsageError(`${path} 不是 UTF-8 编码：在 Excel 中请另存为“CSV UTF-8（逗号分隔）”或 XLSX / ${path} is not UTF-8: in Excel, save as "CSV UTF-8 (Comma delimited)" or XLSX`);
  }
  return file;
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

/** One checkpoint's replaced list, as the operator reads it. */
function listChangeWords(c: ListChange): string {
  const n = c.persons;
  return `${c.checkpointId}: 名单已替换为 ${n} 人（新增 ${c.added}，变更 ${c.changed}，未变 ${c.unchanged}，移除 ${c.removed}）`
    + ` / list replaced: ${n} person${n === 1 ? '' : 's'} (${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged, ${c.removed} removed)`;
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
  // A file without its header, or a workbook that cannot be read, has no good row to speak of.
  const fatal = file.problems.some((p) => p.error === 'key-person-header' || p.error === 'key-person-xlsx');
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
  if (file.persons.length > MAX_KEY_PERSONS) throw new UsageError(`名单过长 / Too many persons: ${file.persons.length}, at most ${MAX_KEY_PERSONS}`);
  if (file.problems.length > 0) say(`已跳过 ${file.problems.length} 行错误 / Skipped ${file.problems.length} bad row(s) (--skip-bad)`);
  await withStorage(settings().dataDir, async (storage) => {
    const targets = values.all ? (await storage.listCheckpoints()).map((c) => c.id) : [await checkpointId(storage, values.checkpoint)];
    if (targets.length === 0) throw new UsageError('还没有卡点 / There are no checkpoints yet: start the server once to create the demo one.');
    const { derivation, previous } = await derivationFor(storage, targets);
    const { persons } = await sealWithProgress(derivation, file, previous);
    const at = new Date().toISOString();
    for (const checkpoint of targets) process.stdout.write(`${listChangeWords(await replaceList(storage, checkpoint, derivation, persons, at))}\n`);
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
