import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';

/**
 * Typed domain events (ADR 0016). A module declares a map from event type to payload and raises
 * events inside the transaction that made the change; handlers run in that same transaction, in
 * order, so a failing handler rolls the change back and a committed change has been handled.
 * Knows no module: each module owns its own bus and declares its own events.
 */
export type EventHandler<P> = (trx: Kysely<Database>, payload: P) => Promise<void>;

/** The side of a module's events that other modules get. */
export interface EventSubscriptions<M> {
  subscribe<K extends keyof M & string>(type: K, handler: EventHandler<M[K]>): void;
}

export class DomainEvents<M> implements EventSubscriptions<M> {
  readonly #handlers = new Map<keyof M, Array<EventHandler<never>>>();

  subscribe<K extends keyof M & string>(type: K, handler: EventHandler<M[K]>): void {
    const list = this.#handlers.get(type) ?? [];
    list.push(handler as EventHandler<never>);
    this.#handlers.set(type, list);
  }

  async publish<K extends keyof M & string>(trx: Kysely<Database>, type: K, payload: M[K]): Promise<void> {
    // Outside a transaction a handler's writes could commit while the change itself fails.
    if (!trx.isTransaction) throw new Error(`${type} must be raised inside the writing transaction`);
    for (const handler of this.#handlers.get(type) ?? []) await (handler as EventHandler<M[K]>)(trx, payload);
  }
}
