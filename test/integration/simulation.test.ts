/**
 * The cohort simulator on the local platform: 30 synthetic beneficiaries, a fixed seed, time
 * accelerated, driven only through the public routes, the sign-in and the emails' links. Every
 * journey ends; the governance dashboard counts what the simulator reports; the report adds up.
 */
import { simulate, type SimulationReport } from '../../infra/local/simulate';
import { placementOutcomes } from '../../functions/domain/placement';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { signIn, startTestPlatform, type TestPlatform } from '../support/platform';

/** A day in about 0.22 s, a 7-day task period in about 1.5 s, a 12-month follow-up in about 79 s. */
const TIME_SCALE = 400_000;
const BENEFICIARIES = 30;

// About 3.5 minutes: intakes over 6 months of the platform's clock, then the last 12-month follow-ups.
jest.setTimeout(480_000);

let platform: TestPlatform;
let report: SimulationReport;
const notes: string[] = [];

beforeAll(async () => {
  platform = await startTestPlatform('simulation', TIME_SCALE);
  report = await simulate({
    url: platform.urls.app,
    inbox: platform.urls.inbox,
    beneficiaries: BENEFICIARIES,
    seed: 5,
    // No --time-scale: the simulator reads the platform's from /health, as README says.
    // Intakes over 6 months of the platform's clock (about 40 s), so the platform is not flooded;
    // seed 5 reopens no journey, so the run ends with the 12-month follow-ups of the last intakes.
    intakeMonths: 6,
    maxMinutes: 6,
    pollMs: 100,
    progress: false,
    log: (line) => notes.push(line),
  });
});

afterAll(async () => {
  await platform?.stop();
});

const sum = (counts: Record<string, number | undefined>) =>
  Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);

test('every journey ends, through the platform’s own tasks and links', () => {
  expect({ end: report.end, reason: report.endReason, notes: notes.slice(0, 5) }).toMatchObject({
    end: 'all-ended',
  });
  expect(report.intakesPosted).toBe(BENEFICIARIES);
  expect(report.journeys).toBe(BENEFICIARIES + report.reopened);
  expect(report.journeysEnded).toBe(report.journeys);
  expect(report.left).toEqual({});
  // Every journey ended as its coaches decided. On a loaded machine the platform may take longer
  // than the simulator waits (20 days of its clock) to send a journey's next task: a few such
  // journeys are reported as gone silent, never one closed unanswered or left without a coach.
  expect(report.endedOtherwise.unanswered ?? 0).toBe(0);
  expect(report.endedOtherwise['no-coach'] ?? 0).toBe(0);
  expect(report.endedOtherwise.silent ?? 0).toBeLessThanOrEqual(3);
  expect(report.refusedAnswers).toBe(0);
  expect(report.failedRequests).toBe(0);
  expect(report.timeScaleSource).toBe('health');
  expect(report.timeScale).toBe(TIME_SCALE);
});

test('the governance dashboard counts the intakes and as many placements as the simulator reports', async () => {
  // The counts as kept (the aggregates table): each what the simulator did.
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.aggregates,
      KeyConditionExpression: 'pk = :total',
      ExpressionAttributeValues: { ':total': 'total' },
      ConsistentRead: true,
    }),
  );
  const kept = new Map(Items.map((item) => [String(item.sk), Number(item.count)]));
  const stage = (name: string) => kept.get(`stage#${name}`) ?? 0;
  expect(stage('intake')).toBe(BENEFICIARIES);
  expect(stage('placed')).toBe(report.placements);
  for (const outcome of placementOutcomes)
    expect([outcome, kept.get(`outcome#${outcome}`) ?? 0]).toEqual([outcome, report.outcomes[outcome]]);
  expect(stage('not-placed')).toBe(report.outcomes['no-placement']);
  expect(stage('dropout')).toBe(report.dropouts);
  expect(stage('no-show')).toBe(report.missedInterviews);
  expect(stage('follow-up')).toBe(report.followUpsAnswered);
  expect(stage('reopened')).toBe(report.reopened);
  // The summary publishes them under disclosure control: each total the count kept, or null and
  // listed as hidden (never a count from 1 to 4).
  const governance = await signIn(platform, 'governance', 'national');
  const response = await fetch(`${platform.urls.app}/api/dashboard/summary`, { headers: governance.bearer });
  expect(response.status).toBe(200);
  const summary = (await response.json()) as {
    totals: { stages: Record<string, number | null>; outcomes: Record<string, number | null> };
    hidden: string[];
  };
  for (const [kind, counts] of [
    ['stages', summary.totals.stages],
    ['outcomes', summary.totals.outcomes],
  ] as const) {
    for (const [key, published] of Object.entries(counts)) {
      const count = kept.get(`${kind === 'stages' ? 'stage' : 'outcome'}#${key}`) ?? 0;
      if (published === null) expect(summary.hidden).toContain(`totals.${kind}.${key}`);
      else expect([key, published]).toEqual([key, count]);
      if (count > 0 && count < 5) expect([key, published]).toEqual([key, null]);
    }
  }
  expect(summary.totals.stages.intake).toBe(BENEFICIARIES);
  // The report read the same counts at its end.
  expect(report.dashboard?.after.placed).toBe(report.placements);
  expect(report.dashboard?.after.intake).toBe(BENEFICIARIES);
});

test('the report’s numbers add up', () => {
  const placedOutcomes = placementOutcomes.filter((o) => o !== 'no-placement');
  expect(report.placements).toBe(sum(Object.fromEntries(placedOutcomes.map((o) => [o, report.outcomes[o]]))));
  expect(report.outcomes['no-placement']).toBe(sum(report.notPlacedReasons));
  expect(report.dropouts).toBe(sum(report.dropoutReasons));
  expect(report.peoplePlaced).toBeLessThanOrEqual(report.placements);
  expect(report.peoplePlaced).toBeGreaterThanOrEqual(report.placements - report.reopened);
  // Each journey ended one way: placed (then followed up), not placed, or left early — or went
  // silent (see above), which a placed journey may do at a follow-up.
  const decided = report.placements + report.outcomes['no-placement'] + report.dropouts;
  expect(decided).toBeLessThanOrEqual(report.journeys);
  expect(decided + sum(report.endedOtherwise)).toBeGreaterThanOrEqual(report.journeys);
  expect(report.tasksAnswered).toBe(sum(report.tasksByType));
  expect(report.tasksByType['follow-up'] ?? 0).toBe(report.followUpsAnswered);
  // A placed journey is followed up at 3, 6 and 12 months unless the person stops working first.
  expect(report.followUpsAnswered).toBeGreaterThanOrEqual(report.placements - sum(report.endedOtherwise));
  expect(report.followUpsAnswered).toBeLessThanOrEqual(3 * report.placements);
  // Every task answered came by an email of its own; the others are reminders or announcements.
  expect(report.emails.newTasks).toBeGreaterThanOrEqual(report.tasksAnswered);
  expect(report.emails.read).toBe(
    report.emails.newTasks +
      report.emails.repeatedLinks +
      report.emails.queue +
      report.emails.escalations +
      report.emails.other,
  );
  expect(report.cohort.people).toBe(BENEFICIARIES);
  expect(report.elapsedMs).toBeGreaterThan(0);
  expect(report.platformDays).toBeGreaterThan(365);
});
