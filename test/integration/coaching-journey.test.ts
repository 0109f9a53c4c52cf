/**
 * The coaching journey through each of its branches on the local platform: the first interview
 * and its personal plan, a missed interview and the dropout after three, coaching sessions, the
 * consent a training needs, the training catalogue's last seat taken by two journeys at once,
 * enrolment and completion, withdrawal mid-training, and the queue when every coach is full.
 * Each checks the stored records, the emails and the journey events.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  eventually,
  executionArnOf,
  executionEnded,
  inbox,
  intakeWorker,
  openTaskOf,
  postJson,
  scanAll,
  signIn,
  startTestPlatform,
  statesEntered,
  validIntake,
  type OpenTask,
  type TestPlatform,
  dayFromToday,
} from '../support/platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('coaching-journey');
});

afterAll(async () => {
  await platform?.stop();
});

interface Journey {
  beneficiaryId: string;
  executionArn: string;
  ended: () => Promise<string | undefined>;
}

let intakes = 0;

/** A new beneficiary (each its own phone, so none is a possible duplicate of another). */
async function startJourney(overrides: Record<string, unknown> = {}, region = 'TTA'): Promise<Journey> {
  intakes += 1;
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    {
      ...validIntake,
      firstName: `Salma${'abcdefghij'[intakes % 10]}`,
      phone: `06${String(20_000_000 + intakes * 7919).padStart(8, '0')}`,
      sectorOfInterest: 'logistics',
      aspiration: 'training-first',
      ...overrides,
    },
    await intakeWorker(platform, region),
  );
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const executionArn = executionArnOf(platform, beneficiaryId);
  return { beneficiaryId, executionArn, ended: executionEnded(platform, executionArn) };
}

/** The journey's open task of this type (the newest), and the link its email carries. */
function openTask(journey: Journey, taskType: string, step = 1): Promise<OpenTask> {
  return openTaskOf(platform, journey.beneficiaryId, taskType, { step, failFast: journey.ended });
}

async function answer(task: OpenTask, answers: Record<string, unknown>): Promise<void> {
  const response = await postJson(task.link, answers);
  if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
}

async function taskStatus(taskId: string): Promise<string> {
  const { Item } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.tasks, Key: { taskId } }),
  );
  return String(Item?.status);
}

async function beneficiary(journey: Journey): Promise<Record<string, unknown>> {
  const { Item } = await platform.db.send(
    new GetCommand({
      TableName: platform.tableNames.beneficiaries,
      Key: { beneficiaryId: journey.beneficiaryId },
    }),
  );
  return Item ?? {};
}

/** The journey's events, by id. */
async function eventIds(journey: Journey): Promise<string[]> {
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.journeyEvents,
      KeyConditionExpression: 'beneficiaryId = :b',
      ExpressionAttributeValues: { ':b': journey.beneficiaryId },
      ConsistentRead: true,
    }),
  );
  return Items.map((e) => String(e.eventId)).sort();
}

async function coachLoad(code: string): Promise<number> {
  const { Item } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.reference, Key: { kind: 'coach', code } }),
  );
  return Number(Item?.activeBeneficiaries ?? 0);
}

async function seatsTaken(offerId: string): Promise<number> {
  const { Item } = await platform.db.send(
    new GetCommand({
      TableName: platform.tableNames.reference,
      Key: { kind: 'training-offer', code: offerId },
    }),
  );
  return Number(Item?.seatsTaken ?? 0);
}

async function ends(journey: Journey, status = 'SUCCEEDED'): Promise<void> {
  await eventually(
    `the journey to end ${status}`,
    async () => {
      const reason = await journey.ended();
      if (reason?.includes(status)) return true;
      if (reason) throw new Error(reason);
      return undefined;
    },
    { timeoutMs: 30_000 },
  );
}

const interviewHeld = (next: string, extra: Record<string, unknown> = {}) => ({
  interviewDate: '2026-11-20',
  attended: 'yes',
  goals: 'Trouver un emploi stable dans la logistique',
  barriers: ['transport', 'digital-skills'],
  planStep1: 'Permis de conduire',
  planDate1: '2027-03-01',
  planStep2: 'CV à jour',
  planDate2: '2026-12-15',
  next,
  ...extra,
});

const session = (next: string, extra: Record<string, unknown> = {}) => ({
  sessionDate: '2026-11-25',
  workedOn: ['cv', 'job-search'],
  progress1: 'started',
  progress2: 'done',
  next,
  ...extra,
});

test('a journey through interview, two sessions, a missing consent, a training and a placement', async () => {
  const journey = await startJourney();

  // The interview: goals, barriers and a plan go on the record; the plan's text never to the workflow.
  const interview = await openTask(journey, 'initial-interview');
  const refused = await postJson(interview.link, {
    interviewDate: '2026-11-20',
    attended: 'yes',
    next: 'coaching',
  });
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain('goals');
  await answer(interview, interviewHeld('coaching'));

  // Two coaching sessions; the second refers to training.
  const first = await openTask(journey, 'coaching-session', 1);
  await answer(first, session('coaching'));
  const second = await openTask(journey, 'coaching-session', 2);
  expect(second.taskId).not.toBe(first.taskId);
  await answer(second, session('training', { progress1: 'done' }));

  // No consent to share with training providers yet: the coach is asked to collect it first.
  const consent = await openTask(journey, 'consent');
  await answer(consent, { consentGiven: 'yes', consentDate: '2026-11-26' });

  const choice = await openTask(journey, 'training-choice');
  const page = await (await fetch(choice.link)).text();
  expect(page).toContain('TRN-TNG-LOG');
  const before = await seatsTaken('TRN-TNG-LOG');
  await answer(choice, { offerId: 'TRN-TNG-LOG' });

  const enrolment = await openTask(journey, 'training-enrolment');
  expect(await seatsTaken('TRN-TNG-LOG')).toBe(before + 1);
  await answer(enrolment, { enrolled: 'yes', startDate: '2026-11-30' });
  const completion = await openTask(journey, 'training-completion');
  await answer(completion, { completed: 'yes', certified: 'yes', endDate: '2026-12-20', next: 'placement' });

  const placement = await openTask(journey, 'placement');
  const loadBefore = await coachLoad(placement.coachId);
  await answer(placement, { outcome: 'employment', startDate: dayFromToday(20), sector: 'logistics' });
  await ends(journey);

  // The record: the plan with its progress, the sessions, the consent with its text's version, the training.
  const record = await beneficiary(journey);
  expect(record).toMatchObject({
    stage: 'placed',
    sessionsHeld: 2,
    plan: {
      goals: 'Trouver un emploi stable dans la logistique',
      barriers: ['transport', 'digital-skills'],
      steps: [
        { step: 'Permis de conduire', targetDate: '2027-03-01', status: 'done' },
        { step: 'CV à jour', targetDate: '2026-12-15', status: 'done' },
      ],
    },
    consents: { 'training-providers': { given: true, date: '2026-11-26', textVersion: '2026-11' } },
    training: { offerId: 'TRN-TNG-LOG', status: 'completed', certified: true },
    placement: { outcome: 'employment' },
  });
  // The coach's place is free again.
  expect(await coachLoad(placement.coachId)).toBe(loadBefore - 1);
  // One event per step, repeated steps counted by occurrence.
  expect(await eventIds(journey)).toEqual(
    [
      'stage#intake',
      'stage#coach-assigned',
      'stage#interviewed',
      'stage#coaching-session#1',
      'stage#coaching-session#2',
      'stage#consent-given#1',
      'stage#training-chosen#1',
      'stage#training-enrolled#1',
      'stage#trained#1',
      'stage#placed',
    ].sort(),
  );
  // Nothing the coach wrote reached the workflow's history.
  const history = JSON.stringify(
    await platform.sfn.send(
      new (await import('@aws-sdk/client-sfn')).GetExecutionHistoryCommand({
        executionArn: journey.executionArn,
        maxResults: 1000,
      }),
    ),
  );
  expect(history).not.toContain('Permis de conduire');
  expect(history).not.toContain('Trouver un emploi');
  // Every task was emailed to the coach, one email each.
  const emails = (await inbox(platform)).filter((e) => e.destination.to.includes(placement.to));
  for (const task of [interview, first, second, consent, choice, enrolment, completion, placement]) {
    expect(emails.filter((e) => (e.body.text ?? '').includes(`/tasks/${task.taskId}?`))).toHaveLength(1);
  }
});

test('a direct placement: the interview sends the journey straight to the placement', async () => {
  const journey = await startJourney({ aspiration: 'wage-job', educationLevel: 'higher' });
  await answer(await openTask(journey, 'initial-interview'), interviewHeld('placement'));
  expect(await beneficiary(journey)).toMatchObject({ profile: { track: 'direct-placement' } });
  const placement = await openTask(journey, 'placement');
  await answer(placement, { outcome: 'employment', startDate: dayFromToday(2), sector: 'retail' });
  await ends(journey);
  expect(await statesEntered(platform, journey.executionArn)).not.toContain('Wait For Coaching Session');
});

test('three missed interviews, each a new appointment, end the journey as a dropout', async () => {
  const journey = await startJourney();
  const missed: OpenTask[] = [];
  for (let step = 1; step <= 3; step += 1) {
    const task = await openTask(journey, 'initial-interview', step);
    expect(missed.map((t) => t.taskId)).not.toContain(task.taskId);
    missed.push(task);
    const loadBefore = step === 3 ? await coachLoad(task.coachId) : 0;
    await answer(task, { interviewDate: '2026-11-20', attended: 'no' });
    if (step === 3) {
      await ends(journey);
      expect(await coachLoad(task.coachId)).toBe(loadBefore - 1);
    }
  }
  expect(await beneficiary(journey)).toMatchObject({ stage: 'dropout', dropout: { reason: 'no-show' } });
  const events = await eventIds(journey);
  expect(events).toEqual(
    expect.arrayContaining(['stage#no-show#1', 'stage#no-show#2', 'stage#no-show#3', 'stage#dropout']),
  );
  expect(events).not.toContain('stage#interviewed');
});

test('a consent refused keeps the journey in coaching: no training is proposed', async () => {
  const journey = await startJourney();
  await answer(await openTask(journey, 'initial-interview'), interviewHeld('training'));
  const consent = await openTask(journey, 'consent');
  await answer(consent, { consentGiven: 'no' });
  const next = await openTask(journey, 'coaching-session');
  expect(await statesEntered(platform, journey.executionArn)).not.toContain('Wait For Training Choice');
  expect(await beneficiary(journey)).toMatchObject({
    consents: { 'training-providers': { given: false, textVersion: '2026-11' } },
  });
  await answer(next, session('leave', { leaveReason: 'moved-away' }));
  await ends(journey);
  expect(await beneficiary(journey)).toMatchObject({ stage: 'dropout', dropout: { reason: 'moved-away' } });
});

test('two journeys choose the last seat at once: one enrols, the other is asked to choose again', async () => {
  const journeys = await Promise.all([startJourney(), startJourney()]);
  const choices = await Promise.all(
    journeys.map(async (journey) => {
      await answer(await openTask(journey, 'initial-interview'), interviewHeld('training'));
      await answer(await openTask(journey, 'consent'), { consentGiven: 'yes', consentDate: '2026-11-26' });
      return openTask(journey, 'training-choice');
    }),
  );
  for (const choice of choices)
    expect(await (await fetch(choice.link)).text()).toContain('TRN-TEST-LASTSEAT');

  await Promise.all(choices.map((choice) => answer(choice, { offerId: 'TRN-TEST-LASTSEAT' })));

  // One journey has the seat (its enrolment task), the other a new choice without the full offer.
  const outcomes = await Promise.all(
    journeys.map((journey) =>
      eventually('the seat decided', async () => {
        const states = await statesEntered(platform, journey.executionArn);
        if (states.includes('Wait For Enrolment')) return 'enrolled';
        return states.filter((s) => s === 'Wait For Training Choice').length === 2 ? 'again' : undefined;
      }),
    ),
  );
  expect([...outcomes].sort()).toEqual(['again', 'enrolled']);
  expect(await seatsTaken('TRN-TEST-LASTSEAT')).toBe(1);
  const again = journeys[outcomes.indexOf('again')] as Journey;
  const second = await openTask(again, 'training-choice', 2);
  expect(await (await fetch(second.link)).text()).not.toContain('TRN-TEST-LASTSEAT');

  // Withdrawal mid-training: the enrolled journey ends, its links say so, the seat stays counted.
  const enrolled = journeys[outcomes.indexOf('enrolled')] as Journey;
  await answer(await openTask(enrolled, 'training-enrolment'), { enrolled: 'yes', startDate: '2026-11-30' });
  const completion = await openTask(enrolled, 'training-completion');
  await answer(completion, {
    completed: 'no',
    endDate: '2026-12-01',
    next: 'leave',
    leaveReason: 'consent-withdrawn',
  });
  await ends(enrolled);
  expect(await beneficiary(enrolled)).toMatchObject({
    stage: 'dropout',
    dropout: { reason: 'consent-withdrawn' },
  });
  expect(await eventIds(enrolled)).toEqual(
    expect.arrayContaining(['stage#training-abandoned#1', 'stage#dropout']),
  );
  expect(await (await fetch(completion.link)).text()).toBeTruthy();
  expect(await taskStatus(completion.taskId)).toBe('delivered');

  // The other journey leaves at its new choice: that task was the open one, nothing stays open.
  await answer(second, { next: 'leave', leaveReason: 'found-work-alone' });
  await ends(again);
  const open = (await scanAll(platform, platform.tableNames.tasks)).filter(
    (t) => t.beneficiaryId === again.beneficiaryId && t.status === 'open',
  );
  expect(open).toEqual([]);
});

test('every coach of a region full: the journey waits, the supervisor is told, a raised capacity resumes it', async () => {
  // Fill both coaches of ORI: their capacity becomes their current load.
  const admin = (await signIn(platform, 'admin', 'national')).bearer;
  const coaches = ['COACH-ORI-1', 'COACH-ORI-2'];
  for (const code of coaches) {
    await platform.db.send(
      new UpdateCommand({
        TableName: platform.tableNames.reference,
        Key: { kind: 'coach', code },
        UpdateExpression: 'SET #capacity = if_not_exists(activeBeneficiaries, :zero)',
        ExpressionAttributeNames: { '#capacity': 'capacity' },
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  }
  const journey = await startJourney({ region: 'ORI', province: 'OUJ' }, 'ORI');
  await eventually(
    'the journey to wait for a coach',
    async () =>
      (await statesEntered(platform, journey.executionArn)).includes('Wait For A Coach') ? true : undefined,
    { failFast: journey.ended },
  );
  const told = await eventually('the supervisor told', async () =>
    (await inbox(platform)).find(
      (e) =>
        e.destination.to.includes('supervision@oujda-insertion.kafaat.example') &&
        e.subject.includes(journey.beneficiaryId),
    ),
  );
  expect(told.body.text).not.toContain('Salma');
  expect(await eventIds(journey)).toContain('stage#waiting-for-coach');
  expect((await beneficiary(journey)).coachId).toBeUndefined();

  // An administrator raises one coach's capacity: the journey takes the place by itself.
  const { Item } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.reference, Key: { kind: 'coach', code: 'COACH-ORI-1' } }),
  );
  const raised = await postJson(
    `${platform.urls.app}/api/people/COACH-ORI-1`,
    { capacity: Number(Item?.capacity ?? 0) + 1 },
    admin,
  );
  expect(raised.status).toBe(200);
  const interview = await openTask(journey, 'initial-interview');
  expect(interview.coachId).toBe('COACH-ORI-1');
  expect(await eventIds(journey)).toContain('stage#coach-assigned');
});

test('past the coaching phase, the next task sent is the placement: the journey cannot outlive a year', async () => {
  const journey = await startJourney();
  const interview = await openTask(journey, 'initial-interview');
  // The intake was 200 days ago (more than ACCOMPANIMENT_DAYS): the next appointment is not sent.
  const longAgo = new Date(Date.now() - 200 * 86_400_000).toISOString();
  await platform.db.send(
    new UpdateCommand({
      TableName: platform.tableNames.beneficiaries,
      Key: { beneficiaryId: journey.beneficiaryId },
      UpdateExpression: 'SET createdAt = :longAgo',
      ExpressionAttributeValues: { ':longAgo': longAgo },
    }),
  );
  await answer(interview, { interviewDate: '2026-11-20', attended: 'no' });

  const placement = await openTask(journey, 'placement');
  expect(placement.taskId).toBeTruthy();
  const entered = await statesEntered(platform, journey.executionArn);
  expect(entered.filter((s) => s === 'Wait For Initial Interview')).toHaveLength(2);
  // The second appointment was never a task: no link to it went out.
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.tasks,
      IndexName: 'by-beneficiary',
      KeyConditionExpression: 'beneficiaryId = :b',
      ExpressionAttributeValues: { ':b': journey.beneficiaryId },
    }),
  );
  expect(Items.filter((t) => t.taskType === 'initial-interview')).toHaveLength(1);
});

test('the self-employment track: sessions on a business plan, then a TPE created', async () => {
  const journey = await startJourney({ aspiration: 'create-tpe', sectorOfInterest: 'crafts' });
  await answer(await openTask(journey, 'initial-interview'), interviewHeld('coaching'));
  expect(await beneficiary(journey)).toMatchObject({ profile: { track: 'self-employment' } });
  await answer(
    await openTask(journey, 'coaching-session', 1),
    session('placement', { workedOn: ['business-plan', 'administrative-steps'] }),
  );
  await answer(await openTask(journey, 'placement'), {
    outcome: 'tpe',
    startDate: dayFromToday(10),
    sector: 'crafts',
  });
  await ends(journey);
  expect(await beneficiary(journey)).toMatchObject({ stage: 'placed', placement: { outcome: 'tpe' } });
});

test('the journey may end at the placement step too: a dropout with its reason, no placement counted', async () => {
  const journey = await startJourney({ aspiration: 'wage-job' });
  expect(await beneficiary(journey)).toBeTruthy();
  await answer(await openTask(journey, 'initial-interview'), interviewHeld('placement'));
  const placement = await openTask(journey, 'placement');
  const incomplete = await postJson(placement.link, { startDate: '2026-12-01' });
  expect(incomplete.status).toBe(400);
  expect(await incomplete.text()).toContain('outcome');
  await answer(placement, { next: 'leave', leaveReason: 'health' });
  await ends(journey);
  expect(await beneficiary(journey)).toMatchObject({ stage: 'dropout', dropout: { reason: 'health' } });
  const events = await eventIds(journey);
  expect(events).toContain('stage#dropout');
  expect(events).not.toContain('stage#placed');
});

test('sharing agreed at intake is kept with its date and version: the training choice comes without asking', async () => {
  const journey = await startJourney({ sharingConsents: ['training-providers'] });
  expect(await beneficiary(journey)).toMatchObject({
    consents: { 'training-providers': { given: true, textVersion: '2026-11' } },
  });
  await answer(await openTask(journey, 'initial-interview'), interviewHeld('training'));
  const choice = await openTask(journey, 'training-choice');
  expect(choice.subject).toContain('formation');
  expect(await statesEntered(platform, journey.executionArn)).not.toContain('Wait For Consent');
  await answer(choice, { next: 'leave', leaveReason: 'not-interested' });
  await ends(journey);
});
