#!/usr/bin/env node
// Kadian operator CLI.
import { runTypeScript } from './typescript.js';

await runTypeScript('../src/server/cli/main.ts');
