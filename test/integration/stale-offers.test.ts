/**
 * Training providers told of their stale offers, on the local platform with time running 500 000
 * times faster (90 days in about 16 seconds): the provider's person gets one email listing its
 * stale offers — not another provider's —, each with the link to its form; a second run, or the
 * catalogue file loaded again, sends nothing; an offer its provider updates is told again once it
 * is stale again. The function runs once a day (and at start locally): the test runs it itself.
 */
import { join } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { STALE_AFTER_DAYS } from '../../functions/domain/catalogue';
import { loadTrainingOfferFile } from '../../infra/local/load-training-offers';
import { inbox, startTestPlatform, type Email, type TestPlatform } from '../support/platform';

const TIME_SCALE = 500_000;
/** Real milliseconds for `days` days of the platform's clock. */
const realMs = (days: number) => (days * 86_400_000) / TIME_SCALE;

const OFPPT = 'kafaat@ofppt-tanger.kafaat.example';
const NOUR = 'kafaat@institut-nour.kafaat.example';
const catalogueFile = join(__dirname, '..', '..', 'data', 'training-offers.json');

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('stale-offers', TIME_SCALE);
  // Its run at start found nothing stale (the offers were just loaded); it is over before the tests.
  await platform.functions.drain(30_000);
});

afterAll(async () => {
  await platform?.stop();
});

interface Report {
  providers: number;
  emails: number;
  offers: number;
  failed: number;
}

const run = async () => (await platform.functions.invoke('tellStaleOffers', { source: 'test' })) as Report;

/** The stale-offer emails to `to` so far, oldest first. */
async function staleEmailsTo(to: string): Promise<Email[]> {
  return (await inbox(platform)).filter(
    (e) => e.destination.to.includes(to) && /à mettre à jour|تحيين|to update/.test(e.subject),
  );
}

async function offerItem(offerId: string): Promise<Record<string, unknown>> {
  const { Item } = await platform.db.send(
    new GetCommand({
      TableName: platform.tableNames.reference,
      Key: { kind: 'training-offer', code: offerId },
      ConsistentRead: true,
    }),
  );
  if (!Item) throw new Error(`${offerId} is not in the catalogue`);
  return Item;
}

/** As if the offer had last been updated `days` days ago, on the platform's clock. */
async function lastUpdated(offerId: string, days: number): Promise<string> {
  const at = new Date(Date.now() - realMs(days)).toISOString();
  await platform.db.send(
    new UpdateCommand({
      TableName: platform.tableNames.reference,
      Key: { kind: 'training-offer', code: offerId },
      UpdateExpression: 'SET updatedAt = :at',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
  return at;
}

const formLink = (offerId: string, lang: string) =>
  `${platform.urls.app}/partner/offers/${offerId}?lang=${lang}`;

test('the provider’s person gets one email listing its stale offers, and a second run sends nothing', async () => {
  // Prepare: two offers of PRV-TTA-OFPPT and one of PRV-TTA-NOUR last updated 120 days ago.
  const owners = await Promise.all(
    ['TRN-TNG-LOG', 'TRN-TNG-SOU', 'TRN-MDF-HOT'].map(async (id) => (await offerItem(id)).providerId),
  );
  expect(owners).toEqual(['PRV-TTA-OFPPT', 'PRV-TTA-OFPPT', 'PRV-TTA-NOUR']);
  const logUpdated = await lastUpdated('TRN-TNG-LOG', 120);
  await lastUpdated('TRN-TNG-SOU', 120);
  await lastUpdated('TRN-MDF-HOT', 120);
  expect(await staleEmailsTo(OFPPT)).toEqual([]);

  // Act
  const first = await run();
  const second = await run();

  // Assess: one email each, in the person's language, each provider's own offers only.
  expect(first.failed).toBe(0);
  expect(first.offers).toBeGreaterThanOrEqual(3);
  const toOfppt = await staleEmailsTo(OFPPT);
  expect(toOfppt).toHaveLength(1);
  const [email] = toOfppt;
  expect(email?.subject).toBe('Kafaat : 2 offre(s) de formation à mettre à jour');
  expect(email?.body.text).toContain(formLink('TRN-TNG-LOG', 'fr'));
  expect(email?.body.text).toContain(formLink('TRN-TNG-SOU', 'fr'));
  // 120 days and what passed since at 500 000 times the speed (a day is 0.17 s).
  expect(email?.body.text).toMatch(/pas mise à jour depuis 12\d jours/);
  expect(email?.body.text).not.toContain('TRN-MDF-HOT');
  expect(email?.body.html).toContain(`href="${formLink('TRN-TNG-SOU', 'fr')}"`);
  const toNour = await staleEmailsTo(NOUR);
  expect(toNour).toHaveLength(1);
  expect(toNour[0]?.body.text).toContain(formLink('TRN-MDF-HOT', 'ar'));
  expect(toNour[0]?.body.text).not.toContain('TRN-TNG');
  expect(toNour[0]?.body.html).toContain('dir="rtl"');
  // Each offer marked told for the update it had; the second run found them so.
  expect(await offerItem('TRN-TNG-LOG')).toMatchObject({ staleToldFor: logUpdated });
  expect(second.failed).toBe(0);
  expect(await staleEmailsTo(OFPPT)).toHaveLength(1);
  expect(await staleEmailsTo(NOUR)).toHaveLength(1);
});

test('loading the catalogue file again keeps the mark: nothing is told again', async () => {
  // Prepare
  const before = await offerItem('TRN-TNG-LOG');

  // Act: the file says the same of the offer (as every `npm start` loads it); then a run.
  await loadTrainingOfferFile(platform.db, platform.tableNames.reference, catalogueFile, new Date());
  await run();

  // Assess
  const after = await offerItem('TRN-TNG-LOG');
  expect(after.loadedAt).not.toBe(before.loadedAt);
  expect(after).toMatchObject({ updatedAt: before.updatedAt, staleToldFor: before.staleToldFor });
  expect(await staleEmailsTo(OFPPT)).toHaveLength(1);
});

test('an offer its provider updates is told again once it is stale again, alone', async () => {
  // Prepare: the provider edits TRN-TNG-SOU (its page's JSON API): it is current again.
  const signIn = await fetch(`${platform.urls.app}/api/dev/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'training-provider', region: 'TTA', partner: 'PRV-TTA-OFPPT' }),
  });
  expect(signIn.status).toBe(200);
  const { token } = (await signIn.json()) as { token: string };
  const held = await offerItem('TRN-TNG-SOU');
  const saved = await fetch(`${platform.urls.app}/api/training-offers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      offerId: held.offerId,
      title: held.title,
      province: held.province,
      sector: held.sector,
      startDate: held.startDate,
      endDate: held.endDate,
      seats: held.seats,
      leadsTo: held.leadsTo,
      tracks: held.tracks,
      educationLevelMin: held.educationLevelMin,
      occupation: 'Soudeur·se',
      durationHours: 600,
      costMad: 0,
      languages: ['fr'],
      place: 'Tanger',
    }),
  });
  expect(saved.status).toBe(201);
  const edited = await offerItem('TRN-TNG-SOU');
  expect(edited.staleToldFor).toBe(held.staleToldFor);
  expect(edited.updatedAt).not.toBe(held.updatedAt);

  // Act: a run while it is current, then one once 90 days (of the platform's clock) have passed.
  await run();
  const whileCurrent = await staleEmailsTo(OFPPT);
  const staleAt = Date.parse(String(edited.updatedAt)) + realMs(STALE_AFTER_DAYS) + 500;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, staleAt - Date.now())));
  await run();
  await run();

  // Assess: one more email, of that offer alone (TRN-TNG-LOG was told and has not changed).
  expect(whileCurrent).toHaveLength(1);
  const emails = await staleEmailsTo(OFPPT);
  expect(emails).toHaveLength(2);
  expect(emails[1]?.subject).toBe('Kafaat : 1 offre(s) de formation à mettre à jour');
  expect(emails[1]?.body.text).toContain(formLink('TRN-TNG-SOU', 'fr'));
  expect(emails[1]?.body.text).not.toContain('TRN-TNG-LOG');
  expect(await offerItem('TRN-TNG-SOU')).toMatchObject({ staleToldFor: edited.updatedAt });
});

test('an offer without a provider is told to no one', async () => {
  // Prepare: TRN-TNG-LIV belongs to no partner (only the file changes it).
  expect((await offerItem('TRN-TNG-LIV')).providerId).toBeUndefined();
  await lastUpdated('TRN-TNG-LIV', 200);

  // Act
  await run();

  // Assess
  expect(await offerItem('TRN-TNG-LIV')).not.toHaveProperty('staleToldFor');
  const mentions = (await inbox(platform)).filter((e) => (e.body.text ?? '').includes('TRN-TNG-LIV'));
  expect(mentions).toEqual([]);
});
