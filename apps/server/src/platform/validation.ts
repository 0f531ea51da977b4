import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { TSchema, Static } from '@sinclair/typebox';
import type { ErrorDetail, MessageParams } from '@huitong/contracts';
import { describeAjvError, MAX_REPORTED_ERRORS } from './http/error-handler.ts';
import { codedDetail } from './errors.ts';

/**
 * Schema validation outside HTTP (imports, stored documents) with the same engine and the same
 * error wording as request validation, so a bad spreadsheet row reads like a bad API call.
 */
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, coerceTypes: false, strict: false }));
const cache = new WeakMap<TSchema, ValidateFunction>();

export interface SchemaCheck<T> {
  value: T;
  errors: ErrorDetail[];
}

/** Validates a copy of `input` (defaults applied) and names each problem under `prefix`. */
export function checkSchema<S extends TSchema>(schema: S, input: unknown, prefix: string): SchemaCheck<Static<S>> {
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  const value = input === undefined ? undefined : structuredClone(input);
  if (validate(value)) return { value: value as Static<S>, errors: [] };
  const errors = (validate.errors ?? []).slice(0, MAX_REPORTED_ERRORS).map((error: ErrorObject) => {
    const detail = describeAjvError(error as never, 'body');
    const inner = detail.field === 'body' ? '' : (detail.field ?? '');
    const field = inner ? `${prefix}.${inner}` : prefix;
    // The detail names the field the schema saw; the caller knows where that value came from.
    return codedDetail(field, detail.code!, { ...(detail.params as MessageParams), field });
  });
  return { value: value as Static<S>, errors };
}
