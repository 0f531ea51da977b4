import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputSchemas, operationsOf, type JsonSchema, type OpenApiDocument } from '../helpers/openapi-schemas.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Every string, array, object and number a client can send has a bound, so validation and the
 * handlers behind it cost time proportional to a small input (docs/security.md, request validation).
 *
 * A string is bounded by `maxLength`, by `enum`/`const`, by one of the fixed-length formats below,
 * or by a pattern anchored at both ends without an open-ended repetition (`^1[3-9][0-9]{9}$`).
 * `uniqueItems` needs items of a scalar type: ajv checks those with a hash, anything else pairwise.
 */
const BOUNDED_FORMATS = new Set(['uuid', 'date', 'date-time', 'time']);

function boundedPattern(pattern: unknown): boolean {
  return typeof pattern === 'string' && pattern.startsWith('^') && pattern.endsWith('$') && !/[*+]|\{\d+,\}/.test(pattern.replace(/\\./g, ''));
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

export function unboundedParts(schema: JsonSchema, where: string): string[] {
  const problems: string[] = [];
  const types = typesOf(schema);
  if (schema.enum || 'const' in schema) return problems;
  if (types.includes('string')) {
    const bounded = typeof schema.maxLength === 'number' || BOUNDED_FORMATS.has(String(schema.format)) || boundedPattern(schema.pattern);
    if (!bounded) problems.push(`${where}: string without maxLength`);
  }
  if (types.includes('integer') || types.includes('number')) {
    if (typeof schema.minimum !== 'number' && typeof schema.exclusiveMinimum !== 'number') problems.push(`${where}: number without minimum`);
    if (typeof schema.maximum !== 'number' && typeof schema.exclusiveMaximum !== 'number') problems.push(`${where}: number without maximum`);
  }
  if (types.includes('array')) {
    if (typeof schema.maxItems !== 'number') problems.push(`${where}: array without maxItems`);
    const items = Array.isArray(schema.items) ? schema.items : schema.items ? [schema.items] : [];
    if (schema.uniqueItems) {
      const itemTypes = items.flatMap(typesOf);
      if (itemTypes.length === 0 || itemTypes.some((t) => t === 'object' || t === 'array')) problems.push(`${where}: uniqueItems over untyped or structured items (pairwise check)`);
    }
    items.forEach((item, i) => problems.push(...unboundedParts(item, `${where}[${Array.isArray(schema.items) ? i : ''}]`)));
  }
  if (types.includes('object') || schema.properties) {
    if (schema.additionalProperties !== false && typeof schema.maxProperties !== 'number') problems.push(`${where}: object open to unknown keys without maxProperties`);
    for (const [key, property] of Object.entries(schema.properties ?? {})) problems.push(...unboundedParts(property, `${where}.${key}`));
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') problems.push(...unboundedParts(schema.additionalProperties as JsonSchema, `${where}.*`));
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    schema[keyword]?.forEach((branch, i) => problems.push(...unboundedParts(branch, `${where}<${keyword}${i}>`)));
  }
  return problems;
}

describe('input schemas are bounded', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json();
  });
  afterAll(() => t.close());

  it('the check itself flags each kind of unbounded input', () => {
    expect(unboundedParts({ type: 'string' }, 'b')).toEqual(['b: string without maxLength']);
    expect(unboundedParts({ type: 'string', pattern: '^https?://' }, 'b')).toHaveLength(1);
    expect(unboundedParts({ type: 'string', pattern: '^[a-z]+$' }, 'b')).toHaveLength(1);
    expect(unboundedParts({ type: 'string', pattern: '^1[3-9][0-9]{9}$' }, 'b')).toEqual([]);
    expect(unboundedParts({ type: 'string', format: 'uuid' }, 'b')).toEqual([]);
    expect(unboundedParts({ type: 'integer', minimum: 1 }, 'b')).toEqual(['b: number without maximum']);
    expect(unboundedParts({ type: 'array', items: { type: 'string', maxLength: 3 } }, 'b')).toEqual(['b: array without maxItems']);
    expect(unboundedParts({ type: 'array', maxItems: 5, uniqueItems: true, items: { anyOf: [{ const: 'a' }] } }, 'b')).toHaveLength(1);
    expect(unboundedParts({ type: 'object', properties: { a: { type: 'string' } } }, 'b')).toEqual([
      'b: object open to unknown keys without maxProperties',
      'b.a: string without maxLength',
    ]);
  });

  it('every route of the OpenAPI document takes only bounded input', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(80);
    const problems = operations.flatMap((operation) =>
      inputSchemas(operation).flatMap(({ where, schema }) => unboundedParts(schema, `${operation.method} ${operation.path} ${where}`)),
    );
    expect(problems).toEqual([]);
  });
});
