/**
 * The coach task protocol on the local platform: an answer is committed by one conditional write
 * and delivered to the workflow by the outbox; two posts at once complete a task once; a retried
 * send emails once; a task left unanswered is reminded on the same link, escalated to the
 * supervisor, and then the journey closes; each error a coach can meet has its status.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import {
  eventually,
  executionArnOf,
  executionEnded,
  inbox,
  postForm,
  postJson,
  scanAll,
  startTestPlatform,
  statesEntered,
  validIntake,
  type TestPlatform,
  intakeWorker,
} from '../support/platform';
import { signedTaskPath } from '../../functions/domain/coach-task';

const interview = {
  interviewDate: '2026-11-20',
  attended: 'yes',
  goals: 'Un emploi stable',
  planStep1: 'CV à jour',
  planDate1: '2026-12-15',
  next: 'placement',
};
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('coach-tasks');
});

afterAll(async () => {
  await platform?.stop();
});

async function task(link: string): Promise<Record<string, unknown> | undefined> {
  const taskId = new URL(link).pathname.split('/').pop() ?? '';
  const { Item } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.tasks, Key: { taskId }, ConsistentRead: true }),
  );
  return Item;
}

async function startJourney(firstName: string): Promise<{ beneficiaryId: string; link: string }> {
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    { ...validIntake, firstName },
    await intakeWorker(platform),
  );
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const failed = executionEnded(platform, executionArnOf(platform, beneficiaryId));
  // Coaches are assigned least-loaded first: whichever coach of the region got it.
  const link = await eventually(
    `the interview email about ${firstName}`,
    async () => {
      const email = (await inbox(platform)).find((e) => e.subject.includes(firstName));
      return /https?:\/\/\S+\/tasks\/\S+/.exec(email?.body.text ?? '')?.[0];
    },
    { failFast: failed },
  );
  return { beneficiaryId, link };
}

test('two posts of the same task at once: one is recorded, the other is told it is done, the journey moves once', async () => {
  // Prepare
  const { beneficiaryId, link } = await startJourney('Houda');

  // Act
  const [first, second] = await Promise.all([
    postForm(link, { ...interview, notes: 'first' }),
    postForm(link, { ...interview, notes: 'second' }),
  ]);

  // Assess
  expect([first.status, second.status].sort()).toEqual([200, 409]);
  const kept = first.status === 200 ? 'first' : 'second';
  await eventually('the answer delivered', async () =>
    (await task(link))?.status === 'delivered' ? true : undefined,
  );
  expect((await task(link))?.answers).toMatchObject({ notes: kept });
  const arn = executionArnOf(platform, beneficiaryId);
  await eventually('the placement task', async () =>
    (await statesEntered(platform, arn)).includes('Wait For Placement Outcome') ? true : undefined,
  );
  const entered = await statesEntered(platform, arn);
  expect(entered.filter((s) => s === 'Record Interview')).toHaveLength(1);
  const { Items = [] } = await platform.db.send(
    new (await import('@aws-sdk/lib-dynamodb')).QueryCommand({
      TableName: platform.tableNames.journeyEvents,
      KeyConditionExpression: 'beneficiaryId = :b',
      ExpressionAttributeValues: { ':b': beneficiaryId },
    }),
  );
  expect(Items.map((e) => e.stage).sort()).toEqual(['coach-assigned', 'intake', 'interviewed']);
  const { Item: beneficiary } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.beneficiaries, Key: { beneficiaryId } }),
  );
  expect(beneficiary?.stage).toBe('interviewed');
});

test('a retried send of the same task (a Lambda retry) emails the coach once', async () => {
  // Prepare: a journey whose interview email went out.
  const { beneficiaryId, link } = await startJourney('Salma');
  const record = await task(link);
  expect(record?.status).toBe('open');
  const before = (await inbox(platform)).filter((e) => e.subject.includes('Salma')).length;

  // Act: the same invocation again, with the same token, as Lambda retries it.
  await platform.functions.invoke('createCoachTask', {
    taskToken: record?.taskToken,
    taskType: 'initial-interview',
    beneficiaryId,
    coachId: record?.coachId,
    dimensions: record?.dimensions,
    reminders: 0,
    timeoutSeconds: 1209600,
  });

  // Assess
  expect((await inbox(platform)).filter((e) => e.subject.includes('Salma')).length).toBe(before);
  expect(before).toBe(1);
});

test('the error pages a coach can meet: tampered 403, expired 410, answered 409, stopped journey 410', async () => {
  // Prepare
  const { beneficiaryId, link } = await startJourney('Rachida');
  const url = new URL(link);
  const taskId = url.pathname.split('/').pop() ?? '';

  // Tampered: another signature.
  const tampered = new URL(link);
  tampered.searchParams.set('sig', 'A'.repeat(43));
  expect((await fetch(tampered)).status).toBe(403);
  expect((await postForm(tampered.toString(), interview)).status).toBe(403);

  // Expired: a link signed with the right key, whose expiry has passed.
  const expired = `${platform.urls.app}${signedTaskPath(platform.secret, taskId, Math.floor(Date.now() / 1000) - 60)}`;
  expect((await fetch(expired)).status).toBe(410);
  expect((await postForm(expired, interview)).status).toBe(410);
  expect((await task(link))?.status).toBe('open');

  // Stopped journey: the link says so and takes no answer.
  await platform.sfn.send(
    new StopExecutionCommand({ executionArn: executionArnOf(platform, beneficiaryId) }),
  );
  const stopped = await postForm(link, interview);
  expect(stopped.status).toBe(410);
  expect(await stopped.text()).toContain('Tâche close');
  expect((await task(link))?.status).toBe('closed');
  expect((await fetch(link)).status).toBe(410);
});

test('a second post after the answer is recorded gets 409 and changes nothing', async () => {
  const { link } = await startJourney('Khadija');
  expect((await postForm(link, { ...interview, notes: 'kept' })).status).toBe(200);
  const again = await postForm(link, { ...interview, attended: 'no', notes: 'changed' });
  expect(again.status).toBe(409);
  expect((await task(link))?.answers).toMatchObject({ attended: 'yes', notes: 'kept' });
});

test('an answer recorded as the last period runs out is taken: the journey does not close, and no one is told it is late', async () => {
  // Prepare: a task answered, whose workflow is about to give up on it.
  const { beneficiaryId, link } = await startJourney('Zahra');
  const record = await task(link);
  expect((await postForm(link, interview)).status).toBe(200);
  const supervisorEmails = async () =>
    (await inbox(platform)).filter((e) => e.destination.to.some((to) => to.startsWith('supervision@')))
      .length;
  const before = await supervisorEmails();
  const step = {
    beneficiaryId,
    dimensions: record?.dimensions,
    coachId: record?.coachId,
    taskType: 'initial-interview',
  };

  // Act / Assess: escalation leaves an answered task alone…
  expect(await platform.functions.invoke('escalateCoachTask', { ...step, reminders: 3 })).toEqual({
    escalated: false,
  });
  expect(await supervisorEmails()).toBe(before);

  // …and closing the journey refuses, so the workflow waits once more and takes the answer.
  await expect(
    platform.functions.invoke('recordStage', {
      beneficiaryId,
      dimensions: record?.dimensions,
      stage: 'unanswered',
      closeOpenTasks: true,
    }),
  ).rejects.toMatchObject({ name: 'LateAnswerArrived' });
  expect(['answered', 'delivered']).toContain((await task(link))?.status);
  const { Item: beneficiary } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.beneficiaries, Key: { beneficiaryId } }),
  );
  expect(beneficiary?.stage).not.toBe('unanswered');
});

// Last: it stops the Step Functions endpoint for the rest of this file.
test('the intake answers 503 and keeps nothing when the workflow service is down', async () => {
  // Prepare: the Step Functions endpoint stops answering.
  const before = (await scanAll(platform, platform.tableNames.beneficiaries)).length;
  await new Promise<void>((resolve) => {
    platform.stepFunctionsServer.close(() => resolve());
    platform.stepFunctionsServer.closeAllConnections();
  });

  // Act
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    { ...validIntake, firstName: 'Nawal' },
    await intakeWorker(platform),
  );

  // Assess
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expect((await scanAll(platform, platform.tableNames.beneficiaries)).length).toBe(before);
});
