import { createContext, useContext } from 'react';
import type { Me } from '@huitong/contracts';
import { hasOperation } from '../api/auth.ts';

/**
 * The signed-in user, provided by RequireAuth once the session is known. A context (rather than
 * reading the `me` query in every page) keeps pages from ever rendering without a user while the
 * session ends: RequireAuth swaps them for a redirect in the same render.
 */
export const SessionContext = createContext<Me | null>(null);

export function useSession(): Me & { can: (operation: string) => boolean } {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession is only available inside the authenticated shell');
  return { ...me, can: (operation: string) => hasOperation(me, operation) };
}
