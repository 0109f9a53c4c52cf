/**
 * Time in each stage: the phase an event moves a journey into and the days spent in the phase it
 * leaves (stamped from the record's mark, so a redo computes the same), the counters that stamp
 * adds to, the published table (each phase a protected list, its median), and the dashboard's
 * chart, table and CSV in the three languages.
 */
import {
  journeyEvent,
  journeyPhases,
  phaseChange,
  phaseOf,
  stages,
  type JourneyEvent,
} from '../../functions/domain/journey-events';
import {
  countedIndicatorKeys,
  indicatorKeys,
  INDICATORS,
  phaseDayStep,
  phaseDaySteps,
  phaseTimeKeys,
  type CountedJourneyEvent,
} from '../../functions/domain/indicators';
import { buildIndicators, type IndicatorReading } from '../../functions/domain/indicator-tables';
import { recoverHiddenValues, type PublishedCell } from '../../functions/domain/disclosure';
import type { Dimensions } from '../../functions/domain/profile';
import type { Lang } from '../../functions/domain/reference-data';
import type { Principal } from '../../functions/domain/access';
import { dashboardTables, governanceDashboardPage } from '../../functions/views/governance-page';
import { dashboardCsv } from '../../functions/views/dashboard-csv';

const dimensions: Dimensions = {
  region: 'ORI',
  province: 'NAD',
  sex: 'F',
  ageBand: '18-24',
  educationLevel: 'primary',
};
const at = (iso: string) => new Date(iso);
const event = (stage: JourneyEvent['stage'], iso: string, occurrence?: number) =>
  journeyEvent('b-1', stage, dimensions, at(iso), occurrence === undefined ? {} : { occurrence });

describe('the phase a journey is in', () => {
  it('puts every stage in a phase, an end, or (follow-ups) none', () => {
    // Act
    const phases = Object.fromEntries(stages.map((stage) => [stage, phaseOf(stage)]));

    // Assess
    expect(phases).toMatchObject({
      intake: 'waiting-for-coach',
      'waiting-for-coach': 'waiting-for-coach',
      reopened: 'waiting-for-coach',
      'coach-assigned': 'interview',
      'no-show': 'interview',
      interviewed: 'coaching',
      'coaching-session': 'coaching',
      'consent-given': 'coaching',
      'training-chosen': 'training',
      'training-enrolled': 'training',
      trained: 'coaching',
      placed: 'ended',
      dropout: 'ended',
      'follow-up': undefined,
    });
  });

  it('stamps the phase left and its days when the journey moves on, and moves the mark', () => {
    // Prepare: the journey waits for a coach since 3 March 10:00.
    const mark = { phase: 'waiting-for-coach', phaseSince: '2026-03-03T10:00:00.000Z' };

    // Act: assigned 9 days and 23 hours later.
    const change = phaseChange(event('coach-assigned', '2026-03-13T09:00:00.000Z'), mark, 1);

    // Assess: whole days, on the platform's clock.
    expect(change.event).toMatchObject({
      stage: 'coach-assigned',
      leftPhase: 'waiting-for-coach',
      daysInPhase: 9,
    });
    expect(change.mark).toEqual({ phase: 'interview', phaseSince: '2026-03-13T09:00:00.000Z' });
  });

  it('counts days on the accelerated clock of a local run', () => {
    // Act: two real hours at 24 days an hour... here a scale of 240: 20 days.
    const change = phaseChange(
      event('interviewed', '2026-03-03T12:00:00.000Z'),
      { phase: 'interview', phaseSince: '2026-03-03T10:00:00.000Z' },
      240,
    );

    // Assess
    expect(change.event.daysInPhase).toBe(20);
  });

  it('stamps nothing while the phase stays, nor on a redo of the step that set the mark', () => {
    // Prepare
    const coaching = { phase: 'coaching', phaseSince: '2026-03-20T10:00:00.000Z' };

    // Act
    const session = phaseChange(event('coaching-session', '2026-04-02T10:00:00.000Z', 2), coaching, 1);
    const redo = phaseChange(event('interviewed', '2026-04-03T10:00:00.000Z'), coaching, 1);

    // Assess
    expect(session).toEqual({ event: event('coaching-session', '2026-04-02T10:00:00.000Z', 2) });
    expect(redo.event.leftPhase).toBeUndefined();
    expect(redo.mark).toBeUndefined();
  });

  it('stamps the same days again when the step is redone from the same record', () => {
    // Prepare
    const mark = { phase: 'training', phaseSince: '2026-05-01T10:00:00.000Z' };

    // Act: the same step computed twice (the second write of the event is refused: its id is the stage).
    const first = phaseChange(event('trained', '2026-06-15T10:00:00.000Z', 1), mark, 1);
    const again = phaseChange(event('trained', '2026-06-15T10:00:00.000Z', 1), mark, 1);

    // Assess
    expect(first).toEqual(again);
    expect(first.event.daysInPhase).toBe(45);
  });

  it('starts the mark without a stamp on a record that has none (a journey begun before phases)', () => {
    // Act
    const first = phaseChange(event('intake', '2026-03-03T10:00:00.000Z'), undefined, 1);
    const noTime = phaseChange(
      event('coach-assigned', '2026-03-05T10:00:00.000Z'),
      { phase: 'waiting-for-coach' },
      1,
    );
    const ended = phaseChange(
      event('reopened', '2026-09-05T10:00:00.000Z'),
      { phase: 'ended', phaseSince: '2026-06-01T00:00:00.000Z' },
      1,
    );

    // Assess
    expect(first.event.leftPhase).toBeUndefined();
    expect(first.mark).toEqual({ phase: 'waiting-for-coach', phaseSince: '2026-03-03T10:00:00.000Z' });
    expect(noTime.event.leftPhase).toBeUndefined();
    expect(noTime.mark?.phase).toBe('interview');
    expect(ended.event.leftPhase).toBeUndefined();
  });
});

describe('what the time in a phase counts', () => {
  it('puts days in steps', () => {
    // Act
    const steps = [0, 6, 7, 13, 14, 29, 30, 59, 60, 89, 90, 179, 180, 900].map(phaseDayStep);

    // Assess
    expect(steps).toEqual([
      '0-6',
      '0-6',
      '7-13',
      '7-13',
      '14-29',
      '14-29',
      '30-59',
      '30-59',
      '60-89',
      '60-89',
      '90-179',
      '90-179',
      '180+',
      '180+',
    ]);
  });

  it('keys the phase’s step under the region and province of the month the phase ended, own and any sex and age', () => {
    // Prepare
    const counted: CountedJourneyEvent = {
      stage: 'coach-assigned',
      ...dimensions,
      leftPhase: 'waiting-for-coach',
      daysInPhase: 12,
      occurredAt: '2026-03-13T09:00:00.000Z',
    };

    // Act
    const keys = phaseTimeKeys(counted);

    // Assess
    expect(keys).toContainEqual({ pk: 'ind-months', sk: 'ORI#2026-03' });
    expect(
      keys
        .filter((k) => k.pk.startsWith(INDICATORS + '#'))
        .map((k) => `${k.pk}|${k.sk}`)
        .sort(),
    ).toEqual(
      [
        'ind#ORI#2026-03|F#15-24#phase#waiting-for-coach#7-13',
        'ind#ORI#2026-03|*#*#phase#waiting-for-coach#7-13',
        'ind#ORI:NAD#2026-03|F#15-24#phase#waiting-for-coach#7-13',
        'ind#ORI:NAD#2026-03|*#*#phase#waiting-for-coach#7-13',
      ].sort(),
    );
    expect(phaseTimeKeys({ ...counted, leftPhase: undefined, daysInPhase: undefined })).toEqual([]);
  });

  it('counts them after the indicators’ own keys, each once, so an event’s earlier parts stay as they were', () => {
    // Prepare
    const counted: CountedJourneyEvent = {
      stage: 'coach-assigned',
      ...dimensions,
      leftPhase: 'waiting-for-coach',
      daysInPhase: 12,
      occurredAt: '2026-03-13T09:00:00.000Z',
    };
    const unstamped = { ...counted, leftPhase: undefined, daysInPhase: undefined };

    // Act
    const keys = countedIndicatorKeys(counted);

    // Assess
    expect(countedIndicatorKeys(unstamped)).toEqual(indicatorKeys(unstamped));
    expect(keys.slice(0, indicatorKeys(counted).length)).toEqual(indicatorKeys(counted));
    expect(keys.slice(indicatorKeys(counted).length).every((k) => k.sk.includes('#phase#'))).toBe(true);
    expect(new Set(keys.map((k) => `${k.pk}|${k.sk}`)).size).toBe(keys.length);
    expect(keys.filter((k) => k.sk.includes('#phase#'))).toHaveLength(4);
  });
});

const now = new Date('2026-12-01T00:00:00Z');
const reading = (counts: Record<string, number>): IndicatorReading => ({
  cells: [{ region: 'ORI', month: '2026-11', counts: new Map(Object.entries(counts)) }],
  offerDemand: [],
  waitingForCoach: 0,
  overdueTasks: 0,
});
const valueOf = (cell: PublishedCell | undefined) => (cell && 'count' in cell ? cell.count : 'hidden');

describe('the published time in each stage', () => {
  const counts = {
    'phase#waiting-for-coach#0-6': 20,
    'phase#waiting-for-coach#7-13': 12,
    'phase#waiting-for-coach#30-59': 2,
    'phase#interview#7-13': 3,
    'phase#coaching#30-59': 8,
    'phase#coaching#60-89': 9,
    'phase#coaching#90-179': 10,
  };

  it('publishes each phase’s journeys by step of days, protected, with its total and median', () => {
    // Act
    const { stageTimes } = buildIndicators(reading(counts), { region: 'ORI' }, 5, now);

    // Assess
    expect(stageTimes?.columns).toEqual([...phaseDaySteps]);
    expect(stageTimes?.rows.map((r) => r.key)).toEqual([...journeyPhases]);
    const row = (key: string) => stageTimes?.rows.find((r) => r.key === key);
    // Waiting: the 2 hidden, and the 12 beside them (else 34 − 20 − 12 gives 2 back).
    expect(row('waiting-for-coach')?.cells.map(valueOf)).toEqual([20, 'hidden', 0, 'hidden', 0, 0, 0]);
    expect(valueOf(row('waiting-for-coach')?.total)).toBe(34);
    expect(row('waiting-for-coach')?.medianDays).toBe(3);
    // Interview: 3 journeys in all: hidden, total too, no median.
    expect(valueOf(row('interview')?.total)).toBe('hidden');
    expect(row('interview')?.medianDays).toBeNull();
    // Coaching: 27 journeys, the 14th in 60-89.
    expect(row('coaching')?.cells.map(valueOf)).toEqual([0, 0, 0, 8, 9, 10, 0]);
    expect(row('coaching')?.medianDays).toBe(75);
    // Nothing counted: zeros, no median.
    expect(valueOf(row('training')?.total)).toBe(0);
    expect(row('training')?.medianDays).toBeNull();
    expect(stageTimes?.columnTotals).toEqual([]);
  });

  it('gives an attacker nothing back from any phase’s row and its total', () => {
    // Act
    const { stageTimes } = buildIndicators(reading(counts), { region: 'ORI' }, 5, now);

    // Assess
    for (const row of stageTimes?.rows ?? []) {
      const recovered = recoverHiddenValues({
        cells: row.cells.map((cell) => [cell]),
        rowTotals: row.cells,
        columnTotals: [row.total],
        grandTotal: row.total,
      });
      expect([row.key, recovered]).toEqual([row.key, []]);
    }
  });
});

describe('the time in each stage on the dashboard', () => {
  const board: Principal = {
    personId: 'GOVERNANCE-ORI',
    displayName: 'Instance régionale',
    role: 'governance',
    region: 'ORI',
  };
  const indicators = buildIndicators(
    reading({
      'phase#waiting-for-coach#0-6': 20,
      'phase#waiting-for-coach#7-13': 12,
      'phase#waiting-for-coach#30-59': 2,
      'phase#coaching#60-89': 9,
    }),
    { region: 'ORI' },
    5,
    now,
  );
  const names: Record<Lang, { title: string; waiting: string; median: string }> = {
    fr: { title: 'Temps passé à chaque étape', waiting: 'Attente d’un coach', median: 'Médiane (jours)' },
    ar: { title: 'المدة في كل مرحلة', waiting: 'انتظار مرافق', median: 'الوسيط (أيام)' },
    en: { title: 'Time in each stage', waiting: 'Waiting for a coach', median: 'Median (days)' },
  };

  it.each(['fr', 'ar', 'en'] as const)(
    'shows its table (steps, journeys, median) and its chart of medians in %s',
    (lang) => {
      // Act
      const page = governanceDashboardPage(lang, indicators, board);
      const table = /<table data-table="stage-times">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
      const json =
        /<script type="application\/json" id="dashboard-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
      const chart = (
        JSON.parse(json) as {
          charts: {
            id: string;
            categories: string[];
            series: { name: string; values: (number | null)[] }[];
          }[];
        }
      ).charts.find((c) => c.id === 'stage-times');

      // Assess
      expect(page).toContain(names[lang].title);
      expect(page).toContain('data-chart="stage-times"');
      expect(table).toContain(names[lang].waiting);
      expect(table).toContain(names[lang].median);
      expect(table).toMatch(
        /<tr data-key="waiting-for-coach">.*<td class="num">34<\/td><td class="num">3<\/td><\/tr>/,
      );
      expect(table).toMatch(
        /<tr data-key="interview">.*<td class="num">0<\/td><td class="num" data-suppressed="true">[^<]+<\/td><\/tr>/,
      );
      expect(table).not.toMatch(/dashboard\.|phases\./);
      expect(chart?.categories[0]).toBe(names[lang].waiting);
      expect(chart?.series).toEqual([{ name: names[lang].median, values: [3, null, 75, null] }]);
    },
  );

  it('is exported in the CSV as the page shows it', () => {
    // Act
    const csv = dashboardCsv('en', indicators, board).body;
    const tables = dashboardTables('en', indicators, false);

    // Assess
    expect(tables.map((t) => t.id)).toContain('stage-times');
    expect(csv).toContain('\r\nTime in each stage (median days)\r\n');
    expect(csv).toContain(
      'Stage,0 to 6 days,7 to 13 days,14 to 29 days,30 to 59 days,60 to 89 days,90 to 179 days,180 days or more,Journeys,Median (days)\r\n',
    );
    expect(csv).toContain('Waiting for a coach,20,hidden,0,hidden,0,0,0,34,3\r\n');
    expect(csv).toContain('Coaching,0,0,0,0,9,0,0,9,75\r\n');
  });
});
