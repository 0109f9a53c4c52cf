/**
 * Personal data stays where it lives. One whole journey on the local platform — intake, the
 * initial interview, the placement and its three follow-ups, time accelerated (a coaching
 * session's task would time out before it is found at this pace) — with everything it leaves behind captured: every line the handlers write (their
 * logs at DEBUG, and their metrics as EMF), every execution of both workflows (input, output,
 * history) and the engine's own table, the journey events, the aggregates, the reference and
 * people tables, and every URL of every email. None may hold the intake's names, phone, e-mail or
 * birth year. The beneficiaries, case-files and tasks tables hold them by design (the record, the
 * audit trail and notes, the coach's answers), and the test checks they do: proof that the search
 * finds each value in the form the platform stores it.
 *
 * The values cannot turn up by chance: a Latin first name and an Arabic last name no list holds,
 * a phone whose nine significant digits are searched with or without separators (0…, +212…), and
 * the birth year 1987, searched as a number standing alone (not inside an id, a UUID's group, a
 * decimal or another number): nothing else of the run is from 1987, so no date or count holds it.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-sfn';
import {
  dayFromToday,
  eventually,
  executionArnOf,
  executionEnded,
  inbox,
  intakeWorker,
  postForm,
  postJson,
  scanAll,
  signIn,
  startTestPlatform,
  validIntake,
  type TestPlatform,
} from '../support/platform';

/**
 * A year in about 32 s: a task's period (14 to 21 days) lasts over a second, so a busy machine
 * still answers before the reminders run out.
 */
const TIME_SCALE = 1_000_000;
jest.setTimeout(240_000);

const intake = {
  ...validIntake,
  firstName: 'Zubaydelle',
  lastName: 'القرطبيوني',
  birthYear: 1987,
  phone: '06 47 25 83 19',
  email: 'zubaydelle.qartabiouni@example.ma',
  aspiration: 'wage-job',
  sectorOfInterest: 'logistics',
};

/** Each personal value, as a pattern that finds it in any form the platform may write it. */
const needles: Record<string, RegExp> = {
  firstName: /zubaydelle/i,
  lastName: /القرطبيوني/,
  // The nine digits after 0 or +212, with or without spaces, dots or dashes between them.
  phone: /6[\s.-]*4[\s.-]*7[\s.-]*2[\s.-]*5[\s.-]*8[\s.-]*3[\s.-]*1[\s.-]*9/,
  email: /qartabiouni/i,
  // Alone: not inside a word, an id (UUID groups follow "-"), a decimal or a longer number.
  birthYear: /(?<![\p{L}\p{N}_.-])1987(?![\p{L}\p{N}_])/u,
};

function leaks(where: string, text: string): string[] {
  return Object.entries(needles).flatMap(([field, pattern]) => {
    const found = pattern.exec(text);
    if (!found) return [];
    const around = text.slice(Math.max(0, found.index - 80), found.index + found[0].length + 80);
    return [`${field} in ${where}: …${around}…`];
  });
}

let platform: TestPlatform;
const written: string[] = [];
let restore: (() => void) | undefined;

beforeAll(async () => {
  // Everything the handlers print (Powertools' logger and metrics write to stdout and stderr).
  const capture = (original: typeof process.stdout.write) =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    };
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = capture(out) as typeof process.stdout.write;
  process.stderr.write = capture(err) as typeof process.stderr.write;
  restore = () => {
    process.stdout.write = out;
    process.stderr.write = err;
  };
  platform = await startTestPlatform('personal-data-scan', TIME_SCALE, { logLevel: 'DEBUG', metrics: true });
});

afterAll(async () => {
  await platform?.stop();
  restore?.();
});

/**
 * Answers the journey's open task of that type (once `step` of its kind exist) through the link
 * of its newest email; a link that expired meanwhile (a reminder sent a newer one) is tried again.
 */
async function answer(
  beneficiaryId: string,
  taskType: string,
  answers: Record<string, string>,
  options: { step?: number; failFast?: () => Promise<string | undefined> } = {},
): Promise<void> {
  await eventually(
    `the ${taskType} task #${options.step ?? 1} answered`,
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
      const open = ofType.filter((t) => t.status === 'open').at(-1);
      if (ofType.length < (options.step ?? 1) || !open) return undefined;
      const link = (await inbox(platform))
        .map((e) => /https?:\/\/\S+\/tasks\/\S+/.exec(e.body.text ?? '')?.[0] ?? '')
        .filter((l) => l.includes(`/tasks/${String(open.taskId)}?`))
        .at(-1);
      if (!link) return undefined;
      const response = await postForm(link, answers);
      if (response.status === 200) return true;
      if (response.status !== 410)
        throw new Error(`${String(open.taskId)}: ${response.status} ${await response.text()}`);
      return undefined;
    },
    { timeoutMs: 120_000, ...(options.failFast ? { failFast: options.failFast } : {}) },
  );
}

async function succeeded(executionArn: string): Promise<void> {
  await eventually(
    `${executionArn} to succeed`,
    async () => {
      try {
        const execution = await platform.sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (execution.status === 'SUCCEEDED') return true;
        if (execution.status !== 'RUNNING')
          throw new Error(`${executionArn} ${execution.status} ${execution.cause ?? ''}`);
      } catch (error) {
        if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
      }
      return undefined;
    },
    { timeoutMs: 90_000 },
  );
}

/** Every execution of a state machine, with its input, output and whole history, as JSON. */
async function executionsOf(stateMachineArn: string): Promise<{ arn: string; text: string }[]> {
  const { executions = [] } = await platform.sfn.send(
    new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }),
  );
  return Promise.all(
    executions.map(async ({ executionArn = '' }) => {
      const described = await platform.sfn.send(new DescribeExecutionCommand({ executionArn }));
      const events: unknown[] = [];
      let nextToken: string | undefined;
      do {
        const page = await platform.sfn.send(
          new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }),
        );
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      return { arn: executionArn, text: JSON.stringify({ described, events }) };
    }),
  );
}

test('a whole journey leaves no name, phone, e-mail or birth year in logs, metrics, workflows, events, aggregates or URLs', async () => {
  // Act: the journey, from the intake form's JSON to the last follow-up.
  const response = await postJson(`${platform.urls.app}/api/intake`, intake, await intakeWorker(platform));
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const journeyArn = executionArnOf(platform, beneficiaryId);
  const failFast = executionEnded(platform, journeyArn);

  // The coach's free text names the person, as coaches write: it stays in the task and the record.
  await answer(
    beneficiaryId,
    'initial-interview',
    {
      interviewDate: dayFromToday(),
      attended: 'yes',
      goals: `Zubaydelle vise un emploi stable (tél. ${intake.phone})`,
      planStep1: 'CV à jour',
      planDate1: dayFromToday(30),
      next: 'placement',
      notes: `${intake.lastName}, née en 1987, écrire à ${intake.email}`,
    },
    { failFast },
  );
  await answer(
    beneficiaryId,
    'placement',
    {
      outcome: 'employment',
      startDate: dayFromToday(),
      sector: 'logistics',
      employer: 'Entrepôts Zubaydelle et fils',
      contractType: 'cdd',
      incomeBand: '2000-3499',
      cnssDeclared: 'yes',
      workingTime: 'full-time',
    },
    { failFast },
  );
  await succeeded(journeyArn);
  const followUpArn = (month: number) =>
    `${platform.workflowArns.followUp.replace(':stateMachine:', ':execution:')}:${beneficiaryId}_j1_m${month}`;
  for (const [step, month] of [3, 6, 12].entries()) {
    const followUpEnded = async () => {
      try {
        const e = await platform.sfn.send(new DescribeExecutionCommand({ executionArn: followUpArn(month) }));
        return e.status === 'RUNNING' ? undefined : `follow-up ${e.status}`;
      } catch {
        return undefined; // not started yet
      }
    };
    await answer(
      beneficiaryId,
      'follow-up',
      {
        followUpDate: dayFromToday(),
        workStatus: 'same',
        incomeBand: '2000-3499',
        cnssDeclared: 'yes',
        workingTime: 'full-time',
        notes: `Toujours en poste, Zubaydelle joignable au ${intake.phone}`,
      },
      { step: step + 1, failFast: followUpEnded },
    );
    await succeeded(followUpArn(month));
  }
  // The coach reads the case file (an audited read that logs), the supervisor the list.
  const coach = await signIn(platform, 'coach', 'TTA');
  expect(
    (await fetch(`${platform.urls.app}/api/cases/${beneficiaryId}`, { headers: coach.bearer })).status,
  ).toBe(200);
  const supervisor = await signIn(platform, 'supervisor', 'TTA');
  expect((await fetch(`${platform.urls.app}/api/beneficiaries`, { headers: supervisor.bearer })).status).toBe(
    200,
  );
  // The aggregates count the journey's events (the stream consumer runs apart).
  await eventually('the aggregates counting the follow-ups', async () => {
    const counted = JSON.stringify(await scanAll(platform, platform.tableNames.aggregates));
    return counted.includes('follow-up') ? true : undefined;
  });

  // Capture: what the platform kept of the run.
  const executions = [
    ...(await executionsOf(platform.workflowArns.journey)),
    ...(await executionsOf(platform.workflowArns.followUp)),
  ];
  const emails = await inbox(platform);
  const urls = emails.flatMap((e) =>
    [e.body.text ?? '', e.body.html ?? ''].flatMap((body) => body.match(/https?:\/\/[^\s"'<>]+/g) ?? []),
  );
  const tableText = async (table: string) => JSON.stringify(await scanAll(platform, table));
  const logs = written.join('');
  const logLines = logs.split('\n').filter((line) => line.startsWith('{'));
  const captured: [string, string][] = [
    ['the handlers’ logs and metrics', logs],
    ...executions.map((e): [string, string] => [`execution ${e.arn}`, e.text]),
    ['the engine’s table', await tableText(platform.engineTable)],
    ['the journey events', await tableText(platform.tableNames.journeyEvents)],
    ['the aggregates', await tableText(platform.tableNames.aggregates)],
    ['the reference table', await tableText(platform.tableNames.reference)],
    ['the people table', await tableText(platform.tableNames.people)],
    ['the emails’ URLs', urls.join('\n')],
  ];

  // Assess: each capture holds what it should — or the scan proves nothing.
  expect(logLines.length).toBeGreaterThan(50);
  for (const message of ['Journey started', 'Placement recorded', 'Follow-up recorded', 'Case file read'])
    expect({ message, logged: logs.includes(`"message":"${message}"`) }).toEqual({ message, logged: true });
  // Metrics as EMF (the intake's count, the placements).
  expect(logLines.some((line) => line.includes('"_aws"') && line.includes('IntakeReceived'))).toBe(true);
  expect(logLines.some((line) => line.includes('"_aws"') && line.includes('PlacementRecorded'))).toBe(true);
  expect(executions.map((e) => e.arn).sort()).toEqual(
    [journeyArn, followUpArn(3), followUpArn(6), followUpArn(12)].sort(),
  );
  for (const e of executions) expect(e.text).toContain('TaskStateEntered');
  const events = JSON.stringify(await scanAll(platform, platform.tableNames.journeyEvents));
  for (const stage of ['intake', 'placed', 'follow-up'])
    expect({ stage, recorded: events.includes(`"stage":"${stage}"`) }).toEqual({ stage, recorded: true });
  expect(urls.filter((url) => url.includes('/tasks/')).length).toBeGreaterThanOrEqual(6);
  // Where the data lives, the search finds every value: the needles match what is stored.
  const record = await tableText(platform.tableNames.beneficiaries);
  expect(leaks('the record', record).map((l) => l.split(' in ')[0])).toEqual(Object.keys(needles));
  const answers = await tableText(platform.tableNames.tasks);
  expect(leaks('the tasks', answers).map((l) => l.split(' in ')[0])).toEqual(Object.keys(needles));

  // ... and nowhere else.
  expect(captured.flatMap(([where, text]) => leaks(where, text))).toEqual([]);
});
