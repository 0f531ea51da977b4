import { describe, expect, it } from 'vitest';
import { anonymousActor } from './actor.ts';
import { ActorCache, type CachedIdentity } from './actor-cache.ts';

function identity(userId: string | null, systemId: string | null = null): CachedIdentity {
  const at = new Date('2026-12-04T00:00:00Z');
  return { actor: { ...anonymousActor(), kind: userId ? 'user' : 'system', userId, systemId }, kind: userId ? 'console' : 'system', expiresAt: at, lastSeenAt: at, userId, systemId };
}

describe('ActorCache', () => {
  it('serves an entry until its time to live has passed on the monotonic clock', () => {
    let now = 0;
    const cache = new ActorCache(10_000, 100, () => now);
    cache.set('a', identity('u1'));
    now = 9_999;
    expect(cache.get('a')?.userId).toBe('u1');
    now = 10_000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets by token, by user and by system, and everything at once', () => {
    const cache = new ActorCache(10_000);
    cache.set('a', identity('u1'));
    cache.set('b', identity('u1'));
    cache.set('c', identity('u2'));
    cache.set('d', identity(null, 's1'));
    cache.forgetUser('u1');
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, undefined]);
    expect(cache.get('c')?.userId).toBe('u2');
    cache.forgetSystem('s1');
    expect(cache.get('d')).toBeUndefined();
    cache.forgetToken('c');
    expect(cache.get('c')).toBeUndefined();
    cache.set('e', identity('u3'));
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry when full, and caches nothing with a ttl of 0', () => {
    const cache = new ActorCache(10_000, 2);
    cache.set('a', identity('u1'));
    cache.set('b', identity('u2'));
    cache.set('c', identity('u3'));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')?.userId).toBe('u3');
    const off = new ActorCache(0);
    off.set('a', identity('u1'));
    expect(off.get('a')).toBeUndefined();
  });
});
