import type { MaskingRule, SensitivityGrade, ShareType } from '@huitong/contracts';
import { applyMask, pseudonym } from '../../platform/masking.ts';

/**
 * The field-visibility policy (SPEC §5, §7; ADR 0018): what a consumer sees of each item of a
 * dataset. Every channel that hands data to a consumer (subscriptions now; interface, download
 * and page query next) asks this one function, so a grant means the same on every channel.
 *
 * An item is
 * - hidden when the grant does not name it, the catalog no longer lists it, or the item is 不予共享;
 * - masked with its catalog rule unless the provider approved it in clear for this grant;
 * - masked as free text when it has no rule but its grade is at or above the profile's threshold;
 * - clear otherwise.
 */

export type Visibility = { kind: 'hidden' } | { kind: 'masked'; rule: MaskingRule } | { kind: 'clear' };

export interface VisibilityGrant {
  /** The item codes the grant covers. */
  itemCodes: readonly string[];
  /** Items the provider approved for this consumer unmasked (none unless stated). */
  clearItemCodes?: readonly string[];
}

export interface VisibilityItem {
  code: string;
  shareType: ShareType;
  sensitivity: SensitivityGrade;
  maskingRule: MaskingRule;
}

export interface VisibilityProfile {
  /** Items without a rule at or above this grade are still masked (free text); null = the catalog rule decides alone. */
  maskAtOrAbove: SensitivityGrade | null;
}

export const DEFAULT_VISIBILITY_PROFILE: VisibilityProfile = { maskAtOrAbove: null };

const GRADES: readonly SensitivityGrade[] = ['L1', 'L2', 'L3', 'L4'];

export interface FieldVisibility {
  /** Per catalog item code. */
  readonly items: ReadonlyMap<string, Visibility>;
  /** Item codes that appear in projected data, in catalog order. */
  readonly visibleCodes: readonly string[];
  of(code: string): Visibility;
  /** The values of one row or change reduced to the visible items, masked ones masked. */
  project(data: Readonly<Record<string, unknown>> | null): Record<string, unknown> | null;
  /**
   * The record key as the consumer may see it: in clear when the key item is clear (or the key is
   * generated, not data), otherwise a keyed pseudonym, stable per key so order per key and joins
   * still work without the value.
   */
  projectKey(key: string): string;
}

function decide(item: VisibilityItem | undefined, granted: Set<string>, clear: Set<string>, profile: VisibilityProfile): Visibility {
  if (!item || item.shareType === 'none' || !granted.has(item.code.toLowerCase())) return { kind: 'hidden' };
  if (clear.has(item.code.toLowerCase())) return { kind: 'clear' };
  if (item.maskingRule !== 'none') return { kind: 'masked', rule: item.maskingRule };
  if (profile.maskAtOrAbove && GRADES.indexOf(item.sensitivity) >= GRADES.indexOf(profile.maskAtOrAbove)) return { kind: 'masked', rule: 'free_text' };
  return { kind: 'clear' };
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Masks one value. A default rule leaves some values as they were (a one-character name, an
 * address that ends at its district); a masked item must never pass through in clear, so those
 * are covered entirely.
 */
export function maskValue(rule: MaskingRule, value: unknown, pseudonymKey: Buffer): string | null {
  if (value === null || value === undefined) return null;
  const text = asText(value);
  const masked = applyMask(rule, text, pseudonymKey)!;
  if (masked !== text || text.length === 0) return masked;
  return '*'.repeat(Math.max(1, Math.min([...text].length, 8)));
}

export function fieldVisibility(input: {
  grant: VisibilityGrant;
  items: readonly VisibilityItem[];
  /** The dataset's key item; null when keys are generated. */
  keyItemCode: string | null;
  pseudonymKey: Buffer;
  profile?: VisibilityProfile;
}): FieldVisibility {
  const profile = input.profile ?? DEFAULT_VISIBILITY_PROFILE;
  const granted = new Set(input.grant.itemCodes.map((c) => c.toLowerCase()));
  const clear = new Set((input.grant.clearItemCodes ?? []).map((c) => c.toLowerCase()));
  const byLower = new Map(input.items.map((i) => [i.code.toLowerCase(), i]));
  const items = new Map(input.items.map((i) => [i.code, decide(i, granted, clear, profile)] as const));
  const visibleCodes = input.items.filter((i) => items.get(i.code)!.kind !== 'hidden').map((i) => i.code);
  const of = (code: string): Visibility => {
    const item = byLower.get(code.toLowerCase());
    return item ? items.get(item.code)! : { kind: 'hidden' };
  };
  const keyVisibility = input.keyItemCode ? of(input.keyItemCode) : ({ kind: 'clear' } as const);
  return {
    items,
    visibleCodes,
    of,
    project(data) {
      if (data === null) return null;
      const out: Record<string, unknown> = {};
      for (const [code, value] of Object.entries(data)) {
        const visibility = of(code);
        if (visibility.kind === 'hidden') continue;
        const name = byLower.get(code.toLowerCase())!.code;
        out[name] = visibility.kind === 'clear' ? value : maskValue(visibility.rule, value, input.pseudonymKey);
      }
      return out;
    },
    projectKey(key) {
      return keyVisibility.kind === 'clear' ? key : pseudonym(input.pseudonymKey, key);
    },
  };
}
