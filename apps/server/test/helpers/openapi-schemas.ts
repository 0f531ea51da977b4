/**
 * The input schemas of every route, read from the OpenAPI document the app serves: request bodies
 * and each path, query and header parameter. Shared by the schema-bounds test and the fuzz test.
 */
export interface OpenApiOperation {
  method: string;
  /** OpenAPI path, e.g. /api/catalog/entries/{id} */
  path: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export type JsonSchema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, Omit<OpenApiOperation, 'method' | 'path'>>>;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(document: OpenApiDocument): OpenApiOperation[] {
  const operations: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (METHODS.has(method)) operations.push({ ...operation, method: method.toUpperCase(), path });
    }
  }
  return operations;
}

/** Each input schema of an operation with a label naming where it sits. */
export function inputSchemas(operation: OpenApiOperation): Array<{ where: string; schema: JsonSchema }> {
  const found: Array<{ where: string; schema: JsonSchema }> = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.schema) found.push({ where: `${parameter.in}.${parameter.name}`, schema: parameter.schema });
  }
  for (const [type, content] of Object.entries(operation.requestBody?.content ?? {})) {
    if (content.schema) found.push({ where: `body(${type})`, schema: content.schema });
  }
  return found;
}
