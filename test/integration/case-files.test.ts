/**
 * The coach's caseload and a beneficiary's case file on the local platform: who may read them,
 * what they show (contacts, the journey's timeline, notes), the audit of every read, and notes
 * written once per submission.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  eventually,
  executionArnOf,
  executionEnded,
  intakeWorker,
  postForm,
  postJson,
  signIn,
  startTestPlatform,
  validIntake,
  waitForTaskLink,
  type TestPlatform,
  type TestSession,
} from '../support/platform';

let platform: TestPlatform;
let app: string;
/** Khadija: taken in by ASSO-TNG-1, so followed by its coach, Samira (COACH-TTA-1). */
let beneficiaryId: string;
let interviewLink: string;
let coach: TestSession;

const SAMIRA = 'samira.benali@coaches.kafaat.example';
const KHADIJA = { ...validIntake, firstName: 'Khadija', lastName: 'Berrada', phone: '06 61 23 45 67' };

/** Takes a beneficiary in (as ASSO-TNG-1's intake worker) and waits for Samira's interview email. */
async function takeIn(intake: Record<string, unknown>): Promise<{ beneficiaryId: string; link: string }> {
  const response = await postJson(`${app}/api/intake`, intake, await intakeWorker(platform));
  expect(response.status).toBe(201);
  const { beneficiaryId: id } = (await response.json()) as { beneficiaryId: string };
  const link = await waitForTaskLink(
    platform,
    SAMIRA,
    `Premier entretien avec ${String(intake.firstName)}`,
    executionEnded(platform, executionArnOf(platform, id)),
  );
  return { beneficiaryId: id, link };
}

interface AuditRow {
  kind: string;
  action: string;
  personId: string;
  role: string;
  via: string;
}

async function entriesOf<T>(id: string, prefix: 'audit#' | 'note#'): Promise<T[]> {
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.caseFiles,
      KeyConditionExpression: 'beneficiaryId = :id AND begins_with(entryId, :prefix)',
      ExpressionAttributeValues: { ':id': id, ':prefix': prefix },
      ConsistentRead: true,
    }),
  );
  return Items as T[];
}

const readsBy = async (id: string, personId: string) =>
  (await entriesOf<AuditRow>(id, 'audit#')).filter(
    (e) => e.kind === 'audit' && e.action === 'read' && e.personId === personId,
  );

interface CaseloadBody {
  items: {
    beneficiaryId: string;
    firstName: string;
    lastName: string;
    province: string;
    stage: string;
    nextTask?: { taskType: string; dueAt: string; late: boolean };
  }[];
}

interface CaseFileBody {
  beneficiary: Record<string, unknown>;
  openTask?: { taskType: string; dueAt: string; late: boolean };
  timeline: { kind: string; at: string; stage?: string; taskType?: string }[];
  notes: { entryId: string; text: string; authorName: string; at: string }[];
  canAddNotes: boolean;
  profile?: {
    score: number;
    reasons: { code: string; points: number }[];
    track: string;
    rulesVersion: number;
  };
}

async function caseFileJson(id: string, session: TestSession): Promise<CaseFileBody> {
  const response = await fetch(`${app}/api/cases/${id}`, { headers: session.bearer });
  expect(response.status).toBe(200);
  return (await response.json()) as CaseFileBody;
}

/** The hidden idempotency key of the note form on the case file page. */
async function noteFormKey(id: string): Promise<string> {
  const html = await fetch(`${app}/cases/${id}?lang=fr`, { headers: coach.cookie }).then((r) => r.text());
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
  if (!key) throw new Error('The case file page has no note form');
  return key;
}

function postNoteForm(id: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${app}/cases/${id}/notes?lang=fr`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...coach.cookie },
    body: new URLSearchParams(fields).toString(),
  });
}

beforeAll(async () => {
  platform = await startTestPlatform('case-files');
  app = platform.urls.app;
  coach = await signIn(platform, 'coach', 'TTA', 'ASSO-TNG-1');
  expect(coach.person.personId).toBe('COACH-TTA-1');
  ({ beneficiaryId, link: interviewLink } = await takeIn(KHADIJA));
});

afterAll(async () => {
  await platform?.stop();
});

test('a coach sees their caseload: the beneficiary, where the journey stands, the interview to do and its due date', async () => {
  // Prepare: the interview task as the coach's link points to it.
  const taskId = new URL(interviewLink).pathname.split('/').pop() ?? '';
  const { Item: task } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.tasks, Key: { taskId } }),
  );
  const expectedDue =
    typeof task?.dueAt === 'string'
      ? new Date(task.dueAt).toISOString()
      : new Date(Number(task?.expiresAt) * 1000).toISOString();

  // Act: the caseload as JSON (the indexes follow the writes shortly), then as a page.
  const item = await eventually('Khadija in the caseload with her interview task', async () => {
    const response = await fetch(`${app}/api/caseload`, { headers: coach.bearer });
    expect(response.status).toBe(200);
    const body = (await response.json()) as CaseloadBody;
    return body.items.find((i) => i.beneficiaryId === beneficiaryId && i.nextTask);
  });
  const page = await fetch(`${app}/caseload?lang=fr`, { headers: coach.cookie });
  const html = await page.text();

  // Assess
  expect(item).toEqual({
    beneficiaryId,
    firstName: 'Khadija',
    lastName: 'Berrada',
    province: 'TNG',
    stage: 'coach-assigned',
    nextTask: { taskType: 'initial-interview', dueAt: expectedDue, late: false },
  });
  expect(page.status).toBe(200);
  expect(html).toContain('<div class="table-wrap" tabindex="0">');
  expect(html).toContain(`<a href="/cases/${beneficiaryId}?lang=fr">Khadija Berrada</a>`);
  expect(html).toContain('Tanger-Assilah');
  expect(html).toContain('Premier entretien à mener');
  expect(html).toContain(`<time datetime="${expectedDue}">`);
  expect(html).not.toContain('/tasks/');
  const reads = await readsBy(beneficiaryId, 'COACH-TTA-1');
  expect(reads.some((r) => r.via === 'caseload' && r.role === 'coach')).toBe(true);
});

test('a coach without beneficiaries is told their caseload is empty; no session, no caseload', async () => {
  // Prepare: Karim (ASSO-NAD-1) follows no one in this run.
  const karim = await signIn(platform, 'coach', 'ORI', 'ASSO-NAD-1');

  // Act
  const api = await fetch(`${app}/api/caseload`, { headers: karim.bearer });
  const page = await fetch(`${app}/caseload?lang=en`, { headers: karim.cookie });
  const anonymous = await fetch(`${app}/api/caseload`);
  const anonymousPage = await fetch(`${app}/caseload`, { redirect: 'manual' });
  const supervisor = await fetch(`${app}/api/caseload`, {
    headers: (await signIn(platform, 'supervisor', 'TTA', 'ASSO-TNG-1')).bearer,
  });

  // Assess
  expect(await api.json()).toEqual({ items: [] });
  expect(await page.text()).toContain('No beneficiary is assigned to you yet.');
  expect(anonymous.status).toBe(401);
  expect(anonymousPage.status).toBe(303);
  expect(anonymousPage.headers.get('location')).toMatch(/^\/sign-in\?next=/);
  expect(supervisor.status).toBe(403);
});

test("another association's coach gets 403 on the case file, and nothing is read out or audited for them", async () => {
  // Prepare
  const youssef = await signIn(platform, 'coach', 'TTA', 'ASSO-TET-1');
  expect(youssef.person.personId).toBe('COACH-TTA-2');

  // Act
  const api = await fetch(`${app}/api/cases/${beneficiaryId}`, { headers: youssef.bearer });
  const page = await fetch(`${app}/cases/${beneficiaryId}?lang=fr`, { headers: youssef.cookie });
  const note = await postJson(
    `${app}/api/cases/${beneficiaryId}/notes`,
    { text: 'Intrusion' },
    youssef.bearer,
  );

  // Assess
  expect([api.status, page.status, note.status]).toEqual([403, 403, 403]);
  for (const body of [await api.text(), await page.text(), await note.text()]) {
    expect(body).not.toMatch(/Khadija|Berrada|61 23 45 67/);
  }
  expect(await readsBy(beneficiaryId, 'COACH-TTA-2')).toEqual([]);
  expect((await entriesOf<{ text: string }>(beneficiaryId, 'note#')).map((n) => n.text)).not.toContain(
    'Intrusion',
  );
});

test('the case file shows how to reach the person and the timeline, and follows the journey once the interview is answered', async () => {
  // Prepare: a beneficiary of their own, whose interview this test answers.
  const salma = await takeIn({
    ...validIntake,
    firstName: 'Salma',
    lastName: 'Idrissi',
    email: 'salma@example.org',
  });

  // Act: the case file before the interview is answered.
  const before = await eventually('the interview task in the timeline', async () => {
    const file = await caseFileJson(salma.beneficiaryId, coach);
    return file.timeline.some((e) => e.kind === 'task-sent') ? file : undefined;
  });
  const page = await fetch(`${app}/cases/${salma.beneficiaryId}?lang=fr`, { headers: coach.cookie });
  const html = await page.text();

  // Assess: contacts, the journey so far, the open task without its link, the note form.
  expect(before.beneficiary).toMatchObject({
    firstName: 'Salma',
    lastName: 'Idrissi',
    phone: '+212 6 12 34 56 78',
    email: 'salma@example.org',
    province: 'TNG',
    associationName: 'Association Al Amal Tanger',
    birthYear: 1999,
    educationLevel: 'baccalaureate',
  });
  expect(before.timeline.map((e) => [e.kind, e.stage ?? e.taskType])).toEqual([
    ['stage', 'intake'],
    ['stage', 'coach-assigned'],
    ['task-sent', 'initial-interview'],
  ]);
  expect(before.openTask).toMatchObject({ taskType: 'initial-interview', late: false });
  expect(before.canAddNotes).toBe(true);
  expect(page.status).toBe(200);
  expect(html).toContain('href="tel:+212612345678"');
  expect(html).toContain('href="mailto:salma@example.org"');
  expect(html).toContain('Association Al Amal Tanger');
  expect(html).toContain('Baccalauréat');
  expect(html).toContain('Fiche d’accueil enregistrée');
  expect(html).toContain('Premier entretien : tâche envoyée');
  // The coach may open their own open task from here: the same signed link as their email's.
  const emailed = new URL(salma.link);
  expect(html).toContain(
    `href="${emailed.pathname}${emailed.search.replace(/&lang=\w+$/, '').replace(/&/g, '&amp;')}&amp;lang=fr"`,
  );
  expect(html).toContain(`<form method="post" action="/cases/${salma.beneficiaryId}/notes?lang=fr">`);
  expect(html).toContain('<label for="text">');

  // Act: Samira answers the interview through the link she was emailed.
  const answered = await postForm(salma.link, {
    interviewDate: '2026-03-02',
    attended: 'yes',
    goals: 'Un emploi stable',
    planStep1: 'CV à jour',
    planDate1: '2026-12-15',
    next: 'placement',
  });
  expect(answered.status).toBe(200);
  await waitForTaskLink(platform, SAMIRA, 'insertion de Salma');
  const after = await eventually('the placement task in the timeline', async () => {
    const file = await caseFileJson(salma.beneficiaryId, coach);
    return file.timeline.some((e) => e.kind === 'task-sent' && e.taskType === 'placement') ? file : undefined;
  });

  // Assess: the answer, the stage it brought and the next task, in order; the placement is open.
  expect(after.timeline.map((e) => [e.kind, e.stage ?? e.taskType])).toEqual([
    ['stage', 'intake'],
    ['stage', 'coach-assigned'],
    ['task-sent', 'initial-interview'],
    ['task-answered', 'initial-interview'],
    ['task-delivered', 'initial-interview'],
    ['stage', 'interviewed'],
    ['task-sent', 'placement'],
  ]);
  const times = after.timeline.map((e) => Date.parse(e.at));
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  expect(after.openTask).toMatchObject({ taskType: 'placement', late: false });
  expect(after.beneficiary.stage).toBe('interviewed');
  const reads = await readsBy(salma.beneficiaryId, 'COACH-TTA-1');
  expect(reads.filter((r) => r.via === 'case-file').length).toBeGreaterThanOrEqual(2);
});

test('a note sent twice with the same key is one note, through the API and through the form', async () => {
  // Act: the API, twice with one key.
  const headers = { ...coach.bearer, 'Idempotency-Key': 'note-key-0001' };
  const text = 'Rendez-vous fixé au 12 mars, à l’association.';
  const first = await postJson(`${app}/api/cases/${beneficiaryId}/notes`, { text }, headers);
  const second = await postJson(`${app}/api/cases/${beneficiaryId}/notes`, { text }, headers);
  const reused = await postJson(`${app}/api/cases/${beneficiaryId}/notes`, { text: 'Autre chose' }, headers);

  // Act: the form, sent twice (a double click) with the key its page carried.
  const key = await noteFormKey(beneficiaryId);
  const formText = 'A appelé pour décaler.\nNouveau rendez-vous à fixer.';
  const posted = await postNoteForm(beneficiaryId, { idempotencyKey: key, text: formText });
  const again = await postNoteForm(beneficiaryId, { idempotencyKey: key, text: formText });

  // Assess
  expect([first.status, second.status]).toEqual([201, 201]);
  const { entryId } = (await first.json()) as { entryId: string };
  expect(await second.json()).toEqual({ entryId });
  expect(reused.status).toBe(409);
  expect([posted.status, again.status]).toEqual([303, 303]);
  expect(posted.headers.get('location')).toBe(`/cases/${beneficiaryId}?lang=fr#notes`);
  const notes = await entriesOf<{ text: string; personId: string }>(beneficiaryId, 'note#');
  expect(notes.filter((n) => n.text === text)).toHaveLength(1);
  expect(notes.filter((n) => n.text === formText)).toHaveLength(1);
  expect(notes.map((n) => n.text)).not.toContain('Autre chose');
  expect(notes.every((n) => n.personId === 'COACH-TTA-1')).toBe(true);
  const file = await caseFileJson(beneficiaryId, coach);
  expect(file.notes.map((n) => n.text).slice(0, 2)).toEqual([formText, text]);
  expect(file.notes[0]?.authorName).toBe('Samira Benali');
  const html = await fetch(`${app}/cases/${beneficiaryId}?lang=fr`, { headers: coach.cookie }).then((r) =>
    r.text(),
  );
  expect(html).toContain('A appelé pour décaler.<br>Nouveau rendez-vous à fixer.');
});

test('a bad note is refused naming `text`, and nothing is written', async () => {
  // Prepare
  const before = (await entriesOf(beneficiaryId, 'note#')).length;

  // Act
  const empty = await postJson(`${app}/api/cases/${beneficiaryId}/notes`, { text: '  ' }, coach.bearer);
  const long = await postJson(
    `${app}/api/cases/${beneficiaryId}/notes`,
    { text: 'x'.repeat(1001) },
    coach.bearer,
  );
  const form = await postNoteForm(beneficiaryId, {
    idempotencyKey: await noteFormKey(beneficiaryId),
    text: 'Texte\u202Emasqué',
  });
  const formHtml = await form.text();

  // Assess
  expect(empty.status).toBe(400);
  expect(await empty.json()).toEqual({ errors: [{ field: 'text', message: expect.any(String) }] });
  expect(long.status).toBe(400);
  expect(await long.json()).toEqual({
    errors: [{ field: 'text', message: 'Must be at most 1000 characters.' }],
  });
  expect(form.status).toBe(400);
  expect(formHtml).toContain('id="text-error"');
  expect(formHtml).toContain('Les observations contiennent des caractères de contrôle');
  expect((await entriesOf(beneficiaryId, 'note#')).length).toBe(before);
});

test("a supervisor of the beneficiary's association reads the case file without a note form; another association's gets 403", async () => {
  // Prepare
  const own = await signIn(platform, 'supervisor', 'TTA', 'ASSO-TNG-1');
  const other = await signIn(platform, 'supervisor', 'TTA', 'ASSO-TET-1');

  // Act
  const file = await caseFileJson(beneficiaryId, own);
  const page = await fetch(`${app}/cases/${beneficiaryId}?lang=ar`, { headers: own.cookie });
  const html = await page.text();
  const note = await postJson(`${app}/api/cases/${beneficiaryId}/notes`, { text: 'Vu.' }, own.bearer);
  const refused = await fetch(`${app}/api/cases/${beneficiaryId}`, { headers: other.bearer });
  const refusedPage = await fetch(`${app}/cases/${beneficiaryId}`, { headers: other.cookie });

  // Assess
  expect(file.beneficiary).toMatchObject({ firstName: 'Khadija', phone: '06 61 23 45 67' });
  expect(file.canAddNotes).toBe(false);
  expect(page.status).toBe(200);
  expect(html).toContain('dir="rtl"');
  expect(html).toContain('href="tel:0661234567"');
  expect(html).not.toContain('action="/cases/');
  expect(html).not.toContain('name="idempotencyKey"');
  expect(html).not.toContain('/tasks/'); // the coach's link is the coach's alone
  expect(html).toContain('للاطلاع فقط');
  expect(note.status).toBe(403);
  expect([refused.status, refusedPage.status]).toEqual([403, 403]);
  expect(await refusedPage.text()).not.toContain('Khadija');
  const reads = await readsBy(beneficiaryId, 'SUPERVISOR-ASSO-TNG-1');
  expect(reads.some((r) => r.via === 'case-file' && r.role === 'supervisor')).toBe(true);
  expect(await readsBy(beneficiaryId, 'SUPERVISOR-ASSO-TET-1')).toEqual([]);
  expect((await entriesOf<{ text: string }>(beneficiaryId, 'note#')).map((n) => n.text)).not.toContain('Vu.');
});

test("the case file gives the first interview's answers and the profile: the score, its reasons in words, the track", async () => {
  // Prepare: NEET (+15), disability (+20), rural isolation (+15), a baccalaureate (0), aged 20
  // (+5): 55, from 50 on a training first, whatever the aim.
  const nour = await takeIn({
    ...validIntake,
    firstName: 'Nour',
    lastName: 'Amrani',
    phone: '06 70 77 88 99',
    birthYear: new Date().getUTCFullYear() - 20,
    situation: 'neet',
    vulnerabilityFactors: ['rural-isolation', 'disability'],
    aspiration: 'create-tpe',
    sectorOfInterest: 'crafts',
  });

  // Act
  const file = await caseFileJson(nour.beneficiaryId, coach);
  const french = await fetch(`${app}/cases/${nour.beneficiaryId}?lang=fr`, { headers: coach.cookie });
  const arabic = await fetch(`${app}/cases/${nour.beneficiaryId}?lang=ar`, { headers: coach.cookie });
  const frHtml = await french.text();
  const arHtml = await arabic.text();

  // Assess: the JSON adds the answers and the profile; the page says them in words.
  expect(file.beneficiary).toMatchObject({
    situation: 'neet',
    vulnerabilityFactors: ['rural-isolation', 'disability'],
    aspiration: 'create-tpe',
    sectorOfInterest: 'crafts',
  });
  expect(file.profile).toEqual({
    score: 55,
    reasons: [
      { code: 'situation:neet', points: 15 },
      { code: 'vulnerabilityFactor:disability', points: 20 },
      { code: 'vulnerabilityFactor:rural-isolation', points: 15 },
      { code: 'ageBand:18-24', points: 5 },
    ],
    track: 'training-first',
    rulesVersion: 1,
  });
  expect(frHtml).toContain('<h2 id="profile-title">Profil d’employabilité</h2>');
  expect(frHtml).toContain('<strong data-score>55</strong>');
  expect(frHtml).toContain('<strong data-track="training-first">Formation d’abord</strong>');
  expect(frHtml).toContain('Situation actuelle : Ni en emploi, ni en études, ni en formation (+15)');
  expect(frHtml).toContain('Facteur de vulnérabilité : Situation de handicap (+20)');
  expect(frHtml).toContain('Tranche d’âge : 18-24 ans (+5)');
  expect(frHtml).toContain('<dd>Créer une TPE</dd>');
  expect(frHtml).toContain('<dd>Artisanat</dd>');
  expect(arHtml).toContain('عامل هشاشة: وضعية إعاقة (\u2066+20\u2069)');
  expect(arHtml).toContain('<strong data-track="training-first">التكوين أولا</strong>');
});

test('a case file of an intake without the first interview fields says they were not given, and shows its profile', async () => {
  // Act: Khadija was taken in without them (baccalaureate: only her age band may add points).
  const file = await caseFileJson(beneficiaryId, coach);
  const html = await fetch(`${app}/cases/${beneficiaryId}?lang=en`, { headers: coach.cookie }).then((r) =>
    r.text(),
  );

  // Assess
  expect(file.beneficiary).not.toHaveProperty('situation');
  expect(file.beneficiary).not.toHaveProperty('vulnerabilityFactors');
  expect(file.profile?.track).toBe('direct-placement');
  expect(html).toContain('<dt>Vulnerability factors</dt><dd>Not given</dd>');
  expect(html).toContain('<strong data-track="direct-placement">Direct placement</strong>');
});
