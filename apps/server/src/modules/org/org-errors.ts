import { ConflictError } from '../../platform/errors.ts';

/** A unique violation (PostgreSQL 23505) becomes a 409 naming the field; anything else is rethrown. */
export function rethrowUnique(error: unknown): never {
  const pgError = error as { code?: string; constraint?: string; detail?: string };
  if (pgError.code === '23505') {
    const constraint = pgError.constraint ?? '';
    const field = constraint.includes('uscc') ? 'uscc' : constraint.includes('name') ? 'name' : constraint.includes('class_code') ? 'classCode' : undefined;
    throw new ConflictError(`已存在相同的记录 (${constraint || 'duplicate'})`, 'DUPLICATE', field ? [{ field, message: 'already exists' }] : undefined);
  }
  throw error;
}
