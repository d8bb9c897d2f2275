/** Where the console is: its page (the path under /console) and its scope and dates (the query), so a link or a reload shows the same thing. */
import { useEffect, useState } from 'preact/hooks';
import { navigate, NAVIGATE_EVENT } from '../ui/navigate.ts';

export const PAGES = ['overview', 'alerts', 'residents', 'tablets', 'export', 'trace', 'rules', 'account'] as const;
export type Page = (typeof PAGES)[number];

/** One of an area, a place or a checkpoint; none: the user's own root. */
export type Scope = { kind: 'area' | 'place' | 'checkpoint'; id: string } | null;

export interface Where {
  page: Page;
  scope: Scope;
  from: string | null;
  to: string | null;
}

export function whereOf(path: string, search: string): Where {
  const name = path.replace(/^\/console\/?/, '').split('/')[0] ?? '';
  const page = (PAGES as readonly string[]).includes(name) ? (name as Page) : 'overview';
  const q = new URLSearchParams(search);
  const kind = (['checkpoint', 'place', 'area'] as const).find((k) => q.get(k));
  const id = kind === undefined ? null : q.get(kind);
  return { page, scope: kind === undefined || id === null ? null : { kind, id }, from: q.get('from'), to: q.get('to') };
}

/** The query of a scope and dates, as the routes and the page's own address take it: `area=ID&from=…&to=…`. */
export function queryOf(scope: Scope, from?: string | null, to?: string | null, more: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (scope) q.set(scope.kind, scope.id);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  for (const [k, v] of Object.entries(more)) q.set(k, v);
  return q.toString();
}

/** The console's own address for a page and scope (dates kept). */
export function hrefOf(page: Page, scope: Scope, from?: string | null, to?: string | null): string {
  const query = queryOf(scope, from, to);
  return `/console${page === 'overview' ? '' : `/${page}`}${query ? `?${query}` : ''}`;
}

/** The current place, followed through links, back and forward. */
export function useWhere(): Where {
  const read = () => whereOf(window.location.pathname, window.location.search);
  const [where, setWhere] = useState(read);
  useEffect(() => {
    const follow = () => setWhere(read());
    window.addEventListener('popstate', follow);
    window.addEventListener(NAVIGATE_EVENT, follow);
    return () => {
      window.removeEventListener('popstate', follow);
      window.removeEventListener(NAVIGATE_EVENT, follow);
    };
  }, []);
  return where;
}

/** A link that moves within the console without reloading it (a new tab still works: it is a real href). */
export function go(event: MouseEvent, href: string): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}
