/** ESLint: typescript-eslint's recommended rules, no import cycles (type-only ones too), and the folder boundaries of README's "Code layout". */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import ts from 'typescript';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;

// The folders whose code runs in the page (or its workers and service worker): never the server's.
const PAGE = ['ui', 'shell', 'tablet', 'resident', 'console', 'gate', 'scan', 'store', 'sync', 'workers'];
const UI = ['ui', 'tablet', 'resident', 'console', 'shell'];
const APPS = ['tablet', 'resident', 'console'];

/** A boundary: files under `target` import nothing under any of `from` (resolved paths, so `../../x` and nesting are caught alike). */
const zone = (target, from, message) => ({ target: `./src/${target}`, from: from.map((f) => `./src/${f}`), message });

/**
 * The packages src/core may use: pure code that runs alike in the page, a worker and Node. Anything else (a Node
 * built-in, a DOM or IndexedDB library) would tie core to one environment. Relative imports are held by the zones.
 */
const CORE_PACKAGES = ['@sinclair/typebox', 'cbor-x', 'fflate', '@digitalbazaar/base45', '@peculiar/asn1-schema', '@peculiar/asn1-x509', '@noble/hashes'];
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const notCorePackage = `^(?!\\.|(${CORE_PACKAGES.map(escapeRegExp).join('|')})(/|$))`;

// ---------------------------------------------------------------------------------------------------------------------
// import-x/no-cycle skips `import type` by design (such a cycle cannot break module loading), but a type-only cycle is
// still two modules that each need the other, and the layout's cycles-free rule holds for them too. This rule reports
// a type-only import whose module leads back to the importer; value cycles stay import-x's to report, so none is said twice.

/** Each module's local imports (type-only and dynamic included), read with TypeScript's import scanner; cached by mtime. */
const importsCache = new Map();

function resolveLocal(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const bare = resolve(dirname(from), specifier.replace(/\?.*$/, ''));
  for (const candidate of [bare, `${bare}.ts`, `${bare}.tsx`, `${bare}/index.ts`]) {
    if (/\.(ts|tsx|js)$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function importsOf(file) {
  let mtime;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const cached = importsCache.get(file);
  if (cached?.mtime === mtime) return cached.targets;
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const targets = [...new Set(importedFiles.map((f) => resolveLocal(file, f.fileName)).filter(Boolean))];
  importsCache.set(file, { mtime, targets });
  return targets;
}

/** The shortest chain of imports from `start` back to `goal` (both ends included), or null. */
function chainBack(start, goal) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of importsOf(file)) {
      if (next === goal) {
        const chain = [goal];
        for (let f = file; f !== null; f = previous.get(f)) chain.splice(1, 0, f);
        return [...chain, goal];
      }
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}

const isTypeOnly = (node) =>
  node.importKind === 'type' || node.exportKind === 'type' ||
  (node.type === 'ImportDeclaration' && node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));

const noTypeCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbids a type-only import whose module imports (directly or not) the importer back.' },
    schema: [],
    messages: { cycle: 'Type-only import cycle: {{chain}}. Move the shared type to the module it belongs in, one both can import.' },
  },
  create(context) {
    const file = context.physicalFilename;
    const check = (node) => {
      if (!node.source || !isTypeOnly(node)) return;
      const target = resolveLocal(file, node.source.value);
      if (!target || target === file) return;
      const chain = chainBack(target, file);
      if (chain) context.report({ node, messageId: 'cycle', data: { chain: chain.map((f) => relative(ROOT, f)).join(' → ') } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

// ---------------------------------------------------------------------------------------------------------------------

export default defineConfig(
  {
    ignores: ['dist/', '.tmp/', 'node_modules/', 'test-results/', 'playwright-report/', 'data/', 'bench/**/results*'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.es2022 } },
    plugins: { 'import-x': importX, kadian: { rules: { 'no-type-cycle': noTypeCycle } } },
    settings: {
      // Imports name the .ts file itself (allowImportingTsExtensions), so Node's resolution finds every local module.
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.d.ts'] })],
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'kadian/no-type-cycle': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // A leading underscore is the house's mark for a binding left out on purpose (`{ key: _key, ...rest }`), and a
      // property named only to leave it out of a rest object is left out on purpose too.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Type-aware where it is cheap: the server and core share one program (src/server/tsconfig.json includes core), and a
    // promise nobody awaits there is a write that may not have happened when the reply says it did.
    files: ['src/server/**/*.ts', 'src/core/**/*.ts'],
    languageOptions: { parserOptions: { project: ['src/server/tsconfig.json'], tsconfigRootDir: ROOT } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone('core', [...PAGE, 'server'], 'src/core is pure domain code: it imports nothing outside core.'),
            zone('server', PAGE, 'The server imports nothing from the page folders; what both need lives in src/core.'),
            ...PAGE.map((p) => zone(p, ['server'], 'The page imports nothing from src/server; what both need lives in src/core.')),
            zone('ui', ['tablet', 'resident', 'console', 'shell'], 'src/ui is shared by the apps: it imports none of them (tablet, resident, console, shell).'),
            ...APPS.map((app) => zone(app, APPS.filter((other) => other !== app), 'The apps (tablet, resident, console) do not import each other; what two need goes to ui/ or core/.')),
            zone('console', ['gate', 'scan', 'store', 'sync', 'workers'], "The console is an operator's browser, not a tablet: it reads the server's API, never the gate's IndexedDB, scanner or sync."),
            ...['store', 'sync', 'gate', 'scan'].map((p) => zone(p, UI, `src/${p} is below the screens: it imports no UI (ui, tablet, resident, console, shell).`)),
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: notCorePackage,
              message: `src/core runs in the page, workers and Node alike: of packages it may use only the pure ones (${CORE_PACKAGES.join(', ')}).`,
            },
          ],
        },
      ],
    },
  },
  {
    // Every browser test goes through support/test.ts, whose fixture fails a test on a CSP violation.
    files: ['tests/e2e/**/*.ts'],
    ignores: ['tests/e2e/support/test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@playwright/test', importNames: ['test'], message: "Import `test` from tests/e2e/support/test.ts: its fixture fails a test whose pages break the CSP." }] },
      ],
    },
  },
  {
    // Preact's hooks follow React's rules, and the plugin knows them by name (useEffect, useMemo, …).
    files: ['src/{ui,shell,tablet,resident,console}/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['src/{ui,shell,tablet,resident,console,gate,scan,store,sync}/**/*.{ts,tsx}', 'bench/{scan,idb}/page.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/workers/**/*.ts', 'sw/**/*.ts'],
    languageOptions: { globals: { ...globals.worker, ...globals.serviceworker } },
  },
  {
    files: ['src/server/**/*.ts', 'bin/**/*.js', 'tests/**/*.{ts,js}', 'bench/**/*.ts', '*.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
