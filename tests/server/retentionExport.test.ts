/** Issue #16: the console's export says in a header, beside an unchanged file, when the days asked for start before what the server's retention kept; on each database. */
import { expect, it } from 'vitest';
import { addDays, calendarDay } from '../../src/core/calendar.ts';
import { RETAINED_FROM_HEADER } from '../../src/server/operator/export.ts';
import { DEFAULT_HEALTH_CODE_SETTINGS } from '../../src/server/settings.ts';
import { onEachConsoleCity } from './consoleFixture.ts';
import { sealedChain } from './consoleOpsFixture.ts';
import { enrol, push } from './helpers.ts';

const DAY = 24 * 60 * 60 * 1000;
const ZONE = DEFAULT_HEALTH_CODE_SETTINGS.timeZone;

onEachConsoleCity('console export after retention', (city) => {
  it('names the instant entries before it may be gone when the range starts earlier, and only then', async () => {
    const { h, clock } = city();
    const now = clock.at.getTime();
    const tablet = await enrol(h, 'cp-c1a-1');
    const log = sealedChain(tablet, [{ at: new Date(now - 40 * DAY).toISOString() }, { at: new Date(now - DAY).toISOString() }]);
    expect((await push(h, tablet, log)).body.results.map((r) => r.status)).toEqual(['stored', 'stored']);
    const hq = await city().session('hq-d1');
    const today = calendarDay(clock.at, ZONE);
    const exported = async (from: string) => {
      const res = await city().as(hq, 'GET', `/api/v1/console/export?format=csv&lang=en&from=${from}&to=${today}`);
      expect(res.statusCode, res.body).toBe(200);
      return { header: res.headers[RETAINED_FROM_HEADER], rows: res.body.split('\r\n').filter((l) => l !== '').length - 1 };
    };
    expect(await exported(addDays(today, -45))).toEqual({ header: undefined, rows: 2 });

    expect(await h.storage.applyRetention(clock.at, ZONE)).toMatchObject({ entries: 1 });
    const mark = await h.storage.retainedSince();
    expect(await exported(addDays(today, -45))).toEqual({ header: mark, rows: 1 });
    expect(await exported(addDays(today, -2))).toEqual({ header: undefined, rows: 1 });
  });
});
