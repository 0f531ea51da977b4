import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { authKeys } from '../api/auth.ts';
import { isUnauthenticated } from '../api/errors.ts';

/**
 * One QueryClient for the console. A 401 from any call means the session ended (expired,
 * logged out elsewhere): the `me` query is refetched, turns null, and the shell goes to /login.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isUnauthenticated(error) && query.queryKey[0] !== authKeys.all[0]) void client.invalidateQueries({ queryKey: authKeys.me() });
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isUnauthenticated(error)) void client.invalidateQueries({ queryKey: authKeys.me() });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Client errors (403, 404, validation) will not change on retry.
        retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500),
      },
    },
  });
  return client;
}
