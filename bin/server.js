#!/usr/bin/env node
// Kadian central server: runs the TypeScript sources through tsx, no build step for the server.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/main.ts');
