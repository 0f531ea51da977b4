import type { JsonSchema, OpenApiOperation } from './openapi-schemas.ts';

/**
 * Request generators for the fuzz test: a seeded PRNG, values derived from each route's schema and
 * the hostile variations the security test used (NUL, lone surrogates, huge numbers, wrong types,
 * oversized and deep bodies, malformed JSON, encoded paths).
 */

/** mulberry32: small, fast and reproducible from one 32-bit seed. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Rng = ReturnType<typeof prng>;

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '',
  ' ',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '%00',
  '%2e%2e%2f',
  '\u202e\u200b',
  '𠀀😀',
  '2026-02-30',
  '9999-99-99T99:99:99Z',
  '00000000-0000-0000-0000-000000000000',
  'NaN',
  '-1',
  '1e308',
  'true',
  'null',
];
const HOSTILE_NUMBERS = [1e30, -1e30, 1e308, -1e308, 2 ** 53, 2 ** 63, -0, 0.5, -1, 0, 2147483648];

export function hostileValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(0, 9)) {
    case 0:
    case 1:
      return rng.pick(HOSTILE_STRINGS);
    case 2:
    case 3:
      return rng.pick(HOSTILE_NUMBERS);
    case 4:
      return rng.pick([true, false, null]);
    case 5:
      return depth < 3 ? [hostileValue(rng, depth + 1)] : [];
    case 6:
      return depth < 3 ? { [rng.pick(['a', '__proto__', 'constructor', '\u0000'])]: hostileValue(rng, depth + 1) } : {};
    case 7:
      return 'x'.repeat(rng.pick([201, 1001, 5001, 70_000]));
    case 8:
      return '名'.repeat(rng.int(1, 3000));
    default:
      return rng.pick(['a', 'ab', 'abc123', '测试']);
  }
}

/** A version-4-shaped UUID from the seeded generator, so a run is reproducible. */
function randomUuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type[0] : schema.type;
}

/** A value shaped by `schema`, with a hostile replacement at some nodes (rate `mutate`). */
export function valueFor(rng: Rng, schema: JsonSchema | undefined, ids: readonly string[], mutate: number, depth = 0): unknown {
  if (!schema || rng.chance(mutate)) return hostileValue(rng);
  if (schema.enum) return rng.pick(schema.enum);
  if ('const' in schema) return schema.const;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return valueFor(rng, rng.pick(branches), ids, mutate, depth);
  switch (typeOf(schema)) {
    case 'string': {
      if (schema.format === 'uuid') return rng.chance(0.7) ? rng.pick(ids) : randomUuid(rng);
      if (schema.format === 'date') return rng.pick(['2026-11-02', '2027-01-01', '2026-12-31']);
      if (schema.format === 'date-time') return rng.pick(['2026-11-02T09:00:00+08:00', '2027-01-01T00:00:00Z']);
      const max = typeof schema.maxLength === 'number' ? schema.maxLength : 20;
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      return '测试文本abc'.repeat(Math.ceil(Math.max(min, 1) / 7) + 1).slice(0, Math.max(min, Math.min(max, rng.int(min, min + 12))));
    }
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1000;
      return rng.int(min, Math.min(max, min + 50));
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'array': {
      const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const count = depth > 4 ? min : rng.int(min, min + 2);
      return Array.from({ length: count }, () => valueFor(rng, items, ids, mutate, depth + 1));
    }
    case 'object':
    default: {
      const result: Record<string, unknown> = {};
      const required = new Set((schema.required as string[] | undefined) ?? []);
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (required.has(key) || rng.chance(0.6)) result[key] = valueFor(rng, property, ids, mutate, depth + 1);
      }
      if (rng.chance(0.05)) result[rng.pick(['unknown', 'a\u0000', '\ud800'])] = 1;
      return result;
    }
  }
}

function deepNesting(rng: Rng): string {
  const depth = rng.pick([40, 1000, 100_000]);
  return rng.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A body as raw text: mostly schema-shaped JSON, sometimes broken or enormous. */
export function bodyFor(rng: Rng, schema: JsonSchema | undefined, ids: readonly string[], bodyLimit: number): { payload: string; contentType: string } {
  const json = 'application/json';
  const roll = rng.next();
  if (roll < 0.55) return { payload: JSON.stringify(valueFor(rng, schema, ids, rng.pick([0, 0.02, 0.1, 0.3]))), contentType: json };
  if (roll < 0.62) {
    const text = JSON.stringify(valueFor(rng, schema, ids, 0));
    return { payload: text.slice(0, rng.int(0, Math.max(0, text.length - 1))), contentType: json };
  }
  if (roll < 0.67) return { payload: rng.pick(['', 'null', '[]', '"x"', '123', '{', '}', '{"a":}', '\u0000', '{"a":"\\ud800"}', '{"a":1e999}', '{"__proto__":{"x":1}}']), contentType: json };
  if (roll < 0.71) return { payload: deepNesting(rng), contentType: json };
  if (roll < 0.74) {
    const keys: string[] = [];
    for (let i = 0; i < rng.pick([1000, 20_000, 100_000]); i++) keys.push(`"k${i.toString(36)}":1`);
    return { payload: `{${keys.join(',')}}`, contentType: json };
  }
  if (roll < 0.75) return { payload: JSON.stringify({ a: 'x'.repeat(bodyLimit) }), contentType: json };
  if (roll < 0.8) return { payload: JSON.stringify(hostileValue(rng)), contentType: json };
  if (roll < 0.88) {
    const value = valueFor(rng, schema, ids, 0.1);
    const fields: Array<[string, unknown]> = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [['a', value]];
    const form = fields.map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&');
    return { payload: rng.chance(0.2) ? `${form}&x=%00&y=%E0%A4%A` : form, contentType: 'application/x-www-form-urlencoded' };
  }
  if (roll < 0.94) {
    const boundary = 'fuzzboundary';
    const file = rng.pick(['PK\u0003\u0004garbage', '%PDF-1.4 not really', '\u0000\u0001\u0002', 'a,b,c\n1,2,3']);
    const name = rng.pick(['a.xlsx', 'letter.pdf', '../../x.pdf', 'a\u0000.pdf', '申请函.pdf']);
    const parts = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${rng.pick(['application/pdf', 'application/octet-stream', 'text/plain'])}\r\n\r\n${file}\r\n--${boundary}${rng.chance(0.8) ? '--' : ''}\r\n`;
    return { payload: parts, contentType: rng.chance(0.9) ? `multipart/form-data; boundary=${boundary}` : 'multipart/form-data' };
  }
  return { payload: rng.pick(['hello', '<xml/>', '\u0000']), contentType: rng.pick(['text/plain', 'application/xml', 'application/json; charset=latin1', 'application/octet-stream']) };
}

/** encodeURIComponent, except that a lone surrogate is sent as the invalid UTF-8 a client could send. */
function encode(text: string): string {
  return text.split(/(\p{Cs})/u).map((part, i) => (i % 2 === 1 ? '%ED%A0%80' : encodeURIComponent(part))).join('');
}

const PARAM_VALUES = ['%00', '%2e%2e', '..', '%2F', 'x'.repeat(300), '1e30', '-1', '0', '2026', '99999999999999999999', '%ED%A0%80', 'null', '%20', 'a%2Fb'];

function paramFor(rng: Rng, schema: JsonSchema | undefined, ids: readonly string[]): string {
  if (rng.chance(0.35)) return rng.pick(PARAM_VALUES);
  const value = valueFor(rng, schema, ids, 0);
  return encode(typeof value === 'string' ? value : String(value));
}

/** Encodings of the path that a router may decode differently from a prefix check. */
function mangle(rng: Rng, path: string): string {
  switch (rng.int(0, 11)) {
    case 0:
      return path.replace('/api/', '/%61pi/');
    case 1:
      return path.replace('/api/', '/ap%69/');
    case 2:
      return path.replace('/api/', '/api//');
    case 3:
      return `/x/%2e%2e${path}`;
    case 4:
      return `${path}/`;
    case 5:
      return path.replace('/api/', '//api/');
    case 6:
      return path.replace('/api/', '/API/');
    case 7:
      return `${path}/%2e%2e/%2e%2e/healthz`;
    case 8:
      return path.replace(/\//g, (s, i: number) => (i > 0 && rng.chance(0.3) ? '%2F' : s));
    default:
      return path;
  }
}

function queryFor(rng: Rng, operation: OpenApiOperation, ids: readonly string[]): string {
  const parts: string[] = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'query' || !rng.chance(0.5)) continue;
    parts.push(`${parameter.name}=${paramFor(rng, parameter.schema, ids)}`);
    if (rng.chance(0.05)) parts.push(`${parameter.name}=${paramFor(rng, parameter.schema, ids)}`);
  }
  if (rng.chance(0.05)) parts.push(`${rng.pick(['unknown', '%00', '__proto__', 'constructor'])}=${rng.pick(PARAM_VALUES)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export function requestFor(rng: Rng, operation: OpenApiOperation, ids: readonly string[], bodyLimit: number): FuzzRequest {
  const params = new Map((operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, p.schema]));
  let path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => paramFor(rng, params.get(name), ids));
  if (rng.chance(0.15)) path = mangle(rng, path);
  const method = rng.chance(0.03) ? rng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']) : operation.method;
  const url = path + queryFor(rng, operation, ids);
  const headers: Record<string, string> = {};
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || (method === 'DELETE' && rng.chance(0.8))) return { method, url, headers };
  const schema = operation.requestBody?.content?.['application/json']?.schema;
  if (!operation.requestBody && rng.chance(0.7)) return { method, url, headers };
  const body = bodyFor(rng, schema, ids, bodyLimit);
  headers['content-type'] = body.contentType;
  return { method, url, headers, payload: body.payload };
}
