#!/usr/bin/env node
// Kadian central server.
import { runTypeScript } from './typescript.js';

await runTypeScript('../src/server/main.ts');
