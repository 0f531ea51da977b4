import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';
import { codeLang, DEFAULT_LANGUAGE, LANGUAGE_STORAGE_KEY, storedLanguage } from './language.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('console texts', () => {
  const zh = flatten(zhCN);
  const english = flatten(en as Tree);

  it('has an English text for every Chinese key and no extra ones', () => {
    expect([...zh.keys()].filter((key) => !english.has(key))).toEqual([]);
    expect([...english.keys()].filter((key) => !zh.has(key))).toEqual([]);
  });

  it('has no empty texts', () => {
    expect([...zh].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
    expect([...english].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
  });

  it('uses the same interpolation variables in both languages', () => {
    const mismatched = [...zh].filter(([key, text]) => JSON.stringify(placeholders(text)) !== JSON.stringify(placeholders(english.get(key) ?? '')));
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('keeps Chinese in the Chinese texts (no untranslated English left behind)', () => {
    // Full-width punctuation alone (the colon) is Chinese too.
    const latinOnly = [...zh].filter(([, text]) => !/[\u4e00-\u9fff\uff00-\uffef]/.test(text)).map(([key]) => key);
    expect(latinOnly).toEqual([]);
  });
});

describe('language choice', () => {
  it('defaults to zh-CN and remembers a valid stored choice', () => {
    expect(storedLanguage(undefined)).toBe(DEFAULT_LANGUAGE);
    expect(storedLanguage({ getItem: (key) => (key === LANGUAGE_STORAGE_KEY ? 'en' : null) })).toBe('en');
    expect(storedLanguage({ getItem: () => 'fr' })).toBe('zh-CN');
    expect(
      storedLanguage({
        getItem: () => {
          throw new Error('denied');
        },
      }),
    ).toBe('zh-CN');
  });

  it('maps console languages to code-list labels', () => {
    expect(codeLang('zh-CN')).toBe('zh');
    expect(codeLang('en')).toBe('en');
    expect(codeLang(undefined)).toBe('zh');
  });
});

describe('Chinese punctuation (GB/T 15834)', () => {
  const zh = flatten(zhCN);
  it('uses full-width , : ; ( ) ? next to Chinese characters and “” instead of 「」', () => {
    const halfWidth = /[\u4e00-\u9fff][,:;()?!]|[,:;()?!][\u4e00-\u9fff]/;
    expect([...zh].filter(([, text]) => halfWidth.test(text)).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
    expect([...zh].filter(([, text]) => /[「」]/.test(text)).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('keeps implementation words out of the Chinese texts', () => {
    expect([...zh].filter(([, text]) => /client_id|HMAC|\bseed\b/i.test(text)).map(([key]) => key)).toEqual([]);
  });
});
