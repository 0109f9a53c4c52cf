/**
 * Starting the real local platform for a test file, and what tests do with it: HTTP calls, the
 * SES emulator's inbox, Step Functions and DynamoDB reads. Waits are bounded and end early, with
 * the reason, when the execution they wait on has failed.
 */
import { randomBytes } from 'node:crypto';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startPlatform, type Platform } from '../../infra/local/platform';
import type { RateLimiterSettings } from '../../infra/local/rate-limiter';

export interface TestPlatform extends Platform {
  sfn: SFNClient;
  db: DynamoDBDocumentClient;
  secret: string;
}

/** The public routes' rate limit is off unless `options.rateLimit` asks for it (tests post in bursts). */
export async function startTestPlatform(
  name: string,
  timeScale = 1,
  options: {
    rateLimit?: RateLimiterSettings;
    /** What the handlers log (default: errors only) and whether they print metrics (default: no). */
    logLevel?: string;
    metrics?: boolean;
    /** Days personal data is kept after a journey's last event (default: the platform's). */
    retentionDays?: number;
  } = {},
): Promise<TestPlatform> {
  const dynamoEndpoint = process.env.KAFAAT_TEST_DYNAMODB_ENDPOINT;
  if (!dynamoEndpoint) throw new Error('DynamoDB Local is not running: run the tests with `npm test`.');
  const secret = randomBytes(32).toString('base64url');
  // Handlers log and emit metrics as on AWS; a test run shows only their errors.
  process.env.POWERTOOLS_LOG_LEVEL = options.logLevel ?? 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = options.metrics ? 'false' : 'true';
  const platform = await startPlatform({
    dynamoEndpoint,
    ports: { http: 0, dynamodb: 0, stepFunctions: 0, ses: 0 },
    tablePrefix: `t-${name}-${randomBytes(4).toString('hex')}-`,
    timeScale,
    linkSigningSecret: secret,
    log: () => undefined,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.retentionDays ? { retentionDays: options.retentionDays } : {}),
  });
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const sfn = new SFNClient({ endpoint: platform.urls.stepFunctions, region: 'eu-west-3', credentials });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'eu-west-3', credentials }),
  );
  return {
    ...platform,
    sfn,
    db,
    secret,
    stop: async () => {
      sfn.destroy();
      db.destroy();
      await platform.stop();
    },
  };
}

export interface Email {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

export async function inbox(platform: Platform): Promise<Email[]> {
  const response = await fetch(`${platform.urls.inbox}/store`);
  const store = (await response.json()) as { emails: Email[] };
  return store.emails;
}

/** Polls `probe` until it returns a value, for at most `timeoutMs`; `failFast` may end it sooner. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; failFast?: () => Promise<string | undefined> } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    const failure = await options.failFast?.();
    if (failure) throw new Error(`Gave up waiting for ${what}: ${failure}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function executionArnOf(platform: Platform, name: string): string {
  return platform.workflowArns.journey.replace(':stateMachine:', ':execution:') + `:${name}`;
}

/** A reason to stop waiting: the execution is no longer running. */
export function executionEnded(platform: TestPlatform, executionArn: string) {
  return async (): Promise<string | undefined> => {
    const execution = await platform.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING'
      ? undefined
      : `execution ${execution.status} ${execution.error ?? ''} ${execution.cause ?? ''}`;
  };
}

/** The states an execution entered, in order, read through every page of its history. */
export async function statesEntered(platform: TestPlatform, executionArn: string): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await platform.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
    );
    for (const event of page.events ?? []) {
      if (event.stateEnteredEventDetails?.name) names.push(event.stateEnteredEventDetails.name);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return names;
}

/** The link of the newest email to `to` whose subject contains `subject`. */
export async function waitForTaskLink(
  platform: TestPlatform,
  to: string,
  subject: string,
  failFast?: () => Promise<string | undefined>,
): Promise<string> {
  return eventually(
    `an email "${subject}" to ${to}`,
    async () => {
      const emails = (await inbox(platform)).filter(
        (e) => e.destination.to.includes(to) && e.subject.includes(subject),
      );
      const text = emails[emails.length - 1]?.body.text ?? '';
      return /https?:\/\/\S+\/tasks\/\S+/.exec(text)?.[0];
    },
    failFast ? { failFast } : {},
  );
}

export interface OpenTask {
  taskId: string;
  /** The link the task's email carries. */
  link: string;
  coachId: string;
  /** Who the email went to, and its subject. */
  to: string;
  subject: string;
}

/**
 * The journey's newest open task of this type once at least `step` of that type exist, and the
 * link its email carries (read from the tasks' by-beneficiary index, then the inbox).
 */
export async function openTaskOf(
  platform: TestPlatform,
  beneficiaryId: string,
  taskType: string,
  options: { step?: number; failFast?: () => Promise<string | undefined> } = {},
): Promise<OpenTask> {
  const step = options.step ?? 1;
  const failFast = options.failFast ? { failFast: options.failFast } : {};
  const task = await eventually(
    `an open ${taskType} task #${step}`,
    async () => {
      const { Items = [] } = await platform.db.send(
        new QueryCommand({
          TableName: platform.tableNames.tasks,
          IndexName: 'by-beneficiary',
          KeyConditionExpression: 'beneficiaryId = :b',
          ExpressionAttributeValues: { ':b': beneficiaryId },
        }),
      );
      const ofType = Items.filter((t) => t.taskType === taskType);
      const open = ofType.filter((t) => t.status === 'open');
      return ofType.length >= step ? open[open.length - 1] : undefined;
    },
    { ...failFast, timeoutMs: 30_000 },
  );
  const taskId = String(task.taskId);
  const email = await eventually(
    `the email of task ${taskId}`,
    async () => (await inbox(platform)).find((e) => (e.body.text ?? '').includes(`/tasks/${taskId}?`)),
    failFast,
  );
  return {
    taskId,
    link: /https?:\/\/\S+\/tasks\/\S+/.exec(email.body.text ?? '')?.[0] ?? '',
    coachId: String(task.coachId),
    to: email.destination.to[0] ?? '',
    subject: email.subject,
  };
}

/** A beneficiary's record as stored (read consistently), or `{}` when there is none. */
export async function storedRecord(
  platform: TestPlatform,
  beneficiaryId: string,
): Promise<Record<string, unknown>> {
  const { Item } = await platform.db.send(
    new GetCommand({
      TableName: platform.tableNames.beneficiaries,
      Key: { beneficiaryId },
      ConsistentRead: true,
    }),
  );
  return Item ?? {};
}

/** The items of one partition of the aggregates table (one page: the tests' partitions are small), read consistently. */
export async function aggregatesPartition(
  platform: TestPlatform,
  pk: string,
): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.aggregates,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return Items;
}

export async function scanAll(platform: TestPlatform, table: string): Promise<Record<string, unknown>[]> {
  const result = await platform.db.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return result.Items ?? [];
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** A signed-in session of a seeded person, as a script gets it (POST /api/dev/sign-in). */
export interface TestSession {
  token: string;
  person: { personId: string; role: string; region: string; association?: string; displayName: string };
  /** `{ authorization: 'Bearer …' }`, for API calls. */
  bearer: Record<string, string>;
  /** `{ cookie: 'kafaat_session=…' }`, as a browser sends it to pages. */
  cookie: Record<string, string>;
}

const sessions = new Map<string, Promise<TestSession>>();

/**
 * Signs in as the seeded person of that role and region (and association, else the region's
 * first), once per platform: later calls get the same session.
 */
export function signIn(
  platform: { urls: { app: string } },
  role: string,
  region: string,
  association?: string,
): Promise<TestSession> {
  const key = `${platform.urls.app} ${role} ${region} ${association ?? ''}`;
  let session = sessions.get(key);
  if (!session) {
    session = (async () => {
      const response = await postJson(`${platform.urls.app}/api/dev/sign-in`, {
        role,
        region,
        ...(association ? { association } : {}),
      });
      if (response.status !== 200) {
        throw new Error(
          `Dev sign-in as ${role} ${region} failed: ${response.status} ${await response.text()}`,
        );
      }
      const body = (await response.json()) as { token: string; person: TestSession['person'] };
      return {
        token: body.token,
        person: body.person,
        bearer: { authorization: `Bearer ${body.token}` },
        cookie: { cookie: `kafaat_session=${body.token}` },
      };
    })();
    session.catch(() => sessions.delete(key));
    sessions.set(key, session);
  }
  return session;
}

/** The headers of the intake worker of the region's first association (who posts intakes). */
export async function intakeWorker(
  platform: { urls: { app: string } },
  region = 'TTA',
): Promise<Record<string, string>> {
  return (await signIn(platform, 'intake-worker', region)).bearer;
}

export const validIntake = {
  firstName: 'Amina',
  lastName: 'Tazi',
  sex: 'F',
  birthYear: 1999,
  region: 'TTA',
  province: 'TNG',
  phone: '+212 6 12 34 56 78',
  educationLevel: 'baccalaureate',
  consent: true,
};

/** A day (YYYY-MM-DD, UTC) `days` from today: dates a journey checks against its own start. */
export function dayFromToday(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
