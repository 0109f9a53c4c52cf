/**
 * Aggregates: the counters one journey event adds to, the published summary, and small-cell
 * suppression.
 */
import {
  countersFor,
  SMALL_CELL_MIN,
  summarize,
  suppressSmallCells,
  type Counter,
} from '../../functions/domain/aggregates';
import { journeyEvent, stages } from '../../functions/domain/journey-events';

/** Every stage at zero, then the counts given. */
const stageCounts = (counts: Record<string, number>) => ({
  ...Object.fromEntries(stages.map((s) => [s, 0])),
  ...counts,
});
import type { Dimensions } from '../../functions/domain/profile';

const now = new Date('2025-06-15T10:00:00Z');
const dimensions: Dimensions = {
  region: 'ORI',
  province: 'NAD',
  sex: 'F',
  ageBand: '18-24',
  educationLevel: 'primary',
};

describe('countersFor', () => {
  it('counts a stage in the total, its region, province, sex and age band', () => {
    // Prepare
    const event = journeyEvent('b-1', 'interviewed', dimensions, now);

    // Act
    const keys = countersFor(event);

    // Assess
    expect(keys).toEqual([
      { pk: 'total', sk: 'stage#interviewed' },
      { pk: 'region', sk: 'ORI#stage#interviewed' },
      { pk: 'province', sk: 'NAD#stage#interviewed' },
      { pk: 'sex', sk: 'ORI#F#stage#interviewed' },
      { pk: 'ageBand', sk: 'ORI#18-24#stage#interviewed' },
    ]);
  });

  it('counts a placement outcome as well as the stage', () => {
    // Prepare
    const event = journeyEvent('b-1', 'placed', dimensions, now, 'tpe');

    // Act
    const keys = countersFor(event);

    // Assess
    expect(keys).toHaveLength(10);
    expect(keys).toEqual(
      expect.arrayContaining([
        { pk: 'total', sk: 'stage#placed' },
        { pk: 'total', sk: 'outcome#tpe' },
        { pk: 'region', sk: 'ORI#outcome#tpe' },
        { pk: 'province', sk: 'NAD#outcome#tpe' },
        { pk: 'sex', sk: 'ORI#F#outcome#tpe' },
        { pk: 'ageBand', sk: 'ORI#18-24#outcome#tpe' },
      ]),
    );
    expect(new Set(keys.map((k) => `${k.pk}|${k.sk}`)).size).toBe(10);
  });
});

describe('summarize', () => {
  it('publishes totals and each pilot region, with zeros where nothing was counted', () => {
    // Prepare
    const counters: Counter[] = [
      { pk: 'total', sk: 'stage#intake', count: 12 },
      { pk: 'total', sk: 'outcome#employment', count: 3 },
      { pk: 'region', sk: 'TTA#stage#intake', count: 9 },
      { pk: 'region', sk: 'ORI#stage#intake', count: 3 },
      { pk: 'region', sk: 'ORI#outcome#employment', count: 3 },
    ];

    // Act
    const summary = summarize(counters, now);

    // Assess
    expect(summary.generatedAt).toBe('2025-06-15T10:00:00.000Z');
    expect(summary.smallCellMin).toBe(SMALL_CELL_MIN);
    expect(summary.totals).toEqual({
      stages: stageCounts({ intake: 12 }),
      outcomes: {
        employment: 3,
        tpe: 0,
        cooperative: 0,
        'auto-entrepreneur': 0,
        'further-training': 0,
        'no-placement': 0,
      },
    });
    expect(summary.byRegion.map((r) => [r.region, r.stages.intake, r.outcomes.employment])).toEqual([
      ['TTA', 9, 0],
      ['ORI', 3, 3],
    ]);
    expect(summary.byRegion[1]?.name.fr).toBe("L'Oriental");
  });

  it('leaves out finer counters, unknown regions and unknown stages or outcomes', () => {
    // Prepare
    const counters: Counter[] = [
      { pk: 'province', sk: 'NAD#stage#intake', count: 7 },
      { pk: 'sex', sk: 'ORI#F#stage#intake', count: 7 },
      { pk: 'ageBand', sk: 'ORI#18-24#stage#intake', count: 7 },
      { pk: 'region', sk: 'CAS#stage#intake', count: 7 },
      { pk: 'region', sk: 'ORI#stage#dropped-out', count: 7 },
      { pk: 'total', sk: 'outcome#unemployed', count: 7 },
    ];

    // Act
    const summary = summarize(counters, now);

    // Assess
    const allCounts = [
      ...Object.values(summary.totals.stages),
      ...Object.values(summary.totals.outcomes),
      ...summary.byRegion.flatMap((r) => [...Object.values(r.stages), ...Object.values(r.outcomes)]),
    ];
    expect(allCounts.every((c) => c === 0)).toBe(true);
    expect(summary.byRegion.map((r) => r.region)).toEqual(['TTA', 'ORI']);
    expect(Object.keys(summary.totals.outcomes)).not.toContain('unemployed');
  });

  it('adds up what countersFor counted, event by event', () => {
    // Prepare
    const events = [
      journeyEvent('b-1', 'intake', dimensions, now),
      journeyEvent('b-2', 'intake', { ...dimensions, region: 'TTA', province: 'TET' }, now),
      journeyEvent('b-1', 'placed', dimensions, now, 'cooperative'),
    ];
    const counts = new Map<string, Counter>();
    for (const key of events.flatMap(countersFor)) {
      const id = `${key.pk}|${key.sk}`;
      counts.set(id, { ...key, count: (counts.get(id)?.count ?? 0) + 1 });
    }

    // Act
    const summary = summarize([...counts.values()], now);

    // Assess
    expect(summary.totals.stages).toEqual(stageCounts({ intake: 2, placed: 1 }));
    expect(summary.totals.outcomes.cooperative).toBe(1);
    const ori = summary.byRegion.find((r) => r.region === 'ORI');
    expect(ori?.stages).toEqual(stageCounts({ intake: 1, placed: 1 }));
    expect(ori?.outcomes.cooperative).toBe(1);
  });
});

describe('suppressSmallCells', () => {
  it.each([1, 2, 3, 4])('suppresses %i', (count) => {
    // Act
    const cell = suppressSmallCells(count);

    // Assess
    expect(cell).toEqual({ suppressed: true });
  });

  it.each([0, 5, 6, 250])('publishes %i as it is', (count) => {
    // Act
    const cell = suppressSmallCells(count);

    // Assess
    expect(cell).toEqual({ count });
  });
});
