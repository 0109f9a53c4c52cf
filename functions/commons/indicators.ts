/**
 * Reads what a view of the indicators needs — the counters of its regions (or province) and
 * months under its sex and age filters, the offer–demand counters, and two figures of now (the
 * journeys waiting for a coach, the tasks overdue) — and builds the published indicators. The
 * reads depend on the months and regions of the view, never on the number of beneficiaries: a
 * Query per region and month (its totals, or its cells summed under the view's sex and age band),
 * and two counts over what is open now.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
import { countersOf, readyOfferDemandTotals } from './aggregates';
import { OPEN_BY_REGION_INDEX } from './coach-tasks';
import { NATIONAL, type Principal } from '../domain/access';
import { SMALL_CELL_MIN } from '../domain/aggregates';
import { OFFER_DEMAND } from '../domain/offer-demand';
import {
  INDICATOR_MONTHS,
  INDICATORS,
  TOTALS_PREFIX,
  viewCounts,
  type IndicatorFilters,
  type Indicators,
} from '../domain/indicators';
import { buildIndicators, type IndicatorReading } from '../domain/indicator-tables';
import { DEFAULT_COACH_CAPACITY, regions } from '../domain/reference-data';
import { coachRecords } from './coach-loads';

type Item = Record<string, unknown>;

async function queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await dynamo.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function countOf(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<number> {
  let total = 0;
  let startKey: Item | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: startKey }),
    );
    total += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return total;
}

/** The months a region has counters for, within the view's period. */
async function monthsOf(region: string, filters: IndicatorFilters): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName('aggregates'),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :region)',
    ExpressionAttributeValues: { ':pk': INDICATOR_MONTHS, ':region': `${region}#` },
  });
  return items
    .map((item) => String(item.sk).slice(region.length + 1))
    .filter((month) => (!filters.from || month >= filters.from) && (!filters.to || month <= filters.to));
}

/**
 * One region's (or province's) counts of one month, under the view's sex and age band: one Query
 * of the partition's cells — its totals for a view without those filters, else the sex's cells (or
 * all, for an age band alone), summed by `viewCounts`.
 */
async function countsOf(
  scope: string,
  month: string,
  filters: IndicatorFilters,
): Promise<Map<string, number>> {
  const prefix = filters.sex ? `${filters.sex}#` : filters.ageBand ? undefined : TOTALS_PREFIX;
  const items = await queryAll({
    TableName: tableName('aggregates'),
    KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
    ExpressionAttributeValues: {
      ':pk': `${INDICATORS}#${scope}#${month}`,
      ...(prefix ? { ':prefix': prefix } : {}),
    },
  });
  return viewCounts(
    items.map((item) => ({ sk: String(item.sk), count: Number(item.count ?? 0) })),
    filters,
  );
}

/** Journeys of the region waiting in its queue for a coach with room, now. */
function waitingForCoach(region: string): Promise<number> {
  return countOf({
    TableName: tableName('reference'),
    KeyConditionExpression: 'kind = :queue AND begins_with(code, :region)',
    ExpressionAttributeValues: { ':queue': 'coach-queue', ':region': `${region}#` },
  });
}

/** Open tasks of the region past their due time, now (the sparse index of open tasks). */
function overdueTasks(region: string, now: Date): Promise<number> {
  return countOf({
    TableName: tableName('tasks'),
    IndexName: OPEN_BY_REGION_INDEX,
    KeyConditionExpression: 'openIn = :region AND dueAt < :now',
    ExpressionAttributeValues: { ':region': region, ':now': now.toISOString() },
  });
}

/**
 * The offer–demand counters of a view: for whole regions over every month, their totals once they
 * hold every count (`totalsReady`: a read that does not grow with the months); else the monthly
 * counters, which the view's province and months pick from.
 */
async function offerDemandOf(
  view: IndicatorFilters,
): Promise<Pick<IndicatorReading, 'offerDemand' | 'offerDemandTotals'>> {
  if (!view.province && !view.from && !view.to) {
    const totals = await readyOfferDemandTotals();
    if (totals) return { offerDemand: [], offerDemandTotals: totals };
  }
  return { offerDemand: await countersOf(OFFER_DEMAND) };
}

export async function readIndicators(
  principal: Pick<Principal, 'region'>,
  filters: IndicatorFilters,
  now: Date,
): Promise<Indicators> {
  // A region's board sees its region, whatever the filters say.
  const region = principal.region === NATIONAL ? filters.region : principal.region;
  const view: IndicatorFilters = { ...filters, ...(region ? { region } : {}) };
  if (!region) delete view.province;
  const inView = region ? [region] : regions.map((r) => r.code);
  const [cells, offerDemand, waiting, overdue, coaches] = await Promise.all([
    Promise.all(
      inView.map(async (code) => {
        const scope = view.province ? `${code}:${view.province}` : code;
        const months = await monthsOf(code, view);
        return Promise.all(
          months.map(async (month) => ({ region: code, month, counts: await countsOf(scope, month, view) })),
        );
      }),
    ).then((perRegion) => perRegion.flat()),
    offerDemandOf(view),
    Promise.all(inView.map(waitingForCoach)).then((counts) => counts.reduce((a, b) => a + b, 0)),
    Promise.all(inView.map((code) => overdueTasks(code, now))).then((counts) =>
      counts.reduce((a, b) => a + b, 0),
    ),
    // The coaches (a few dozen: one Query of their kind), those of the view's regions still active.
    coachRecords().then((all) =>
      all
        .filter((c) => inView.includes(c.region) && c.active !== false)
        .map((c) => ({
          followed: c.activeBeneficiaries ?? 0,
          capacity: c.capacity ?? DEFAULT_COACH_CAPACITY,
        })),
    ),
  ]);
  return buildIndicators(
    { cells, ...offerDemand, waitingForCoach: waiting, overdueTasks: overdue, coaches },
    view,
    SMALL_CELL_MIN,
    now,
  );
}
