import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';
import { DEFAULT_LANGUAGE, LANGUAGE_STORAGE_KEY, storedLanguage, type Language } from './language.ts';
import { setRequestLanguage } from '../api/client.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

const initial = storedLanguage(typeof window === 'undefined' ? undefined : window.localStorage);

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: DEFAULT_LANGUAGE,
  interpolation: { escapeValue: false },
  returnNull: false,
});

if (typeof document !== 'undefined') document.documentElement.lang = initial;
setRequestLanguage(initial);

/** Switches the console language and remembers it in localStorage. */
export function changeLanguage(language: Language): void {
  void i18n.changeLanguage(language);
  setRequestLanguage(language);
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = language;
}

export { i18n };
