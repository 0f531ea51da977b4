import { describe, expect, it } from 'vitest';
import { CARE_TOKENS, storeCareMode, storedCareMode } from './careMode.ts';

function memory(): Storage {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) } as Storage;
}

describe('关怀版 preference', () => {
  it('is remembered per user', () => {
    const storage = memory();
    expect(storedCareMode(storage, 'u1')).toBe(false);
    storeCareMode(storage, 'u1', true);
    expect(storedCareMode(storage, 'u1')).toBe(true);
    expect(storedCareMode(storage, 'u2')).toBe(false);
    storeCareMode(storage, 'u1', false);
    expect(storedCareMode(storage, 'u1')).toBe(false);
  });

  it('survives a storage that refuses access', () => {
    const denied = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } } as unknown as Storage;
    expect(storedCareMode(denied, 'u1')).toBe(false);
    expect(() => storeCareMode(denied, 'u1', true)).not.toThrow();
  });

  it('uses an 18 px base font and 44 px targets', () => {
    expect(CARE_TOKENS.fontSize).toBeGreaterThanOrEqual(18);
    expect(CARE_TOKENS.controlHeightSM).toBeGreaterThanOrEqual(44);
    expect(CARE_TOKENS.controlHeight).toBeGreaterThanOrEqual(44);
  });
});
