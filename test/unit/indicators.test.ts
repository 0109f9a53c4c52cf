/**
 * The governance indicators: what one journey event counts (and under which keys, so any filter
 * of sex and age band reads its counters directly), the filters of a view, and the published
 * indicators built from counters — every count of people through disclosure control, every rate
 * hidden where its counts are small.
 */
import {
  boardAgeBandOf,
  indicatorFacts,
  indicatorKeys,
  viewCounts,
  parseIndicatorFilters,
  timeToPlacementStep,
  type CountedJourneyEvent,
  type IndicatorTable,
} from '../../functions/domain/indicators';
import { buildIndicators, type IndicatorReading } from '../../functions/domain/indicator-tables';
import type { PublishedCell } from '../../functions/domain/disclosure';

const base: CountedJourneyEvent = {
  stage: 'intake',
  region: 'ORI',
  province: 'NAD',
  sex: 'F',
  ageBand: '18-24',
  educationLevel: 'baccalaureate',
  sector: 'hospitality',
  vulnerability: ['single-parent', 'rural-isolation'],
  track: 'training-first',
  occurredAt: '2026-11-20T10:00:00.000Z',
};

describe('what one event counts', () => {
  it('counts an intake as reached, and in each breakdown (each vulnerability factor)', () => {
    // Act
    const facts = indicatorFacts(base);

    // Assess
    expect(facts).toEqual([
      'reached#intake',
      'by#sex#F#intakes',
      'by#ageBand#15-24#intakes',
      'by#province#NAD#intakes',
      'by#education#baccalaureate#intakes',
      'by#sector#hospitality#intakes',
      'by#vulnerability#single-parent#intakes',
      'by#vulnerability#rural-isolation#intakes',
      'by#track#training-first#intakes',
    ]);
  });

  it('counts a placement with its outcome, its end, its decent-work facts and its time from intake', () => {
    // Act
    const facts = indicatorFacts({
      ...base,
      stage: 'placed',
      outcome: 'tpe',
      work: { cnssDeclared: 'yes', workingTime: 'full-time', incomeBand: '2000-3499' },
      daysToPlacement: 95,
    });

    // Assess
    expect(facts.slice(0, 9)).toEqual([
      'reached#placed',
      'placed',
      'outcome#tpe',
      'ended',
      'ended-outcome',
      'cnss#yes',
      'time#full-time',
      'income#2000-3499',
      'ttp#90-119',
    ]);
    expect(facts).toContain('by#track#training-first#placed');
  });

  it('counts a repeated step or a reopened journey’s step as no new person in the funnel', () => {
    // Act
    const second = indicatorFacts({ ...base, stage: 'coaching-session', occurrence: 2 });
    const reopened = indicatorFacts({ ...base, stage: 'placed', outcome: 'employment', journey: 2 });

    // Assess
    expect(second).toEqual([]);
    expect(reopened).not.toContain('reached#placed');
    expect(reopened).toEqual(expect.arrayContaining(['placed', 'outcome#employment', 'ended']));
  });

  it('counts a follow-up as followed, and in work when in the same job or another', () => {
    // Act
    const same = indicatorFacts({
      ...base,
      stage: 'follow-up',
      occurrence: 6,
      work: { workStatus: 'other' },
    });
    const none = indicatorFacts({
      ...base,
      stage: 'follow-up',
      occurrence: 12,
      work: { workStatus: 'none' },
    });

    // Assess
    expect(same).toEqual(['followed#6', 'inWork#6']);
    expect(none).toEqual(['followed#12']);
  });

  it('counts a dropout with its reason as an end without an outcome', () => {
    expect(indicatorFacts({ ...base, stage: 'dropout', reason: 'health' })).toEqual([
      'reached#dropout',
      'dropout#health',
      'ended',
    ]);
  });

  it('keys every fact in its region and province partition of its month, under its own sex and age band and under any', () => {
    // Act
    const keys = indicatorKeys({ ...base, stage: 'interviewed' });

    // Assess
    expect(keys).toEqual([
      { pk: 'ind-months', sk: 'ORI#2026-11' },
      { pk: 'ind#ORI#2026-11', sk: 'F#15-24#reached#interviewed' },
      { pk: 'ind#ORI#2026-11', sk: '*#*#reached#interviewed' },
      { pk: 'ind#ORI:NAD#2026-11', sk: 'F#15-24#reached#interviewed' },
      { pk: 'ind#ORI:NAD#2026-11', sk: '*#*#reached#interviewed' },
    ]);
  });

  it('reads a view without filters from the totals alone, not from the cells', () => {
    expect(Object.fromEntries(viewCounts([{ sk: '*#*#placed', count: 2 }], {}))).toEqual({ placed: 2 });
    expect(Object.fromEntries(viewCounts([{ sk: 'F#15-24#placed', count: 2 }], {}))).toEqual({});
  });

  it('sums the cells a filtered view keeps, by fact, and skips the counters of one "any" written before', () => {
    // Arrange: a month's cells and totals, with the counters of one "any" that events counted
    // before 30 November 2026 wrote.
    const cells = [
      { sk: 'F#15-24#reached#intake', count: 3 },
      { sk: 'F#35+#reached#intake', count: 2 },
      { sk: 'M#15-24#reached#intake', count: 4 },
      { sk: 'M#25-34#placed', count: 1 },
      { sk: 'F#*#reached#intake', count: 5 },
      { sk: '*#15-24#reached#intake', count: 7 },
      { sk: '*#*#reached#intake', count: 9 },
      { sk: '*#*#placed', count: 1 },
      { sk: '*#*#phase#coaching#7-13', count: 6 },
      { sk: 'F#15-24#phase#coaching#7-13', count: 6 },
    ];

    // Act
    const all = viewCounts(cells, {});
    const women = viewCounts(cells, { sex: 'F' });
    const young = viewCounts(cells, { ageBand: '15-24' });
    const youngMen = viewCounts(cells, { sex: 'M', ageBand: '15-24' });

    // Assess
    expect(Object.fromEntries(all)).toEqual({
      'reached#intake': 9,
      placed: 1,
      'phase#coaching#7-13': 6,
    });
    expect(Object.fromEntries(women)).toEqual({ 'reached#intake': 5, 'phase#coaching#7-13': 6 });
    expect(Object.fromEntries(young)).toEqual({ 'reached#intake': 7, 'phase#coaching#7-13': 6 });
    expect(Object.fromEntries(youngMen)).toEqual({ 'reached#intake': 4 });
  });

  it('groups the profile’s age bands as the boards read them, and days in 30-day steps', () => {
    expect(['15-17', '18-24', '25-34', '35-44', '45+'].map(boardAgeBandOf)).toEqual([
      '15-24',
      '15-24',
      '25-34',
      '35+',
      '35+',
    ]);
    expect([0, 29, 30, 359, 360, 900].map(timeToPlacementStep)).toEqual([
      '0-29',
      '0-29',
      '30-59',
      '330-359',
      '360+',
      '360+',
    ]);
  });
});

describe('the filters of a view', () => {
  it('reads every filter, and names each wrong one', () => {
    // Act
    const good = parseIndicatorFilters(
      { region: 'TTA', province: 'TNG', from: '2026-01', to: '2026-12', sex: 'F', ageBand: '15-24' },
      { region: 'national' },
    );
    const bad = parseIndicatorFilters(
      { region: 'XX', province: 'NAD', from: '2026-13', to: '2025-01', sex: 'X', ageBand: '18-24' },
      { region: 'national' },
    );

    // Assess
    expect(good).toEqual({
      ok: true,
      filters: { region: 'TTA', province: 'TNG', from: '2026-01', to: '2026-12', sex: 'F', ageBand: '15-24' },
    });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(['region', 'from', 'sex', 'ageBand']);
  });

  it('keeps a region’s board in its region whatever it asks, and refuses a province of another', () => {
    // Act
    const other = parseIndicatorFilters({ region: 'TTA' }, { region: 'ORI' });
    const province = parseIndicatorFilters({ province: 'TNG' }, { region: 'ORI' });

    // Assess
    expect(other).toEqual({ ok: true, filters: { region: 'ORI' } });
    expect(province.ok ? [] : province.errors.map((e) => e.field)).toEqual(['province']);
  });

  it('takes a national view asking for a province to that province’s region', () => {
    expect(parseIndicatorFilters({ province: 'NAD' }, { region: 'national' })).toEqual({
      ok: true,
      filters: { region: 'ORI', province: 'NAD' },
    });
  });
});

describe('the published indicators', () => {
  const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));
  const reading = (cells: IndicatorReading['cells']): IndicatorReading => ({
    cells,
    offerDemand: [
      { sk: 'ORI#NAD#hospitality#2026-11#seats', count: 12 },
      { sk: 'ORI#NAD#hospitality#2026-11#aspirations', count: 3 },
      { sk: 'ORI#OUJ#logistics#2026-11#aspirations', count: 9 },
      { sk: 'TTA#TNG#logistics#2026-11#seats', count: 40 },
    ],
    waitingForCoach: 2,
    overdueTasks: 7,
  });
  const now = new Date('2026-12-01T00:00:00Z');
  const valueOf = (cell: PublishedCell | undefined) => (cell && 'count' in cell ? cell.count : 'hidden');
  const column = (table: IndicatorTable, index = 0) =>
    Object.fromEntries(table.rows.map((row) => [row.key, valueOf(row.cells[index])]));

  const november = counts({
    'reached#intake': 40,
    placed: 16,
    ended: 25,
    'ended-outcome': 20,
    'outcome#employment': 9,
    'outcome#tpe': 3,
    'outcome#cooperative': 2,
    'outcome#auto-entrepreneur': 2,
    'outcome#no-placement': 4,
    'by#sex#F#intakes': 26,
    'by#sex#M#intakes': 14,
    'by#sex#F#placed': 12,
    'by#sex#M#placed': 4,
    'by#ageBand#15-24#intakes': 30,
    'by#ageBand#25-34#intakes': 10,
    'followed#6': 10,
    'inWork#6': 8,
    'ttp#60-89': 6,
    'ttp#90-119': 6,
    'ttp#120-149': 4,
  });

  it('publishes the headline with rates, hiding those whose counts are small', () => {
    // Act
    const indicators = buildIndicators(
      reading([{ region: 'ORI', month: '2026-11', counts: november }]),
      {},
      5,
      now,
    );

    // Assess
    expect(indicators.headline).toEqual({
      intakes: { count: 40 },
      placed: { count: 16 },
      placementRate: { rate: 64 },
      womenShare: { rate: 65 },
      youthShare: { rate: 75 },
      // 8 of 10 in work: the 2 not in work are a small count the rate would give back.
      retention6: { suppressed: true },
      retention12: { suppressed: true },
      medianDaysToPlacement: 105,
      outcomeCompleteness: { rate: 80 },
    });
    expect(indicators.health).toEqual({ waitingForCoach: { suppressed: true }, overdueTasks: { count: 7 } });
  });

  it('shows the coaches’ caseloads against their capacity, the people followed protected', () => {
    // Act
    const busy = buildIndicators(
      {
        ...reading([]),
        coaches: [
          { followed: 30, capacity: 40 },
          { followed: 20, capacity: 40 },
        ],
      },
      {},
      5,
      now,
    );
    const quiet = buildIndicators({ ...reading([]), coaches: [{ followed: 2, capacity: 40 }] }, {}, 5, now);

    // Assess
    expect(busy.health.caseload).toEqual({
      coaches: 2,
      followed: { count: 50 },
      capacity: 80,
      use: { rate: 62.5 },
    });
    expect(quiet.health.caseload).toEqual({
      coaches: 1,
      followed: { suppressed: true },
      capacity: 40,
      use: { suppressed: true },
    });
  });

  it('hides small outcomes and enough others that no subtraction from the total gives one back', () => {
    // Act
    const { outcomes } = buildIndicators(
      reading([{ region: 'ORI', month: '2026-11', counts: november }]),
      {},
      5,
      now,
    );

    // Assess
    const published = column(outcomes);
    expect(published).toMatchObject({ employment: 9, tpe: 'hidden', cooperative: 'hidden' });
    expect(valueOf(outcomes.grandTotal)).toBe(20);
    // Whatever is published: the hidden ones never come back from the total.
    const known = Object.values(published).filter((v): v is number => typeof v === 'number');
    const hidden = Object.values(published).filter((v) => v === 'hidden').length;
    expect(hidden === 0 || hidden >= 2).toBe(true);
    expect(known.reduce((a, b) => a + b, 0)).toBeLessThan(20);
  });

  it('sums months and regions, and compares regions in a national view only', () => {
    // Prepare
    const cells = [
      { region: 'ORI', month: '2026-10', counts: counts({ 'reached#intake': 10, placed: 5 }) },
      { region: 'ORI', month: '2026-11', counts: november },
      { region: 'TTA', month: '2026-11', counts: counts({ 'reached#intake': 30, placed: 6 }) },
    ];

    // Act
    const national = buildIndicators(reading(cells), {}, 5, now);
    const ori = buildIndicators(reading(cells.slice(0, 2)), { region: 'ORI' }, 5, now);

    // Assess
    expect(national.headline.intakes).toEqual({ count: 80 });
    expect(column(national.monthly)).toEqual({ '2026-10': 10, '2026-11': 70 });
    expect(column(national.monthly, 1)).toEqual({ '2026-10': 5, '2026-11': 22 });
    expect(national.regions && column(national.regions)).toEqual({ TTA: 30, ORI: 50 });
    expect(ori.regions).toBeUndefined();
    expect(ori.headline.intakes).toEqual({ count: 50 });
  });

  it('shows the offer against the demand of the view’s region, aspirations protected', () => {
    // Act
    const { offerDemand } = buildIndicators(reading([]), { region: 'ORI' }, 5, now);

    // Assess
    expect(offerDemand.columns).toEqual(['seats', 'positions', 'aspirations']);
    expect(offerDemand.rows.map((r) => r.key)).toEqual(['hospitality', 'logistics']);
    expect(offerDemand.rows[0]?.cells).toEqual([{ count: 12 }, { count: 0 }, { suppressed: true }]);
    // 3 hidden: its complement (9) too, so that the total does not give it back.
    expect(offerDemand.rows[1]?.cells[2]).toEqual({ suppressed: true });
    expect(offerDemand.columnTotals[2]).toEqual({ count: 12 });
  });

  it('shows the same offer against the demand from the totals over the months, for whole regions', () => {
    // Prepare: the totals of the monthly counters above (provinces and months summed).
    const totals = [
      { sk: 'ORI#hospitality#seats', count: 12 },
      { sk: 'ORI#hospitality#aspirations', count: 3 },
      { sk: 'ORI#logistics#aspirations', count: 9 },
      { sk: 'TTA#logistics#seats', count: 40 },
    ];
    const fromTotals = { ...reading([]), offerDemand: [], offerDemandTotals: totals };

    // Assess: the region's view and the nation's are the months' own.
    for (const filters of [{ region: 'ORI' }, {}])
      expect(buildIndicators(fromTotals, filters, 5, now).offerDemand).toEqual(
        buildIndicators(reading([]), filters, 5, now).offerDemand,
      );
    // A view of a province or of months cannot be answered from them: an error, not a wrong table.
    expect(() => buildIndicators(fromTotals, { region: 'ORI', province: 'NAD' }, 5, now)).toThrow(/monthly/);
    expect(() => buildIndicators(fromTotals, { from: '2026-11' }, 5, now)).toThrow(/monthly/);
  });

  it('protects each breakdown as a list, and the vulnerability factors (several a person) value by value', () => {
    // Prepare
    const withFactors = counts({
      'reached#intake': 20,
      'by#vulnerability#disability#intakes': 3,
      'by#vulnerability#single-parent#intakes': 12,
      'by#sex#F#intakes': 17,
      'by#sex#M#intakes': 3,
    });

    // Act
    const { breakdowns } = buildIndicators(
      reading([{ region: 'ORI', month: '2026-11', counts: withFactors }]),
      {},
      5,
      now,
    );

    // Assess
    const sex = breakdowns.sex as IndicatorTable;
    expect(column(sex)).toEqual({ F: 'hidden', M: 'hidden' });
    expect(sex.columnTotals[0]).toEqual({ count: 20 });
    const factors = breakdowns.vulnerability as IndicatorTable;
    expect(column(factors)).toMatchObject({ disability: 'hidden', 'single-parent': 12 });
    expect(factors.columnTotals[0]).toEqual({ count: 20 });
  });
});
