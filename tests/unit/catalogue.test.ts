/** The message catalogue: no key in two sections, no empty words, lookups, and every literal key the code uses exists. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, isCatalogueKey, say, sayAny, SECTIONS, type Words } from '../../src/core/catalogue.ts';
import { exportHeader, exportSheetName } from '../../src/core/exportColumns.ts';
import { DEFAULT_POLICY } from '../../src/core/policy.ts';
import { describePolicyChanges, policyFields } from '../../src/core/policyDiff.ts';

/** What is wrong with a set of sections: keys in more than one, and empty words. */
function problems(sections: Record<string, Record<string, Words>>): string[] {
  const found: string[] = [];
  const owner = new Map<string, string>();
  for (const [name, section] of Object.entries(sections)) {
    for (const [key, words] of Object.entries(section)) {
      const first = owner.get(key);
      if (first !== undefined) found.push(`${key} is in ${first} and ${name}`);
      owner.set(key, name);
      if (!words.zh.trim() || !words.en.trim()) found.push(`${name}.${key} has an empty word`);
    }
  }
  return found;
}

describe('the catalogue', () => {
  it('has each key in one section only, with Chinese and English words', () => {
    expect(problems(SECTIONS)).toEqual([]);
    const total = Object.values(SECTIONS).reduce((n, s) => n + Object.keys(s).length, 0);
    expect(Object.keys(CATALOGUE)).toHaveLength(total);
  });

  it('would catch a key in two sections, and an empty word', () => {
    const found = problems({ a: { 'pin-format': { zh: '密码', en: 'PIN' } }, b: { 'pin-format': { zh: '密码', en: 'PIN' }, blank: { zh: ' ', en: 'x' } } });
    expect(found).toEqual(['pin-format is in a and b', 'b.blank has an empty word']);
  });

  it('says a key in either language; an unknown key from elsewhere is shown as itself', () => {
    expect(say('pin-format', 'zh')).toBe('密码应为4–8位数字');
    expect(say('pin-format', 'en')).toBe('A PIN is 4 to 8 digits');
    expect(sayAny('fever', 'en')).toBe('Fever');
    expect(sayAny('reason-from-a-newer-server', 'zh')).toBe('reason-from-a-newer-server');
    // Own keys only: what every object inherits is not a message.
    expect(isCatalogueKey('toString')).toBe(false);
    expect(sayAny('constructor', 'zh')).toBe('constructor');
  });

  it('keeps the machine names as the English of export headers and cells, for scripts', () => {
    for (const key of Object.keys(SECTIONS.export).filter((k) => k.startsWith('column.') || k.startsWith('cell.'))) {
      expect(say(key as keyof typeof SECTIONS.export, 'en')).toBe(key.slice(key.indexOf('.') + 1));
    }
    // A lead reads time first; the 64-character hash comes last.
    expect([exportHeader('en')[0], exportHeader('en').at(-1)]).toEqual(['at', 'hash']);
    expect([exportHeader('zh')[0], exportHeader('zh').at(-1)]).toEqual(['时间', '校验值']);
    expect([exportSheetName('zh'), exportSheetName('en')]).toEqual(['出入登记', 'Log']);
  });

  it('names every field of the rules in both languages', () => {
    for (const { field } of policyFields(DEFAULT_POLICY)) expect(isCatalogueKey(`field.${field}`), field).toBe(true);
    expect(describePolicyChanges([{ field: 'colours.yellow', before: 'stop', after: 'check' }], 'zh')).toEqual(['黄码: 禁止通行 → 请核验']);
    expect(describePolicyChanges([{ field: 'capacity', before: 500, after: null }], 'en')).toEqual(['capacity: 500 → no limit']);
  });
});

/** Every .ts and .tsx file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sources(path);
    return /\.tsx?$/.test(d.name) ? [path] : [];
  });
}

describe('keys in the code', () => {
  // The types catch these too where the code compiles; this also covers `t.any('…')` and files a tsconfig leaves out.
  it('every literal key given to t(…), t.any(…), say(…) and sayAny(…) is in the catalogue', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sources(join(import.meta.dirname, '../../src'))) {
      if (file.includes(join('src', 'server', 'cli'))) continue; // the CLI's own say(text) prints text, it looks nothing up
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\b(?:t|t\.any|say|sayAny)\(\s*'([^']+)'/g)) {
        seen += 1;
        if (!isCatalogueKey(match[1]!)) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
    expect(seen).toBeGreaterThan(100);
  });
});
