/** `kadian areas import FILE [--dry-run]`: a city file checked whole; every bad row named by its line and nothing imported, or everything in one transaction. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { sayAny } from '../../core/catalogue.ts';
import { readCityCsv, readCityXlsx, type CityFile } from '../city/importFile.ts';
import { planCityImport, type CityPlan } from '../city/importPlan.ts';
import { decodeUtf8 } from '../operator/keyPersonImport.ts';
import { isXlsx } from '../operator/sheetRows.ts';
import { newId } from '../secrets.ts';
import type { Storage } from '../storage/storage.ts';
import { noteAudit } from './audit.ts';
import { settings, withStorage } from './commands.ts';
import { printable, say, UsageError } from './output.ts';

/** Reads the file as the operator gave it: XLSX by its bytes, otherwise UTF-8 CSV. */
export async function readCityFile(path: string): Promise<CityFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`无法读取文件 / Cannot read ${path}: ${(error as Error).message}`);
  }
  if (isXlsx(bytes)) return readCityXlsx(bytes);
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    throw new UsageError(`${path} 不是 UTF-8 编码：在 Excel 中请另存为“CSV UTF-8（逗号分隔）”或 XLSX / ${path} is not UTF-8: in Excel, save as "CSV UTF-8 (Comma delimited)" or XLSX`);
  }
  return readCityCsv(text);
}

/** What an import did or would do, counted: what the operator reads, and what the audit line keeps. */
export function summary(plan: CityPlan): Record<string, number> {
  const c = plan.changes;
  return {
    newAreas: c.newAreas.length, renamedAreas: c.renamedAreas.length, newPlaces: c.newPlaces.length, changedPlaces: c.changedPlaces.length,
    newCheckpoints: c.newCheckpoints.length, renamedCheckpoints: c.renamedCheckpoints.length, unchangedRows: plan.unchanged,
  };
}

/** Plans `file` against the stored city; problems of the file and of its rows together, by line. */
export async function planFile(storage: Storage, file: CityFile): Promise<CityPlan> {
  const plan = planCityImport(await storage.cityIndex(), file.rows, newId);
  plan.problems.push(...file.problems);
  plan.problems.sort((a, b) => a.line - b.line);
  return plan;
}

export async function importCity(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } }, strict: true });
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) throw new UsageError('用法 / Usage: kadian areas import FILE.csv|FILE.xlsx [--dry-run]');
  const file = await readCityFile(path);
  const dryRun = values['dry-run'];
  return withStorage(settings().dataDir, async (storage) => {
    const started = performance.now();
    const plan = await planFile(storage, file);
    const counts = summary(plan);
    noteAudit({ action: dryRun ? 'areas.import-dry-run' : 'areas.import', detail: { file: basename(path), rows: file.rows.length, problems: plan.problems.length, ...counts } });
    if (plan.problems.length > 0) {
      for (const p of plan.problems) {
        say(`第 ${p.line} 行 / line ${p.line}: ${sayAny(p.error, 'zh')} / ${sayAny(p.error, 'en')} (${p.error})${p.detail ? `: ${printable(p.detail)}` : ''}`);
      }
      say(`${plan.problems.length} 行有错，未导入任何内容 / ${plan.problems.length} bad rows: nothing was imported`);
      return 1;
    }
    if (!dryRun) await storage.applyCityChanges(plan.changes);
    const ms = Math.round(performance.now() - started);
    const head = dryRun ? '试运行，未写入 / Dry run, nothing written' : `已导入 / Imported (${ms} ms)`;
    say(`${head}: ${file.rows.length} 行 rows; 新增区域 ${counts.newAreas} new areas, 改名 ${counts.renamedAreas} renamed; 新增场所 ${counts.newPlaces} new places, 修改 ${counts.changedPlaces} changed; 新增卡点 ${counts.newCheckpoints} new checkpoints, 改名 ${counts.renamedCheckpoints} renamed; 未变 ${counts.unchangedRows} rows unchanged`);
    process.stdout.write(`${JSON.stringify(counts)}\n`);
    return 0;
  });
}
