import type { Context, MiddlewareHandler } from 'hono';
import { errorResponse } from './error-response.ts';
import type { RequestIdVariables } from './request-id.ts';

export type TokenBucketOptions = {
  /** Requests allowed in a burst. */
  readonly capacity: number;
  /** Requests regained per second, up to `capacity`. */
  readonly refillPerSecond: number;
  /** Buckets kept at most; beyond it full buckets are dropped first, then the oldest, so memory stays bounded. */
  readonly maxKeys?: number;
  readonly now?: () => number;
};

export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export type TokenBucket = { take(key: string): TakeResult };

/**
 * An in-memory token bucket per key. Good for one instance; several instances behind a load balancer each keep
 * their own buckets, so the effective limit is the per-instance limit times the number of instances (still a
 * hard bound on guessing, which the 256-bit codes and tokens make hopeless anyway).
 */
export function createTokenBucket({
  capacity,
  refillPerSecond,
  maxKeys = 10_000,
  now = () => Date.now(),
}: TokenBucketOptions): TokenBucket {
  const buckets = new Map<string, { tokens: number; at: number }>();

  const refilled = (bucket: { tokens: number; at: number }, at: number): number =>
    Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * refillPerSecond);

  function evict(at: number): void {
    for (const [key, bucket] of buckets) if (refilled(bucket, at) >= capacity) buckets.delete(key);
    // Map iteration is insertion order: what is left to drop goes oldest first.
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  }

  return {
    take(key) {
      const at = now();
      const existing = buckets.get(key);
      if (existing === undefined && buckets.size >= maxKeys) evict(at);
      const tokens = existing === undefined ? capacity : refilled(existing, at);
      if (tokens < 1) {
        buckets.set(key, { tokens, at });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerSecond)) };
      }
      buckets.delete(key);
      buckets.set(key, { tokens: tokens - 1, at });
      return { ok: true };
    },
  };
}

export type RateLimitOptions = {
  readonly bucket: TokenBucket;
  /** What to count requests by, e.g. the client address. */
  readonly key: (c: Context) => string;
};

/**
 * 429 `rate_limited` with Retry-After once a key has used up its bucket.
 *
 * @example
 * ```ts
 * app.post('/sign-in', rateLimit({ bucket: createTokenBucket({ capacity: 10, refillPerSecond: 1 / 6 }), key }), handler);
 * ```
 */
export function rateLimit({ bucket, key }: RateLimitOptions): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async function rateLimitMiddleware(c, next) {
    const taken = bucket.take(key(c));
    if (!taken.ok) {
      c.header('Retry-After', String(taken.retryAfterSeconds));
      return errorResponse(c, 429, 'rate_limited', 'too many attempts; try again later');
    }
    await next();
  };
}
