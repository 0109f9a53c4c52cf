/**
 * The local gateway's limiter: a token bucket per key (a client address and a route group). A
 * bucket holds at most `burst` tokens, starts full, and fills at `ratePerSecond`; each request takes
 * one, and a request finding less than one is refused with the whole seconds until one is there.
 */

export interface RateLimiterSettings {
  /** Tokens a second; 0 turns the limiter off. */
  ratePerSecond: number;
  /** The bucket's size: requests at once. */
  burst: number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateLimiterSettings,
    private readonly now: () => number = () => Date.now(),
    /** Past this many keys, full buckets (idle clients) are forgotten: memory stays bounded. */
    private readonly maxKeys = 10_000,
  ) {
    if (!(settings.ratePerSecond > 0) || !(settings.burst >= 1))
      throw new Error('A token bucket needs a rate above 0 and a burst of at least 1');
  }

  take(key: string): Admission {
    const now = this.now();
    const { ratePerSecond, burst } = this.settings;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxKeys) this.forgetFull(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond)) };
  }

  private forgetFull(now: number): void {
    const { ratePerSecond, burst } = this.settings;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond >= burst) this.buckets.delete(key);
    }
  }
}

/**
 * The settings from the environment (`KAFAAT_RATE_LIMIT`, `KAFAAT_RATE_BURST`), the defaults being
 * the public routes' limits on AWS. `KAFAAT_RATE_LIMIT=0` turns the limiter off (undefined). A value
 * that is not a number is an error naming it.
 */
export function rateLimiterSettingsFrom(
  environment: Record<string, string | undefined>,
  defaults: { rateLimit: number; burstLimit: number },
): RateLimiterSettings | undefined {
  const read = (name: string): number | undefined => {
    const raw = environment[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`${name} must be a number, 0 or more (got "${raw}")`);
    return value;
  };
  const rate = read('KAFAAT_RATE_LIMIT');
  const burst = read('KAFAAT_RATE_BURST');
  if (rate === 0) return undefined;
  if (burst !== undefined && burst < 1)
    throw new Error(`KAFAAT_RATE_BURST must be at least 1 (got "${environment.KAFAAT_RATE_BURST}")`);
  const ratePerSecond = rate ?? defaults.rateLimit;
  // Left out, the burst keeps the defaults' proportion (twice the rate on AWS), at least 1.
  return {
    ratePerSecond,
    burst: burst ?? Math.max(1, Math.round((ratePerSecond * defaults.burstLimit) / defaults.rateLimit)),
  };
}
