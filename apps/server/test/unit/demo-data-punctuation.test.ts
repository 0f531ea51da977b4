import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The demo city is what a new user sees first: its Chinese follows GB/T 15834 like the console's
 * dictionary (apps/web/src/i18n/i18n.test.ts), full-width , : ; ( ) ? ! next to Chinese and “” not 「」.
 * Every string literal of the seed data is scanned, so a new record cannot bring half-width back.
 */
const source = fs.readFileSync(fileURLToPath(new URL('../../src/seed/demo-data.ts', import.meta.url)), 'utf8');
const LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

function literals(): { line: number; text: string }[] {
  return [...source.matchAll(LITERAL)].map((m) => ({ line: source.slice(0, m.index).split('\n').length, text: m[0].slice(1, -1) }));
}

describe('demo data punctuation (GB/T 15834)', () => {
  it('finds the Chinese texts it scans', () => {
    expect(literals().filter((l) => /[\u4e00-\u9fff]/.test(l.text)).length).toBeGreaterThan(100);
  });

  it('uses full-width , : ; ( ) ? ! next to Chinese characters and “” instead of 「」', () => {
    const halfWidth = /[\u4e00-\u9fff][,:;()?!]|[,:;()?!][\u4e00-\u9fff]/;
    expect(literals().filter((l) => halfWidth.test(l.text)).map((l) => `${l.line}: ${l.text}`)).toEqual([]);
    expect(literals().filter((l) => /[「」]/.test(l.text)).map((l) => `${l.line}: ${l.text}`)).toEqual([]);
  });
});
