import { isMessageLanguage, negotiateLanguage, toMessageLanguage, type MessageLanguage } from '@huitong/contracts';

/**
 * The console sends the language its user chose (kept in the browser, not on the account) in
 * this header on every request; it wins over the browser's `Accept-Language`, which a civil
 * servant's machine may set to anything.
 */
export const LANGUAGE_HEADER = 'x-huitong-language';

type Headers = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The language a request asked for, or null when it named none the platform speaks. */
export function requestLanguage(headers: Headers): MessageLanguage | null {
  const chosen = first(headers[LANGUAGE_HEADER]);
  if (chosen) {
    const language = isMessageLanguage(chosen) ? chosen : toMessageLanguage(chosen);
    if (language) return language;
  }
  return negotiateLanguage(first(headers['accept-language']));
}
