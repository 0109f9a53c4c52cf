/**
 * Withdrawal of consent and the export of a person's data, on the local platform: the journey's
 * execution stopped, its tasks closed (their links say so), the anonymous dropout counted once,
 * the personal fields, answers' free text and notes erased with an audit entry that holds none of
 * them; twice is once, a redo after a crash finishes the job; other people are refused. The export
 * (JSON and page) holds everything on the person, is audited, and says what remains once erased.
 */
import { randomUUID } from 'node:crypto';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  dayFromToday,
  eventually,
  executionArnOf,
  intakeWorker,
  openTaskOf,
  postForm,
  postJson,
  signIn,
  startTestPlatform,
  validIntake,
  type TestPlatform,
  storedRecord,
} from '../support/platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('withdrawal');
});

afterAll(async () => {
  await platform?.stop();
});

const url = (path: string) => `${platform.urls.app}${path}`;
const withdrawalApi = (id: string) => url(`/api/beneficiaries/${id}/consent-withdrawal`);

/** The coaches of TTA and their associations (README: seeded people). */
const coachAssociation: Record<string, string> = { 'COACH-TTA-1': 'ASSO-TNG-1', 'COACH-TTA-2': 'ASSO-TET-1' };

async function intake(firstName: string, phone: string): Promise<string> {
  const response = await postJson(
    url('/api/intake'),
    { ...validIntake, firstName, lastName: 'Bennani', phone, email: `${firstName.toLowerCase()}@example.ma` },
    { ...(await intakeWorker(platform)), 'idempotency-key': `withdrawal-${randomUUID()}` },
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { beneficiaryId: string }).beneficiaryId;
}

const record = (beneficiaryId: string) => storedRecord(platform, beneficiaryId);

async function itemsOf(
  table: string,
  beneficiaryId: string,
  index?: string,
): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: table,
      ...(index ? { IndexName: index } : { ConsistentRead: true }),
      KeyConditionExpression: 'beneficiaryId = :id',
      ExpressionAttributeValues: { ':id': beneficiaryId },
    }),
  );
  return Items;
}

const supervisor = () => signIn(platform, 'supervisor', 'TTA', 'ASSO-TNG-1');

/** The aggregates' national counters of dropouts, and of dropouts for a withdrawn consent. */
async function dropoutsCounted(): Promise<string> {
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.aggregates,
      KeyConditionExpression: 'pk = :total',
      ExpressionAttributeValues: { ':total': 'total' },
      ConsistentRead: true,
    }),
  );
  const count = (sk: string) => Number(Items.find((i) => i.sk === sk)?.count ?? 0);
  return `${count('stage#dropout')}/${count('dropout#consent-withdrawn')}`;
}

const plusOne = (counted: string) =>
  counted
    .split('/')
    .map((n) => Number(n) + 1)
    .join('/');

/**
 * A journey at its first coaching session: the interview answered with goals and a plan (free
 * text), a note in the case file, and the session's task open.
 */
async function journeyWithAnswers(firstName: string, phone: string) {
  const beneficiaryId = await intake(firstName, phone);
  const interview = await openTaskOf(platform, beneficiaryId, 'initial-interview');
  const answered = await postJson(interview.link, {
    interviewDate: dayFromToday(),
    attended: 'yes',
    goals: `${firstName} wants to work at the port like her cousin Yassine`,
    planStep1: `Call ${firstName}'s former employer in Martil`,
    planDate1: dayFromToday(30),
    next: 'coaching',
    notes: `${firstName} lives with her aunt`,
  });
  expect(answered.status).toBe(200);
  const session = await openTaskOf(platform, beneficiaryId, 'coaching-session');
  const coach = await signIn(platform, 'coach', 'TTA', coachAssociation[interview.coachId]);
  expect(coach.person.personId).toBe(interview.coachId);
  const note = await postJson(
    url(`/api/cases/${beneficiaryId}/notes`),
    { text: `${firstName} asked us to call her sister` },
    coach.bearer,
  );
  expect(note.status).toBe(201);
  return { beneficiaryId, interview, session, coach };
}

test('a withdrawal stops the journey, closes its tasks, counts one dropout, erases the personal data and audits it; twice is once', async () => {
  // Prepare
  const { beneficiaryId, interview, session } = await journeyWithAnswers('Salwa', '0611223344');
  const dropoutsBefore = await dropoutsCounted();
  const headers = (await supervisor()).bearer;

  // Act
  const response = await postJson(withdrawalApi(beneficiaryId), { date: dayFromToday() }, headers);

  // Assess: the answer.
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    consentWithdrawal: { date: string; recordedAt: string };
    erasedAt: string;
  };
  expect(body.consentWithdrawal.date).toBe(dayFromToday());
  expect(body.erasedAt).toEqual(expect.any(String));

  // The journey's execution is stopped.
  const execution = await platform.sfn.send(
    new DescribeExecutionCommand({ executionArn: executionArnOf(platform, beneficiaryId) }),
  );
  expect(execution.status).toBe('ABORTED');

  // No task is left open; the open session's link says the journey ended (410), not an error.
  const tasks = await itemsOf(platform.tableNames.tasks, beneficiaryId, 'by-beneficiary');
  expect(tasks.filter((t) => t.status === 'open' || t.status === 'answered')).toEqual([]);
  const link = await fetch(session.link);
  expect(link.status).toBe(410);
  expect(await link.text()).not.toContain('Salwa');
  expect((await postJson(session.link, { sessionDate: dayFromToday(), next: 'coaching' })).status).toBe(410);
  expect((await fetch(interview.link)).status).toBeLessThan(500);

  // The personal fields are gone; the anonymous dimensions and the id stay.
  const erased = await record(beneficiaryId);
  for (const field of [
    'firstName',
    'lastName',
    'phone',
    'email',
    'birthYear',
    'intakeHash',
    'phoneKey',
    'identityKey',
    'lastActivityAt',
  ])
    expect(erased).not.toHaveProperty(field);
  expect(erased).toMatchObject({
    beneficiaryId,
    region: 'TTA',
    province: 'TNG',
    sex: 'F',
    educationLevel: 'baccalaureate',
    stage: 'dropout',
    dropout: { reason: 'consent-withdrawn' },
    consentWithdrawal: { on: dayFromToday() },
  });
  expect(erased.dimensions).toMatchObject({ region: 'TTA', sex: 'F' });
  expect(erased.erasedAt).toEqual(expect.any(String));

  // Nothing held anywhere still names her: record, tasks' answers, case file (notes, trail).
  const caseFile = await itemsOf(platform.tableNames.caseFiles, beneficiaryId);
  const held = JSON.stringify([erased, tasks.map((t) => t.answers), caseFile]);
  for (const value of [
    'Salwa',
    'Bennani',
    '0611223344',
    'salwa@example.ma',
    'Yassine',
    'Martil',
    'aunt',
    'sister',
  ])
    expect(held).not.toContain(value);

  // One dropout event, with the reason, counted once in the aggregates.
  const events = await itemsOf(platform.tableNames.journeyEvents, beneficiaryId);
  expect(events.filter((e) => e.stage === 'dropout')).toEqual([
    expect.objectContaining({ reason: 'consent-withdrawn', region: 'TTA', sex: 'F' }),
  ]);
  await eventually('the dropout counted', async () =>
    (await dropoutsCounted()) === plusOne(dropoutsBefore) ? true : undefined,
  );

  // Audited: who withdrew, who erased which fields (names only).
  const audit = caseFile.filter((item) => item.kind === 'audit');
  const withdraw = audit.filter((a) => a.action === 'withdraw');
  const erase = audit.filter((a) => a.action === 'erase');
  expect(withdraw).toEqual([
    expect.objectContaining({ personId: 'SUPERVISOR-ASSO-TNG-1', field: 'consent' }),
  ]);
  expect(erase).toEqual([
    expect.objectContaining({ personId: 'SUPERVISOR-ASSO-TNG-1', via: 'consent-withdrawal' }),
  ]);
  expect(String(erase[0]?.detail)).toContain('firstName');
  expect(String(erase[0]?.detail)).toContain('task answers: 1');

  // Search no longer finds her, by name or by phone.
  for (const q of ['Salwa', '0611223344']) {
    const search = await fetch(url(`/api/beneficiaries?q=${encodeURIComponent(q)}`), { headers });
    const found = (await search.json()) as { items: { beneficiaryId: string }[] };
    expect(found.items.map((i) => i.beneficiaryId)).not.toContain(beneficiaryId);
  }
  // The record page says when, instead of the fields.
  const page = await fetch(url(`/beneficiaries/${beneficiaryId}?lang=en`), {
    headers: (await supervisor()).cookie,
  });
  expect(page.status).toBe(200);
  const pageText = await page.text();
  expect(pageText).toContain('Erased on');
  expect(pageText).not.toContain('Salwa');

  // Act again: twice is once.
  const again = await postJson(withdrawalApi(beneficiaryId), { date: dayFromToday() }, headers);
  expect(again.status).toBe(200);
  expect(((await again.json()) as typeof body).consentWithdrawal.recordedAt).toBe(
    body.consentWithdrawal.recordedAt,
  );
  const eventsAfter = await itemsOf(platform.tableNames.journeyEvents, beneficiaryId);
  expect(eventsAfter.filter((e) => e.stage === 'dropout')).toHaveLength(1);
  const auditAfter = (await itemsOf(platform.tableNames.caseFiles, beneficiaryId)).filter(
    (i) => i.kind === 'audit',
  );
  expect(auditAfter.filter((a) => a.action === 'withdraw')).toHaveLength(1);
  expect(auditAfter.filter((a) => a.action === 'erase')).toHaveLength(1);
  expect(await dropoutsCounted()).toBe(plusOne(dropoutsBefore));
});

test('a redo after a crash between the first writes finishes the job and keeps the first day recorded', async () => {
  // Prepare: the withdrawal and the erasure marked, then the "crash" (nothing else done).
  const beneficiaryId = await intake('Hind', '0622334455');
  await openTaskOf(platform, beneficiaryId, 'initial-interview');
  const first = {
    on: dayFromToday(-1),
    recordedBy: 'SUPERVISOR-ASSO-TNG-1',
    role: 'supervisor',
    recordedAt: new Date(Date.now() - 60_000).toISOString(),
  };
  await platform.db.send(
    new UpdateCommand({
      TableName: platform.tableNames.beneficiaries,
      Key: { beneficiaryId },
      UpdateExpression: 'SET consentWithdrawal = :w, erasure = :e',
      ExpressionAttributeValues: {
        ':w': first,
        ':e': { startedAt: first.recordedAt, by: 'SUPERVISOR-ASSO-TNG-1', role: 'supervisor' },
      },
    }),
  );

  // Act: the request again.
  const response = await postJson(
    withdrawalApi(beneficiaryId),
    { date: dayFromToday() },
    (await supervisor()).bearer,
  );

  // Assess
  expect(response.status).toBe(200);
  const after = await record(beneficiaryId);
  expect(after).toMatchObject({ consentWithdrawal: { on: dayFromToday(-1) }, stage: 'dropout' });
  expect(after).not.toHaveProperty('firstName');
  const tasks = await itemsOf(platform.tableNames.tasks, beneficiaryId, 'by-beneficiary');
  expect(tasks.filter((t) => t.status === 'open')).toEqual([]);
  const audit = (await itemsOf(platform.tableNames.caseFiles, beneficiaryId)).filter(
    (i) => i.kind === 'audit',
  );
  expect(audit.filter((a) => a.action === 'erase')).toEqual([
    expect.objectContaining({ at: first.recordedAt }),
  ]);
});

test('a journey ends once: a step that claimed the end as the withdrawal came keeps it, no dropout is written, a redo of that step converges, a reopened journey ends again', async () => {
  // Prepare: a step ends the journey (unanswered) and is caught between its claim and its event,
  // as a placement step still running when the withdrawal stops the execution would be.
  const beneficiaryId = await intake('Rim', '0633445566');
  await openTaskOf(platform, beneficiaryId, 'initial-interview');
  const { dimensions } = (await record(beneficiaryId)) as { dimensions: Record<string, unknown> };
  const endStep = (journey?: number) =>
    platform.functions.invoke('recordStage', {
      beneficiaryId,
      dimensions: journey ? { ...dimensions, journey } : dimensions,
      stage: 'unanswered',
    });
  await endStep();
  await platform.db.send(
    new DeleteCommand({
      TableName: platform.tableNames.journeyEvents,
      Key: { beneficiaryId, eventId: 'stage#unanswered' },
    }),
  );
  const endings = async () =>
    (await itemsOf(platform.tableNames.journeyEvents, beneficiaryId))
      .filter((e) => ['placed', 'not-placed', 'dropout', 'unanswered'].includes(String(e.stage)))
      .map((e) => e.eventId)
      .sort();
  expect(await endings()).toEqual([]);

  // Act: the withdrawal finds no ending event, and would once have written its dropout.
  const response = await postJson(
    withdrawalApi(beneficiaryId),
    { date: dayFromToday() },
    (await supervisor()).bearer,
  );

  // Assess: withdrawn and erased, but the journey keeps the end claimed first.
  expect(response.status).toBe(200);
  expect(await endings()).toEqual([]);
  expect(await record(beneficiaryId)).toMatchObject({
    journeyEndOf: 1,
    journeyEndStage: 'unanswered',
    consentWithdrawal: { on: dayFromToday() },
  });
  // The step's redo (a Lambda retry) writes its event: one end, the first claimed.
  await endStep();
  expect(await endings()).toEqual(['stage#unanswered']);
  expect((await record(beneficiaryId)).stage).toBe('unanswered');
  // A reopened journey (number 2) has an end of its own.
  await endStep(2);
  expect(await endings()).toEqual(['j2#stage#unanswered', 'stage#unanswered']);
  expect(await record(beneficiaryId)).toMatchObject({ journeyEndOf: 2, journeyEndStage: 'unanswered' });
});

test('the page form asks for confirmation, refuses a cross-site post, and lets the coach record it', async () => {
  const beneficiaryId = await intake('Naima', '0633445566');
  const interview = await openTaskOf(platform, beneficiaryId, 'initial-interview');
  const coach = await signIn(platform, 'coach', 'TTA', coachAssociation[interview.coachId]);
  const form = url(`/beneficiaries/${beneficiaryId}/consent-withdrawal?lang=ar`);

  // The record page offers the form to the coach.
  const recordPage = await (
    await fetch(url(`/beneficiaries/${beneficiaryId}?lang=fr`), { headers: coach.cookie })
  ).text();
  expect(recordPage).toContain(`action="/beneficiaries/${beneficiaryId}/consent-withdrawal?lang=fr"`);
  expect(recordPage).toContain('Retrait du consentement');

  // No box ticked: 400, the page in Arabic with the reason, nothing written.
  const unconfirmed = await postForm(form, { date: dayFromToday() }, coach.cookie);
  expect(unconfirmed.status).toBe(400);
  expect(await unconfirmed.text()).toContain('ضع علامة في الخانة');
  expect(await record(beneficiaryId)).toHaveProperty('firstName', 'Naima');

  // Another site: 403, nothing written.
  const crossSite = await postForm(
    form,
    { date: dayFromToday(), confirm: 'yes' },
    { ...coach.cookie, 'sec-fetch-site': 'cross-site' },
  );
  expect(crossSite.status).toBe(403);
  expect(await record(beneficiaryId)).not.toHaveProperty('consentWithdrawal');

  // Confirmed: back to the record, which says it.
  const done = await fetch(form, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...coach.cookie },
    body: new URLSearchParams({ date: dayFromToday(), confirm: 'yes' }).toString(),
  });
  expect(done.status).toBe(303);
  expect(done.headers.get('location')).toBe(`/beneficiaries/${beneficiaryId}?withdrawn=1&lang=ar`);
  const shown = await (
    await fetch(url(done.headers.get('location') ?? ''), { headers: coach.cookie })
  ).text();
  expect(shown).toContain('سُجّل سحب الموافقة');
  expect(shown).not.toContain('Naima');
});

test('people who may not withdraw are refused and nothing changes: a coach of another association, another supervisor, an intake worker', async () => {
  const beneficiaryId = await intake('Loubna', '0644556677');
  await openTaskOf(platform, beneficiaryId, 'initial-interview');
  const refused = [
    await signIn(platform, 'coach', 'ORI', 'ASSO-OUJ-1'),
    await signIn(platform, 'supervisor', 'TTA', 'ASSO-TET-1'),
    await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1'),
    await signIn(platform, 'governance', 'national'),
  ];
  for (const person of refused) {
    const response = await postJson(withdrawalApi(beneficiaryId), { date: dayFromToday() }, person.bearer);
    expect(response.status).toBe(403);
  }
  expect(await record(beneficiaryId)).toMatchObject({ firstName: 'Loubna' });
  expect(await record(beneficiaryId)).not.toHaveProperty('consentWithdrawal');
  const execution = await platform.sfn.send(
    new DescribeExecutionCommand({ executionArn: executionArnOf(platform, beneficiaryId) }),
  );
  expect(execution.status).toBe('RUNNING');

  // Bad input: 400 naming the field, nothing written.
  const headers = (await supervisor()).bearer;
  for (const [sent, field] of [
    [{ date: '2020-01-01' }, 'date'],
    [{ date: 'yesterday' }, 'date'],
    [{}, 'date'],
    [{ date: dayFromToday(), reason: 'x' }, 'reason'],
  ] as const) {
    const response = await postJson(withdrawalApi(beneficiaryId), sent, headers);
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: { field: string }[] };
    expect(errors.map((e) => e.field)).toContain(field);
  }
  expect(await record(beneficiaryId)).not.toHaveProperty('consentWithdrawal');
  expect((await postJson(withdrawalApi('no-such-person'), { date: dayFromToday() }, headers)).status).toBe(
    404,
  );
});

test('the export holds everything on the person as JSON and as a page, is audited, refuses other roles, and says what remains once erased', async () => {
  // Prepare
  const { beneficiaryId } = await journeyWithAnswers('Imane', '0655667788');
  const head = await supervisor();

  // Act
  const response = await fetch(url(`/api/beneficiaries/${beneficiaryId}/export`), { headers: head.bearer });

  // Assess: everything, each part there.
  expect(response.status).toBe(200);
  const data = (await response.json()) as {
    record: Record<string, unknown>;
    consents: Record<string, unknown>;
    journeyEvents: { stage: string }[];
    tasks: { taskType: string; answers?: Record<string, unknown> }[];
    caseNotes: { text: string }[];
    auditTrail: { action: string; personId: string }[];
    erased?: unknown;
  };
  expect(data.record).toMatchObject({ firstName: 'Imane', phone: '0655667788', region: 'TTA' });
  expect(data.consents).toMatchObject({ programme: true });
  expect(data.journeyEvents.map((e) => e.stage)).toEqual(
    expect.arrayContaining(['intake', 'coach-assigned', 'interviewed']),
  );
  expect(data.tasks.find((t) => t.taskType === 'initial-interview')?.answers).toMatchObject({
    goals: expect.stringContaining('port'),
  });
  expect(data.caseNotes.map((n) => n.text)).toEqual(['Imane asked us to call her sister']);
  expect(data.auditTrail).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ action: 'export', personId: 'SUPERVISOR-ASSO-TNG-1' }),
    ]),
  );
  expect(data.erased).toBeUndefined();

  // The page, in each language, printable; its production audited too.
  for (const lang of ['fr', 'ar', 'en']) {
    const page = await fetch(url(`/beneficiaries/${beneficiaryId}/export?lang=${lang}`), {
      headers: head.cookie,
    });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('Imane');
    expect(text).toContain(lang === 'ar' ? 'سجل التدقيق' : lang === 'fr' ? 'Journal d’audit' : 'Audit trail');
  }
  const exports = (await itemsOf(platform.tableNames.caseFiles, beneficiaryId)).filter(
    (i) => i.action === 'export',
  );
  expect(exports.length).toBe(4);

  // Refused to other roles and to another association's supervisor; nothing recorded for them.
  for (const person of [
    await signIn(platform, 'coach', 'TTA', 'ASSO-TNG-1'),
    await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1'),
    await signIn(platform, 'supervisor', 'TTA', 'ASSO-TET-1'),
    await signIn(platform, 'governance', 'national'),
    await signIn(platform, 'admin', 'national'),
  ]) {
    expect(
      (await fetch(url(`/api/beneficiaries/${beneficiaryId}/export`), { headers: person.bearer })).status,
    ).toBe(403);
  }
  expect(
    (await itemsOf(platform.tableNames.caseFiles, beneficiaryId)).filter((i) => i.action === 'export').length,
  ).toBe(4);

  // Erased: the export says so and what remains, and names no one.
  expect((await postJson(withdrawalApi(beneficiaryId), { date: dayFromToday() }, head.bearer)).status).toBe(
    200,
  );
  const after = await fetch(url(`/api/beneficiaries/${beneficiaryId}/export`), { headers: head.bearer });
  const erasedData = (await after.json()) as typeof data & { erased: { on: string; remains: string } };
  expect(erasedData.erased.remains).toContain('anonymous');
  expect(erasedData.record).toMatchObject({ region: 'TTA', province: 'TNG' });
  expect(JSON.stringify(erasedData)).not.toContain('Imane');
  expect(JSON.stringify(erasedData)).not.toContain('0655667788');
});
