/**
 * Rate limits of the public routes, the same on AWS (the HTTP API stage's route settings) and
 * locally (the local gateway's limiter): the routes anyone can call without a bearer token that
 * API Gateway checks — the intake's post, signing in, the coaches' task links, the catalogue and
 * the open data — are grouped, and each group has a token bucket: `rateLimit` requests a second
 * on average, `burstLimit` at once.
 */
import type { FunctionId, RouteSpec } from './app-description';

export type RateLimitGroup = 'intake' | 'sign-in' | 'task-links' | 'open-data';

export interface RateLimit {
  /** Requests a second, on average. */
  rateLimit: number;
  /** Requests at once (the bucket's size). */
  burstLimit: number;
}

/**
 * The limit of each public route. On AWS it is the route's own (shared by every client; the stage's
 * 50/100 still applies to the whole API); locally each client address has its own bucket per group.
 * A pilot's associations post a few dozen intakes a day and coaches answer a few hundred tasks:
 * 10 a second leaves them ample room while a script hammering one route is turned away.
 */
export const PUBLIC_ROUTE_LIMIT: RateLimit = { rateLimit: 10, burstLimit: 20 };

const groupOfFunction: Partial<Record<FunctionId, RateLimitGroup>> = {
  intake: 'intake',
  signIn: 'sign-in',
  devSignIn: 'sign-in',
  openTask: 'task-links',
  completeTask: 'task-links',
  trainingCatalogue: 'open-data',
  reference: 'open-data',
};

/**
 * The group of a route that is rate limited, or none. The labour needs' function serves its open
 * data publicly (routes without an action) and the employers' pages behind a session: only the
 * former are limited here.
 */
export function rateLimitGroupOf(route: RouteSpec): RateLimitGroup | undefined {
  if (route.authorizer === 'jwt') return undefined;
  if (route.function === 'labourNeeds') return route.action ? undefined : 'open-data';
  return groupOfFunction[route.function];
}
