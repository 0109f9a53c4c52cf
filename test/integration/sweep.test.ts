/**
 * The sweep on its own: an answer recorded (the coach got a 200) whose stream delivery never
 * happened — the consumer died with the process, or gave up — is handed to the workflow by
 * `reconcile-coach-tasks`, once; the journey moves on and the task ends `delivered`.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  eventually,
  executionArnOf,
  executionEnded,
  inbox,
  postForm,
  postJson,
  startTestPlatform,
  statesEntered,
  validIntake,
  type TestPlatform,
  intakeWorker,
} from '../support/platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('sweep');
});

afterAll(async () => {
  await platform?.stop();
});

test('an answer whose delivery never happened is delivered by the sweep, once', async () => {
  // Prepare: a journey waiting on its interview; then the tasks stream's consumer stops.
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    { ...validIntake, firstName: 'Ouafae' },
    await intakeWorker(platform),
  );
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const arn = executionArnOf(platform, beneficiaryId);
  const link = await eventually(
    'the interview email',
    async () => {
      const email = (await inbox(platform)).find((e) => e.subject.includes('Ouafae'));
      return /https?:\/\/\S+\/tasks\/\S+/.exec(email?.body.text ?? '')?.[0];
    },
    { failFast: executionEnded(platform, arn) },
  );
  await platform.stopStreamConsumer('tasks');
  const taskId = new URL(link).pathname.split('/').pop() ?? '';
  const taskStatus = async () =>
    (
      await platform.db.send(
        new GetCommand({ TableName: platform.tableNames.tasks, Key: { taskId }, ConsistentRead: true }),
      )
    ).Item?.status as string | undefined;

  // The coach answers: recorded (200), but nothing hands it over.
  expect(
    (
      await postForm(link, {
        interviewDate: '2026-11-20',
        attended: 'yes',
        goals: 'Un emploi stable',
        planStep1: 'CV à jour',
        planDate1: '2026-12-15',
        next: 'placement',
      })
    ).status,
  ).toBe(200);
  expect(await taskStatus()).toBe('answered');
  expect(await statesEntered(platform, arn)).not.toContain('Record Interview');
  // As if it had been waiting past the sweep's grace (the stream normally delivers sooner).
  await platform.db.send(
    new UpdateCommand({
      TableName: platform.tableNames.tasks,
      Key: { taskId },
      UpdateExpression: 'SET answeredAt = :past',
      ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
    }),
  );

  // Act: the sweep runs (on AWS every 5 minutes; locally at start and on a timer).
  const first = await platform.functions.invoke('reconcileCoachTasks', {});
  const again = await platform.functions.invoke('reconcileCoachTasks', {});

  // Assess: delivered once; the workflow records the interview and marks the task.
  expect(first).toMatchObject({ delivered: 1, failed: 0, deferred: 0 });
  expect(again).toMatchObject({ delivered: 0 });
  await eventually('the task delivered', async () =>
    (await taskStatus()) === 'delivered' ? true : undefined,
  );
  const entered = await statesEntered(platform, arn);
  expect(entered.filter((s) => s === 'Record Interview')).toHaveLength(1);
  expect(entered).toContain('Wait For Placement Outcome');
});
