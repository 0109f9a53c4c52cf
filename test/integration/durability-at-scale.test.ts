/**
 * Durability at scale: `npm start` with time accelerated carries 51 journeys, spread over the places
 * a journey waits — placed and waiting months for their first follow-up (a Wait state), at a coach
 * task (the placement), and in a reminder wait (an interview reminded) — when the whole platform
 * is killed (SIGKILL of its process group, DynamoDB Local included) in the middle of a burst of
 * concurrent task submissions. Started again on the same data, every journey is completed from the
 * links sent before the kill (read from the inbox, which survives restarts) and the tasks that
 * follow; then every journey has ended once (one end event, every execution SUCCEEDED through the
 * local Step Functions API), every answer that got a 200 is the one kept, and the counters equal a
 * recount of the journey-events table (nothing counted twice, nothing lost).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListExecutionsCommand, SFNClient, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { indicatorKeys, viewCounts } from '../../functions/domain/indicators';
import type { JourneyEvent } from '../../functions/domain/journey-events';
import { LocalPlatformProcess, readInbox, type InboxEmail } from '../support/npm-start';
import { dayFromToday, eventually, intakeWorker, postJson, validIntake } from '../support/platform';

/**
 * A day is 1.7 s: an interview is reminded after about 24 s and closed unanswered after about 97 s
 * (its link expires after 121 s), the first follow-up falls due about 154 s after its placement.
 * The kill and the restart fit between the reminders and the closing; the follow-ups' wait spans
 * everything from the kill to the last placement.
 */
const TIME_SCALE = 50_000;
const PER_GROUP = 17;

// Two starts of the platform, the follow-ups' wait (about 2 minutes) and 51 journeys' tasks.
jest.setTimeout(420_000);

const local = new LocalPlatformProcess({ KAFAAT_TIME_SCALE: String(TIME_SCALE) });
let db: DynamoDBDocumentClient | undefined;
let sfn: SFNClient | undefined;

afterAll(() => {
  db?.destroy();
  sfn?.destroy();
  local.cleanUp();
});

/** Clients of this start's DynamoDB Local and Step Functions endpoint (ports stay across restarts). */
function clients(): { db: DynamoDBDocumentClient; sfn: SFNClient } {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  db ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: `http://127.0.0.1:${local.ports.KAFAAT_DYNAMODB_PORT}`,
      region: 'eu-west-3',
      credentials,
      maxAttempts: 1,
    }),
  );
  sfn ??= new SFNClient({
    endpoint: `http://127.0.0.1:${local.ports.KAFAAT_STEPFUNCTIONS_PORT}`,
    region: 'eu-west-3',
    credentials,
  });
  return { db, sfn };
}

async function scan(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await clients().db.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

interface Task {
  taskId: string;
  beneficiaryId: string;
  taskType: string;
  status: string;
  emailedFor?: number;
  answers?: { notes?: string };
}

interface OpenTaskLink {
  task: Task;
  link: string;
  /** Emails sent with this task's link (the first, then each reminder). */
  emails: number;
}

function linkIn(email: InboxEmail, taskId: string): string | undefined {
  const match = /http:\/\/localhost:\d+\/tasks\/\S+/.exec(email.body.text ?? '')?.[0];
  return match?.includes(`/tasks/${taskId}?`) ? match : undefined;
}

/**
 * For every journey of `ids`, its open task of `taskType` and the link its email carries, once
 * `ready` holds for all of them (read from the tasks table and the inbox, both as they stand).
 */
async function openTasks(
  what: string,
  ids: string[],
  taskType: string,
  options: { timeoutMs?: number; ready?: (t: OpenTaskLink) => boolean } = {},
): Promise<Map<string, OpenTaskLink>> {
  return eventually(
    `${what} (${ids.length} journeys)`,
    async () => {
      const tasks = (await scan('kafaat-tasks')) as unknown as Task[];
      const emails = await readInbox(local.inbox);
      const found = new Map<string, OpenTaskLink>();
      for (const id of ids) {
        const task = tasks.find(
          (t) => t.beneficiaryId === id && t.taskType === taskType && t.status === 'open',
        );
        if (!task) return undefined;
        const sent = emails.map((e) => linkIn(e, task.taskId)).filter((l): l is string => l !== undefined);
        const entry = { task, link: sent[0] ?? '', emails: sent.length };
        if (!sent[0] || !(options.ready?.(entry) ?? true)) return undefined;
        found.set(id, entry);
      }
      return found;
    },
    { timeoutMs: options.timeoutMs ?? 150_000 },
  );
}

const interview = (note: string, next: 'placement' | 'leave') => ({
  interviewDate: dayFromToday(),
  attended: 'yes',
  goals: 'Un emploi stable',
  planStep1: 'CV à jour',
  planDate1: dayFromToday(20),
  next,
  ...(next === 'leave' ? { leaveReason: 'moved-away' } : {}),
  notes: note,
});
const noPlacement = (note: string) => ({
  outcome: 'no-placement',
  noPlacementReason: 'not-ready',
  notes: note,
});
const employment = {
  outcome: 'employment',
  startDate: dayFromToday(),
  sector: 'logistics',
  employer: 'Tanger Med Logistique',
  contractType: 'cdd',
  incomeBand: '2000-3499',
  cnssDeclared: 'yes',
  workingTime: 'full-time',
};

/** Letters only, as names must be: 0 → "Aa", 1 → "Ab", … */
const nameOf = (i: number) =>
  `${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}ida`;

/**
 * Posts as a coach does: a 5xx or a dropped connection (a slow machine's function time-out) is
 * posted again; a 409 then says the earlier post was recorded. Anything else than those is a failure.
 */
async function answer(link: string, body: Record<string, unknown>, what: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await postJson(link, body).catch(() => undefined);
    if (response?.status === 200 || (attempt > 1 && response?.status === 409)) return;
    if (attempt >= 5 || (response && response.status < 500))
      throw new Error(`${what}: ${response?.status ?? 'no answer'} ${(await response?.text()) ?? ''}`);
  }
}

async function allExecutions(stateMachine: string): Promise<ExecutionListItem[]> {
  const items: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients().sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: `arn:aws:states:eu-west-3:000000000000:stateMachine:${stateMachine}`,
        nextToken,
        maxResults: 100,
      }),
    );
    items.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

/** A failure says what the platform printed last (its handlers' errors), beside the test's own reason. */
async function withPlatformOutput(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    // What the platform printed as it failed may still be on its way through the pipe.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const output = local.current?.output() ?? '';
    (error as Error).message +=
      `\n--- steps (s) ---\n${marks.join('\n')}\n--- npm start, last output ---\n${output.slice(-4000)}`;
    throw error;
  }
}

/** When each step was reached, for a failure's message (a slow machine shows where). */
const began = Date.now();
const marks: string[] = [];
const mark = (step: string) => marks.push(`${((Date.now() - began) / 1000).toFixed(1)} ${step}`);

test('51 journeys at their tasks, reminders and follow-up waits: killed mid-burst, each ends once, nothing lost or counted twice', () =>
  withPlatformOutput(async () => {
    // Prepare: 34 journeys at their first interview; 17 of them placed (their follow-up's Wait
    // state begins: it spans everything that follows), 17 at their placement task.
    const first = await local.start();
    mark('started');
    const worker = await intakeWorker({ urls: { app: local.app } });
    const ids: string[] = [];
    const intakes = async (from: number, count: number): Promise<string[]> => {
      await pool(
        Array.from({ length: count }, (_, i) => from + i),
        4,
        async (i) => {
          // The same key on a retry (after a 5xx on a slow machine) is the same intake.
          const headers = { ...worker, 'idempotency-key': `durability-at-scale-${i}` };
          const body = {
            ...validIntake,
            firstName: nameOf(i),
            phone: `06 12 34 ${String(10 + i).padStart(2, '0')} 00`,
          };
          for (let attempt = 1; ; attempt += 1) {
            const response = await postJson(`${local.app}/api/intake`, body, headers).catch(() => undefined);
            if (response?.status === 201) {
              ids[i] = ((await response.json()) as { beneficiaryId: string }).beneficiaryId;
              return;
            }
            if (attempt >= 5 || (response && response.status < 500))
              throw new Error(
                `intake ${i}: ${response?.status ?? 'no answer'} ${(await response?.text()) ?? ''}`,
              );
          }
        },
      );
      return ids.slice(from, from + count);
    };
    const placed = await intakes(0, PER_GROUP); // placed, waiting for their 3-month follow-up
    const atPlacement = await intakes(PER_GROUP, PER_GROUP); // at their placement task
    const interviews = await openTasks(
      'the first interviews',
      [...placed, ...atPlacement],
      'initial-interview',
    );
    mark('34 intakes at their interview');
    await pool([...placed, ...atPlacement], 6, async (id) => {
      await answer(
        interviews.get(id)?.link ?? '',
        interview(`interview ${id}`, 'placement'),
        `interview of ${id}`,
      );
    });
    const placements = await openTasks('the placement tasks', [...placed, ...atPlacement], 'placement');
    await pool(placed, 6, async (id) => {
      await answer(placements.get(id)?.link ?? '', employment, `placement of ${id}`);
    });
    await eventually(
      'the placed journeys to wait for their follow-up',
      async () => {
        const running = (await allExecutions('kafaat-followUp')).filter((e) => e.status === 'RUNNING');
        return running.length === placed.length ? running : undefined;
      },
      { timeoutMs: 60_000 },
    );
    mark('17 placed, waiting for their follow-up');
    // 17 more, whose first interview goes unanswered until it is reminded (a second email, the
    // same link): they wait in the reminder loop.
    const reminded = await intakes(2 * PER_GROUP, PER_GROUP);
    const remindedLinks = await openTasks('the interviews reminded', reminded, 'initial-interview', {
      ready: (t) => (t.task.emailedFor ?? 0) >= 1 && t.emails >= 2,
    });
    for (const [id, task] of remindedLinks) interviews.set(id, task);
    mark('17 interviews reminded');

    // Act: a burst of answers — the reminded interviews (half lead to the placement, half end the
    // journey) and the placement tasks (no placement) — 8 at a time; killed after the eighth 200.
    interface Submission {
      id: string;
      link: string;
      body: (attempt: string) => Record<string, unknown>;
    }
    const burst: Submission[] = [];
    reminded.forEach((id, i) =>
      burst.push({
        id,
        link: interviews.get(id)?.link ?? '',
        body: (attempt) => interview(`${attempt} interview ${id}`, i % 2 === 0 ? 'placement' : 'leave'),
      }),
    );
    for (const id of atPlacement)
      burst.push({
        id,
        link: placements.get(id)?.link ?? '',
        body: (attempt) => noPlacement(`${attempt} placement ${id}`),
      });
    burst.sort((a, b) => a.id.localeCompare(b.id)); // the two kinds mixed
    const outcome = new Map<string, number | 'no answer'>();
    let ok = 0;
    let killed = false;
    await pool(burst, 8, async (submission) => {
      if (killed) {
        outcome.set(submission.link, 'no answer'); // never sent
        return;
      }
      try {
        const response = await postJson(submission.link, submission.body('first'));
        outcome.set(submission.link, response.status);
        if (response.status === 200) ok += 1;
      } catch {
        outcome.set(submission.link, 'no answer'); // the connection died with the platform
      }
      if (ok >= 8 && !killed) {
        killed = true;
        local.signalGroup('SIGKILL');
      }
    });
    expect(killed).toBe(true);
    mark('killed mid-burst');
    // A 200, or no answer the coach could trust: the connection died, or (a slow machine) a 5xx.
    for (const status of outcome.values())
      expect(status === 200 || status === 'no answer' || status >= 500).toBe(true);
    await first.exited;
    await local.waitForPortsFree();
    db?.destroy();
    sfn?.destroy();
    db = undefined;
    sfn = undefined;

    // Start again on the same data; coaches whose post got no 200 post again from the same link.
    await local.start();
    mark('started again');
    // Which post's answer must be the one kept: the retry's (it got the 200), the first's (the
    // retry was told 409 at once), or either (told 409 after a retry that got no answer it could trust).
    const kept = new Map<string, 'first' | 'retry' | 'either'>();
    await pool(
      burst.filter((s) => outcome.get(s.link) !== 200),
      6,
      async (submission) => {
        for (let attempt = 1; ; attempt += 1) {
          const response = await postJson(submission.link, submission.body('retry')).catch(() => undefined);
          if (response?.status === 200) return void kept.set(submission.link, 'retry');
          if (response?.status === 409)
            return void kept.set(submission.link, attempt === 1 ? 'first' : 'either');
          // Recorded now, or it had been before the kill: nothing else.
          if (attempt >= 5 || (response && response.status < 500))
            throw new Error(
              `retry of ${submission.id}: ${response?.status ?? 'no answer'} ${await response?.text()}`,
            );
        }
      },
    );

    // Every journey goes on to its end: the placement of those whose interview led to it, then the
    // follow-up of the placed ones when it falls due.
    const interviewedToPlacement = reminded.filter((_, i) => i % 2 === 0);
    const lastPlacements = await openTasks(
      'the placement tasks after the restart',
      interviewedToPlacement,
      'placement',
    );
    await pool(interviewedToPlacement, 6, async (id) => {
      await answer(
        lastPlacements.get(id)?.link ?? '',
        noPlacement(`after placement ${id}`),
        `placement of ${id}`,
      );
    });
    mark('every placement answered');
    const followUps = await openTasks('the 3-month follow-ups', placed, 'follow-up', { timeoutMs: 200_000 });
    await pool(placed, 6, async (id) => {
      await answer(
        followUps.get(id)?.link ?? '',
        { followUpDate: dayFromToday(), workStatus: 'none', next: 'close', notes: `follow-up ${id}` },
        `follow-up of ${id}`,
      );
    });

    mark('every follow-up answered');

    // Assess: every execution has ended, and SUCCEEDED.
    const executions = await eventually(
      'every execution to end',
      async () => {
        const all = [...(await allExecutions('kafaat-journey')), ...(await allExecutions('kafaat-followUp'))];
        return all.some((e) => e.status === 'RUNNING') ? undefined : all;
      },
      { timeoutMs: 60_000 },
    );
    expect(executions.filter((e) => e.status !== 'SUCCEEDED').map((e) => `${e.name} ${e.status}`)).toEqual(
      [],
    );
    const journeyExecutions = executions.filter((e) => e.stateMachineArn?.endsWith(':kafaat-journey'));
    expect(journeyExecutions.map((e) => e.name).sort()).toEqual([...ids].sort());
    expect(executions).toHaveLength(ids.length + placed.length); // one follow-up each, closed at 3 months

    // One end event each, the end each group was led to.
    const events = (await scan('kafaat-journeyEvents')) as unknown as JourneyEvent[];
    const ends = ['not-placed', 'dropout', 'unanswered', 'follow-up-unanswered'];
    const endOf = (id: string) =>
      events
        .filter((e) => e.beneficiaryId === id && (ends.includes(e.stage) || e.stage === 'follow-up'))
        .map((e) => e.stage);
    for (const id of placed) expect([id, endOf(id)]).toEqual([id, ['follow-up']]);
    for (const id of atPlacement) expect([id, endOf(id)]).toEqual([id, ['not-placed']]);
    reminded.forEach((id, i) =>
      expect([id, endOf(id)]).toEqual([id, [i % 2 === 0 ? 'not-placed' : 'dropout']]),
    );
    for (const id of ids) {
      const stages = events.filter((e) => e.beneficiaryId === id).map((e) => e.stage);
      expect([id, stages.filter((s) => s === 'intake')]).toEqual([id, ['intake']]);
      expect([id, stages.filter((s) => s === 'coach-assigned')]).toEqual([id, ['coach-assigned']]);
    }
    expect(events.filter((e) => e.stage === 'placed')).toHaveLength(placed.length);

    // Every answer that got a 200 is the one kept (a retry told 409 keeps the first, sent before the kill).
    const tasks = (await scan('kafaat-tasks')) as unknown as Task[];
    for (const submission of burst) {
      const taskId = new URL(submission.link).pathname.split('/').pop();
      const task = tasks.find((t) => t.taskId === taskId);
      expect([submission.id, task?.status]).toEqual([submission.id, 'delivered']);
      const notes = task?.answers?.notes ?? '';
      const which = outcome.get(submission.link) === 200 ? 'first' : kept.get(submission.link);
      const expected = (which === 'either' ? ['first', 'retry'] : [which ?? 'first']).map((attempt) =>
        String(submission.body(attempt).notes),
      );
      expect(expected).toContain(notes);
    }
    expect(tasks.filter((t) => t.status === 'open' || t.status === 'answered')).toEqual([]);

    // Nothing counted twice: once the stream has counted every event (a marker per event part), the
    // counters equal a recount of the journey-events table.
    const parts = events.reduce((sum, e) => sum + 1 + Math.ceil(indicatorKeys(e).length / 99), 0);
    await eventually(
      'every event counted',
      async () => {
        const { Items = [] } = await clients().db.send(
          new QueryCommand({
            TableName: 'kafaat-aggregates',
            KeyConditionExpression: 'pk = :counted',
            ExpressionAttributeValues: { ':counted': 'counted' },
            ConsistentRead: true,
          }),
        );
        const ofEvents = Items.filter((item) => !String(item.sk).startsWith('supply#'));
        return ofEvents.length >= parts ? ofEvents.length : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const totals = new Map(
      (
        await clients().db.send(
          new QueryCommand({
            TableName: 'kafaat-aggregates',
            KeyConditionExpression: 'pk = :total',
            ExpressionAttributeValues: { ':total': 'total' },
            ConsistentRead: true,
          }),
        )
      ).Items?.map((item) => [String(item.sk), Number(item.count)]) ?? [],
    );
    const recount = new Map<string, number>();
    const add = (key: string) => recount.set(key, (recount.get(key) ?? 0) + 1);
    for (const event of events) {
      add(`stage#${event.stage}`);
      if (event.outcome) add(`outcome#${event.outcome}`);
      if (event.reason) add(`${event.stage === 'not-placed' ? 'not-placed' : 'dropout'}#${event.reason}`);
    }
    const counted = [...totals].filter(([key]) => /^(stage|outcome|not-placed|dropout)#/.test(key));
    expect(new Map(counted)).toEqual(recount);
    expect(recount.get('stage#intake')).toBe(ids.length);
    // The indicators' counters too: intakes and placements by region and month.
    for (const month of new Set(events.map((e) => e.occurredAt.slice(0, 7)))) {
      const { Items = [] } = await clients().db.send(
        new QueryCommand({
          TableName: 'kafaat-aggregates',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `ind#TTA#${month}` },
          ConsistentRead: true,
        }),
      );
      // Each fact's cells (by sex and age band), summed as a view without filters reads them.
      const counts = viewCounts(
        Items.map((item) => ({ sk: String(item.sk), count: Number(item.count) })),
        {},
      );
      const at = (fact: string) => counts.get(fact) ?? 0;
      const inMonth = events.filter((e) => e.occurredAt.startsWith(month));
      expect([month, at('reached#intake')]).toEqual([
        month,
        inMonth.filter((e) => e.stage === 'intake').length,
      ]);
      expect([month, at('placed')]).toEqual([month, inMonth.filter((e) => e.stage === 'placed').length]);
    }
  }));
