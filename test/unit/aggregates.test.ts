/**
 * Aggregates: the counters one journey event adds to, the published summary, and small-cell
 * suppression.
 */
import {
  countersFor,
  SMALL_CELL_MIN,
  summarize,
  summaryFor,
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

describe('summaryFor (disclosure control)', () => {
  /** A summary whose regions count these stages and outcomes (totals their sums). */
  const summaryOf = (
    tta: { stages?: Record<string, number>; outcomes?: Record<string, number> },
    ori: { stages?: Record<string, number>; outcomes?: Record<string, number> },
  ) => {
    const counters: Counter[] = [];
    const add = (pk: 'total' | 'region', sk: string, count: number) => {
      const found = counters.find((c) => c.pk === pk && c.sk === sk);
      if (found) found.count += count;
      else counters.push({ pk, sk, count });
    };
    for (const [region, counts] of [
      ['TTA', tta],
      ['ORI', ori],
    ] as const) {
      for (const [kind, values] of [
        ['stage', counts.stages ?? {}],
        ['outcome', counts.outcomes ?? {}],
      ] as const) {
        for (const [key, count] of Object.entries(values)) {
          add('region', `${region}#${kind}#${key}`, count);
          add('total', `${kind}#${key}`, count);
        }
      }
    }
    return summarize(counters, now);
  };
  const national = { role: 'governance' as const, region: 'national' };

  it('keeps every key, publishes a count from 1 to 4 as null with its complement, and lists what it hid', () => {
    // Prepare: ORI has 3 dropouts, TTA 40; ORI placed 2 in employment, TTA 30 in employment and 20 in tpe.
    const summary = summaryOf(
      {
        stages: { intake: 120, dropout: 40, placed: 50 },
        outcomes: { employment: 30, tpe: 20 },
      },
      { stages: { intake: 60, dropout: 3, placed: 2 }, outcomes: { employment: 2 } },
    );

    // Act
    const published = summaryFor(national, summary);

    // Assess: the foundation's shape, every stage and outcome present (numbers or null).
    expect(Object.keys(published.totals.stages).sort()).toEqual([...stages].sort());
    expect(published.byRegion.map((r) => r.region)).toEqual(['TTA', 'ORI']);
    for (const r of published.byRegion) expect(Object.keys(r.stages).sort()).toEqual([...stages].sort());
    expect(published.smallCellMin).toBe(SMALL_CELL_MIN);
    const [tta, ori] = published.byRegion;
    // Dropouts: ORI's 3 hidden, and TTA's 40 too (else 43 − 40 gives 3 back); the total published.
    expect(ori?.stages.dropout).toBeNull();
    expect(tta?.stages.dropout).toBeNull();
    expect(published.totals.stages.dropout).toBe(43);
    // Large counts are published as they are; zeros too.
    expect(tta?.stages.intake).toBe(120);
    expect(ori?.stages.intake).toBe(60);
    expect(published.totals.stages.intake).toBe(180);
    expect(ori?.stages.trained).toBe(0);
    // ORI's 2 placements (and their 2 employments) hidden, with what would give them back.
    expect(ori?.stages.placed).toBeNull();
    expect(ori?.outcomes.employment).toBeNull();
    expect(tta?.stages.placed).toBeNull();
    expect(published.hidden).toEqual(
      expect.arrayContaining([
        'byRegion.ORI.stages.dropout',
        'byRegion.TTA.stages.dropout',
        'byRegion.ORI.stages.placed',
        'byRegion.ORI.outcomes.employment',
      ]),
    );
    // Every null is listed, and only those.
    const nulls = [
      ...Object.entries(published.totals.stages).map(([k, v]) => [`totals.stages.${k}`, v] as const),
      ...Object.entries(published.totals.outcomes).map(([k, v]) => [`totals.outcomes.${k}`, v] as const),
      ...published.byRegion.flatMap((r) => [
        ...Object.entries(r.stages).map(([k, v]) => [`byRegion.${r.region}.stages.${k}`, v] as const),
        ...Object.entries(r.outcomes).map(([k, v]) => [`byRegion.${r.region}.outcomes.${k}`, v] as const),
      ]),
    ]
      .filter(([, v]) => v === null)
      .map(([path]) => path);
    expect([...published.hidden].sort()).toEqual(nulls.sort());
  });

  it('hides a small total too, and gives a region’s board its region hidden as the national summary hides it', () => {
    // Prepare: one unanswered journey in all, in ORI.
    const summary = summaryOf(
      { stages: { intake: 30, dropout: 25 } },
      { stages: { intake: 30, unanswered: 1, dropout: 2 } },
    );

    // Act
    const nationalView = summaryFor(national, summary);
    const oriBoard = summaryFor({ role: 'governance', region: 'ORI' }, summary);

    // Assess
    expect(nationalView.totals.stages.unanswered).toBeNull();
    expect(nationalView.hidden).toContain('totals.stages.unanswered');
    expect(oriBoard.byRegion.map((r) => r.region)).toEqual(['ORI']);
    expect(oriBoard.byRegion[0]?.stages).toEqual(nationalView.byRegion[1]?.stages);
    expect(oriBoard.totals.stages).toEqual(oriBoard.byRegion[0]?.stages);
    expect(oriBoard.totals.stages.dropout).toBeNull();
    expect(oriBoard.hidden).toEqual(
      expect.arrayContaining([
        'totals.stages.dropout',
        'byRegion.ORI.stages.dropout',
        'byRegion.ORI.stages.unanswered',
      ]),
    );
    expect(oriBoard.hidden.some((path) => path.startsWith('byRegion.TTA'))).toBe(false);
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
