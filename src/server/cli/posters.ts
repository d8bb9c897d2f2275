/** `kadian posters --area ID > posters.html` (a self check-in poster per place, 扫码登记) and `kadian posters withdraw|restore --place ID`. */
import { parseArgs } from 'node:util';
import { runningServerUrl } from '../address.ts';
import { postersHtml } from '../selfCheckIn/posterSheet.ts';
import { setPoster } from '../selfCheckIn/passage.ts';
import { noteAudit } from './audit.ts';
import { settings, withStorage } from './commands.ts';
import { bilingual, printable, say, UsageError } from './output.ts';

const USAGE = '用法 / Usage: kadian posters --area ID > posters.html | withdraw --place ID | restore --place ID';

async function printPosters(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { area: { type: 'string' } }, strict: true });
  if (values.area === undefined) throw new UsageError(USAGE);
  const { dataDir, publicUrl: configured } = settings();
  // As the enrolment sheet: given neither PUBLIC_URL nor PORT, the address of the server running on DATA_DIR.
  const publicUrl = (!process.env.PUBLIC_URL?.trim() && !process.env.PORT?.trim() ? runningServerUrl(dataDir) : null) ?? configured;
  await withStorage(dataDir, async (storage) => {
    const area = await storage.getArea(values.area ?? '');
    if (!area) throw new UsageError(`${bilingual('city-unknown')}: ${printable(values.area ?? '')} (kadian areas list)`);
    const names = new Map((await storage.listAreas(area.id)).map((a) => [a.id, a.names]));
    const places = (await storage.listPlaces(area.id)).map((p) => ({ id: p.id, name: p.name, areaNames: names.get(p.areaId) ?? [] }));
    noteAudit({ action: 'posters.print', areaPath: area.path, target: area.id, detail: { places: places.length } });
    process.stdout.write(postersHtml(`${area.names.join(' › ')} 扫码登记 / self check-in posters`, places, publicUrl));
    say(`${places.length} 张扫码登记海报 / self check-in posters, each opening ${publicUrl}/p/<place>`);
    say('停用某场所的海报 / withdraw one: kadian posters withdraw --place ID');
  });
}

async function switchPoster(args: string[], withdrawn: boolean): Promise<void> {
  const { values } = parseArgs({ args, options: { place: { type: 'string' } }, strict: true });
  if (values.place === undefined) throw new UsageError(USAGE);
  const placeId = values.place;
  await withStorage(settings().dataDir, async (storage) => {
    const place = await storage.getPlace(placeId);
    if (!place || !(await setPoster(storage, placeId, withdrawn, 'operator', new Date()))) throw new UsageError(`${bilingual('city-unknown')}: ${printable(placeId)} (kadian places list)`);
    noteAudit({ action: withdrawn ? 'posters.withdraw' : 'posters.restore', areaPath: (await storage.getArea(place.areaId))?.path ?? null, target: placeId });
    say(withdrawn
      ? `已停用 ${place.name} 的扫码登记，扫码将提示停用 / ${place.name}: poster withdrawn; its QR now says so`
      : `已恢复 ${place.name} 的扫码登记 / ${place.name}: poster restored`);
  });
}

export async function posters(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'withdraw') return switchPoster(rest, true);
  if (sub === 'restore') return switchPoster(rest, false);
  return printPosters(args);
}
