import { describe, expect, it } from 'vitest';
import { NonceCache } from '../../../sim/nonce-cache.ts';

const T0 = 1_740_830_400;
const at = (seconds: number) => new Date(seconds * 1000);

describe('the nonce cache of a control plane', () => {
  it('accepts a nonce once and refuses it again inside the window', () => {
    const cache = new NonceCache({ windowSeconds: 300, capacity: 10 });
    expect(cache.claim('nonce-a', T0, at(T0))).toBe('fresh');
    expect(cache.claim('nonce-a', T0, at(T0 + 1))).toBe('replayed');
    expect(cache.claim('nonce-a', T0, at(T0 + 300))).toBe('replayed');
    expect(cache.claim('nonce-b', T0, at(T0 + 1))).toBe('fresh');
  });

  it('keeps a nonce for as long as its timestamp is accepted, a future one included', () => {
    const cache = new NonceCache({ windowSeconds: 300, capacity: 10 });
    expect(cache.claim('from-the-future', T0 + 250, at(T0))).toBe('fresh');
    expect(cache.claim('from-the-future', T0 + 250, at(T0 + 549))).toBe('replayed');
  });

  it('forgets nonces whose timestamps have left the window, so it stays small', () => {
    const cache = new NonceCache({ windowSeconds: 300, capacity: 1000 });
    for (let i = 0; i < 100; i += 1) cache.claim(`old-${i}`, T0 + i, at(T0 + i));
    expect(cache.size).toBe(100);
    expect(cache.claim('late', T0 + 350, at(T0 + 350))).toBe('fresh');
    expect(cache.size).toBe(51);
  });

  it('when full of live nonces refuses new ones rather than forget one that could then be replayed', () => {
    const cache = new NonceCache({ windowSeconds: 300, capacity: 3 });
    for (const nonce of ['a1', 'a2', 'a3']) expect(cache.claim(nonce, T0, at(T0))).toBe('fresh');
    expect(cache.claim('a4', T0, at(T0 + 10))).toBe('full');
    expect(cache.claim('a1', T0, at(T0 + 10))).toBe('replayed');
    expect(cache.claim('a4', T0 + 301, at(T0 + 301))).toBe('fresh');
    expect(cache.size).toBe(1);
  });

  it('when full, also drops expired nonces that arrived after live ones', () => {
    const cache = new NonceCache({ windowSeconds: 300, capacity: 2 });
    expect(cache.claim('late-stamp', T0 + 200, at(T0))).toBe('fresh');
    expect(cache.claim('early-stamp', T0 - 200, at(T0))).toBe('fresh');
    expect(cache.claim('next', T0 + 150, at(T0 + 150))).toBe('fresh');
    expect(cache.size).toBe(2);
  });
});
