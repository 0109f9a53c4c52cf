/**
 * A coach task nobody answers, with time accelerated (a 14-day interview period passes in about
 * two seconds): two reminders on the same link, each saying it is a reminder and when the task was
 * first sent; then the association's supervisor is told and the journey shows it is late; then
 * the journey closes, its link says so, and it counts as unanswered. An answer given on the
 * original link after a reminder is taken.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
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
  type Email,
  type TestPlatform,
  intakeWorker,
  signIn,
} from '../support/platform';

const INTERVIEW_PERIOD_SECONDS = 14 * 86400;
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('reminders', INTERVIEW_PERIOD_SECONDS / 2);
});

afterAll(async () => {
  await platform?.stop();
});

const linkIn = (email: Email | undefined) => /https?:\/\/\S+\/tasks\/\S+/.exec(email?.body.text ?? '')?.[0];

async function emailsAbout(name: string): Promise<Email[]> {
  return (await inbox(platform)).filter((e) => e.subject.includes(name));
}

async function start(firstName: string, region = 'TTA', province = 'TNG') {
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    {
      ...validIntake,
      firstName,
      region,
      province,
    },
    await intakeWorker(platform, region),
  );
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  return { beneficiaryId, arn: executionArnOf(platform, beneficiaryId) };
}

test('unanswered: two reminders on the same link, then the supervisor, then the journey closes', async () => {
  // Prepare / Act: a journey whose coach never answers.
  const { beneficiaryId, arn } = await start('Imane');

  // Assess: it ends, closed unanswered, having gone through each reminder and the escalation.
  await eventually(
    'the journey to close',
    async () => ((await executionEnded(platform, arn)()) ? true : undefined),
    { timeoutMs: 60_000 },
  );
  const entered = await statesEntered(platform, arn);
  expect(entered.filter((s) => s === 'Wait For Initial Interview')).toHaveLength(4);
  expect(entered.filter((s) => s === 'Escalate The Task')).toHaveLength(1);
  expect(entered.slice(-2)).toEqual(['Close Unanswered Journey', 'Journey Closed Unanswered']);
  expect(entered).not.toContain('Wait For Placement Outcome');

  // One first email and two reminders, all with the same link, each reminder saying so.
  const emails = await emailsAbout('Imane');
  expect(emails.map((e) => e.subject)).toEqual([
    'Premier entretien avec Imane',
    'Rappel : Premier entretien avec Imane',
    'Rappel : Premier entretien avec Imane',
  ]);
  expect(new Set(emails.map(linkIn)).size).toBe(1);
  expect(emails[1]?.body.text).toMatch(/Rappel n° 1 : cette tâche vous a été envoyée le/);
  expect(emails[2]?.body.text).toMatch(/Rappel n° 2/);

  // The supervisor of the coach's association is told once, with no name or contact.
  const supervision = (await inbox(platform)).filter((e) => e.subject.startsWith('Tâche en retard'));
  expect(supervision).toHaveLength(1);
  expect(supervision[0]?.destination.to).toEqual(['supervision@al-amal-tanger.kafaat.example']);
  expect(supervision[0]?.body.text).toContain(beneficiaryId);
  // No name, no phone (validIntake's, in any spacing; not "212" alone, which an id may hold).
  expect(supervision[0]?.body.text).not.toMatch(/Imane|Tazi|6\s?12\s?34\s?56\s?78/);

  // The task is closed, the beneficiary is counted as unanswered.
  const link = linkIn(emails[0]) ?? '';
  const taskId = new URL(link).pathname.split('/').pop() ?? '';
  const { Item: task } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.tasks, Key: { taskId } }),
  );
  expect(task).toMatchObject({ status: 'closed', reminders: 3 }); // two reminders, then the escalation
  expect(task?.escalatedAt).toEqual(expect.any(String));
  expect((await fetch(link)).status).toBe(410);
  const { Item: beneficiary } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.beneficiaries, Key: { beneficiaryId } }),
  );
  expect(beneficiary?.stage).toBe('unanswered');
  await eventually('the dashboard to count it', async () => {
    const { Item } = await platform.db.send(
      new GetCommand({
        TableName: platform.tableNames.aggregates,
        Key: { pk: 'total', sk: 'stage#unanswered' },
        ConsistentRead: true,
      }),
    );
    return Item?.count === 1 ? true : undefined;
  });
  // The summary publishes that one journey as hidden (disclosure control), its key kept.
  const board = await signIn(platform, 'governance', 'national');
  const summary = (await fetch(`${platform.urls.app}/api/dashboard/summary`, {
    headers: board.bearer,
  }).then((r) => r.json())) as { totals: { stages: Record<string, number | null> }; hidden: string[] };
  expect(summary.totals.stages).toHaveProperty('unanswered', null);
  expect(summary.hidden).toContain('totals.stages.unanswered');
});

test('an answer on the first link after a reminder is taken, and the journey goes on', async () => {
  // Prepare: a journey in the other region, whose first reminder went out.
  const { arn } = await start('Loubna', 'ORI', 'OUJ');
  const reminded = await eventually('a reminder', async () => {
    const emails = await emailsAbout('Loubna');
    return emails.length >= 2 ? emails : undefined;
  });

  // The page the link opens says the task is late, and since when.
  const page = await (await fetch(linkIn(reminded[0]) ?? '')).text();
  expect(page).toMatch(/En retard : envoyée le .+, [12] rappel\(s\) depuis\./);

  // Act: the coach answers from the first email's link.
  const response = await postForm(linkIn(reminded[0]) ?? '', {
    interviewDate: '2026-11-20',
    attended: 'yes',
    goals: 'Un emploi stable',
    planStep1: 'CV à jour',
    planDate1: '2026-12-15',
    next: 'placement',
  });

  // Assess
  expect(response.status).toBe(200);
  await eventually(
    'the placement task',
    async () => ((await statesEntered(platform, arn)).includes('Record Interview') ? true : undefined),
    { timeoutMs: 30_000 },
  );
});
