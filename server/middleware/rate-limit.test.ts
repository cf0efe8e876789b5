import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './rate-limit.ts';

describe('createTokenBucket', () => {
  it('allows a burst of `capacity`, then refills at the given rate, per key', () => {
    let now = 0;
    const bucket = createTokenBucket({ capacity: 3, refillPerSecond: 0.5, now: () => now });
    expect([1, 2, 3].map(() => bucket.take('a').ok)).toEqual([true, true, true]);
    expect(bucket.take('a')).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(bucket.take('b').ok).toBe(true);
    now = 1_999;
    expect(bucket.take('a').ok).toBe(false);
    // Four seconds at half a request per second: two more.
    now = 4_000;
    expect([1, 2, 3].map(() => bucket.take('a').ok)).toEqual([true, true, false]);
  });

  it('keeps at most maxKeys buckets, and forgets full ones first, so memory stays bounded', () => {
    let now = 0;
    const bucket = createTokenBucket({ capacity: 1, refillPerSecond: 1, maxKeys: 2, now: () => now });
    expect(bucket.take('a').ok).toBe(true);
    expect(bucket.take('b').ok).toBe(true);
    // Neither has refilled: the oldest ("a") is dropped for "c", so "a" starts afresh.
    expect(bucket.take('c').ok).toBe(true);
    expect(bucket.take('a').ok).toBe(true);
    now = 10_000;
    for (let i = 0; i < 100; i += 1) expect(bucket.take(`k${i}`).ok).toBe(true);
  });
});
