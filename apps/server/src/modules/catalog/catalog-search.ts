import { createRequire } from 'node:module';
import type { Jieba as JiebaType } from '@node-rs/jieba';

/**
 * Chinese text analysis for catalog search (see catalog-search-index.ts for the index itself).
 *
 * Documents are indexed by every CJK character (unigram), every pair of adjacent CJK characters
 * (bigram), and every Latin word or number. A query is split into words by jieba; a CJK word
 * must be present as all of its bigrams (or its single character), a Latin word as a prefix.
 * Any text that contains the query as a substring contains all of those terms, so recall is at
 * least that of `LIKE '%q%'`, and one- and two-character queries (证, 社保) work.
 */

const require = createRequire(import.meta.url);
let jieba: JiebaType | null = null;
function segmenter(): JiebaType {
  if (!jieba) {
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const CJK_CHARS = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ffff}';
const CJK = new RegExp(`[${CJK_CHARS}]`, 'u');
/** A run of CJK characters, or a run of other letters and digits (a Latin word, a number). */
const RUN = new RegExp(`([${CJK_CHARS}]+)|((?:(?![${CJK_CHARS}])[\\p{L}\\p{N}])+)`, 'gu');

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function isLatinTerm(term: string): boolean {
  return !CJK.test(term);
}

/** Every index term of a document's texts (each term once). */
export function documentTerms(texts: ReadonlyArray<string | null | undefined>): Set<string> {
  const terms = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const match of normalise(text).matchAll(RUN)) {
      if (match[1]) {
        const chars = [...match[1]];
        chars.forEach((char, i) => {
          terms.add(char);
          if (i + 1 < chars.length) terms.add(char + chars[i + 1]);
        });
      } else if (match[2]) {
        terms.add(match[2]);
      }
    }
  }
  return terms;
}

/** The query's words: split on whitespace, then by jieba. */
export function queryWords(query: string): string[] {
  const words: string[] = [];
  for (const term of normalise(query).split(/\s+/).filter(Boolean)) {
    for (const match of term.matchAll(RUN)) {
      if (match[1]) {
        for (const word of segmenter().cut(match[1], false)) if (word.trim()) words.push(word.trim());
      } else if (match[2]) words.push(match[2]);
    }
  }
  return [...new Set(words)];
}

/** A condition on the index: an exact term, or (for Latin words) any term with this prefix. */
export type QueryClause = { kind: 'term'; term: string } | { kind: 'prefix'; prefix: string };

/** Every clause a matching entry must satisfy; null when the query has nothing searchable. */
export function queryClauses(query: string): QueryClause[] | null {
  const clauses = new Map<string, QueryClause>();
  for (const word of queryWords(query)) {
    if (isLatinTerm(word)) {
      clauses.set(`prefix:${word}`, { kind: 'prefix', prefix: word });
      continue;
    }
    const chars = [...word];
    if (chars.length === 1) clauses.set(`term:${chars[0]}`, { kind: 'term', term: chars[0]! });
    for (let i = 0; i + 1 < chars.length; i++) {
      const term = chars[i]! + chars[i + 1]!;
      clauses.set(`term:${term}`, { kind: 'term', term });
    }
  }
  return clauses.size > 0 ? [...clauses.values()] : null;
}

/** The raw terms (whitespace-separated) used to pick which item names to show as matched. */
export function highlightTerms(query: string): string[] {
  return normalise(query).split(/\s+/).filter(Boolean);
}
