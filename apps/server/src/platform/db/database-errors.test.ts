import { describe, expect, it } from 'vitest';
import { DatabaseTimeoutError, duplicateConflict, isDatabaseUnavailable, withDeadline } from './database-errors.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises lost connections, shutdowns and timeouts', () => {
    for (const error of [
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('57014', 'canceling statement due to statement timeout'),
      withCode('08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Query read timeout'),
      new Error('Client has encountered a connection error and is not queryable'),
      new DatabaseTimeoutError('the database', 500),
      new AggregateError([withCode('ECONNREFUSED')], 'connect failed'),
      new Error('wrapped', { cause: withCode('ECONNRESET') }),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
  });

  it('leaves errors of the request or the code alone (they stay 4xx/500)', () => {
    for (const error of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('42P01', 'relation "x" does not exist'),
      withCode('22P02', 'invalid input syntax for type uuid'),
      new TypeError('cannot read properties of undefined'),
      null,
      'a string',
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});

describe('withDeadline', () => {
  it('passes a quick answer through and turns a slow one into DatabaseTimeoutError', async () => {
    await expect(withDeadline(Promise.resolve(1), 100, 'x')).resolves.toBe(1);
    const never = new Promise(() => {});
    await expect(withDeadline(never, 20, 'the database')).rejects.toThrow(DatabaseTimeoutError);
  });
});

describe('duplicateConflict', () => {
  it('turns a unique violation (also wrapped) into 409 DUPLICATE naming the field', () => {
    const violation = Object.assign(new Error('duplicate key value violates unique constraint "app_user_username"'), { code: '23505', constraint: 'app_user_username' });
    for (const error of [violation, new Error('wrapped', { cause: violation })]) {
      const conflict = duplicateConflict(error);
      expect(conflict).toMatchObject({ status: 409, code: 'DUPLICATE', params: { field: 'username' }, details: [{ field: 'username', code: 'DUPLICATE' }] });
    }
  });

  it('names the constraint when no field is known, and leaves other errors alone', () => {
    expect(duplicateConflict(Object.assign(new Error('dup'), { code: '23505', constraint: 'some_new_key' }))).toMatchObject({ params: { field: 'some_new_key' }, details: undefined });
    expect(duplicateConflict(withCode('23503', 'foreign key violation'))).toBeNull();
    expect(duplicateConflict(null)).toBeNull();
  });
});
