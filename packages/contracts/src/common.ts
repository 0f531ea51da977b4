import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { CodeListEntry } from './enums.ts';
import { MessageParamsSchema } from './messages.ts';

/**
 * A string enum as plain JSON Schema `enum`, so validation errors name the allowed values
 * ("must be equal to one of the allowed values") instead of listing every anyOf branch.
 */
export function StringEnum<C extends string>(list: ReadonlyArray<CodeListEntry<C>>, options: Record<string, unknown> = {}) {
  return Type.Unsafe<C>({
    type: 'string',
    enum: list.map((entry) => entry.code),
    description: list.map((entry) => `${entry.code}=${entry.zh}`).join(', '),
    ...options,
  });
}

/**
 * A boolean in a request body that must really be `true` or `false`. The server coerces types
 * (query strings need it), and coercion turns `null` into `false`: `{"active": null}` would
 * deactivate. An `enum` without `type` is never coerced, so `null`, `0` or `"false"` are refused.
 */
export function StrictBoolean(options: Record<string, unknown> = {}) {
  return Type.Unsafe<boolean>({ enum: [true, false], description: 'true or false', ...options });
}

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDateTime = Type.String({ format: 'date-time' });
export const IsoDate = Type.String({ format: 'date' });

export const ErrorDetail = Type.Object({
  field: Type.Optional(Type.String()),
  row: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.String()),
  sheet: Type.Optional(Type.String()),
  /** A catalog code (messages.ts) when `message` was rendered from it; absent for older texts. */
  code: Type.Optional(Type.String()),
  params: Type.Optional(MessageParamsSchema),
  message: Type.String(),
});
export type ErrorDetail = Static<typeof ErrorDetail>;

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    /** Rendered for the request's language (`X-Huitong-Language`, else `Accept-Language`). */
    message: Type.String(),
    /** Present when `message` was rendered from the catalog: the console renders code + params itself. */
    params: Type.Optional(MessageParamsSchema),
    details: Type.Optional(Type.Array(ErrorDetail)),
    /** When the same request may succeed again (a locked account); also sent as `Retry-After`. */
    retryAt: Type.Optional(Type.String({ format: 'date-time' })),
  }),
  requestId: Type.String(),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const Paging = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const IdParams = Type.Object({ id: Uuid });
export const Ok = Type.Object({ ok: Type.Literal(true) });
