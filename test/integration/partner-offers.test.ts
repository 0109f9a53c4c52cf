/**
 * A training provider's own offers on the local platform: created and edited through the page's
 * form and the JSON API, imported from a CSV file as a French spreadsheet writes it (the same file
 * twice changes nothing), a bad file writing nothing and its report naming rows and fields, the
 * seats taken shown live, never fewer seats than taken even with enrolments racing an edit, a
 * stale offer flagged; and everyone else refused: another provider, a coach, an employer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableEnvVars } from '../../functions/commons/environment-names';
import { startTestPlatform, type TestPlatform } from '../support/platform';

type Catalogue = typeof import('../../functions/commons/training-offers');

let platform: TestPlatform;
let catalogue: Catalogue;

beforeAll(async () => {
  platform = await startTestPlatform('partner-offers');
  process.env[tableEnvVars.reference] = platform.tableNames.reference;
  catalogue = await import('../../functions/commons/training-offers');
});

afterAll(async () => {
  await platform?.stop();
});

const url = (path: string) => `${platform.urls.app}${path}`;
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'csv', name));

interface Session {
  bearer: Record<string, string>;
  cookie: Record<string, string>;
}

const sessions = new Map<string, Promise<Session>>();

/** The seeded person of that role (and partner), signed in once. */
function session(role: string, region: string, partner?: string): Promise<Session> {
  const key = `${role} ${region} ${partner ?? ''}`;
  let found = sessions.get(key);
  if (!found) {
    found = (async () => {
      const response = await fetch(url('/api/dev/sign-in'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role, region, ...(partner ? { partner } : {}) }),
      });
      expect(response.status).toBe(200);
      const { token } = (await response.json()) as { token: string };
      return { bearer: { authorization: `Bearer ${token}` }, cookie: { cookie: `kafaat_session=${token}` } };
    })();
    sessions.set(key, found);
  }
  return found;
}

const ofppt = () => session('training-provider', 'TTA', 'PRV-TTA-OFPPT');
const nour = () => session('training-provider', 'TTA', 'PRV-TTA-NOUR');

/** The page's form, as a browser posts it: check boxes repeated. */
function formBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
  return body.toString();
}

async function postForm(path: string, who: Session, fields: Record<string, string | string[]>) {
  return fetch(url(path), {
    method: 'POST',
    headers: { ...who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody(fields),
    redirect: 'manual',
  });
}

async function postJson(path: string, who: Session, body: unknown) {
  return fetch(url(path), {
    method: 'POST',
    headers: { ...who.bearer, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function postCsv(who: Session, bytes: Buffer) {
  return fetch(url('/api/training-offers/import'), {
    method: 'POST',
    headers: { ...who.bearer, 'content-type': 'text/csv; charset=utf-8' },
    body: bytes,
  });
}

async function listPage(who: Session, lang = 'fr'): Promise<string> {
  const response = await fetch(url(`/partner/offers?lang=${lang}`), { headers: who.cookie });
  expect(response.status).toBe(200);
  return response.text();
}

/** The card of one offer on the provider's page. */
function cardOf(page: string, offerId: string): string {
  return new RegExp(`<li data-offer="${offerId}">[\\s\\S]*?</li>`).exec(page)?.[0] ?? '';
}

const formOffer = {
  title_fr: 'Soudure TIG pour l’automobile',
  title_ar: 'اللحام TIG لصناعة السيارات',
  title_en: 'TIG welding for the automotive industry',
  province: 'TNG',
  sector: 'industry',
  occupation: 'Soudeur·se',
  start_date: '2027-09-06',
  end_date: '2027-12-17',
  duration_hours: '450',
  seats: '16',
  education_level_min: '',
  certification: 'Attestation OFPPT',
  cost_mad: '0',
  language: ['fr', 'ar'],
  place: 'Zone franche Ksar El Majaz',
  leads_to: 'wage-employment',
  tracks: ['direct-placement', 'training-first'],
};

const jsonOffer = {
  title: { fr: 'Maintenance industrielle', ar: 'الصيانة الصناعية', en: 'Industrial maintenance' },
  province: 'TNG',
  sector: 'industry',
  occupation: 'Technicien·ne de maintenance',
  startDate: '2027-10-04',
  endDate: '2028-03-31',
  durationHours: 700,
  seats: 10,
  costMad: 0,
  languages: ['fr'],
  place: 'Tanger, Gzenaya',
  leadsTo: 'qualification',
  tracks: ['training-first'],
};

test('a provider creates an offer with the form, edits it, and the page says so; the same again changes nothing', async () => {
  const provider = await ofppt();

  // Act: a new offer.
  const created = await postForm('/partner/offers?lang=fr', provider, formOffer);

  // Assess
  expect(created.status).toBe(303);
  expect(created.headers.get('location')).toBe('/partner/offers?lang=fr&notice=created');
  const withNotice = await fetch(url(created.headers.get('location') ?? ''), { headers: provider.cookie });
  expect(await withNotice.text()).toContain('L’offre est publiée dans le catalogue.');
  const page = await listPage(provider);
  const offerId = /<li data-offer="([A-Z0-9-]+)">(?:(?!<\/li>)[\s\S])*?Soudure TIG/.exec(page)?.[1] ?? '';
  expect(offerId).toMatch(/^TRN-TNG-[0-9A-F]{10}$/);
  const held = await catalogue.getHeldOffer(offerId);
  expect(held).toMatchObject({
    providerId: 'PRV-TTA-OFPPT',
    provider: { name: 'OFPPT — Complexe de formation Tanger', kind: 'public' },
    region: 'TTA',
    seats: 16,
    seatsTaken: 0,
    languages: ['fr', 'ar'],
    costMad: 0,
    updatedBy: 'PROVIDER-PRV-TTA-OFPPT',
  });
  // The public catalogue has it too.
  const publicPage = await (await fetch(url('/catalogue?province=TNG&sector=industry'))).text();
  expect(publicPage).toContain(`data-offer="${offerId}"`);

  // Act: the same title, province and start again is the same offer: edit it instead.
  const twice = await postForm('/partner/offers?lang=en', provider, formOffer);
  expect(twice.status).toBe(400);
  const twiceHtml = await twice.text();
  expect(twiceHtml).toContain('edit it instead');
  expect(twiceHtml).toMatch(/id="title_fr"[^>]*aria-invalid="true"/);

  // Act: the edit form, then a change of seats.
  const form = await fetch(url(`/partner/offers/${offerId}?lang=ar`), { headers: provider.cookie });
  expect(form.status).toBe(200);
  const formHtml = await form.text();
  expect(formHtml).toContain('dir="rtl"');
  expect(formHtml).toContain('value="Zone franche Ksar El Majaz"');
  const edited = await postForm(`/partner/offers/${offerId}?lang=fr`, provider, {
    ...formOffer,
    seats: '18',
  });
  expect(edited.status).toBe(303);
  expect(edited.headers.get('location')).toBe('/partner/offers?lang=fr&notice=updated');
  expect((await catalogue.getHeldOffer(offerId))?.seats).toBe(18);
  const same = await postForm(`/partner/offers/${offerId}?lang=fr`, provider, { ...formOffer, seats: '18' });
  expect(same.headers.get('location')).toBe('/partner/offers?lang=fr&notice=unchanged');

  // A bad form: 400, the form again with each error on its field, in the page's language.
  const bad = await postForm(`/partner/offers/${offerId}?lang=fr`, provider, {
    ...formOffer,
    end_date: '2027-01-01',
    seats: 'beaucoup',
    language: [],
    province: 'OUJ',
  });
  expect(bad.status).toBe(400);
  const badHtml = await bad.text();
  for (const field of ['end_date', 'seats', 'province', 'language'])
    expect(badHtml).toContain(`id="${field}-error"`);
  expect(badHtml).toContain('Doit être un nombre entier de 0 à 10000.');
  expect((await catalogue.getHeldOffer(offerId))?.seats).toBe(18);
});

test('a provider publishes an offer as JSON: 201, then 200 unchanged, then 201 when it changes', async () => {
  const provider = await ofppt();
  const first = await postJson('/api/training-offers', provider, jsonOffer);
  expect(first.status).toBe(201);
  const { offer } = (await first.json()) as { offer: { offerId: string; providerId: string } };
  expect(offer.providerId).toBe('PRV-TTA-OFPPT');
  const again = await postJson('/api/training-offers', provider, jsonOffer);
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ status: 'unchanged', offer: { offerId: offer.offerId } });
  const changed = await postJson('/api/training-offers', provider, {
    ...jsonOffer,
    offerId: offer.offerId,
    seats: 12,
  });
  expect(changed.status).toBe(201);
  expect((await catalogue.getHeldOffer(offer.offerId))?.seats).toBe(12);

  // Every bad field at once, named as the JSON names it.
  const bad = await postJson('/api/training-offers', provider, {
    ...jsonOffer,
    title: { fr: '', ar: 'x', en: 'y' },
    seats: -1,
    languages: 'fr',
    provider: { name: 'Autre', kind: 'private' },
  });
  expect(bad.status).toBe(400);
  const { errors } = (await bad.json()) as { errors: { field: string }[] };
  expect(errors.map((e) => e.field).sort()).toEqual(['languages', 'provider']);
  const bad2 = await postJson('/api/training-offers', provider, {
    ...jsonOffer,
    title: { fr: '', ar: 'x', en: 'y' },
    seats: -1,
  });
  expect(((await bad2.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual([
    'seats',
    'title.fr',
  ]);
});

test('a CSV file as a French spreadsheet writes it is imported; the same file again changes nothing', async () => {
  const provider = await ofppt();
  const whole = fixture('offers-excel-fr.csv');
  // The file holds an offer in l'Oriental (spreadsheet row 5, after a blank row): not this provider's region.
  const outside = await postCsv(provider, whole);
  expect(outside.status).toBe(400);
  expect(await outside.json()).toMatchObject({ imported: 0, rowErrors: [{ row: 5, field: 'region' }] });
  const bytes = Buffer.from(
    whole
      .toString('utf8')
      .split('\r\n')
      .filter((line) => !line.includes(';OUJ;'))
      .join('\r\n'),
    'utf8',
  );
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

  const first = await postCsv(provider, bytes);
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({ imported: 2, unchanged: 0, separator: ';' });
  const held = await catalogue.getHeldOffer('TRN-TET-HOT-2027');
  expect(held).toMatchObject({
    providerId: 'PRV-TTA-OFPPT',
    costMad: 1500,
    languages: ['ar', 'ber'],
    title: { ar: 'مساعد(ة) طبخ "مطبخ مغربي"' },
  });

  const twice = await postCsv(provider, bytes);
  expect(await twice.json()).toEqual({ imported: 0, unchanged: 2, separator: ';' });
  expect((await catalogue.getHeldOffer('TRN-TET-HOT-2027'))?.updatedAt).toBe(held?.updatedAt);

  // The page's file input: the same file, sent as multipart/form-data.
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'text/csv' }), 'offres.csv');
  const viaPage = await fetch(url('/partner/offers/import?lang=fr'), {
    method: 'POST',
    headers: provider.cookie,
    body: form,
    redirect: 'manual',
  });
  expect(viaPage.status).toBe(303);
  const location = viaPage.headers.get('location') ?? '';
  expect(location).toBe('/partner/offers?lang=fr&notice=imported&written=0&unchanged=2');
  const page = await (await fetch(url(location), { headers: provider.cookie })).text();
  expect(page).toContain('Fichier importé : 0 offre(s) enregistrée(s), 2 inchangée(s).');
  expect(page).toContain('data-offer="TRN-TET-HOT-2027"');
});

test('a bad file writes nothing, and the report names every row and field, as JSON and on the page', async () => {
  const provider = await ofppt();
  const before = (await catalogue.listProviderOffers('PRV-TTA-OFPPT')).length;

  const response = await postCsv(provider, fixture('offers-two-bad-rows.csv'));
  expect(response.status).toBe(400);
  const report = (await response.json()) as { imported: number; rowErrors: { row: number; field: string }[] };
  expect(report.imported).toBe(0);
  expect(report.rowErrors).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ row: 3, field: 'province' }),
      expect.objectContaining({ row: 3, field: 'seats' }),
      expect.objectContaining({ row: 5, field: 'title_en' }),
      expect.objectContaining({ row: 5, field: 'tracks' }),
    ]),
  );
  expect(report.rowErrors.some((e) => e.row === 2)).toBe(false);

  // A file of good rows of another region: refused row by row, nothing written.
  const oriental = await postCsv(
    provider,
    Buffer.from(
      fixture('offers-two-bad-rows.csv')
        .toString('utf8')
        .split('\n')
        .slice(0, 2)
        .join('\n')
        .replace(',TTA,TNG,', ',ORI,OUJ,'),
    ),
  );
  expect(oriental.status).toBe(400);
  expect(await oriental.json()).toMatchObject({ rowErrors: [{ row: 2, field: 'region' }] });

  const form = new FormData();
  form.append('file', new Blob([fixture('offers-two-bad-rows.csv')], { type: 'text/csv' }), 'offres.csv');
  const page = await fetch(url('/partner/offers/import?lang=ar'), {
    method: 'POST',
    headers: provider.cookie,
    body: form,
  });
  expect(page.status).toBe(400);
  const html = await page.text();
  expect(html).toContain('data-import-report');
  expect(html).toMatch(
    /<tr><td class="num">3<\/td><td dir="ltr">province<\/td><td>يجب أن يكون إقليمًا من جهة/,
  );
  expect(html).toMatch(/<tr><td class="num">5<\/td><td dir="ltr">tracks<\/td>/);

  const empty = new FormData();
  const none = await fetch(url('/partner/offers/import?lang=fr'), {
    method: 'POST',
    headers: provider.cookie,
    body: empty,
  });
  expect(none.status).toBe(400);
  expect(await none.text()).toContain('Choisissez le fichier CSV à importer.');

  expect((await catalogue.listProviderOffers('PRV-TTA-OFPPT')).length).toBe(before);
});

test('another provider, a coach and an employer are refused; a cross-site post too', async () => {
  const other = await nour();
  // TRN-TNG-LOG is PRV-TTA-OFPPT's (data/training-offers.json); TRN-FAH-LOG is no partner's.
  const before = await catalogue.getHeldOffer('TRN-TNG-LOG');
  expect(before?.providerId).toBe('PRV-TTA-OFPPT');

  expect((await fetch(url('/partner/offers/TRN-TNG-LOG'), { headers: other.cookie })).status).toBe(403);
  const viaForm = await postForm('/partner/offers/TRN-TNG-LOG?lang=fr', other, { ...formOffer, seats: '1' });
  expect(viaForm.status).toBe(403);
  const viaJson = await postJson('/api/training-offers', other, { ...jsonOffer, offerId: 'TRN-TNG-LOG' });
  expect(viaJson.status).toBe(409);
  const unowned = await postJson('/api/training-offers', other, { ...jsonOffer, offerId: 'TRN-FAH-LOG' });
  expect(unowned.status).toBe(409);
  const viaFile = await postCsv(
    other,
    Buffer.from(
      'offerId,title_fr,title_ar,title_en,region,province,sector,occupation,start_date,end_date,duration_hours,seats,cost_mad,language,place,leads_to,tracks\n' +
        'TRN-TNG-LOG,Prise,استيلاء,Takeover,TTA,TNG,logistics,Agent,2027-02-01,2027-04-23,320,1,0,fr,Tanger,wage-employment,direct-placement\n',
    ),
  );
  expect(viaFile.status).toBe(409);
  expect(await viaFile.json()).toMatchObject({ offerIds: ['TRN-TNG-LOG'] });
  // The other provider's own page lists only its own offers.
  const otherPage = await listPage(other);
  expect(otherPage).toContain('data-offer="TRN-MDF-HOT"');
  expect(otherPage).not.toContain('data-offer="TRN-TNG-LOG"');

  // A provider of another region may not publish in this one.
  const oriental = await session('training-provider', 'ORI');
  const wrongRegion = await postJson('/api/training-offers', oriental, { ...jsonOffer, region: 'TTA' });
  expect(wrongRegion.status).toBe(400);

  for (const [role, region] of [
    ['coach', 'TTA'],
    ['employer', 'TTA'],
  ] as const) {
    const who = await session(role, region);
    expect((await postJson('/api/training-offers', who, jsonOffer)).status).toBe(403);
    expect((await postCsv(who, fixture('offers-excel-fr.csv'))).status).toBe(403);
    expect((await fetch(url('/partner/offers'), { headers: who.cookie })).status).toBe(403);
    expect((await postForm('/partner/offers/TRN-TNG-LOG', who, formOffer)).status).toBe(403);
  }

  // A browser's post from another site.
  const provider = await ofppt();
  const forged = await fetch(url('/partner/offers/TRN-TNG-LOG?lang=fr'), {
    method: 'POST',
    headers: {
      ...provider.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    },
    body: formBody({ ...formOffer, seats: '1' }),
    redirect: 'manual',
  });
  expect(forged.status).toBe(403);

  const after = await catalogue.getHeldOffer('TRN-TNG-LOG');
  expect(after).toEqual(before);
});

test('seats never go below the seats taken, with enrolments racing an edit that lowers them', async () => {
  const provider = await ofppt();
  for (let round = 0; round < 3; round++) {
    // Prepare: an offer of 8 seats, 2 taken already.
    const created = await postJson('/api/training-offers', provider, {
      ...jsonOffer,
      title: { ...jsonOffer.title, fr: `Course aux places ${round}` },
      seats: 8,
    });
    expect(created.status).toBe(201);
    const { offer } = (await created.json()) as { offer: { offerId: string } };
    const now = new Date();
    expect(await catalogue.takeSeat(offer.offerId, `b-${round}-a`, now)).toBe('taken');
    expect(await catalogue.takeSeat(offer.offerId, `b-${round}-b`, now)).toBe('taken');

    // Act: six more enrolments and an edit down to 4 seats, at once.
    const [edit, ...seats] = await Promise.all([
      postJson('/api/training-offers', provider, {
        ...jsonOffer,
        offerId: offer.offerId,
        title: { ...jsonOffer.title, fr: `Course aux places ${round}` },
        seats: 4,
      }),
      ...Array.from({ length: 6 }, (_, i) => catalogue.takeSeat(offer.offerId, `b-${round}-${i}`, now)),
    ]);

    // Assess: whichever came first, never fewer seats than taken, and the count is the enrolments'.
    const held = await catalogue.getHeldOffer(offer.offerId);
    if (!held) throw new Error('the offer is gone');
    const taken = 2 + seats.filter((s) => s === 'taken').length;
    expect(held.seatsTaken).toBe(taken);
    expect(held.seatsTaken).toBeLessThanOrEqual(held.seats);
    if (edit.status === 201) expect(held.seats).toBe(4);
    else {
      expect(edit.status).toBe(400);
      expect(await edit.json()).toMatchObject({ errors: [{ field: 'seats' }] });
      expect(held.seats).toBe(8);
    }
  }
});

test('the page shows the seats taken as they stand, and flags an offer not updated for 90 days', async () => {
  const provider = await ofppt();
  const before = cardOf(await listPage(provider), 'TRN-TNG-SOU');
  expect(before).toMatch(/Places prises<\/dt><dd>0<\/dd>/);

  // Act: a journey takes a seat; the offer was last updated 120 days ago.
  expect(await catalogue.takeSeat('TRN-TNG-SOU', 'b-live', new Date())).toBe('taken');
  await platform.db.send(
    new UpdateCommand({
      TableName: platform.tableNames.reference,
      Key: { kind: 'training-offer', code: 'TRN-TNG-SOU' },
      UpdateExpression: 'SET updatedAt = :old',
      ExpressionAttributeValues: { ':old': new Date(Date.now() - 120 * 86_400_000).toISOString() },
    }),
  );

  // Assess
  const card = cardOf(await listPage(provider), 'TRN-TNG-SOU');
  expect(card).toMatch(/Places prises<\/dt><dd>1<\/dd>/);
  expect(card).toContain('data-stale');
  expect(card).toContain('Pas mise à jour depuis 120 jours');
  expect(card).toContain('href="/partner/offers/TRN-TNG-SOU?lang=fr"');
  expect(cardOf(await listPage(provider), 'TRN-TNG-LOG')).not.toContain('data-stale');

  // Its form says how low the seats may go; saving it makes it current again.
  const form = await fetch(url('/partner/offers/TRN-TNG-SOU?lang=fr'), { headers: provider.cookie });
  expect(await form.text()).toContain('Jamais moins que les places déjà prises (1).');
  const held = await catalogue.getHeldOffer('TRN-TNG-SOU');
  if (!held) throw new Error('TRN-TNG-SOU is gone');
  const resaved = {
    ...jsonOffer,
    offerId: held.offerId,
    title: held.title,
    province: held.province,
    sector: held.sector,
    startDate: held.startDate,
    endDate: held.endDate,
    seats: held.seats,
    leadsTo: held.leadsTo,
    tracks: held.tracks,
  };
  const saved = await postJson('/api/training-offers', provider, resaved);
  expect(saved.status).toBe(201);
  const current = cardOf(await listPage(provider), 'TRN-TNG-SOU');
  expect(current).not.toContain('data-stale');
  expect(current).toMatch(/Places prises<\/dt><dd>1<\/dd>/);

  // Stale again, saved exactly as it is: that confirms it (written, current); saved again while
  // current, nothing is written.
  await platform.db.send(
    new UpdateCommand({
      TableName: platform.tableNames.reference,
      Key: { kind: 'training-offer', code: 'TRN-TNG-SOU' },
      UpdateExpression: 'SET updatedAt = :old',
      ExpressionAttributeValues: { ':old': new Date(Date.now() - 95 * 86_400_000).toISOString() },
    }),
  );
  expect(cardOf(await listPage(provider), 'TRN-TNG-SOU')).toContain('data-stale');
  const confirmed = await postJson('/api/training-offers', provider, resaved);
  expect(confirmed.status).toBe(201);
  expect(cardOf(await listPage(provider), 'TRN-TNG-SOU')).not.toContain('data-stale');
  const unchanged = await postJson('/api/training-offers', provider, resaved);
  expect(unchanged.status).toBe(200);

  // Loading the catalogue file again (every `npm start`) keeps the provider's version.
  const { loadTrainingOfferFile } = await import('../../infra/local/load-training-offers');
  const file = join(__dirname, '..', '..', 'data', 'training-offers.json');
  const loaded = await loadTrainingOfferFile(platform.db, platform.tableNames.reference, file, new Date());
  expect(loaded.kept).toBeGreaterThanOrEqual(1);
  expect(await catalogue.getHeldOffer('TRN-TNG-SOU')).toMatchObject({
    occupation: jsonOffer.occupation,
    updatedBy: 'PROVIDER-PRV-TTA-OFPPT',
    seatsTaken: 1,
  });
});
