/**
 * An association's beneficiaries on the local platform: the list and its search, paging, a record,
 * corrections with their audit trail (old values masked, one entry per changed field, in the same
 * transaction), stale and repeated corrections, bad input, and people of another association or
 * role refused with nothing read into the trail.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  eventually,
  intakeWorker,
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
  platform = await startTestPlatform('records');
});

afterAll(async () => {
  await platform?.stop();
});

const url = (path: string) => `${platform.urls.app}${path}`;

/** Takes a person in through the intake API (intake worker of ASSO-TNG-1); their id. */
async function intake(fields: Record<string, unknown>): Promise<string> {
  const response = await postJson(
    url('/api/intake'),
    { ...validIntake, ...fields },
    {
      ...(await intakeWorker(platform)),
      'idempotency-key': `records-${randomUUID()}`,
    },
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { beneficiaryId: string }).beneficiaryId;
}

const record = (beneficiaryId: string) => storedRecord(platform, beneficiaryId);

/** Waits until the journey has given the beneficiary a coach: the record stops moving under us. */
async function withCoach(beneficiaryId: string): Promise<Record<string, unknown>> {
  return eventually(`a coach for ${beneficiaryId}`, async () => {
    const item = await record(beneficiaryId);
    return item.coachId && item.stage === 'coach-assigned' ? item : undefined;
  });
}

interface AuditItem {
  kind: string;
  action: string;
  personId: string;
  via: string;
  field?: string;
  oldValue?: string;
}

async function caseFileItems(beneficiaryId: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.caseFiles,
      KeyConditionExpression: 'beneficiaryId = :id',
      ExpressionAttributeValues: { ':id': beneficiaryId },
      ConsistentRead: true,
    }),
  );
  return Items;
}

async function audit(beneficiaryId: string): Promise<AuditItem[]> {
  return (await caseFileItems(beneficiaryId)).filter((i) => i.kind === 'audit') as unknown as AuditItem[];
}

const changesOf = async (id: string) => (await audit(id)).filter((e) => e.action === 'change');

async function getJson(path: string, headers: Record<string, string>) {
  const response = await fetch(url(path), { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface ListBody {
  items: { beneficiaryId: string; reference: string; firstName: string; coachName?: string }[];
  next?: string;
}

describe('the list', () => {
  test("shows the association's beneficiaries newest first, with their coach, and audits each one shown", async () => {
    // Prepare
    const older = await intake({ firstName: 'Loubna' });
    const newer = await intake({ firstName: 'Meryem' });
    await withCoach(older);
    await withCoach(newer);
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');

    // Act
    const { status, body } = await getJson('/api/beneficiaries', worker.bearer);

    // Assess
    expect(status).toBe(200);
    const items = (body as unknown as ListBody).items;
    const ids = items.map((i) => i.beneficiaryId);
    expect(ids.indexOf(newer)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    expect(items.find((i) => i.beneficiaryId === newer)).toMatchObject({
      reference: newer.slice(0, 8),
      firstName: 'Meryem',
      coachName: 'Samira Benali',
    });
    for (const id of [older, newer]) {
      expect(await audit(id)).toContainEqual(
        expect.objectContaining({
          action: 'read',
          via: 'beneficiary-list',
          personId: worker.person.personId,
        }),
      );
    }
  });

  test('is a page with a link to each record, and never sends its address (a search) on', async () => {
    // Prepare
    const id = await intake({ firstName: 'Rim' });
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');

    // Act
    const response = await fetch(url('/beneficiaries?lang=en&q=rim'), { headers: worker.cookie });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain(`href="/beneficiaries/${id}?lang=en"`);
    expect(page).toContain('<div class="table-wrap" tabindex="0"><table>');
    expect(page).toContain('<label for="q">');
  });

  test('finds an accented name typed without accents, a phone written another way, a reference', async () => {
    // Prepare
    const id = await intake({
      firstName: 'Chaïmae',
      lastName: 'Benjelloun',
      phone: '06 61 22 33 44',
      email: 'chaimae.b@example.ma',
    });
    const other = await intake({ firstName: 'Hajar', phone: '06 77 88 99 00' });
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');
    const search = async (q: string) =>
      (
        (await getJson(`/api/beneficiaries?q=${encodeURIComponent(q)}`, worker.bearer))
          .body as unknown as ListBody
      ).items.map((i) => i.beneficiaryId);
    const otherReadsBefore = (await audit(other)).length;

    // Act / Assess
    expect(await search('chaimae BENJELLOUN')).toEqual([id]);
    expect(await search('+212 6 61 22 33 44')).toEqual([id]);
    expect(await search('00212661223344')).toEqual([id]);
    expect(await search(id.slice(0, 8).toUpperCase())).toEqual([id]);
    expect(await search('CHAIMAE.B@example.ma')).toEqual([id]);
    expect(await search('nobody-of-that-name')).toEqual([]);
    // Only the people shown are in the trail, not every record the search looked through.
    expect(await audit(other)).toHaveLength(otherReadsBefore);
  });

  test('says so when a search finds no one, and refuses a search too long', async () => {
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');

    const none = await fetch(url('/beneficiaries?lang=fr&q=xyzzy'), { headers: worker.cookie });
    expect(none.status).toBe(200);
    expect(await none.text()).toContain('Aucun bénéficiaire ne correspond à cette recherche.');

    const long = await getJson(`/api/beneficiaries?q=${'a'.repeat(101)}`, worker.bearer);
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'q' })]);
  });

  test('says so when the association has no one yet', async () => {
    const worker = await signIn(platform, 'intake-worker', 'ORI', 'ASSO-OUJ-1');

    const response = await fetch(url('/beneficiaries?lang=en'), { headers: worker.cookie });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Your association has not taken anyone in yet.');
  });

  test('pages 25 at a time, each record once, and refuses a cursor it did not give', async () => {
    // Prepare: 27 records of ASSO-NAD-1, a minute apart (no journey: written directly).
    const ids: string[] = [];
    for (let i = 0; i < 27; i++) {
      const beneficiaryId = randomUUID();
      ids.push(beneficiaryId);
      await platform.db.send(
        new PutCommand({
          TableName: platform.tableNames.beneficiaries,
          Item: {
            ...validIntake,
            firstName: `Personne${String.fromCharCode(65 + i)}`,
            region: 'ORI',
            province: 'NAD',
            beneficiaryId,
            association: 'ASSO-NAD-1',
            createdAt: new Date(Date.UTC(2026, 0, 1, 8, i)).toISOString(),
            stage: 'intake',
          },
        }),
      );
    }
    const worker = await signIn(platform, 'intake-worker', 'ORI', 'ASSO-NAD-1');

    // Act
    const first = (await getJson('/api/beneficiaries', worker.bearer)).body as unknown as ListBody;
    const second = (await getJson(`/api/beneficiaries?cursor=${first.next ?? ''}`, worker.bearer))
      .body as unknown as ListBody;

    // Assess
    expect(first.items).toHaveLength(25);
    expect(first.next).toEqual(expect.any(String));
    expect(second.items).toHaveLength(2);
    expect(second.next).toBeUndefined();
    const seen = [...first.items, ...second.items].map((i) => i.beneficiaryId);
    expect(seen).toEqual([...ids].reverse());

    // The page links to the next page, and that page back to the first.
    const page = await (await fetch(url('/beneficiaries?lang=en'), { headers: worker.cookie })).text();
    const next = /href="(\/beneficiaries\?[^"]*cursor=[^"]*)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const secondPage = await (await fetch(url(next ?? ''), { headers: worker.cookie })).text();
    expect(secondPage).toContain(`/beneficiaries/${ids[0]}?lang=en`);
    expect(secondPage).toContain('Back to the first page');

    const forged = Buffer.from(JSON.stringify(['2026-01-01T08:00:00.000Z', ids[0], 'ASSO-TNG-1'])).toString(
      'base64url',
    );
    const refused = await getJson(`/api/beneficiaries?cursor=${forged}`, worker.bearer);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});

describe('a record', () => {
  test('shows every intake field to the intake worker, audited before, with a pre-filled correction form', async () => {
    // Prepare
    const id = await intake({ firstName: 'Ilham', email: 'ilham@example.ma' });
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');

    // Act
    const api = await getJson(`/api/beneficiaries/${id}`, worker.bearer);
    const page = await fetch(url(`/beneficiaries/${id}?lang=fr`), { headers: worker.cookie });

    // Assess
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({
      beneficiaryId: id,
      firstName: 'Ilham',
      lastName: 'Tazi',
      sex: 'F',
      birthYear: 1999,
      region: 'TTA',
      province: 'TNG',
      phone: '+212 6 12 34 56 78',
      email: 'ilham@example.ma',
      educationLevel: 'baccalaureate',
      association: 'ASSO-TNG-1',
      stage: expect.any(String),
      createdAt: expect.any(String),
      version: 0,
    });
    expect(api.body).not.toHaveProperty('consent');
    expect(api.body).not.toHaveProperty('intakeHash');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`action="/beneficiaries/${id}?lang=fr"`);
    expect(html).toContain('name="firstName" type="text" value="Ilham"');
    expect(html).toContain('<input type="hidden" name="version" value="0">');
    expect(html).not.toContain('name="region"');
    expect(html).not.toContain('name="consent"');
    const reads = (await audit(id)).filter((e) => e.action === 'read' && e.via === 'record');
    expect(reads).toHaveLength(2);
    expect(reads[0]?.personId).toBe(worker.person.personId);
  });

  test("is read-only for the association's supervisor, with links to the case file and the trail", async () => {
    const id = await intake({ firstName: 'Najat' });
    const supervisor = await signIn(platform, 'supervisor', 'TTA', 'ASSO-TNG-1');

    const page = await fetch(url(`/beneficiaries/${id}?lang=en`), { headers: supervisor.cookie });

    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Najat');
    // No correction form (the record's own route); the withdrawal of consent is the supervisor's.
    expect(html).not.toContain(`<form method="post" action="/beneficiaries/${id}?`);
    expect(html).toContain(`action="/beneficiaries/${id}/consent-withdrawal?lang=en"`);
    expect(html).toContain(`href="/cases/${id}?lang=en"`);
    expect(html).toContain(`href="/supervision/beneficiaries/${id}/audit?lang=en"`);
    expect(await audit(id)).toContainEqual(
      expect.objectContaining({ action: 'read', via: 'record', personId: supervisor.person.personId }),
    );
  });

  test('of another association is refused (403) to its intake worker and supervisor, with nothing in the trail', async () => {
    // Prepare
    const id = await intake({ firstName: 'Sanae' });
    await withCoach(id);
    const stranger = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TET-1');
    const personal = async () => {
      const { firstName, lastName, phone, version } = await record(id);
      return { firstName, lastName, phone, version };
    };
    const otherSupervisor = await signIn(platform, 'supervisor', 'TTA', 'ASSO-TET-1');

    // Act
    const read = await fetch(url(`/api/beneficiaries/${id}`), { headers: stranger.bearer });
    const page = await fetch(url(`/beneficiaries/${id}`), { headers: stranger.cookie });
    const correction = await postJson(
      url(`/api/beneficiaries/${id}/corrections`),
      { version: 0, firstName: 'Hacked' },
      stranger.bearer,
    );
    const supervisorRead = await fetch(url(`/api/beneficiaries/${id}`), { headers: otherSupervisor.bearer });

    // Assess
    expect([read.status, page.status, correction.status, supervisorRead.status]).toEqual([
      403, 403, 403, 403,
    ]);
    expect(await page.text()).not.toContain('Sanae');
    const strangers = [stranger.person.personId, otherSupervisor.person.personId];
    expect((await audit(id)).filter((e) => strangers.includes(e.personId))).toEqual([]);
    expect(await personal()).toEqual({ firstName: 'Sanae', lastName: 'Tazi', phone: '+212 6 12 34 56 78' });
    expect(await changesOf(id)).toEqual([]);
  });

  test('is not corrected by a supervisor (403): only intake workers correct', async () => {
    const id = await intake({ firstName: 'Wafae' });
    const supervisor = await signIn(platform, 'supervisor', 'TTA', 'ASSO-TNG-1');

    const response = await postJson(
      url(`/api/beneficiaries/${id}/corrections`),
      { version: 0, firstName: 'Other' },
      supervisor.bearer,
    );

    expect(response.status).toBe(403);
    expect((await record(id)).firstName).toBe('Wafae');
  });

  test('an unknown id is a 404', async () => {
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');
    expect((await getJson(`/api/beneficiaries/${randomUUID()}`, worker.bearer)).status).toBe(404);
  });
});

describe('a correction', () => {
  test('changes only the fields that differ, each with an audit entry whose old value is masked', async () => {
    // Prepare
    const id = await intake({ firstName: 'Zoubida', lastName: 'Kettani', phone: '0612987654' });
    const before = await withCoach(id);
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');

    // Act
    const response = await postJson(
      url(`/api/beneficiaries/${id}/corrections`),
      { version: 0, firstName: 'Zoubaida', lastName: 'Kettani', phone: '+212 6 55 44 33 22', sex: 'F' },
      worker.bearer,
    );

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      beneficiaryId: id,
      firstName: 'Zoubaida',
      lastName: 'Kettani',
      phone: '+212 6 55 44 33 22',
      version: 1,
    });
    const after = await record(id);
    expect(after).toMatchObject({ firstName: 'Zoubaida', phone: '+212 6 55 44 33 22', version: 1 });
    for (const kept of [
      'lastName',
      'sex',
      'birthYear',
      'province',
      'region',
      'consent',
      'association',
      'coachId',
    ]) {
      expect(after[kept]).toEqual(before[kept]);
    }
    const changes = await changesOf(id);
    expect(changes.map((c) => c.field).sort()).toEqual(['firstName', 'phone']);
    expect(changes).toContainEqual(
      expect.objectContaining({ personId: worker.person.personId, field: 'firstName', oldValue: 'Z••••••' }),
    );
    expect(changes).toContainEqual(expect.objectContaining({ field: 'phone', oldValue: '••••••••54' }));
    const trail = JSON.stringify(await caseFileItems(id));
    expect(trail).not.toContain('Zoubida');
    expect(trail).not.toContain('0612987654');
  });

  test('posted again changes nothing and adds no entry', async () => {
    // Prepare
    const id = await intake({ firstName: 'Hanane' });
    await withCoach(id);
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');
    const correction = { version: 0, lastName: 'Berrada' };
    expect(
      (await postJson(url(`/api/beneficiaries/${id}/corrections`), correction, worker.bearer)).status,
    ).toBe(200);

    // Act
    const again = await postJson(url(`/api/beneficiaries/${id}/corrections`), correction, worker.bearer);

    // Assess
    expect(again.status).toBe(200);
    expect(await changesOf(id)).toHaveLength(1);
    expect((await record(id)).version).toBe(1);
  });

  test('made on a version someone changed since is refused (409), with nothing written', async () => {
    // Prepare
    const id = await intake({ firstName: 'Kawtar' });
    await withCoach(id);
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');
    await postJson(
      url(`/api/beneficiaries/${id}/corrections`),
      { version: 0, lastName: 'Alami' },
      worker.bearer,
    );
    const before = await record(id);

    // Act: made on version 0, the record is at 1
    const stale = await postJson(
      url(`/api/beneficiaries/${id}/corrections`),
      { version: 0, firstName: 'Kaoutar' },
      worker.bearer,
    );

    // Assess
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({
      record: { firstName: 'Kawtar', lastName: 'Alami', version: 1 },
    });
    expect(await record(id)).toEqual(before);
    expect(await changesOf(id)).toHaveLength(1);
  });

  test('two made at once on the same version: one is saved, the other refused, nothing half-written', async () => {
    // Prepare
    const id = await intake({ firstName: 'Btissam' });
    await withCoach(id);
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');
    const post = (body: Record<string, unknown>) =>
      postJson(url(`/api/beneficiaries/${id}/corrections`), { version: 0, ...body }, worker.bearer);

    // Act
    const statuses = (await Promise.all([post({ firstName: 'Ibtissam' }), post({ lastName: 'Fassi' })])).map(
      (r) => r.status,
    );

    // Assess
    expect(statuses.sort()).toEqual([200, 409]);
    const after = await record(id);
    expect(after.version).toBe(1);
    const changes = await changesOf(id);
    expect(changes).toHaveLength(1);
    const field = changes[0]?.field ?? '';
    expect(after[field]).toBe(field === 'firstName' ? 'Ibtissam' : 'Fassi');
    expect(after[field === 'firstName' ? 'lastName' : 'firstName']).toBe(
      field === 'firstName' ? 'Tazi' : 'Btissam',
    );
  });

  test('with bad input is refused (400) naming each field, and writes nothing', async () => {
    // Prepare
    const id = await intake({ firstName: 'Siham' });
    await withCoach(id);
    const before = await record(id);
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');

    // Act
    const response = await postJson(
      url(`/api/beneficiaries/${id}/corrections`),
      { version: 0, birthYear: 1900, province: 'OUJ', region: 'ORI', consent: false },
      worker.bearer,
    );

    // Assess
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: { field: string; message: string }[] };
    expect(errors.map((e) => e.field).sort()).toEqual(['birthYear', 'province', 'region, consent']);
    expect(errors.every((e) => Object.keys(e).sort().join() === 'field,message')).toBe(true);
    expect(await record(id)).toEqual(before);
    expect(await changesOf(id)).toEqual([]);
  });

  test('takes a disability ticked by mistake out: the profile is worked out again, the old value masked whole', async () => {
    // Prepare
    const id = await intake({
      firstName: 'Nadia',
      situation: 'unemployed',
      vulnerabilityFactors: ['disability', 'single-parent'],
    });
    const before = await withCoach(id);
    const profileBefore = before.profile as { score: number; reasons: { code: string }[] };
    expect(profileBefore.reasons.map((r) => r.code)).toContain('vulnerabilityFactor:disability');
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');

    // Act: a bad code first, then the right correction
    const bad = await postJson(
      url(`/api/beneficiaries/${id}/corrections`),
      { version: 0, vulnerabilityFactors: ['single-parent', 'unknown'] },
      worker.bearer,
    );
    const unchanged = await record(id);
    const response = await postJson(
      url(`/api/beneficiaries/${id}/corrections`),
      { version: 0, vulnerabilityFactors: ['single-parent'] },
      worker.bearer,
    );

    // Assess
    expect(bad.status).toBe(400);
    const { errors } = (await bad.json()) as { errors: { field: string }[] };
    expect(errors.map((e) => e.field)).toEqual(['vulnerabilityFactors']);
    expect(unchanged).toEqual(before);
    expect(response.status).toBe(200);
    const after = await record(id);
    expect(after.vulnerabilityFactors).toEqual(['single-parent']);
    const profile = after.profile as { score: number; reasons: { code: string }[] };
    expect(profile.reasons.map((r) => r.code)).not.toContain('vulnerabilityFactor:disability');
    expect(profile.score).toBe(profileBefore.score - 20);
    expect(after.dimensions).toEqual(before.dimensions);
    const changes = await changesOf(id);
    expect(changes.map((c) => [c.field, c.oldValue])).toEqual([['vulnerabilityFactors', '•••']]);
    expect(JSON.stringify(await caseFileItems(id))).not.toContain('disability');

    // The page shows the factor left, in words.
    const page = await (await fetch(url(`/beneficiaries/${id}?lang=en`), { headers: worker.cookie })).text();
    expect(page).toContain('Single parent');
    expect(page).toContain('value="single-parent" checked');
  });

  test('from the page: no factor ticked clears them all', async () => {
    // Prepare
    const id = await intake({ firstName: 'Houda', vulnerabilityFactors: ['disability', 'rural-isolation'] });
    await withCoach(id);
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');

    // Act: the form as the page sends it, every box unticked
    const saved = await fetch(url(`/beneficiaries/${id}?lang=fr`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...worker.cookie },
      body: new URLSearchParams({
        version: '0',
        firstName: 'Houda',
        lastName: 'Tazi',
        sex: 'F',
        birthYear: '1999',
        province: 'TNG',
        phone: '+212 6 12 34 56 78',
        email: '',
        educationLevel: 'baccalaureate',
        situation: '',
        vulnerabilityFactorsListed: '1',
        aspiration: '',
        sectorOfInterest: '',
      }).toString(),
      redirect: 'manual',
    });

    // Assess
    expect(saved.status).toBe(303);
    const after = await record(id);
    expect(after.vulnerabilityFactors).toEqual([]);
    expect((after.profile as { reasons: { code: string }[] }).reasons.map((r) => r.code)).not.toContain(
      'vulnerabilityFactor:disability',
    );
    expect((await changesOf(id)).map((c) => [c.field, c.oldValue])).toEqual([
      ['vulnerabilityFactors', '•••'],
    ]);
  });

  test('from the page: saved and back to the record with a notice; a bad value shows the form again', async () => {
    // Prepare
    const id = await intake({ firstName: 'Fadwa', email: 'fadwa@example.ma' });
    await withCoach(id);
    const worker = await signIn(platform, 'intake-worker', 'TTA', 'ASSO-TNG-1');
    const form = {
      version: '0',
      firstName: 'Fadwa',
      lastName: 'Tazi',
      sex: 'F',
      birthYear: '1999',
      province: 'TET',
      phone: '+212 6 12 34 56 78',
      email: 'fadwa@example.ma',
      educationLevel: 'baccalaureate',
    };

    // Act: a bad phone
    const bad = await postForm(url(`/beneficiaries/${id}?lang=en`), { ...form, phone: '12' }, worker.cookie);

    // Assess
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('id="phone-error"');
    expect(badPage).toContain('The corrections were not saved.');
    expect(await changesOf(id)).toEqual([]);

    // Act: a good one (the province)
    const saved = await fetch(url(`/beneficiaries/${id}?lang=en`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...worker.cookie },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });

    // Assess
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/beneficiaries/${id}?saved=1&lang=en`);
    expect((await record(id)).province).toBe('TET');
    expect((await changesOf(id)).map((c) => [c.field, c.oldValue])).toEqual([['province', '•••']]);
    const shown = await fetch(url(`/beneficiaries/${id}?saved=1&lang=en`), { headers: worker.cookie });
    expect(await shown.text()).toContain('The corrections are saved.');

    // A form made on the version before is refused (409), showing the record as it is now.
    const stale = await postForm(
      url(`/beneficiaries/${id}?lang=en`),
      { ...form, firstName: 'Fadoua' },
      worker.cookie,
    );
    expect(stale.status).toBe(409);
    const stalePage = await stale.text();
    expect(stalePage).toContain('Someone changed this record while you were correcting it');
    expect(stalePage).toContain('<input type="hidden" name="version" value="1">');
    expect(stalePage).toContain('name="firstName" type="text" value="Fadwa"');
    expect((await record(id)).firstName).toBe('Fadwa');

    // A form from another site is refused, and writes nothing.
    const forged = await postForm(
      url(`/beneficiaries/${id}?lang=en`),
      { ...form, version: '1', firstName: 'Forged' },
      { ...worker.cookie, 'sec-fetch-site': 'cross-site' },
    );
    expect(forged.status).toBe(403);
    expect((await record(id)).firstName).toBe('Fadwa');
  });
});
