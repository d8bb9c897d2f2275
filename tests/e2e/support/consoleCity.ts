/** The console specs' city: a server with examples/city.csv imported, the ids the specs name, accounts, and signing in. */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { TestServer } from './server.ts';
import { expect } from './test.ts';

export const PASSWORD = 'correct horse battery staple';
export const ZONE = 'Asia/Shanghai';
const CITY_CSV = resolve(import.meta.dirname, '../../../examples/city.csv');

interface Listed { id: string; name: string; place?: string }

/** District 1 (湖滨区), its street and community, the place 上官小区 and its gates 东门 and 西门; district 2 (陕州区) and its village gate. */
export interface CityIds { d1: string; d2: string; street: string; community: string; place: string; gate: string; west: string; village: string }

/** An account to make: its name, role, and the area it is for (a district, or a lead's community). */
export type CityUser = readonly [name: string, role: 'hq' | 'tracer' | 'lead', district: 'd1' | 'd2' | 'community'];

/** Starts a server in ZONE with the example city and the accounts (password PASSWORD); `env` adds to its environment. */
export async function startConsoleCity(users: readonly CityUser[], env: Record<string, string> = {}): Promise<{ server: TestServer; ids: CityIds }> {
  const server = await TestServer.start({ TIME_ZONE: ZONE, ...env });
  await server.cli('areas', 'import', CITY_CSV);
  const areas = JSON.parse(await server.cli('areas', 'list', '--json')) as Listed[];
  const checkpoints = JSON.parse(await server.cli('checkpoints', 'list', '--json')) as Listed[];
  const places = JSON.parse(await server.cli('places', 'list', '--json')) as Listed[];
  const area = (name: string) => areas.find((a) => a.name === name)!.id;
  const checkpoint = (place: string, name: string) => checkpoints.find((c) => c.place === place && c.name === name)!.id;
  const ids: CityIds = {
    d1: area('湖滨区'), d2: area('陕州区'), street: area('湖滨街道'), community: area('上官社区'),
    place: places.find((p) => p.name === '上官小区')!.id, gate: checkpoint('上官小区', '东门'), west: checkpoint('上官小区', '西门'),
    village: checkpoint('温塘村口', '村口'),
  };
  for (const [name, role, district] of users) {
    await server.cliWithInput(PASSWORD, 'users', 'add', '--name', name, '--role', role, '--area', ids[district], '--password-stdin');
  }
  return { server, ids };
}

/** Signs in with the password and waits for the overview. */
export async function signIn(page: Page, server: TestServer, name: string): Promise<void> {
  await page.goto(`${server.url}/console`);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '用密码登录' }).click();
  await expect(page.locator('#overview-title')).toBeVisible();
}
