#!/usr/bin/env node
// Builds the console (apps/web/dist) only when its sources changed since the last build.
// The stamp in dist holds a SHA-256 over every input of the build: the console's sources and
// config, the contracts it imports and the lock file. `npm start` calls this before the server,
// so a second start does not spend ten seconds rebuilding an unchanged console.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STAMP = '.source-hash';
const inputs = ['apps/web/src', 'apps/web/index.html', 'apps/web/package.json', 'apps/web/vite.config.ts', 'apps/web/tsconfig.json', 'packages/contracts/src', 'packages/contracts/package.json', 'package-lock.json'];

function files(root, relative) {
  const absolute = path.join(root, relative);
  if (!fs.existsSync(absolute)) return [];
  if (!fs.statSync(absolute).isDirectory()) return [relative];
  return fs
    .readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => files(root, path.join(relative, entry.name)));
}

/** SHA-256 over the path and content of every build input under `root`. */
export function sourceHash(root = repoRoot) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap((input) => files(root, input))) {
    hash.update(file.split(path.sep).join('/')).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/** Whether apps/web/dist under `root` was built from the sources as they are now. */
export function upToDate(root = repoRoot) {
  const dist = path.join(root, 'apps/web/dist');
  const stampFile = path.join(dist, STAMP);
  if (!fs.existsSync(path.join(dist, 'index.html')) || !fs.existsSync(stampFile)) return false;
  return fs.readFileSync(stampFile, 'utf8').trim() === sourceHash(root);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (upToDate() && !process.argv.includes('--force')) {
    console.log('console unchanged since the last build (apps/web/dist); not rebuilding');
  } else {
    const hash = sourceHash();
    execFileSync('npm', ['run', 'build', '-w', '@huitong/web'], { cwd: repoRoot, stdio: 'inherit' });
    fs.writeFileSync(path.join(repoRoot, 'apps/web/dist', STAMP), `${hash}\n`);
  }
}
