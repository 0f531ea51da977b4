import { useTranslation } from 'react-i18next';
import { labelOf, type CodeListEntry } from '@huitong/contracts';
import { codeLang } from './language.ts';

/** Label and select options for the shared code lists (SHARE_TYPES, DOMAINS, …) in the console language. */
export function useCodes() {
  const { i18n } = useTranslation();
  const lang = codeLang(i18n.language);
  return {
    lang,
    label: <C extends string>(list: ReadonlyArray<CodeListEntry<C>>, code: C | null | undefined): string => (code ? labelOf(list, code, lang) : ''),
    options: <C extends string>(list: ReadonlyArray<CodeListEntry<C>>, allowed?: readonly C[]) =>
      list.map((entry) => ({ value: entry.code, label: entry[lang], disabled: allowed ? !allowed.includes(entry.code) : false })),
  };
}
