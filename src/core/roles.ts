/** Who may do what above the gate: the four roles, their rights, and the one rule of every right: "in this subtree". */

export const ROLES = ['admin', 'hq', 'lead', 'tracer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Readonly<Record<Role, { zh: string; en: string }>> = {
  admin: { zh: '系统管理员', en: 'administrator' },
  hq: { zh: '指挥部', en: 'headquarters' },
  lead: { zh: '村/社区负责人', en: 'community lead' },
  tracer: { zh: '流调人员', en: 'contact tracer' },
};

export const isRole = (text: string): text is Role => (ROLES as readonly string[]).includes(text);

/**
 * What a right lets one do, each within the user's subtree only:
 * city.read: see areas, places, checkpoints; city.write: rename, move, import, enrolment codes;
 * users.write: create and change accounts below one's own role; audit.read: the audit log of the subtree;
 * alerts.ack: acknowledge the console's alerts; devices.write: revoke and relabel tablets; entries.export: download the
 * log (a lead's subtree is their own area or place, so a lead exports only that); figures.report: download the upward
 * report (日报) of the subtree's figures; entries.trace: trace a person, a place's visitors and a person's contacts (追溯)
 * in the log of the subtree, every query with its reason in the audit log (not a lead's: a community's own log is enough
 * for them, and a trace reads persons across places); policy.write: change the rules of the subtree's checkpoints (a
 * lead's too: the lead sets their gates' rules on the tablet already, and a console account is a named person who signed
 * in, where the tablet needs the PIN because a device token alone proves no one); keyPersons.write: replace the subtree's
 * key-person lists (not a lead's: the lists come down from the 指挥部, and a lead who could rewrite them could take a
 * person off the list of their own gate); residents.read: the list of the subtree's registered residents (居民: fever,
 * isolation, missed check-ins, travel, 困难诉求) and their requests; residents.write: close a request, and make a one-time
 * code that re-binds an ID number to the phone of the person whose ID card one has seen (issue #18; a lead's too: the
 * community's lead is the one who knows the residents and sees them in person).
 */
export type Right =
  | 'city.read' | 'city.write' | 'users.write' | 'audit.read' | 'alerts.ack' | 'devices.write' | 'entries.export' | 'figures.report' | 'entries.trace'
  | 'policy.write' | 'keyPersons.write' | 'residents.read' | 'residents.write';

const RIGHTS: Readonly<Record<Role, readonly Right[]>> = {
  admin: [
    'city.read', 'city.write', 'users.write', 'audit.read', 'alerts.ack', 'devices.write', 'entries.export', 'figures.report', 'entries.trace', 'policy.write', 'keyPersons.write',
    'residents.read', 'residents.write',
  ],
  hq: [
    'city.read', 'city.write', 'users.write', 'audit.read', 'alerts.ack', 'devices.write', 'entries.export', 'figures.report', 'entries.trace', 'policy.write', 'keyPersons.write',
    'residents.read', 'residents.write',
  ],
  lead: ['city.read', 'entries.export', 'figures.report', 'policy.write', 'residents.read', 'residents.write'],
  tracer: ['city.read', 'entries.export', 'figures.report', 'entries.trace'],
};

export const hasRight = (role: Role, right: Right): boolean => RIGHTS[role].includes(right);

/** Roles a user of `role` may give: an admin any; an hq user hq, lead and tracer (in their subtree); others none. */
export function mayGrant(role: Role, granted: Role): boolean {
  if (role === 'admin') return true;
  return role === 'hq' && granted !== 'admin';
}

/**
 * Whether `path` (area ids from the root down) lies in the subtree whose root has the path `root`: the same area or
 * one below it. Every check of a right by area comes down to this.
 */
export function withinSubtree(root: readonly string[], path: readonly string[]): boolean {
  return root.length <= path.length && root.every((id, i) => path[i] === id);
}
