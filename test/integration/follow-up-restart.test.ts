/**
 * A follow-up waits months: `npm start` killed (SIGKILL of the whole process group, DynamoDB
 * Local included) and started again while it waits must neither lose it nor start its wait over.
 * Time runs 200,000 times faster: the 3-month wait lasts about 40 s, the platform is killed 12 s
 * in and started again; the follow-up's task must come when it is due, not a whole wait later.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LocalPlatformProcess, linkOf, readInbox } from '../support/npm-start';
import { dayFromToday, eventually, intakeWorker, postJson, validIntake } from '../support/platform';

const TIME_SCALE = 200_000;

// About 40 s of waiting and two starts of the platform (DynamoDB Local's JVM), slower when busy.
jest.setTimeout(240_000);

const local = new LocalPlatformProcess({ KAFAAT_TIME_SCALE: String(TIME_SCALE) });
let db: DynamoDBDocumentClient | undefined;

afterAll(() => {
  db?.destroy();
  local.cleanUp();
});

function store(): DynamoDBDocumentClient {
  db?.destroy();
  db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: `http://127.0.0.1:${local.ports.KAFAAT_DYNAMODB_PORT}`,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  return db;
}

/** The link of the beneficiary's task of this type, once its email is in the inbox. */
async function taskLink(beneficiaryId: string, taskType: string, timeoutMs = 30_000): Promise<string> {
  return eventually(
    `the ${taskType} task's email`,
    async () => {
      const { Items = [] } = await store().send(
        new ScanCommand({ TableName: 'kafaat-tasks', ConsistentRead: true }),
      );
      const task = Items.find((t) => t.beneficiaryId === beneficiaryId && t.taskType === taskType);
      if (!task) return undefined;
      return linkOf(
        (await readInbox(local.inbox)).find((e) =>
          (e.body.text ?? '').includes(`/tasks/${String(task.taskId)}?`),
        ),
      );
    },
    { timeoutMs },
  );
}

async function beneficiary(beneficiaryId: string): Promise<Record<string, unknown>> {
  const { Item } = await store().send(
    new GetCommand({ TableName: 'kafaat-beneficiaries', Key: { beneficiaryId }, ConsistentRead: true }),
  );
  return Item ?? {};
}

async function post(link: string, answers: Record<string, unknown>): Promise<void> {
  const response = await postJson(link, answers);
  expect(response.status).toBe(200);
}

test('a follow-up waiting months resumes on time after the whole platform is killed and started again', async () => {
  // Prepare: a journey placed, its first follow-up planned and waiting.
  const first = await local.start();
  const intake = await postJson(
    `${local.app}/api/intake`,
    { ...validIntake, firstName: 'Zineb', aspiration: 'wage-job' },
    await intakeWorker({ urls: { app: local.app } }),
  );
  expect(intake.status).toBe(201);
  const { beneficiaryId } = (await intake.json()) as { beneficiaryId: string };
  await post(await taskLink(beneficiaryId, 'initial-interview'), {
    interviewDate: dayFromToday(),
    attended: 'yes',
    goals: 'Un emploi',
    planStep1: 'CV',
    planDate1: dayFromToday(10),
    next: 'placement',
  });
  await post(await taskLink(beneficiaryId, 'placement'), {
    outcome: 'employment',
    startDate: dayFromToday(),
    sector: 'logistics',
  });
  const planned = await eventually('the first follow-up to be planned', async () => {
    const next = (await beneficiary(beneficiaryId)).nextFollowUp as
      { month: number; dueAt: string } | undefined;
    return next ? { ...next, seenAt: Date.now() } : undefined;
  });
  expect(planned.month).toBe(3);
  // When it falls due, in this run's real time.
  const dueReal = planned.seenAt + (Date.parse(planned.dueAt) - planned.seenAt) / TIME_SCALE;
  const wholeWaitMs = dueReal - planned.seenAt;
  expect(wholeWaitMs).toBeGreaterThan(30_000);

  // Act: killed a while into the wait, started again on the same data.
  await new Promise((resolve) => setTimeout(resolve, 12_000));
  local.signalGroup('SIGKILL');
  await first.exited;
  await local.waitForPortsFree();
  const restartedAt = Date.now();
  await local.start();

  // Assess: the follow-up's task comes when it is due — not lost, not a whole wait after the restart
  // (on a slow machine the restart may outlast the wait: the task then comes as soon as it is up).
  const link = await taskLink(beneficiaryId, 'follow-up', 120_000);
  const arrivedAt = Date.now();
  expect(arrivedAt).toBeGreaterThanOrEqual(dueReal - 1_000);
  expect(arrivedAt).toBeLessThan(restartedAt + wholeWaitMs - 5_000);
  await post(link, {
    followUpDate: dayFromToday(),
    workStatus: 'same',
    incomeBand: '2000-3499',
    cnssDeclared: 'yes',
    workingTime: 'full-time',
  });
  await eventually('the 6-month follow-up to be planned', async () => {
    const record = await beneficiary(beneficiaryId);
    return (record.nextFollowUp as { month?: number } | undefined)?.month === 6 ? record : undefined;
  });
});
