#!/usr/bin/env node
// The `huitong` command: runs the TypeScript CLI through tsx's loader, so `npx huitong` works
// right after `npm ci` without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin/cli.ts');
