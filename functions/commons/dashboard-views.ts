/**
 * The dashboards' views, computed once per counters' stamp and kept a minute in the function's
 * memory. A view costs dozens of Queries (the indicators: one per region and month) and its
 * counters change only when a writer counts, which moves the stamp (commons/counters-stamp.ts): a
 * request reads the stamp beside its session check, and a view computed under that stamp is given
 * again. A board's thirty refreshes in a meeting, the page and its CSV, cost one computation.
 *
 * The figures of now (journeys waiting for a coach, tasks overdue, the coaches' load) come from
 * other tables and move without the stamp: they are at most a minute old (`VIEW_SECONDS`). A view
 * says when it was computed (`generatedAt`). Views computed at once for the same key share one
 * computation; one that fails is not kept.
 */
import { LRUCache } from 'lru-cache';
import type { Principal } from '../domain/access';
import { protectSummary, type PublishedSummary } from '../domain/aggregates';
import type { IndicatorFilters, Indicators } from '../domain/indicators';
import { readSummary } from './aggregates';
import { readIndicators } from './indicators';

/** How long a view is given again, at most, under an unchanged stamp. */
export const VIEW_SECONDS = 60;

/** Each view is a few dozen KB; a region's board looks at a handful of views, a nation's more. */
const views = new LRUCache<string, Promise<unknown>>({ max: 64, ttl: VIEW_SECONDS * 1000 });

function keptOrComputed<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const kept = views.get(key) as Promise<T> | undefined;
  if (kept) return kept;
  const computing = compute();
  views.set(key, computing);
  computing.catch(() => {
    if (views.peek(key) === computing) views.delete(key);
  });
  return computing;
}

/**
 * A view's key: what `readIndicators` reads by — the reader's region and every filter given (all
 * of them, sorted, so a filter added later is in the key without a change here).
 */
function indicatorsKey(stamp: number, region: string, filters: IndicatorFilters): string {
  const given = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(['indicators', stamp, region, given]);
}

/** The indicators of a view (see readIndicators), computed once per stamp and minute. */
export function indicatorsView(
  principal: Pick<Principal, 'region'>,
  filters: IndicatorFilters,
  stamp: number,
): Promise<Indicators> {
  return keptOrComputed(indicatorsKey(stamp, principal.region, filters), () =>
    readIndicators(principal, filters, new Date()),
  );
}

/**
 * The summary's counts through disclosure control (`protectSummary`: the same for every reader,
 * so done once per view), before the reader's scope (`summaryInScope`).
 */
export function summaryView(stamp: number): Promise<PublishedSummary> {
  return keptOrComputed(JSON.stringify(['summary', stamp]), async () =>
    protectSummary(await readSummary(new Date())),
  );
}
