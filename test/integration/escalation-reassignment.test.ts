/**
 * A coaching session nobody answers, with time accelerated (a 14-day period passes in about six
 * seconds): two reminders to the coach on the same link, then the association's supervisor is
 * told; the supervisor reassigns the beneficiary, the new coach gets the task with a new link and
 * answers it, and the journey goes on — it never waits without a person being told.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  eventually,
  executionArnOf,
  executionEnded,
  inbox,
  intakeWorker,
  openTaskOf,
  postJson,
  signIn,
  startTestPlatform,
  statesEntered,
  validIntake,
  type TestPlatform,
} from '../support/platform';

const SESSION_PERIOD_SECONDS = 14 * 86400;
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('escalation', SESSION_PERIOD_SECONDS / 6);
});

afterAll(async () => {
  await platform?.stop();
});

const linkIn = (text: string | undefined) => /https?:\/\/\S+\/tasks\/\S+/.exec(text ?? '')?.[0];

test('a session unanswered: reminders, the supervisor told, a reassignment, and the new coach answers', async () => {
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    { ...validIntake, firstName: 'Rachida' },
    await intakeWorker(platform),
  );
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const arn = executionArnOf(platform, beneficiaryId);
  const ended = executionEnded(platform, arn);

  // The interview is answered at once; the first coaching session is then left alone.
  const interview = await openTaskOf(platform, beneficiaryId, 'initial-interview', { failFast: ended });
  const answered = await postJson(interview.link, {
    interviewDate: '2026-11-20',
    attended: 'yes',
    goals: 'Un emploi stable',
    planStep1: 'CV à jour',
    planDate1: '2026-12-15',
    next: 'coaching',
  });
  expect(answered.status).toBe(200);
  const session = await openTaskOf(platform, beneficiaryId, 'coaching-session', { failFast: ended });
  const sessionLink = `/tasks/${session.taskId}?`;

  // Two reminders to the coach, on the same link; then the supervisor is told.
  const told = await eventually(
    'the supervisor told',
    async () =>
      (await inbox(platform)).find(
        (e) =>
          e.destination.to.includes('supervision@al-amal-tanger.kafaat.example') &&
          e.subject.includes('Tâche en retard'),
      ),
    { failFast: ended, timeoutMs: 60_000 },
  );
  expect(told.body.text).toContain(beneficiaryId);
  const toCoach = (await inbox(platform)).filter((e) => (e.body.text ?? '').includes(sessionLink));
  expect(toCoach).toHaveLength(3);
  expect(toCoach.filter((e) => e.subject.startsWith('Rappel'))).toHaveLength(2);

  // The supervisor reassigns: the new coach is emailed a link of the new generation.
  const supervisor = await signIn(platform, 'supervisor', 'TTA', 'ASSO-TNG-1');
  const moved = await postJson(
    `${platform.urls.app}/api/beneficiaries/${beneficiaryId}/reassign`,
    { coachId: 'COACH-TTA-2' },
    supervisor.bearer,
  );
  expect(moved.status).toBe(200);
  const newLink = await eventually('the new coach’s email', async () =>
    linkIn(
      (await inbox(platform)).find(
        (e) =>
          e.destination.to.includes('youssef.elidrissi@coaches.kafaat.example') &&
          (e.body.text ?? '').includes(sessionLink),
      )?.body.text,
    ),
  );
  expect(newLink).toMatch(/[?&]g=1&/);

  // The new coach answers: the journey goes on to the placement.
  const done = await postJson(newLink, {
    sessionDate: '2026-11-28',
    workedOn: ['job-search'],
    next: 'placement',
  });
  expect(done.status).toBe(200);
  await eventually(
    'the placement task',
    async () =>
      (await statesEntered(platform, arn)).includes('Wait For Placement Outcome') ? true : undefined,
    { failFast: ended },
  );
  expect((await statesEntered(platform, arn)).filter((s) => s === 'Escalate The Task')).toHaveLength(1);
  const { Item } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.beneficiaries, Key: { beneficiaryId } }),
  );
  expect(Item).toMatchObject({ coachId: 'COACH-TTA-2', sessionsHeld: 1 });
});
