import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../errors.ts';

/**
 * Input hygiene for every route, before schema validation: no string (value or key) of a JSON body,
 * the query or the path may hold NUL or a lone UTF-16 surrogate, and bodies nest at most
 * MAX_DEPTH levels. PostgreSQL refuses U+0000 in text and jsonb and cannot encode a lone surrogate,
 * so such input used to surface as a 500 from the database. Registered on the root instance, so
 * routes added later are covered too.
 */
const FORBIDDEN = /\u0000|\p{Cs}/u;
export const MAX_DEPTH = 32;

/** A field path that is safe to print, store and log even when the key itself is hostile. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\p{Cs}]/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).slice(0, 200);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const safe = printable(key);
  return path ? `${path}.${safe}` : safe;
}

export interface HygieneProblem {
  field: string;
  reason: 'nul' | 'surrogate' | 'depth';
}

function reasonOf(text: string): 'nul' | 'surrogate' {
  return text.includes('\u0000') ? 'nul' : 'surrogate';
}

/** The first problem in `value`, walked iteratively (a hostile body must not exhaust the stack). */
export function findUnsafeInput(value: unknown, root: string): HygieneProblem | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (FORBIDDEN.test(current)) return { field: path || 'body', reason: reasonOf(current) };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_DEPTH) return { field: path || 'body', reason: 'depth' };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: join(path, i), depth: depth + 1 });
      continue;
    }
    // Only plain data: parsed JSON, form fields and query objects (whose prototype has a null prototype).
    const proto = Object.getPrototypeOf(current);
    if (proto !== Object.prototype && proto !== null && Object.getPrototypeOf(proto) !== null) continue;
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (FORBIDDEN.test(key)) return { field: join(path, key), reason: reasonOf(key) };
      stack.push({ value: (current as Record<string, unknown>)[key], path: join(path, key), depth: depth + 1 });
    }
  }
  return null;
}

const MESSAGES: Record<HygieneProblem['reason'], (field: string) => string> = {
  nul: (field) => `${field} 含有空字符 U+0000 (must not contain NUL characters)`,
  surrogate: (field) => `${field} 含有不成对的代理字符,不是有效的 Unicode 文本 (must not contain lone surrogates)`,
  depth: (field) => `${field} 嵌套层级超过 ${MAX_DEPTH} 层 (nested too deeply)`,
};

export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problem =
      findUnsafeInput(request.params, 'params') ??
      findUnsafeInput(request.query, 'query') ??
      findUnsafeInput(request.body, '');
    if (problem) {
      const message = MESSAGES[problem.reason](problem.field);
      throw new ValidationError(message, [{ field: problem.field, message }], problem.reason === 'depth' ? 'VALIDATION_FAILED' : 'INVALID_CHARACTERS');
    }
  });
}
