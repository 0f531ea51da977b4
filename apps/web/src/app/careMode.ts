import { useSyncExternalStore } from 'react';

/**
 * 关怀版 (elder-friendly mode, GB/T 37668): larger text (18 px base), stronger contrast and
 * 44 × 44 px targets. The choice is remembered per user in localStorage (there is no server-side
 * preference), so a shared office computer keeps each civil servant's own setting.
 */
export const CARE_STORAGE_PREFIX = 'huitong.care.';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

export function storedCareMode(storage: Store | undefined, userId: string): boolean {
  try {
    return storage?.getItem(CARE_STORAGE_PREFIX + userId) === '1';
  } catch {
    return false;
  }
}

export function storeCareMode(storage: Store | undefined, userId: string, on: boolean): void {
  try {
    storage?.setItem(CARE_STORAGE_PREFIX + userId, on ? '1' : '0');
  } catch {
    // private mode: the choice lasts for this page only
  }
}

// The current state, shared by the header switch and the theme (AppProviders).
let current = false;
const listeners = new Set<() => void>();

export function setCareMode(on: boolean): void {
  if (on === current) return;
  current = on;
  if (typeof document !== 'undefined') document.documentElement.classList.toggle('ht-care', on);
  for (const listener of listeners) listener();
}

export function useCareMode(): boolean {
  return useSyncExternalStore(
    (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    () => current,
    () => false,
  );
}

/** Theme tokens of 关怀版 on top of the console's own. */
export const CARE_TOKENS = {
  fontSize: 18,
  controlHeight: 44,
  controlHeightSM: 44,
  controlHeightLG: 52,
  colorText: '#000000',
  colorTextSecondary: 'rgba(0, 0, 0, 0.85)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.85)',
  colorTextDescription: 'rgba(0, 0, 0, 0.85)',
  colorPrimary: '#003a8c',
  colorLink: '#003a8c',
  colorBorder: '#595959',
} as const;
