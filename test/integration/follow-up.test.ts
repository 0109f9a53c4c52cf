/**
 * After the placement: the follow-ups at 3, 6 and 12 months on the local platform, with time
 * accelerated (a month passes in about 1.3 s). Each follow-up is an execution of its own, started
 * by the one before; each answer is a journey event; a job lost reopens accompaniment as a new
 * journey linked to the first; a follow-up nobody answers is reminded, escalated, then recorded
 * unanswered, and the next one still comes. Checks the records, the events, the emails and the
 * executions.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import {
  dayFromToday,
  eventually,
  executionArnOf,
  executionEnded,
  inbox,
  intakeWorker,
  openTaskOf,
  postForm,
  postJson,
  signIn,
  startTestPlatform,
  statesEntered,
  validIntake,
  type OpenTask,
  type TestPlatform,
} from '../support/platform';

/** A year in about 16 s; a 21-day task period in about 0.9 s. */
const TIME_SCALE = 2_000_000;

// A year of follow-ups is about 16 s of waiting, longer on a busy machine.
jest.setTimeout(180_000);

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('follow-up', TIME_SCALE);
});

afterAll(async () => {
  await platform?.stop();
});

let intakes = 0;

async function placedJourney(placement: Record<string, unknown>): Promise<string> {
  intakes += 1;
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    {
      ...validIntake,
      firstName: `Nadia${'abcdefghij'[intakes % 10]}`,
      phone: `06${String(31_000_000 + intakes * 7907).padStart(8, '0')}`,
      aspiration: 'wage-job',
      sectorOfInterest: 'logistics',
    },
    await intakeWorker(platform),
  );
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const ended = executionEnded(platform, executionArnOf(platform, beneficiaryId));
  const interview = await openTaskOf(platform, beneficiaryId, 'initial-interview', { failFast: ended });
  await answer(interview, {
    interviewDate: dayFromToday(),
    attended: 'yes',
    goals: 'Un emploi stable',
    planStep1: 'Entretiens',
    planDate1: dayFromToday(30),
    next: 'placement',
  });
  const task = await openTaskOf(platform, beneficiaryId, 'placement', { failFast: ended });
  await answer(task, placement, 'form');
  return beneficiaryId;
}

async function answer(task: OpenTask, answers: Record<string, unknown>, as: 'json' | 'form' = 'json') {
  // A form sends text: every value as a string (the answers here are codes and dates).
  const form = Object.fromEntries(Object.entries(answers).map(([key, value]) => [key, String(value)]));
  const response = await (as === 'form' ? postForm(task.link, form) : postJson(task.link, answers));
  if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
}

const decentWork = { incomeBand: '2000-3499', cnssDeclared: 'yes', workingTime: 'full-time' };

const wageJob = {
  outcome: 'employment',
  startDate: dayFromToday(),
  sector: 'logistics',
  employer: 'Tanger Med Logistique',
  contractType: 'cdd',
  ...decentWork,
};

function followUpArn(beneficiaryId: string, month: number, journey = 1): string {
  return (
    platform.workflowArns.followUp.replace(':stateMachine:', ':execution:') +
    `:${beneficiaryId}_j${journey}_m${month}`
  );
}

async function followUpTask(beneficiaryId: string, month: 3 | 6 | 12): Promise<OpenTask> {
  const arn = followUpArn(beneficiaryId, month);
  const ended = async () => {
    try {
      const execution = await platform.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      return execution.status === 'RUNNING'
        ? undefined
        : `follow-up ${execution.status} ${execution.cause ?? ''}`;
    } catch {
      return undefined; // not started yet
    }
  };
  return openTaskOf(platform, beneficiaryId, 'follow-up', {
    step: [3, 6, 12].indexOf(month) + 1,
    failFast: ended,
  });
}

async function record(beneficiaryId: string): Promise<Record<string, unknown>> {
  const { Item } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.beneficiaries, Key: { beneficiaryId } }),
  );
  return Item ?? {};
}

async function events(beneficiaryId: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.journeyEvents,
      KeyConditionExpression: 'beneficiaryId = :b',
      ExpressionAttributeValues: { ':b': beneficiaryId },
      ConsistentRead: true,
    }),
  );
  return Items;
}

async function executionStatus(executionArn: string): Promise<string | undefined> {
  try {
    const execution = await platform.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'FAILED'
      ? `FAILED ${execution.error ?? ''} ${execution.cause ?? ''}`
      : execution.status;
  } catch {
    return undefined;
  }
}

async function succeeded(executionArn: string): Promise<void> {
  await eventually(
    `${executionArn} to succeed`,
    async () => {
      const status = await executionStatus(executionArn);
      if (status === 'SUCCEEDED') return true;
      if (status && status !== 'RUNNING') throw new Error(`${executionArn} ended ${status}`);
      return undefined;
    },
    { timeoutMs: 60_000 },
  );
}

const stillInWork = (extra: Record<string, unknown> = {}) => ({
  followUpDate: dayFromToday(),
  workStatus: 'same',
  ...decentWork,
  ...extra,
});

test('still in work at 3, 6 and 12 months: three follow-ups, each its own execution, each an event', async () => {
  const beneficiaryId = await placedJourney(wageJob);
  const placedAt = Date.now();
  await succeeded(executionArnOf(platform, beneficiaryId));
  const placed = await record(beneficiaryId);
  expect(placed).toMatchObject({
    stage: 'placed',
    placement: {
      outcome: 'employment',
      employer: 'Tanger Med Logistique',
      contractType: 'cdd',
      ...decentWork,
    },
  });
  // The caseload's due date: 3 months after the start.
  expect(placed.nextFollowUp).toMatchObject({ month: 3 });
  const due = Date.parse((placed.nextFollowUp as { dueAt: string }).dueAt);
  expect(due - Date.parse(`${wageJob.startDate}T00:00:00Z`)).toBeGreaterThanOrEqual(89 * 86_400_000);
  expect(due - Date.parse(`${wageJob.startDate}T00:00:00Z`)).toBeLessThanOrEqual(93 * 86_400_000);

  // The coach's caseload shows the follow-up waiting, with its due date.
  const coach = await signIn(platform, 'coach', 'TTA');
  const caseload = (await (
    await fetch(`${platform.urls.app}/api/caseload`, { headers: coach.bearer })
  ).json()) as { items: { beneficiaryId: string; nextFollowUp?: { month: number; dueAt: string } }[] };
  expect(caseload.items.find((item) => item.beneficiaryId === beneficiaryId)?.nextFollowUp).toEqual(
    placed.nextFollowUp,
  );

  const three = await followUpTask(beneficiaryId, 3);
  expect(three.coachId).toBe(coach.person.personId);
  // Not before it was due: about 3 months on the scaled clock.
  expect(((Date.now() - placedAt) * TIME_SCALE) / 86_400_000).toBeGreaterThan(80);
  expect(three.subject.length).toBeGreaterThan(0);
  await answer(three, stillInWork(), 'form');
  await answer(await followUpTask(beneficiaryId, 6), stillInWork({ workingTime: 'part-time' }), 'form');
  await answer(await followUpTask(beneficiaryId, 12), stillInWork({ incomeBand: '3500-4999' }), 'form');
  for (const month of [3, 6, 12]) await succeeded(followUpArn(beneficiaryId, month));

  const after = await record(beneficiaryId);
  expect(after).toMatchObject({
    stage: 'follow-up',
    followUps: {
      '1-3': { workStatus: 'same', cnssDeclared: 'yes', workingTime: 'full-time' },
      '1-6': { workStatus: 'same', workingTime: 'part-time' },
      '1-12': { workStatus: 'same', incomeBand: '3500-4999' },
    },
  });
  expect(after.nextFollowUp).toBeUndefined();
  const followUps = (await events(beneficiaryId)).filter((e) => e.stage === 'follow-up');
  expect(followUps.map((e) => e.eventId).sort()).toEqual([
    'stage#follow-up#12',
    'stage#follow-up#3',
    'stage#follow-up#6',
  ]);
  expect(followUps.find((e) => e.occurrence === 6)).toMatchObject({
    work: { workStatus: 'same', workingTime: 'part-time' },
  });
  // Events and executions carry codes only: no employer, no name.
  const history = JSON.stringify(await statesEntered(platform, followUpArn(beneficiaryId, 3)));
  expect(JSON.stringify(await events(beneficiaryId))).not.toContain('Tanger Med');
  expect(history).not.toContain('Nadia');
  expect(await statesEntered(platform, followUpArn(beneficiaryId, 12))).toContain('Follow Up Ended');
});

test.each([
  ['tpe', { outcome: 'tpe', startDate: dayFromToday(), sector: 'crafts', ...decentWork }],
  [
    'cooperative',
    {
      outcome: 'cooperative',
      startDate: dayFromToday(),
      sector: 'agri-food',
      cooperativeRole: 'created',
      ...decentWork,
    },
  ],
  [
    'auto-entrepreneur' as string,
    {
      outcome: 'auto-entrepreneur',
      startDate: dayFromToday(),
      sector: 'services',
      ...decentWork,
      cnssDeclared: 'no',
    },
  ],
  [
    'further-training',
    {
      outcome: 'further-training',
      startDate: dayFromToday(),
      sector: 'industry',
      incomeBand: 'none',
      cnssDeclared: 'no',
      workingTime: 'full-time',
    },
  ],
])(
  'a %s placement is followed up: its 3-month follow-up is asked and recorded',
  async (outcome, placement) => {
    const beneficiaryId = await placedJourney(placement);
    await succeeded(executionArnOf(platform, beneficiaryId));
    const placedEvent = (await events(beneficiaryId)).find((e) => e.stage === 'placed');
    expect(placedEvent).toMatchObject({ outcome, work: { cnssDeclared: placement.cnssDeclared } });
    const task = await followUpTask(beneficiaryId, 3);
    await answer(
      task,
      {
        followUpDate: dayFromToday(),
        workStatus: outcome === 'further-training' ? 'training' : 'same',
        ...(outcome === 'further-training' ? {} : decentWork),
      },
      'form',
    );
    await succeeded(followUpArn(beneficiaryId, 3));
    expect((await record(beneficiaryId)).followUps).toMatchObject({ '1-3': { month: 3 } });
    // The next one is planned, as its own execution.
    await eventually('the 6-month follow-up to be planned', async () =>
      (await executionStatus(followUpArn(beneficiaryId, 6))) === 'RUNNING' ? true : undefined,
    );
  },
);

test('no placement: recorded with its reason, and nothing to follow up', async () => {
  const beneficiaryId = await placedJourney({ outcome: 'no-placement', noPlacementReason: 'not-ready' });
  await succeeded(executionArnOf(platform, beneficiaryId));
  expect(await record(beneficiaryId)).toMatchObject({
    stage: 'not-placed',
    placement: { outcome: 'no-placement', noPlacementReason: 'not-ready' },
  });
  expect((await events(beneficiaryId)).find((e) => e.stage === 'not-placed')).toMatchObject({
    outcome: 'no-placement',
    reason: 'not-ready',
  });
  expect(await statesEntered(platform, executionArnOf(platform, beneficiaryId))).toContain(
    'Plan The Follow Up',
  );
  expect(await executionStatus(followUpArn(beneficiaryId, 3))).toBeUndefined();
});

test('a placement dated before the journey, or too far ahead, is refused on its field; the page asks the decent-work facts', async () => {
  intakes += 1;
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    {
      ...validIntake,
      firstName: 'Karima',
      phone: `06${String(32_000_000 + intakes).padStart(8, '0')}`,
      aspiration: 'wage-job',
    },
    await intakeWorker(platform),
  );
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const ended = executionEnded(platform, executionArnOf(platform, beneficiaryId));
  await answer(await openTaskOf(platform, beneficiaryId, 'initial-interview', { failFast: ended }), {
    interviewDate: dayFromToday(),
    attended: 'yes',
    goals: 'Un emploi',
    planStep1: 'CV',
    planDate1: dayFromToday(10),
    next: 'placement',
  });
  const task = await openTaskOf(platform, beneficiaryId, 'placement', { failFast: ended });

  const before = await postJson(task.link, { ...wageJob, startDate: dayFromToday(-3) });
  expect(before.status).toBe(400);
  expect(await before.text()).toContain('startDate');
  const ahead = await postJson(task.link, { ...wageJob, startDate: dayFromToday(120) });
  expect(ahead.status).toBe(400);
  // The page asks the decent-work facts of every outcome in work.
  const page = await postForm(task.link, { outcome: 'tpe', startDate: dayFromToday(), sector: 'crafts' });
  expect(page.status).toBe(400);
  const form = await page.text();
  for (const field of ['incomeBand', 'cnssDeclared', 'workingTime'])
    expect(form).toContain(`id="${field}-error"`);
  // Nothing was recorded: the task is still open, the journey still waits.
  expect(await executionStatus(executionArnOf(platform, beneficiaryId))).toBe('RUNNING');
  // A client of the API written before the added facts keeps working.
  await answer(task, { outcome: 'tpe', startDate: dayFromToday(), sector: 'crafts' });
  await succeeded(executionArnOf(platform, beneficiaryId));
});

test('lost the job at 6 months: the coach reopens accompaniment, a new journey linked to the first', async () => {
  const beneficiaryId = await placedJourney(wageJob);
  await answer(await followUpTask(beneficiaryId, 3), stillInWork());
  const six = await followUpTask(beneficiaryId, 6);
  // Not working: the coach must say what next.
  const undecided = await postJson(six.link, { followUpDate: dayFromToday(), workStatus: 'none' });
  expect(undecided.status).toBe(400);
  expect(await undecided.text()).toContain('next');
  await answer(six, { followUpDate: dayFromToday(), workStatus: 'none', next: 'reopen' });
  await succeeded(followUpArn(beneficiaryId, 6));
  expect(await statesEntered(platform, followUpArn(beneficiaryId, 6))).toContain('Reopen Accompaniment');
  // No 12-month follow-up for the first journey.
  expect(await executionStatus(followUpArn(beneficiaryId, 12))).toBeUndefined();

  // The second journey: its own execution, its own interview task and link, its coach assigned again.
  const second = executionArnOf(platform, `${beneficiaryId}_j2`);
  const interview = await openTaskOf(platform, beneficiaryId, 'initial-interview', {
    step: 2,
    failFast: executionEnded(platform, second),
  });
  const reopened = await record(beneficiaryId);
  expect(reopened).toMatchObject({
    journeyNumber: 2,
    pastJourneys: [
      { journey: 1, placement: { outcome: 'employment' }, followUps: { '1-6': { workStatus: 'none' } } },
    ],
  });
  expect(reopened.coachId).toBeDefined();
  expect(reopened.placement).toBeUndefined();
  const ids = (await events(beneficiaryId)).map((e) => String(e.eventId));
  expect(ids).toEqual(
    expect.arrayContaining([
      'stage#intake',
      'stage#placed',
      'stage#follow-up#6',
      'j2#stage#reopened',
      'j2#stage#coach-assigned',
    ]),
  );
  expect(ids).not.toContain('j2#stage#intake');
  expect((await events(beneficiaryId)).find((e) => e.eventId === 'j2#stage#reopened')).toMatchObject({
    journey: 2,
  });

  // The second journey runs as the first did, to its own placement and follow-up.
  await answer(interview, {
    interviewDate: dayFromToday(),
    attended: 'yes',
    goals: 'Retrouver un emploi',
    planStep1: 'Candidatures',
    planDate1: dayFromToday(20),
    next: 'placement',
  });
  const placement = await openTaskOf(platform, beneficiaryId, 'placement', {
    step: 2,
    failFast: executionEnded(platform, second),
  });
  await answer(placement, { ...wageJob, employer: 'Renault Tanger' }, 'form');
  await succeeded(second);
  expect(await record(beneficiaryId)).toMatchObject({
    stage: 'placed',
    placement: { employer: 'Renault Tanger' },
  });
  expect((await events(beneficiaryId)).map((e) => e.eventId)).toContain('j2#stage#placed');
  expect(await executionStatus(followUpArn(beneficiaryId, 3, 2))).toBe('RUNNING');
});

test('a follow-up nobody answers: two reminders on the same link, the supervisor told, recorded unanswered, the next still planned', async () => {
  const beneficiaryId = await placedJourney(wageJob);
  const three = await followUpTask(beneficiaryId, 3);
  await succeeded(followUpArn(beneficiaryId, 3));
  const entered = await statesEntered(platform, followUpArn(beneficiaryId, 3));
  expect(entered.filter((s) => s === 'Wait For The Follow Up')).toHaveLength(4);
  expect(entered).toContain('Escalate The Follow Up');
  expect(entered).toContain('Record Unanswered Follow Up');

  const emails = (await inbox(platform)).filter((e) =>
    (e.body.text ?? '').includes(`/tasks/${three.taskId}?`),
  );
  // The first email and two reminders, all with the same link.
  expect(emails).toHaveLength(3);
  expect(new Set(emails.map((e) => /\/tasks\/\S+/.exec(e.body.text ?? '')?.[0]))).toHaveProperty('size', 1);
  const supervisor = (await inbox(platform)).filter(
    (e) => !e.destination.to.includes(three.to) && (e.body.text ?? '').includes(beneficiaryId),
  );
  expect(supervisor.length).toBeGreaterThanOrEqual(1);

  expect((await record(beneficiaryId)).followUps).toMatchObject({ '1-3': { workStatus: 'unanswered' } });
  expect((await events(beneficiaryId)).map((e) => e.eventId)).toContain('stage#follow-up-unanswered#3');
  // Its link now says it is closed; the 6-month follow-up comes all the same.
  const late = await postJson(three.link, stillInWork());
  expect(late.status).toBe(410);
  await eventually('the 6-month follow-up to be planned', async () =>
    (await executionStatus(followUpArn(beneficiaryId, 6))) ? true : undefined,
  );
});
