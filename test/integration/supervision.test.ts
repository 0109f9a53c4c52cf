/**
 * Supervision on the local platform: a supervisor sees their association's coaches' loads against
 * capacity and, with time running fast, an overdue task; reassigning a beneficiary moves the open
 * task to the new coach (a new link, in their language) while the old link says so and takes
 * nothing; a repeat changes nothing; the audit trail shows the move and every read; refusals
 * (another association, a coach of another region, a cross-site form) change nothing.
 */
import { createHmac } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  eventually,
  executionArnOf,
  executionEnded,
  inbox,
  intakeWorker,
  postForm,
  postJson,
  signIn,
  startTestPlatform,
  validIntake,
  waitForTaskLink,
  type Email,
  type TestPlatform,
} from '../support/platform';

const SAMIRA = 'samira.benali@coaches.kafaat.example';
const YOUSSEF = 'youssef.elidrissi@coaches.kafaat.example';
const interview = {
  interviewDate: '2026-11-20',
  attended: 'yes',
  goals: 'Un emploi stable',
  planStep1: 'CV à jour',
  planDate1: '2026-12-15',
  next: 'placement',
};
/**
 * Time runs fast: the interview's 14 days pass in 6 seconds, so an unanswered task is overdue
 * (escalated) after three periods. Reminders may come during any test: emails are told apart by
 * their exact subject.
 */
const PERIOD_SECONDS = 6;
const YOUSSEF_MOVED = (name: string) => `ملف أُسند إليك: المقابلة الأولى مع ${name}`;

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('supervision', (14 * 86400) / PERIOD_SECONDS);
});

afterAll(async () => {
  await platform?.stop();
});

const supervisor = (p: TestPlatform, association = 'ASSO-TNG-1') =>
  signIn(p, 'supervisor', 'TTA', association);

async function startJourney(
  p: TestPlatform,
  firstName: string,
): Promise<{ beneficiaryId: string; link: string }> {
  const response = await postJson(
    `${p.urls.app}/api/intake`,
    { ...validIntake, firstName },
    await intakeWorker(p),
  );
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const link = await waitForTaskLink(
    p,
    SAMIRA,
    firstName,
    executionEnded(p, executionArnOf(p, beneficiaryId)),
  );
  return { beneficiaryId, link };
}

async function reassignApi(p: TestPlatform, beneficiaryId: string, coachId: string, association?: string) {
  return postJson(
    `${p.urls.app}/api/beneficiaries/${beneficiaryId}/reassign`,
    { coachId },
    (await supervisor(p, association)).bearer,
  );
}

async function record(
  p: TestPlatform,
  table: 'tasks' | 'beneficiaries' | 'reference',
  key: Record<string, string>,
) {
  const { Item } = await p.db.send(
    new GetCommand({ TableName: p.tableNames[table], Key: key, ConsistentRead: true }),
  );
  return Item;
}

const taskIdOf = (link: string) => new URL(link).pathname.split('/').pop() ?? '';
const loadOf = async (p: TestPlatform, code: string) =>
  Number((await record(p, 'reference', { kind: 'coach', code }))?.activeBeneficiaries ?? 0);
const emailsAbout = async (p: TestPlatform, to: string, name: string): Promise<Email[]> =>
  (await inbox(p)).filter((e) => e.destination.to.includes(to) && e.subject.includes(name));

/** The link an email carries. */
const linkIn = (email: Email | undefined) =>
  /https?:\/\/\S+\/tasks\/\S+/.exec(email?.body.text ?? '')?.[0] ?? '';

interface AuditEntryJson {
  at: string;
  personId: string;
  role: string;
  action: string;
  via: string;
  detail?: string;
}

async function trail(p: TestPlatform, beneficiaryId: string): Promise<AuditEntryJson[]> {
  const response = await fetch(`${p.urls.app}/api/beneficiaries/${beneficiaryId}/audit`, {
    headers: (await supervisor(p)).bearer,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { entries: AuditEntryJson[] }).entries;
}

interface SupervisionJson {
  coaches: {
    coachId: string;
    load: number;
    capacity: number;
    overCapacity: boolean;
    ofAssociation: number;
  }[];
  overdue: {
    beneficiaryId: string;
    fullName: string;
    taskType: string;
    coachId: string;
    coachName: string;
    dueAt?: string;
    reminders: number;
    escalated: boolean;
    caseFile: string;
    auditTrail: string;
    choices: { coachId: string; name: string }[];
  }[];
}

async function supervision(p: TestPlatform): Promise<SupervisionJson> {
  const response = await fetch(`${p.urls.app}/api/supervision`, { headers: (await supervisor(p)).bearer });
  expect(response.status).toBe(200);
  return (await response.json()) as SupervisionJson;
}

test('the supervisor sees each coach’s load against capacity, over capacity flagged', async () => {
  // Prepare: a beneficiary of the association, with Samira.
  await startJourney(platform, 'Leila');
  const load = await loadOf(platform, 'COACH-TTA-1');

  // Act
  const board = await supervision(platform);
  const page = await fetch(`${platform.urls.app}/supervision`, {
    headers: (await supervisor(platform)).cookie,
  });

  // Assess
  expect(board.coaches.find((c) => c.coachId === 'COACH-TTA-1')).toMatchObject({
    load,
    capacity: 40,
    overCapacity: false,
  });
  expect(load).toBeGreaterThanOrEqual(1);
  expect(board.coaches.map((c) => c.coachId)).not.toContain('COACH-ORI-1');
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Samira Benali');
  expect(html).toContain(`${load} / 40`);
  expect(html).toMatch(/<meter min="0" max="40" value="\d+"/);
  expect(html).not.toContain('Au-delà de la capacité');

  // A coach above their capacity is flagged.
  await platform.db.send(
    new UpdateCommand({
      TableName: platform.tableNames.reference,
      Key: { kind: 'coach', code: 'COACH-TTA-1' },
      UpdateExpression: 'SET #capacity = :below',
      ExpressionAttributeNames: { '#capacity': 'capacity' },
      ExpressionAttributeValues: { ':below': load - 1 },
    }),
  );
  try {
    expect((await supervision(platform)).coaches.find((c) => c.coachId === 'COACH-TTA-1')?.overCapacity).toBe(
      true,
    );
    const flagged = await fetch(`${platform.urls.app}/supervision`, {
      headers: (await supervisor(platform)).cookie,
    });
    expect(await flagged.text()).toContain('Au-delà de la capacité');
  } finally {
    await platform.db.send(
      new UpdateCommand({
        TableName: platform.tableNames.reference,
        Key: { kind: 'coach', code: 'COACH-TTA-1' },
        UpdateExpression: 'SET #capacity = :forty',
        ExpressionAttributeNames: { '#capacity': 'capacity' },
        ExpressionAttributeValues: { ':forty': 40 },
      }),
    );
  }
});

test('reassigning moves the open task: the new coach’s link works and the journey goes on; the old link says so and takes nothing', async () => {
  // Prepare: Samira's interview task, whose page shows the beneficiary's contact (the read audited).
  const { beneficiaryId, link: samiraLink } = await startJourney(platform, 'Houria');
  const taskId = taskIdOf(samiraLink);
  const opened = await fetch(samiraLink);
  expect(opened.status).toBe(200);
  expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
  expect(opened.headers.get('cache-control')).toBe('no-store');
  const openedHtml = await opened.text();
  expect(openedHtml).toContain('href="tel:+212612345678"');
  expect(openedHtml).toContain('Houria Tazi');
  expect(openedHtml).toContain('Tanger-Assilah');
  expect(openedHtml).toContain('Association Al Amal Tanger');
  expect((await trail(platform, beneficiaryId))[0]).toMatchObject({
    personId: 'COACH-TTA-1',
    role: 'coach-link',
    action: 'read',
    via: 'task-link',
  });
  // A link as emailed before link generations (no g, signed over taskId.exp) still opens the form.
  const exp = new URL(samiraLink).searchParams.get('exp') ?? '';
  const legacySig = createHmac('sha256', platform.secret).update(`${taskId}.${exp}`).digest('base64url');
  const legacyLink = `${platform.urls.app}/tasks/${taskId}?exp=${exp}&sig=${legacySig}`;
  expect(await (await fetch(legacyLink)).text()).toContain('<form method="post"');
  const [samiraLoad, youssefLoad] = [
    await loadOf(platform, 'COACH-TTA-1'),
    await loadOf(platform, 'COACH-TTA-2'),
  ];

  // Act
  const response = await reassignApi(platform, beneficiaryId, 'COACH-TTA-2');

  // Assess: the beneficiary and their open task are Youssef's; the loads moved by one.
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ beneficiaryId, coachId: 'COACH-TTA-2', movedTaskId: taskId });
  expect((await record(platform, 'beneficiaries', { beneficiaryId }))?.coachId).toBe('COACH-TTA-2');
  expect(await record(platform, 'tasks', { taskId })).toMatchObject({
    status: 'open',
    coachId: 'COACH-TTA-2',
    coachName: 'Youssef El Idrissi',
    linkGeneration: 1,
    emailedGeneration: 1,
  });
  expect(await loadOf(platform, 'COACH-TTA-1')).toBe(samiraLoad - 1);
  expect(await loadOf(platform, 'COACH-TTA-2')).toBe(youssefLoad + 1);

  // Youssef is emailed the task, in Arabic, with a link of the new generation and no contact data.
  const [moved, ...more] = await emailsAbout(platform, YOUSSEF, YOUSSEF_MOVED('Houria'));
  expect(more).toEqual([]);
  const youssefLink = linkIn(moved);
  expect(youssefLink).toMatch(/[?&]g=1&sig=[\w-]+&lang=ar$/);
  // The phone in any spacing (not "212" alone: a link's expiry or signature may hold it).
  expect(moved?.body.text).not.toMatch(/Tazi|6\s?12\s?34\s?56\s?78/);

  // Samira's link (and the legacy one) says the task went to Youssef, and takes no answer.
  for (const old of [samiraLink, legacyLink]) {
    const page = await fetch(old);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Tâche réattribuée');
    expect(html).toContain('Youssef El Idrissi');
    expect(html).not.toMatch(/6\s?12\s?34\s?56\s?78/);
    expect((await postForm(old, interview, { 'sec-fetch-site': 'same-origin', origin: 'null' })).status).toBe(
      409,
    );
  }
  expect(await record(platform, 'tasks', { taskId })).toMatchObject({
    status: 'open',
    coachId: 'COACH-TTA-2',
  });
  expect((await record(platform, 'tasks', { taskId }))?.answers).toBeUndefined();

  // Reassigning again to the same coach changes nothing and sends no second email.
  const again = await reassignApi(platform, beneficiaryId, 'COACH-TTA-2');
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ coachId: 'COACH-TTA-2', alreadyAssigned: true });
  expect(await emailsAbout(platform, YOUSSEF, YOUSSEF_MOVED('Houria'))).toHaveLength(1);
  expect(await loadOf(platform, 'COACH-TTA-2')).toBe(youssefLoad + 1);
  expect(await loadOf(platform, 'COACH-TTA-1')).toBe(samiraLoad - 1);

  // Youssef's link opens the task with the contact data, audited as his read; his answer is taken.
  const youssefPage = await fetch(youssefLink);
  expect(youssefPage.status).toBe(200);
  const youssefHtml = await youssefPage.text();
  expect(youssefHtml).toContain('dir="rtl"');
  expect(youssefHtml).toContain('href="tel:+212612345678"');
  const answered = await postForm(youssefLink, interview, {
    'sec-fetch-site': 'same-origin',
    origin: 'null',
  });
  expect(answered.status).toBe(200);

  // The journey goes on: the placement task is Youssef's.
  await waitForTaskLink(
    platform,
    YOUSSEF,
    'إدماج Houria',
    executionEnded(platform, executionArnOf(platform, beneficiaryId)),
  );
  expect(await emailsAbout(platform, SAMIRA, 'insertion de Houria')).toHaveLength(0);

  // The trail shows the move (once) and each coach's read, newest first.
  const entries = await trail(platform, beneficiaryId);
  expect(entries.filter((e) => e.action === 'reassign')).toEqual([
    expect.objectContaining({
      personId: 'SUPERVISOR-ASSO-TNG-1',
      role: 'supervisor',
      via: 'supervision',
      detail: 'COACH-TTA-1 → COACH-TTA-2',
    }),
  ]);
  expect(entries).toContainEqual(
    expect.objectContaining({
      personId: 'COACH-TTA-2',
      role: 'coach-link',
      action: 'read',
      via: 'task-link',
    }),
  );
  expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort().reverse());
  const trailPage = await fetch(
    `${platform.urls.app}/supervision/beneficiaries/${beneficiaryId}/audit?lang=en`,
    {
      headers: (await supervisor(platform)).cookie,
    },
  );
  const trailHtml = await trailPage.text();
  expect(trailHtml).toContain('COACH-TTA-1 → COACH-TTA-2');
  expect(trailHtml).toContain('reassignment');
  expect(trailHtml).not.toContain('Houria');

  // Youssef now holds one of the association's beneficiaries: the supervisor sees his load too.
  expect((await supervision(platform)).coaches.find((c) => c.coachId === 'COACH-TTA-2')).toMatchObject({
    ofAssociation: 1,
  });
});

test('a task answered by the old coach just before the move stays answered: the beneficiary moves, no task does', async () => {
  // Prepare
  const { beneficiaryId, link } = await startJourney(platform, 'Meriem');
  expect((await postForm(link, interview)).status).toBe(200);

  // Act
  const response = await reassignApi(platform, beneficiaryId, 'COACH-TTA-2');

  // Assess
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ beneficiaryId, coachId: 'COACH-TTA-2' });
  expect(await record(platform, 'tasks', { taskId: taskIdOf(link) })).toMatchObject({
    coachId: 'COACH-TTA-1',
  });
  expect(await emailsAbout(platform, YOUSSEF, YOUSSEF_MOVED('Meriem'))).toHaveLength(0);
  await waitForTaskLink(platform, YOUSSEF, 'إدماج Meriem');
});

test('refusals change nothing: another association 403, a coach of another region or unknown 400, a cross-site form 403', async () => {
  // Prepare
  const { beneficiaryId, link } = await startJourney(platform, 'Ghita');
  const loads = async () => [await loadOf(platform, 'COACH-TTA-1'), await loadOf(platform, 'COACH-TTA-2')];
  const before = await loads();

  // Act / Assess: a supervisor of another association may not touch or read this file.
  expect((await reassignApi(platform, beneficiaryId, 'COACH-TTA-2', 'ASSO-TET-1')).status).toBe(403);
  const otherTrail = await fetch(`${platform.urls.app}/api/beneficiaries/${beneficiaryId}/audit`, {
    headers: (await supervisor(platform, 'ASSO-TET-1')).bearer,
  });
  expect(otherTrail.status).toBe(403);
  const coach = await signIn(platform, 'coach', 'TTA', 'ASSO-TNG-1');
  expect((await fetch(`${platform.urls.app}/api/supervision`, { headers: coach.bearer })).status).toBe(403);

  // A coach of another region, an unknown coach, or no coach: 400 on coachId.
  for (const body of [{ coachId: 'COACH-ORI-1' }, { coachId: 'COACH-NOPE' }, {}]) {
    const refused = await postJson(
      `${platform.urls.app}/api/beneficiaries/${beneficiaryId}/reassign`,
      body,
      (await supervisor(platform)).bearer,
    );
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      'coachId',
    ]);
  }

  // The page's form: a coach of another region comes back with the error said; a cross-site post is refused.
  const cookie = (await supervisor(platform)).cookie;
  const form = async (fields: Record<string, string>, headers: Record<string, string>) =>
    fetch(`${platform.urls.app}/supervision/beneficiaries/${beneficiaryId}/reassign?lang=fr`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  const signedOut = await form({ coachId: 'COACH-TTA-2' }, { 'sec-fetch-site': 'same-origin' });
  expect(signedOut.status).toBe(303);
  expect(signedOut.headers.get('location')).toMatch(/^\/sign-in\?next=/);
  const wrongRegion = await form({ coachId: 'COACH-ORI-1' }, { 'sec-fetch-site': 'same-origin', ...cookie });
  expect(wrongRegion.status).toBe(400);
  const wrongHtml = await wrongRegion.text();
  expect(wrongHtml).toContain(
    'Choisissez un accompagnateur de la région du bénéficiaire (Tanger-Tétouan-Al Hoceïma)',
  );
  expect(wrongHtml).toContain('Samira Benali'); // the supervision page again, with the error
  const crossSite = await form(
    { coachId: 'COACH-TTA-2' },
    { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', ...cookie },
  );
  expect(crossSite.status).toBe(403);

  // Nothing changed.
  expect((await record(platform, 'beneficiaries', { beneficiaryId }))?.coachId).toBe('COACH-TTA-1');
  expect(await record(platform, 'tasks', { taskId: taskIdOf(link) })).toMatchObject({
    coachId: 'COACH-TTA-1',
  });
  expect(await loads()).toEqual(before);
  expect((await trail(platform, beneficiaryId)).filter((e) => e.action === 'reassign')).toEqual([]);

  // The same form, right: 303 back to the supervision page, which says what was done.
  const done = await form({ coachId: 'COACH-TTA-2' }, { 'sec-fetch-site': 'same-origin', ...cookie });
  expect(done.status).toBe(303);
  const location = done.headers.get('location') ?? '';
  expect(location).toBe('/supervision?lang=fr&notice=reassigned&coach=COACH-TTA-2');
  const notice = await fetch(`${platform.urls.app}${location}`, { headers: cookie });
  expect(await notice.text()).toContain('Dossier confié à Youssef El Idrissi');
  await waitForTaskLink(platform, YOUSSEF, YOUSSEF_MOVED('Ghita'));
});

test('an overdue task shows on the supervision page, its name read into the trail', async () => {
  // Prepare: a task nobody answers (each period lasts a few seconds).
  const { beneficiaryId } = await startJourney(platform, 'Siham');

  // Act: once it is escalated, it is overdue until the journey closes.
  const { board, html } = await eventually(
    'the overdue task on the supervision page',
    async () => {
      const current = await supervision(platform);
      if (!current.overdue.some((o) => o.beneficiaryId === beneficiaryId)) return undefined;
      const page = await fetch(`${platform.urls.app}/supervision?lang=fr`, {
        headers: (await supervisor(platform)).cookie,
      });
      const text = await page.text();
      return text.includes(`id="coach-${beneficiaryId}"`) ? { board: current, html: text } : undefined;
    },
    { timeoutMs: 10 * PERIOD_SECONDS * 1000 },
  );

  // Assess
  const item = board.overdue.find((o) => o.beneficiaryId === beneficiaryId);
  expect(item).toMatchObject({
    fullName: 'Siham Tazi',
    taskType: 'initial-interview',
    coachId: 'COACH-TTA-1',
    coachName: 'Samira Benali',
    caseFile: `/cases/${beneficiaryId}`,
    auditTrail: `/api/beneficiaries/${beneficiaryId}/audit`,
    choices: [{ coachId: 'COACH-TTA-2', name: 'Youssef El Idrissi' }],
  });
  expect(item?.escalated || Date.parse(item?.dueAt ?? '') < Date.now()).toBe(true);
  expect(item?.reminders).toBeGreaterThanOrEqual(1);
  // The page: the name, the task, links to the case file and the trail, a form to reassign.
  expect(html).toContain('Siham Tazi');
  expect(html).toContain('Premier entretien');
  expect(html).toContain(`href="/cases/${beneficiaryId}?lang=fr"`);
  expect(html).toContain(`href="/supervision/beneficiaries/${beneficiaryId}/audit?lang=fr"`);
  expect(html).toContain(`action="/supervision/beneficiaries/${beneficiaryId}/reassign?lang=fr"`);
  const select = html.slice(html.indexOf(`id="coach-${beneficiaryId}"`)).split('</select>')[0] ?? '';
  expect(select).toContain('value="COACH-TTA-2"');
  expect(select).not.toContain('value="COACH-TTA-1"');
  expect((await trail(platform, beneficiaryId))[0]).toMatchObject({
    personId: 'SUPERVISOR-ASSO-TNG-1',
    role: 'supervisor',
    action: 'read',
    via: 'supervision',
  });
});

test('reminders of a moved task go to the new coach with the new link', async () => {
  // Prepare: Samira's task, moved to Youssef before its first period ends.
  const { beneficiaryId } = await startJourney(platform, 'Nisrine');
  expect((await reassignApi(platform, beneficiaryId, 'COACH-TTA-2')).status).toBe(200);
  const moved = await waitForTaskLink(platform, YOUSSEF, YOUSSEF_MOVED('Nisrine'));

  // Act: the period runs out.
  const reminder = await eventually(
    'a reminder to Youssef',
    async () => (await emailsAbout(platform, YOUSSEF, 'تذكير: المقابلة الأولى مع Nisrine'))[0],
    { timeoutMs: 4 * PERIOD_SECONDS * 1000 },
  );

  // Assess: the same link as the move's email (generation 1); Samira got only the first email.
  expect(linkIn(reminder)).toBe(moved);
  expect(moved).toMatch(/[?&]g=1&/);
  expect((await emailsAbout(platform, SAMIRA, 'Nisrine')).map((e) => e.subject)).not.toContain(
    'Rappel : Premier entretien avec Nisrine',
  );
});

test('the audit trail comes a page at a time, newest first: every entry once, the last page without next; a bad limit or cursor is a 400 naming it', async () => {
  // Prepare: seven reads of one record by its association's supervisor, each audited.
  const { beneficiaryId } = await startJourney(platform, 'Zineb');
  const session = await supervisor(platform);
  for (let i = 0; i < 7; i += 1) {
    const read = await fetch(`${platform.urls.app}/api/beneficiaries/${beneficiaryId}`, {
      headers: session.bearer,
    });
    expect(read.status).toBe(200);
  }
  const whole = await trail(platform, beneficiaryId);
  expect(whole.length).toBeGreaterThanOrEqual(7);

  // Act: pages of three, following `next`.
  const pages: AuditEntryJson[][] = [];
  let next: string | undefined;
  do {
    const query = `limit=3${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const response = await fetch(`${platform.urls.app}/api/beneficiaries/${beneficiaryId}/audit?${query}`, {
      headers: session.bearer,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { entries: AuditEntryJson[]; next?: string };
    pages.push(body.entries);
    next = body.next;
  } while (next && pages.length < 10);

  // Assess: the pages, in order, are the whole trail; all but the last are full.
  expect(pages.flat()).toEqual(whole);
  expect(pages.slice(0, -1).every((page) => page.length === 3)).toBe(true);
  expect(pages.length).toBe(Math.ceil(whole.length / 3));

  const page = await fetch(
    `${platform.urls.app}/supervision/beneficiaries/${beneficiaryId}/audit?lang=ar&limit=3`,
    {
      headers: session.cookie,
    },
  );
  expect(page.status).toBe(200);
  // The link to older entries keeps the page's size.
  expect(await page.text()).toMatch(
    /<a href="[^"]*&amp;limit=3&amp;next=[A-Za-z0-9_-]+" rel="next">عمليات أقدم<\/a>/,
  );

  for (const [query, field] of [
    ['limit=0', 'limit'],
    ['limit=10001', 'limit'],
    ['limit=x', 'limit'],
    ['next=bm90LWEtY3Vyc29y', 'next'],
    ['next=%25', 'next'],
  ] as const) {
    const refused = await fetch(`${platform.urls.app}/api/beneficiaries/${beneficiaryId}/audit?${query}`, {
      headers: session.bearer,
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ errors: [expect.objectContaining({ field })] });
  }
  const refusedPage = await fetch(
    `${platform.urls.app}/supervision/beneficiaries/${beneficiaryId}/audit?lang=fr&next=x`,
    { headers: session.cookie },
  );
  expect(refusedPage.status).toBe(400);
  expect(await refusedPage.text()).toContain('role="alert"');
});
