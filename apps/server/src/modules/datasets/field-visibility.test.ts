import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MASKING_RULES, SENSITIVITY_GRADES, SHARE_TYPES, type MaskingRule, type SensitivityGrade, type ShareType } from '@huitong/contracts';
import { fieldVisibility, maskValue, type VisibilityItem } from './field-visibility.ts';

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, pick };
}

const RULES = MASKING_RULES.map((r) => r.code) as MaskingRule[];
const GRADES = SENSITIVITY_GRADES.map((g) => g.code) as SensitivityGrade[];
const SHARE = SHARE_TYPES.map((s) => s.code) as ShareType[];
const CHARS = ['张', '欧', '阳', '1', '3', '8', 'X', '区', '县', '市', '路', 'a', '*', ' ', '号'];
const key = crypto.createHash('sha256').update('field-visibility-test').digest();

function randomValue(r: ReturnType<typeof random>): unknown {
  switch (r.int(5)) {
    case 0:
      return null;
    case 1:
      return r.int(1_000_000);
    case 2:
      return r.next() < 0.5;
    default:
      return Array.from({ length: r.int(24) }, () => r.pick(CHARS)).join('');
  }
}

describe('field-visibility policy', () => {
  it('never shows a hidden item and never shows a masked value in clear (2,000 seeded random grants)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const r = random(seed);
      const items: VisibilityItem[] = Array.from({ length: 1 + r.int(8) }, (_, i) => ({ code: `c${i}`, shareType: r.pick(SHARE), sensitivity: r.pick(GRADES), maskingRule: r.pick(RULES) }));
      const codes = items.map((i) => i.code).concat(['gone', 'unknown']);
      const granted = codes.filter(() => r.next() < 0.6).map((c) => (r.next() < 0.3 ? c.toUpperCase() : c));
      const clearItemCodes = codes.filter(() => r.next() < 0.2);
      const profile = { maskAtOrAbove: r.next() < 0.5 ? null : r.pick(GRADES) };
      const keyItemCode = r.next() < 0.8 ? r.pick(items).code : null;
      const policy = fieldVisibility({ grant: { itemCodes: granted, clearItemCodes }, items, keyItemCode, pseudonymKey: key, profile });
      const row: Record<string, unknown> = Object.fromEntries(codes.map((c) => [c, randomValue(r)]));
      const out = policy.project(row)!;
      const context = `seed ${seed}`;
      for (const item of items) {
        const v = policy.of(item.code);
        const inGrant = granted.some((g) => g.toLowerCase() === item.code);
        if (!inGrant || item.shareType === 'none') {
          expect(v.kind, context).toBe('hidden');
          expect(out, context).not.toHaveProperty(item.code);
          continue;
        }
        expect(out, context).toHaveProperty(item.code);
        if (v.kind === 'masked') {
          const clear = row[item.code];
          if (clear === null) expect(out[item.code], context).toBeNull();
          // A value made only of the fill character cannot look different once masked.
          else if (!/^\**$/.test(String(clear))) expect(out[item.code], context).not.toBe(String(clear));
          expect(clearItemCodes, context).not.toContain(item.code);
        } else {
          expect(v.kind, context).toBe('clear');
          expect(out[item.code], context).toBe(row[item.code]);
          if (!clearItemCodes.includes(item.code)) expect(item.maskingRule, context).toBe('none');
        }
      }
      // Codes the catalog does not list are never projected, granted or not.
      expect(out, context).not.toHaveProperty('gone');
      expect(out, context).not.toHaveProperty('unknown');
      expect(Object.keys(out).sort(), context).toEqual([...policy.visibleCodes].sort());
      // The key is shown only when its item is clear; otherwise a stable pseudonym.
      const keyValue = `k${seed}`;
      const shown = policy.projectKey(keyValue);
      if (keyItemCode === null || policy.of(keyItemCode).kind === 'clear') expect(shown, context).toBe(keyValue);
      else {
        expect(shown, context).not.toBe(keyValue);
        expect(policy.projectKey(keyValue), context).toBe(shown);
      }
    }
  });

  it('masks with the catalog rule unless the provider approved the item in clear', () => {
    const items: VisibilityItem[] = [
      { code: 'xm', shareType: 'conditional', sensitivity: 'L3', maskingRule: 'name' },
      { code: 'sfzh', shareType: 'conditional', sensitivity: 'L3', maskingRule: 'id_number' },
      { code: 'bz', shareType: 'unconditional', sensitivity: 'L4', maskingRule: 'none' },
      { code: 'nb', shareType: 'none', sensitivity: 'L1', maskingRule: 'none' },
    ];
    const policy = fieldVisibility({ grant: { itemCodes: ['xm', 'sfzh', 'bz', 'nb'], clearItemCodes: ['xm'] }, items, keyItemCode: 'sfzh', pseudonymKey: key, profile: { maskAtOrAbove: 'L4' } });
    expect(policy.project({ xm: '王建国', sfzh: '11010519491231002X', bz: '备注', nb: '内部' })).toEqual({ xm: '王建国', sfzh: '110105********002X', bz: '**' });
    expect(policy.projectKey('11010519491231002X')).toMatch(/^P[0-9a-f]{24}$/);
    expect(policy.project(null)).toBeNull();
  });

  it('covers values that a default rule would leave as they were', () => {
    expect(maskValue('name', '张', key)).toBe('*');
    expect(maskValue('address', '北京市朝阳区', key)).toBe('******');
    expect(maskValue('phone', 13800138000, key)).toBe('138****8000');
  });
});
