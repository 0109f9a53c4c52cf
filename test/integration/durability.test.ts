/**
 * Nothing a coach was told is recorded is lost when the platform dies or is stopped: `npm start`
 * is killed (SIGKILL of its whole process group, DynamoDB Local included) or stopped (SIGTERM,
 * SIGINT) in the middle of a burst of concurrent task submissions, then started again on the same
 * data. Every journey then completes exactly once, every answer that got a 200 is the one kept,
 * the counts on the dashboard are exact, and the coaches' inbox still holds the emails sent before.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LocalPlatformProcess, linkOf, readInbox } from '../support/npm-start';
import {
  dayFromToday,
  eventually,
  intakeWorker,
  postForm,
  postJson,
  signIn,
  validIntake,
} from '../support/platform';

const names = [
  'Amina',
  'Badia',
  'Chaimae',
  'Dounia',
  'Fadoua',
  'Hajar',
  'Ikram',
  'Jamila',
  'Kenza',
  'Latifa',
  'Malika',
  'Nadia',
  'Oumaima',
  'Rajae',
  'Siham',
  'Wafae',
];
const interview = (name: string) => ({
  interviewDate: '2026-11-20',
  attended: 'yes',
  goals: 'Un emploi stable',
  planStep1: 'CV à jour',
  planDate1: '2026-12-15',
  next: 'placement',
  notes: `answer for ${name}`,
});

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** Coaches write in French or Arabic (their own preference): tasks are told apart by their subject. */
const isInterview = (subject: string) => /^(Premier entretien|المقابلة الأولى)/.test(subject);
const isPlacement = (subject: string) => /^(Enregistrer l’insertion|تسجيل إدماج)/.test(subject);

async function linksBySubject(
  inboxUrl: string,
  kind: (subject: string) => boolean,
): Promise<Map<string, string>> {
  return eventually(
    `an email for each of ${names.length} journeys`,
    async () => {
      const emails = await readInbox(inboxUrl);
      const links = new Map<string, string>();
      for (const name of names) {
        const link = linkOf(emails.find((e) => kind(e.subject) && e.subject.endsWith(` ${name}`)));
        if (link) links.set(name, link);
      }
      return links.size === names.length ? links : undefined;
    },
    { timeoutMs: 90_000 },
  );
}

async function dashboard(app: string) {
  const board = await signIn({ urls: { app } }, 'governance', 'national');
  const summary = (await fetch(`${app}/api/dashboard/summary`, { headers: board.bearer }).then((r) =>
    r.json(),
  )) as {
    totals: { stages: Record<string, number>; outcomes: Record<string, number> };
  };
  return summary.totals;
}

/**
 * Starts the platform while asking GET /health all along: what it answered, and whether
 * `npm start` had said it was running yet. A health check may come at any moment of a start.
 */
async function startWatchingHealth(local: LocalPlatformProcess) {
  const answers: { status: number; running: boolean }[] = [];
  let starting = true;
  const watching = (async () => {
    while (starting) {
      const running = local.current?.output().includes('Kafaat is running locally.') ?? false;
      if (local.ports) {
        try {
          answers.push({ status: (await fetch(`${local.app}/health`)).status, running });
        } catch {
          // not listening yet
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return { running: await local.start(), answers };
  } finally {
    starting = false;
    await watching;
  }
}

const platforms: LocalPlatformProcess[] = [];
afterAll(() => platforms.forEach((p) => p.cleanUp()));

describe.each([['SIGKILL'], ['SIGTERM'], ['SIGINT']] as const)('%s mid-burst', (signal) => {
  test(`every journey completes once and every recorded answer is kept after a ${signal}`, async () => {
    // Prepare: journeys waiting on their first interview, the links in the coaches' inbox.
    const local = new LocalPlatformProcess();
    platforms.push(local);
    const { running: first, answers } = await startWatchingHealth(local);
    // From the moment its port is open, before the platform is all up, /health answers 200.
    expect(answers.filter((a) => !a.running).length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual([]);
    await pool(names, 4, async (name) => {
      const response = await postJson(
        `${local.app}/api/intake`,
        { ...validIntake, firstName: name },
        await intakeWorker({ urls: { app: local.app } }),
      );
      expect(response.status).toBe(201);
    });
    const interviewLinks = await linksBySubject(local.inbox, isInterview);

    // Act: coaches post their answers 8 at a time; the platform goes down after the fourth 200.
    const statuses = new Map<string, number | 'no answer'>();
    let okCount = 0;
    let signalled = false;
    await pool(names, 8, async (name) => {
      try {
        const response = await postForm(interviewLinks.get(name) ?? '', interview(name));
        statuses.set(name, response.status);
        if (response.status === 200) okCount += 1;
      } catch {
        statuses.set(name, 'no answer'); // the connection died with the platform
      }
      if (okCount >= 4 && !signalled) {
        signalled = true;
        local.signalGroup(signal);
      }
    });
    const code = await first.exited;
    if (signal !== 'SIGKILL') {
      expect(code).toBe(0);
      expect(first.output()).not.toContain('Unhandled rejection');
      expect(first.output()).toContain('Kafaat stopped.');
    }
    await local.waitForPortsFree();

    // Start again on the same data: the emails sent before are still in the inbox.
    await local.start();
    expect((await readInbox(local.inbox)).filter((e) => isInterview(e.subject))).toHaveLength(names.length);

    // Coaches whose post got no 200 post again from the same link: recorded once, or told it was.
    const recorded = names.filter((name) => statuses.get(name) === 200);
    expect(recorded.length).toBeGreaterThanOrEqual(4);
    await pool(
      names.filter((name) => statuses.get(name) !== 200),
      4,
      async (name) => {
        const response = await postForm(interviewLinks.get(name) ?? '', interview(name));
        expect([200, 409]).toContain(response.status);
      },
    );

    // Every journey reaches its placement task; the placements are recorded.
    const placementLinks = await linksBySubject(local.inbox, isPlacement);
    await pool(names, 4, async (name) => {
      const response = await postForm(placementLinks.get(name) ?? '', {
        outcome: 'employment',
        startDate: dayFromToday(2),
        sector: 'logistics',
        employer: 'Tanger Med Logistique',
        contractType: 'cdd',
        incomeBand: '2000-3499',
        cnssDeclared: 'yes',
        workingTime: 'full-time',
      });
      expect(response.status).toBe(200);
    });

    // Assess: counts exact, every answer that got a 200 is the one kept.
    const totals = await eventually(
      'every placement on the dashboard',
      async () => {
        const current = await dashboard(local.app);
        return current.stages.placed === names.length ? current : undefined;
      },
      { timeoutMs: 90_000 },
    );
    expect(totals.stages).toMatchObject({
      intake: names.length,
      'coach-assigned': names.length,
      interviewed: names.length,
      placed: names.length,
    });
    expect(totals.outcomes.employment).toBe(names.length);
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: `http://127.0.0.1:${local.ports.KAFAAT_DYNAMODB_PORT}`,
        region: 'eu-west-3',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    const { Items: tasks = [] } = await db.send(
      new ScanCommand({ TableName: 'kafaat-tasks', ConsistentRead: true }),
    );
    db.destroy();
    const interviews = tasks.filter((t) => t.taskType === 'initial-interview');
    expect(interviews).toHaveLength(names.length);
    for (const task of interviews) {
      expect(task.status).toBe('delivered');
      expect(String((task.answers as { notes?: string }).notes)).toMatch(/^answer for /);
    }
    for (const name of recorded) {
      expect(interviews.some((t) => (t.answers as { notes?: string }).notes === `answer for ${name}`)).toBe(
        true,
      );
    }

    // Ctrl-C stops everything cleanly.
    local.signalGroup('SIGINT');
    expect(await local.current?.exited).toBe(0);
    await local.waitForPortsFree();
  }, 300_000);
});
