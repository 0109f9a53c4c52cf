/**
 * The simulator's requests: a platform busy or restarting (a network error, a 5xx) is tried again a
 * few times; a request the rate limit turned away (429) waits as its `Retry-After` says and is sent
 * again, as a polite client does, without counting as a failed attempt (for at most
 * `maxThrottledMs` in all, then the 429 is returned).
 */

export interface RetryOptions {
  /** Tries for a network error or a 5xx. */
  attempts: number;
  timeoutMs: number;
  /** How long in all a request may wait for the rate limit (default two minutes). */
  maxThrottledMs?: number;
  sleep: (ms: number) => Promise<void>;
  /** Told each time the rate limit made it wait. */
  onThrottled?: (waitMs: number) => void;
}

/** `Retry-After` in seconds (or an HTTP date), as milliseconds; absent or unreadable: undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export async function requestWithRetries(
  url: string,
  init: RequestInit,
  options: RetryOptions,
): Promise<Response> {
  let throttledMs = 0;
  let throttled = 0;
  for (let attempt = 1; ;) {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (error) {
      if (attempt >= options.attempts) throw error;
      await options.sleep(500 * attempt);
      attempt += 1;
      continue;
    }
    if (response.status === 429) {
      // Without Retry-After (API Gateway on AWS sends none), a second, then longer.
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? 1000 * Math.min(8, 2 ** throttled);
      if (throttledMs + wait > (options.maxThrottledMs ?? 120_000)) return response;
      await response.arrayBuffer();
      options.onThrottled?.(wait);
      throttledMs += wait;
      throttled += 1;
      await options.sleep(Math.max(wait, 50));
      continue;
    }
    if (response.status < 500 || attempt >= options.attempts) return response;
    const wait = retryAfterMs(response.headers.get('retry-after')) || 500 * attempt;
    await response.arrayBuffer();
    await options.sleep(wait);
    attempt += 1;
  }
}
