/**
 * The local gateway's rate limiter: the token bucket on a clock the test moves, its settings from
 * the environment, which routes it guards, and the 429 it answers (API Gateway's JSON for API
 * clients, a page in the reader's language for browsers, with Retry-After).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { routes } from '../../infra/app-description';
import { tooManyRequests } from '../../infra/local/http-gateway';
import { rateLimiterSettingsFrom, TokenBuckets } from '../../infra/local/rate-limiter';
import { PUBLIC_ROUTE_LIMIT, rateLimitGroupOf } from '../../infra/rate-limits';
import { retryAfterMs } from '../../infra/local/simulation/http';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('token bucket', () => {
  test('a full bucket lets a burst through, then refuses with the seconds until a token is back', () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 5 }, time.now);
    for (let i = 0; i < 5; i += 1) expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Refused requests take nothing: half a second later one token is back, and only one.
    time.advance(500);
    expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  test('it refills at the rate, never above the burst', () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 10, burst: 3 }, time.now);
    for (let i = 0; i < 3; i += 1) buckets.take('a');
    time.advance(60_000); // a minute idle: 600 tokens' worth, but the bucket holds 3
    const admitted = Array.from({ length: 10 }, () => buckets.take('a').allowed).filter(Boolean);
    expect(admitted).toHaveLength(3);
  });

  test('Retry-After rounds up to whole seconds at a slow rate', () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 0.25, burst: 1 }, time.now);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 4 });
    time.advance(2_500);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    time.advance(1_500);
    expect(buckets.take('a').allowed).toBe(true);
  });

  test('each key has its own bucket', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 }, clock().now);
    expect(buckets.take('intake 127.0.0.1').allowed).toBe(true);
    expect(buckets.take('intake 127.0.0.1').allowed).toBe(false);
    expect(buckets.take('intake 10.0.0.2').allowed).toBe(true);
    expect(buckets.take('task-links 127.0.0.1').allowed).toBe(true);
  });

  test('past its size the table forgets idle clients, not the ones being limited', () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 }, time.now, 3);
    buckets.take('busy');
    buckets.take('idle-1');
    buckets.take('idle-2');
    time.advance(5_000); // idle ones are full again; so is 'busy', so refill it by hand:
    buckets.take('busy');
    buckets.take('new'); // over the size: the full buckets go, 'busy' (empty) stays
    expect(buckets.take('busy')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  test('a rate of 0 or a burst under 1 is not a bucket', () => {
    expect(() => new TokenBuckets({ ratePerSecond: 0, burst: 5 })).toThrow();
    expect(() => new TokenBuckets({ ratePerSecond: 1, burst: 0 })).toThrow();
  });
});

describe('settings', () => {
  const defaults = PUBLIC_ROUTE_LIMIT;

  test("AWS's public route limits by default; KAFAAT_RATE_LIMIT=0 turns the limiter off", () => {
    expect(rateLimiterSettingsFrom({}, defaults)).toEqual({
      ratePerSecond: defaults.rateLimit,
      burst: defaults.burstLimit,
    });
    expect(rateLimiterSettingsFrom({ KAFAAT_RATE_LIMIT: '0' }, defaults)).toBeUndefined();
    expect(
      rateLimiterSettingsFrom({ KAFAAT_RATE_LIMIT: '0', KAFAAT_RATE_BURST: '50' }, defaults),
    ).toBeUndefined();
  });

  test('a rate alone keeps the burst in proportion; both are taken as given', () => {
    expect(rateLimiterSettingsFrom({ KAFAAT_RATE_LIMIT: '5' }, defaults)).toEqual({
      ratePerSecond: 5,
      burst: 10,
    });
    expect(rateLimiterSettingsFrom({ KAFAAT_RATE_LIMIT: '0.2' }, defaults)).toEqual({
      ratePerSecond: 0.2,
      burst: 1,
    });
    expect(rateLimiterSettingsFrom({ KAFAAT_RATE_LIMIT: '3', KAFAAT_RATE_BURST: '7' }, defaults)).toEqual({
      ratePerSecond: 3,
      burst: 7,
    });
  });

  test('a value that is not a number, or a burst under 1, is refused by name', () => {
    expect(() => rateLimiterSettingsFrom({ KAFAAT_RATE_LIMIT: 'fast' }, defaults)).toThrow(
      /KAFAAT_RATE_LIMIT/,
    );
    expect(() => rateLimiterSettingsFrom({ KAFAAT_RATE_LIMIT: '-1' }, defaults)).toThrow(/KAFAAT_RATE_LIMIT/);
    expect(() => rateLimiterSettingsFrom({ KAFAAT_RATE_BURST: '0' }, defaults)).toThrow(/KAFAAT_RATE_BURST/);
  });
});

describe('routes guarded', () => {
  const groupOf = (method: string, path: string) => {
    const route = routes.find((r) => r.method === method && r.path === path);
    if (!route) throw new Error(`no route ${method} ${path}`);
    return rateLimitGroupOf(route);
  };

  test('the public routes the issue names, each in its group', () => {
    expect(groupOf('POST', '/api/intake')).toBe('intake');
    expect(groupOf('POST', '/sign-in')).toBe('sign-in');
    expect(groupOf('POST', '/api/sign-in')).toBe('sign-in');
    expect(groupOf('POST', '/api/dev/sign-in')).toBe('sign-in');
    expect(groupOf('GET', '/tasks/{taskId}')).toBe('task-links');
    expect(groupOf('POST', '/tasks/{taskId}')).toBe('task-links');
    expect(groupOf('GET', '/catalogue')).toBe('open-data');
    expect(groupOf('GET', '/api/training-offers')).toBe('open-data');
    expect(groupOf('GET', '/api/open-data/labour-needs.csv')).toBe('open-data');
    expect(groupOf('GET', '/api/reference')).toBe('open-data');
  });

  test('routes behind a session or the JWT authorizer, and the health check, are not', () => {
    expect(groupOf('GET', '/health')).toBeUndefined();
    expect(groupOf('GET', '/api/dashboard/summary')).toBeUndefined();
    expect(groupOf('POST', '/api/labour-needs')).toBeUndefined();
    expect(groupOf('GET', '/partner/needs')).toBeUndefined();
    expect(groupOf('POST', '/api/training-offers')).toBeUndefined();
    expect(groupOf('GET', '/beneficiaries')).toBeUndefined();
  });
});

describe('the 429', () => {
  const event = (headers: Record<string, string>, query?: Record<string, string>) =>
    ({
      headers,
      rawPath: '/tasks/x',
      ...(query ? { queryStringParameters: query } : {}),
    }) as unknown as APIGatewayProxyEventV2;

  test("API clients get API Gateway's JSON, with Retry-After", () => {
    const result = tooManyRequests(event({ accept: '*/*' }), 3);
    expect(result.statusCode).toBe(429);
    expect(result.headers?.['retry-after']).toBe('3');
    expect(JSON.parse(String(result.body))).toEqual({ message: 'Too Many Requests' });
  });

  test('browsers get a page in their language (Arabic right to left), saying when to try again', () => {
    const arabic = tooManyRequests(event({ accept: 'text/html', 'accept-language': 'ar' }), 2);
    expect(arabic.headers?.['content-type']).toMatch(/^text\/html/);
    expect(arabic.headers?.['retry-after']).toBe('2');
    expect(String(arabic.body)).toContain('<html lang="ar" dir="rtl">');
    expect(String(arabic.body)).toContain('طلبات كثيرة جدا');
    const english = tooManyRequests(
      event({ 'content-type': 'application/x-www-form-urlencoded' }, { lang: 'en' }),
      5,
    );
    expect(String(english.body)).toContain('Try again in 5 second(s)');
    const french = tooManyRequests(event({ accept: 'text/html' }), 1);
    expect(String(french.body)).toContain('Trop de demandes');
    // The refused address may be a coach's signed link: it goes nowhere in the page.
    expect(String(french.body)).not.toContain('/tasks/x');
    expect(french.headers?.['referrer-policy']).toBe('no-referrer');
  });
});

describe("the simulator's reading of Retry-After", () => {
  test('seconds, an HTTP date, or nothing usable', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('Sun, 29 Nov 2026 10:00:05 GMT', Date.parse('2026-11-29T10:00:00Z'))).toBe(5000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
