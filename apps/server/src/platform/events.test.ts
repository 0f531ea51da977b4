import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from './db/schema.ts';
import { DomainEvents } from './events.ts';

interface TestEvents {
  'thing.happened': { id: string };
  'thing.other': { n: number };
}

// Only `isTransaction` is read by the bus; handlers get the executor back untouched.
const trx = { isTransaction: true } as unknown as Kysely<Database>;
const db = { isTransaction: false } as unknown as Kysely<Database>;

describe('DomainEvents', () => {
  it('runs the subscribers of an event in order, with the raising transaction and the payload', async () => {
    const bus = new DomainEvents<TestEvents>();
    const seen: string[] = [];
    bus.subscribe('thing.happened', async (executor, { id }) => {
      expect(executor).toBe(trx);
      seen.push(`first ${id}`);
    });
    bus.subscribe('thing.happened', async (_executor, { id }) => {
      seen.push(`second ${id}`);
    });
    bus.subscribe('thing.other', async () => {
      seen.push('other');
    });
    await bus.publish(trx, 'thing.happened', { id: 'a' });
    expect(seen).toEqual(['first a', 'second a']);
  });

  it('passes a subscriber failure to the publisher, so the transaction rolls back, and stops there', async () => {
    const bus = new DomainEvents<TestEvents>();
    const seen: string[] = [];
    bus.subscribe('thing.happened', async () => {
      throw new Error('delivery failed');
    });
    bus.subscribe('thing.happened', async () => {
      seen.push('after');
    });
    await expect(bus.publish(trx, 'thing.happened', { id: 'a' })).rejects.toThrow('delivery failed');
    expect(seen).toEqual([]);
  });

  it('refuses an event raised outside a transaction and runs no subscriber', async () => {
    const bus = new DomainEvents<TestEvents>();
    let ran = false;
    bus.subscribe('thing.happened', async () => {
      ran = true;
    });
    await expect(bus.publish(db, 'thing.happened', { id: 'a' })).rejects.toThrow(/inside the writing transaction/);
    expect(ran).toBe(false);
  });

  it('publishes an event nobody subscribed to without effect', async () => {
    await expect(new DomainEvents<TestEvents>().publish(trx, 'thing.other', { n: 1 })).resolves.toBeUndefined();
  });
});
