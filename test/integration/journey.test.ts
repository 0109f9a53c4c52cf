/**
 * The thin journey end to end on the local platform: intake → coach email → interview task →
 * placement task → aggregates → dashboard, through HTTP, the SES emulator and the local engine.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  eventually,
  inbox,
  executionArnOf,
  executionEnded,
  postForm,
  postJson,
  startTestPlatform,
  statesEntered,
  validIntake,
  waitForTaskLink,
  signIn,
  type TestPlatform,
  intakeWorker,
  dayFromToday,
} from '../support/platform';
import { stages } from '../../functions/domain/journey-events';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('journey');
});

afterAll(async () => {
  await platform?.stop();
});

async function taskStatus(taskUrl: string): Promise<string | undefined> {
  const taskId = new URL(taskUrl).pathname.split('/').pop() ?? '';
  const { Item } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.tasks, Key: { taskId } }),
  );
  return Item?.status as string | undefined;
}

test('a beneficiary goes from the intake form to a placement counted on the dashboard', async () => {
  // Prepare / Act: intake
  const intake = await postJson(`${platform.urls.app}/api/intake`, validIntake, await intakeWorker(platform));
  expect(intake.status).toBe(201);
  const { beneficiaryId } = (await intake.json()) as { beneficiaryId: string };
  const executionArn = executionArnOf(platform, beneficiaryId);
  const failed = executionEnded(platform, executionArn);

  // The coach of the region (least loaded: COACH-TTA-1) gets the interview email with one link.
  const interviewLink = await waitForTaskLink(
    platform,
    'samira.benali@coaches.kafaat.example',
    'Amina',
    failed,
  );
  expect(interviewLink.startsWith(`${platform.urls.app}/tasks/`)).toBe(true);
  expect(interviewLink).toMatch(/[?&]exp=\d+&g=0&sig=[\w-]+/);
  const [mail] = (await inbox(platform)).filter((e) => e.subject === 'Premier entretien avec Amina');
  expect(mail?.body.text?.match(/https?:\/\//g)).toHaveLength(1);
  expect(mail?.body.html?.match(/href="/g)).toHaveLength(1);
  expect(mail?.body.html).toContain(`href="${interviewLink.replace(/&/g, '&amp;')}"`);

  // Opening the link (as a mail scanner would) shows the form and changes nothing.
  const page = await fetch(interviewLink);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('<form method="post"');
  expect(html).toContain('<label for="interviewDate">');
  expect(await fetch(interviewLink).then((r) => r.status)).toBe(200);
  expect(await taskStatus(interviewLink)).toBe('open');
  expect(await statesEntered(platform, executionArn)).not.toContain('Wait For Placement Outcome');

  // A wrong answer is refused with the field named, and completes nothing.
  const wrong = await postForm(interviewLink, {
    interviewDate: 'yesterday',
    attended: 'yes',
    goals: 'Un emploi stable',
    planStep1: 'CV à jour',
    planDate1: '2026-12-15',
    next: 'placement',
  });
  expect(wrong.status).toBe(400);
  expect(await wrong.text()).toContain('id="interviewDate-error"');
  expect(await taskStatus(interviewLink)).toBe('open');

  // Submitting the form completes the task once; the journey moves on to the placement task.
  const done = await postForm(interviewLink, {
    interviewDate: '2026-11-20',
    attended: 'yes',
    goals: 'Un emploi stable',
    planStep1: 'CV à jour',
    planDate1: '2026-12-15',
    next: 'placement',
    notes: '',
  });
  expect(done.status).toBe(200);
  expect(await done.text()).toContain('Merci');
  const again = await postForm(interviewLink, {
    interviewDate: '2026-11-21',
    attended: 'no',
    goals: 'Un emploi stable',
    planStep1: 'CV à jour',
    planDate1: '2026-12-15',
    next: 'placement',
  });
  expect(again.status).toBe(409);
  // The answer is committed by the POST; the workflow takes it, records the stage, and marks it.
  expect(['answered', 'delivered']).toContain(await taskStatus(interviewLink));
  await eventually('the interview answer delivered to the workflow', async () =>
    (await taskStatus(interviewLink)) === 'delivered' ? true : undefined,
  );

  const placementLink = await waitForTaskLink(
    platform,
    'samira.benali@coaches.kafaat.example',
    'insertion',
    failed,
  );
  expect(placementLink).not.toBe(interviewLink);
  const placed = await postForm(placementLink, {
    outcome: 'cooperative',
    startDate: dayFromToday(),
    sector: 'crafts',
    cooperativeRole: 'joined',
    incomeBand: 'under-2000',
    cnssDeclared: 'no',
    workingTime: 'part-time',
  });
  expect(placed.status).toBe(200);

  // Assess: the workflow went through each state and succeeded.
  await eventually('the journey to succeed', async () => {
    const reason = await failed();
    if (reason?.includes('SUCCEEDED')) return true;
    if (reason) throw new Error(reason);
    return undefined;
  });
  expect(await statesEntered(platform, executionArn)).toEqual([
    'Profile Beneficiary',
    'Assign Coach',
    'Wait For Initial Interview',
    'Did They Come',
    'Record Interview',
    'Choose The Next Step',
    'Wait For Placement Outcome',
    'Placed Or Left',
    'Record Placement',
    'Plan The Follow Up',
    'Journey Placed',
  ]);
  const { Item: beneficiary } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.beneficiaries, Key: { beneficiaryId } }),
  );
  expect(beneficiary).toMatchObject({
    stage: 'placed',
    coachId: 'COACH-TTA-1',
    placement: { outcome: 'cooperative' },
  });
  // Time in each stage: each event that moves the journey on carries the phase it left and its
  // days (whole days on the platform's clock); the record keeps where the journey stands.
  expect(beneficiary).toMatchObject({ phase: 'ended', phaseSince: expect.any(String) });
  const { Items: journeyEvents = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.journeyEvents,
      KeyConditionExpression: 'beneficiaryId = :b',
      ExpressionAttributeValues: { ':b': beneficiaryId },
      ConsistentRead: true,
    }),
  );
  expect(Object.fromEntries(journeyEvents.map((e) => [e.stage, e.leftPhase ?? null]))).toEqual({
    intake: null,
    'coach-assigned': 'waiting-for-coach',
    interviewed: 'interview',
    placed: 'coaching',
  });
  for (const e of journeyEvents.filter((e) => e.leftPhase)) expect(e.daysInPhase).toEqual(expect.any(Number));

  // The placement is counted (through the journey-events stream), once.
  await eventually('the placement counted', async () => {
    const { Item } = await platform.db.send(
      new GetCommand({
        TableName: platform.tableNames.aggregates,
        Key: { pk: 'total', sk: 'stage#placed' },
        ConsistentRead: true,
      }),
    );
    return Item?.count === 1 ? true : undefined;
  });
  expect(await taskStatus(placementLink)).toBe('delivered');
  // The summary keeps its shape (every stage and outcome, by region): counts of one person are
  // null (disclosure control), listed in `hidden`; zeros are published.
  const board = await signIn(platform, 'governance', 'national');
  const response = await fetch(`${platform.urls.app}/api/dashboard/summary`, { headers: board.bearer });
  const summary = (await response.json()) as {
    totals: { stages: Record<string, number | null>; outcomes: Record<string, number | null> };
    byRegion: {
      region: string;
      stages: Record<string, number | null>;
      outcomes: Record<string, number | null>;
    }[];
    hidden: string[];
  };
  expect(summary.totals.stages).toEqual({
    ...Object.fromEntries(stages.map((stage) => [stage, 0])),
    intake: null,
    'coach-assigned': null,
    interviewed: null,
    placed: null,
  });
  expect(summary.totals.outcomes).toHaveProperty('cooperative', null);
  const tta = summary.byRegion.find((r) => r.region === 'TTA');
  expect(tta?.outcomes).toHaveProperty('cooperative', null);
  expect(summary.byRegion.find((r) => r.region === 'ORI')?.stages.intake).toBe(0);
  expect(summary.hidden).toEqual(
    expect.arrayContaining([
      'totals.stages.placed',
      'totals.outcomes.cooperative',
      'byRegion.TTA.outcomes.cooperative',
    ]),
  );

  const dashboard = await fetch(`${platform.urls.app}/dashboard?lang=ar`, {
    headers: (await signIn(platform, 'governance', 'national')).cookie,
  });
  const dashboardHtml = await dashboard.text();
  expect(dashboardHtml).toContain('dir="rtl"');
  // One cooperative: a count of one person, published hidden (disclosure control), never as 1.
  expect(dashboardHtml).toMatch(
    /<tr data-key="cooperative"><th scope="row">تعاونية<\/th><td class="num" data-suppressed="true">محجوب<\/td>/,
  );
  expect(dashboardHtml).not.toMatch(
    /<tr data-key="cooperative"><th scope="row">تعاونية<\/th><td class="num">1</,
  );
});

test('no personal data enters the workflow or the journey events', async () => {
  const intake = await postJson(
    `${platform.urls.app}/api/intake`,
    {
      ...validIntake,
      firstName: 'Zineb',
      lastName: 'Kettani',
      region: 'ORI',
      province: 'NAD',
      email: 'zineb@example.org',
    },
    await intakeWorker(platform, 'ORI'),
  );
  const { beneficiaryId } = (await intake.json()) as { beneficiaryId: string };
  const executionArn = executionArnOf(platform, beneficiaryId);
  await waitForTaskLink(
    platform,
    'nadia.ouahbi@coaches.kafaat.example',
    'Zineb',
    executionEnded(platform, executionArn),
  );
  const events = await eventually('the journey events', async () => {
    const { Items = [] } = await platform.db.send(
      new (await import('@aws-sdk/lib-dynamodb')).QueryCommand({
        TableName: platform.tableNames.journeyEvents,
        KeyConditionExpression: 'beneficiaryId = :b',
        ExpressionAttributeValues: { ':b': beneficiaryId },
      }),
    );
    return Items.length >= 2 ? Items : undefined;
  });
  const execution = await platform.sfn.send(
    new (await import('@aws-sdk/client-sfn')).DescribeExecutionCommand({ executionArn }),
  );
  for (const text of [
    JSON.stringify(events),
    execution.input ?? '',
    JSON.stringify(await statesEntered(platform, executionArn)),
  ]) {
    // validIntake's phone in any spacing (not "212" alone: an id or a timestamp may hold it).
    expect(text).not.toMatch(/Zineb|Kettani|zineb@example\.org|6\s?12\s?34\s?56\s?78/);
  }
});

test("the first interview's answers and the profile stay on the record: not in the workflow's history nor in the journey events", async () => {
  // Prepare / Act
  const intake = await postJson(
    `${platform.urls.app}/api/intake`,
    {
      ...validIntake,
      firstName: 'Malika',
      lastName: 'Ouazzani',
      region: 'ORI',
      province: 'BER',
      phone: '06 70 12 12 12',
      situation: 'informal-work',
      vulnerabilityFactors: ['disability', 'migrant-or-returnee'],
      aspiration: 'auto-entrepreneur',
      sectorOfInterest: 'retail',
    },
    await intakeWorker(platform, 'ORI'),
  );
  expect(intake.status).toBe(201);
  const { beneficiaryId } = (await intake.json()) as { beneficiaryId: string };
  const executionArn = executionArnOf(platform, beneficiaryId);
  await waitForTaskLink(
    platform,
    'nadia.ouahbi@coaches.kafaat.example',
    'Malika',
    executionEnded(platform, executionArn),
  );

  // Assess: the record has the profile; the history and the events carry none of it.
  const { Item: beneficiary } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.beneficiaries, Key: { beneficiaryId } }),
  );
  expect(beneficiary?.profile).toMatchObject({ rulesVersion: 1 });
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const { GetExecutionHistoryCommand } = await import('@aws-sdk/client-sfn');
  const events = await eventually('the journey events', async () => {
    const { Items = [] } = await platform.db.send(
      new QueryCommand({
        TableName: platform.tableNames.journeyEvents,
        KeyConditionExpression: 'beneficiaryId = :b',
        ExpressionAttributeValues: { ':b': beneficiaryId },
      }),
    );
    return Items.length >= 2 ? Items : undefined;
  });
  const history = await platform.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  // The history carries each step's input and output (the dimensions among them): the check bites.
  expect(JSON.stringify(history.events ?? [])).toContain('BER');
  // The intake's event alone carries the vulnerability factors and the track, as codes, for the
  // boards' breakdowns (published under disclosure control); never the workflow's history.
  const intakeEvent = events.find((e) => e.stage === 'intake');
  expect(intakeEvent?.vulnerability).toEqual(['disability', 'migrant-or-returnee']);
  expect(typeof intakeEvent?.track).toBe('string');
  const withoutBreakdowns = events.map((e) =>
    Object.fromEntries(Object.entries(e).filter(([key]) => key !== 'vulnerability' && key !== 'track')),
  );
  for (const text of [JSON.stringify(withoutBreakdowns), JSON.stringify(history.events ?? [])]) {
    // The sector of interest travels as a dimension (a code the aspirations are counted by), and
    // only as that: taken out, nothing of the intake's answers or the profile is left.
    expect(text).toMatch(/\\?"sector\\?":\\?"retail\\?"/);
    expect(text.replace(/\\?"sector\\?":\\?"retail\\?"/g, '')).not.toMatch(
      /Malika|disability|migrant|informal-work|auto-entrepreneur|retail|vulnerabilit|self-employment|direct-placement|training-first|"score"|reasons/,
    );
  }
});
