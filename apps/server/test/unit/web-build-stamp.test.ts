import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceHash, STAMP, upToDate } from '../../../../scripts/build-web-if-changed.mjs';

/** `npm start` rebuilds the console only when an input of the build changed (scripts/build-web-if-changed.mjs). */
describe('console build stamp', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  function fakeRepo(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'huitong-web-stamp-'));
    roots.push(root);
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    write('apps/web/src/main.tsx', 'export const a = 1;\n');
    write('apps/web/index.html', '<div id="root"></div>\n');
    write('packages/contracts/src/index.ts', 'export const b = 2;\n');
    write('apps/web/dist/index.html', '<built></built>\n');
    return root;
  }

  it('is up to date after a build and stale once a source, a contract or a new file changes', () => {
    const root = fakeRepo();
    expect(upToDate(root)).toBe(false);
    fs.writeFileSync(path.join(root, 'apps/web/dist', STAMP), `${sourceHash(root)}\n`);
    expect(upToDate(root)).toBe(true);

    fs.writeFileSync(path.join(root, 'apps/web/src/main.tsx'), 'export const a = 2;\n');
    expect(upToDate(root)).toBe(false);
    fs.writeFileSync(path.join(root, 'apps/web/dist', STAMP), `${sourceHash(root)}\n`);
    fs.writeFileSync(path.join(root, 'packages/contracts/src/index.ts'), 'export const b = 3;\n');
    expect(upToDate(root)).toBe(false);
    fs.writeFileSync(path.join(root, 'apps/web/dist', STAMP), `${sourceHash(root)}\n`);
    fs.writeFileSync(path.join(root, 'apps/web/src/extra.tsx'), 'export {};\n');
    expect(upToDate(root)).toBe(false);
  });

  it('is stale when the built console is missing even if the stamp matches', () => {
    const root = fakeRepo();
    fs.writeFileSync(path.join(root, 'apps/web/dist', STAMP), `${sourceHash(root)}\n`);
    fs.rmSync(path.join(root, 'apps/web/dist/index.html'));
    expect(upToDate(root)).toBe(false);
  });
});
