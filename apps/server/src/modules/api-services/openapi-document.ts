import { parse as parseYaml } from 'yaml';
import { ValidationError } from '../../platform/errors.ts';

/** A document bigger than this is refused before parsing (the JSON body limit is larger). */
export const OPENAPI_MAX_BYTES = 512 * 1024;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface DocumentedOperation {
  /** `operationId`, or `METHOD /path` when the document gives none. */
  id: string;
  method: string;
  path: string;
  /** Whether a call needs input: a path parameter, a required query/header parameter or a body. */
  needsInput: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses an OpenAPI 3.x document given as JSON or YAML text and checks what the platform relies
 * on: the version, info, paths and each operation's responses. Each problem names where it is.
 */
export function parseOpenApi(text: string): Json {
  const field = 'openapi';
  if (Buffer.byteLength(text, 'utf8') > OPENAPI_MAX_BYTES) throw ValidationError.field(field, `openapi: 文档超过 ${OPENAPI_MAX_BYTES} 字节 (document larger than the limit)`, 'OPENAPI_TOO_LARGE');
  let doc: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both. Aliases are capped against expansion bombs.
    doc = parseYaml(text, { maxAliasCount: 100, prettyErrors: false });
  } catch (error) {
    throw ValidationError.field(field, `openapi: 不是有效的 JSON 或 YAML (not valid JSON or YAML): ${(error as Error).message.split('\n')[0]}`, 'INVALID_OPENAPI');
  }
  const problems: string[] = [];
  if (!isObject(doc)) throw ValidationError.field(field, 'openapi: 文档应为对象 (the document must be an object)', 'INVALID_OPENAPI');
  if (typeof doc.openapi !== 'string' || !/^3\.\d+(\.\d+)?$/.test(doc.openapi)) problems.push(`openapi: 应为 OpenAPI 3.x 文档,实为 ${JSON.stringify(doc.openapi ?? doc.swagger ?? null)} (must be an OpenAPI 3.x document)`);
  if (!isObject(doc.info) || typeof doc.info.title !== 'string' || typeof doc.info.version !== 'string') problems.push('openapi.info: 需要 title 与 version (info.title and info.version are required)');
  if (!isObject(doc.paths) || Object.keys(doc.paths).length === 0) problems.push('openapi.paths: 至少需要一个路径 (at least one path)');
  else {
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/')) problems.push(`openapi.paths.${path}: 路径应以 / 开头 (a path starts with /)`);
      if (!isObject(item)) {
        problems.push(`openapi.paths.${path}: 应为对象 (must be an object)`);
        continue;
      }
      for (const method of METHODS) {
        const operation = item[method];
        if (operation === undefined) continue;
        if (!isObject(operation) || !isObject(operation.responses) || Object.keys(operation.responses).length === 0) problems.push(`openapi.paths.${path}.${method}: 需要 responses (responses are required)`);
      }
    }
  }
  if (doc.components !== undefined && !isObject(doc.components)) problems.push('openapi.components: 应为对象 (must be an object)');
  if (problems.length > 0) throw new ValidationError(problems[0]!, problems.map((message) => ({ field, message })), 'INVALID_OPENAPI');
  // Round-tripped: what is stored is plain JSON, whatever YAML types the text used.
  return JSON.parse(JSON.stringify(doc)) as Json;
}

/** `#/components/parameters/x` and the like, within the document only. */
function resolve(doc: Json, value: unknown): unknown {
  if (!isObject(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return value;
  let node: unknown = doc;
  for (const part of value.$ref.slice(2).split('/')) node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return node;
}

export function operationsOf(doc: Json): DocumentedOperation[] {
  const result: DocumentedOperation[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths as Json)) {
    const item = rawItem as Json;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const parameters = [...shared, ...(Array.isArray(operation.parameters) ? operation.parameters : [])].map((p) => resolve(doc, p)).filter(isObject);
      const needsInput = path.includes('{') || parameters.some((p) => p.required === true) || (isObject(operation.requestBody) && resolve(doc, operation.requestBody) !== undefined && (resolve(doc, operation.requestBody) as Json).required === true);
      result.push({ id: typeof operation.operationId === 'string' ? operation.operationId : `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, needsInput });
    }
  }
  return result;
}

/** The documented success response of an operation: its content types and the JSON schema, if any. */
export function successResponse(doc: Json, operation: DocumentedOperation): { contentTypes: string[]; schema: unknown } | undefined {
  const item = (doc.paths as Json)[operation.path] as Json;
  const responses = (item[operation.method.toLowerCase()] as Json).responses as Json;
  const key = ['200', '201', '203', '2XX', '2xx', 'default'].find((k) => responses[k] !== undefined);
  if (!key) return undefined;
  const response = resolve(doc, responses[key]);
  if (!isObject(response)) return undefined;
  const content = isObject(response.content) ? response.content : {};
  const contentTypes = Object.keys(content);
  const json = contentTypes.find((t) => /^application\/([\w.+-]+\+)?json/i.test(t));
  const media = json ? content[json] : undefined;
  return { contentTypes, schema: isObject(media) ? media.schema : undefined };
}
