import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cruise, type IReporterOutput } from 'dependency-cruiser';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function violations(root: string): Promise<string[]> {
  const rules = (await import(path.join(serverDir, '.dependency-cruiser.cjs'))).default;
  const previous = process.cwd();
  process.chdir(root);
  try {
    const result: IReporterOutput = await cruise(['src'], { validate: true, ruleSet: rules, ...rules.options });
    if (typeof result.output === 'string') throw new Error('expected a structured cruise result');
    return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
  } finally {
    process.chdir(previous);
  }
}

describe('module boundary rules (.dependency-cruiser.cjs)', () => {
  it('catch planted violations and allow imports through index.ts', async () => {
    const found = await violations(path.join(serverDir, 'test/fixtures/boundaries'));
    expect(found).toEqual([
      'module-internals: src/modules/letters/index.ts -> src/modules/parcels/parcels.service.ts',
      'platform-knows-no-module: src/platform/kernel.ts -> src/modules/parcels/index.ts',
    ]);
  });

  it('find no violation in the server source', async () => {
    expect(await violations(serverDir)).toEqual([]);
  });
});
