/**
 * The training catalogue on DynamoDB Local: loading and re-loading the file, and seats taken and
 * given back atomically (the last seat goes to one journey only; a retried step counts nothing twice).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableEnvVars } from '../../functions/commons/environment-names';
import { startTestPlatform, type TestPlatform } from '../support/platform';

type Catalogue = typeof import('../../functions/commons/training-offers');
type Loader = typeof import('../../infra/local/load-training-offers');

const catalogueFile = join(__dirname, '..', '..', 'data', 'training-offers.json');
const LAST_SEAT = 'TRN-TEST-LASTSEAT';

let platform: TestPlatform;
let catalogue: Catalogue;
let loader: Loader;
let scratch: string;
/** Who took the last seat in the race, and who did not. */
let racers: [string, string] = ['', ''];

beforeAll(async () => {
  platform = await startTestPlatform('training-seats');
  // The commons read their table from the environment, as a function does, and their client is
  // made at import: imported once the platform has set the local endpoint.
  process.env[tableEnvVars.reference] = platform.tableNames.reference;
  catalogue = await import('../../functions/commons/training-offers');
  loader = await import('../../infra/local/load-training-offers');
  scratch = mkdtempSync(join(tmpdir(), 'kafaat-training-'));
  await load(catalogueFile, new Date('2026-11-01T08:00:00Z'));
});

afterAll(async () => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  await platform?.stop();
});

function load(path: string, now: Date) {
  return loader.loadTrainingOfferFile(platform.db, platform.tableNames.reference, path, now);
}

async function seatsTaken(offerId: string): Promise<number | undefined> {
  return (await catalogue.getTrainingOffer(offerId))?.seatsTaken;
}

test('the file’s offers are in the catalogue, each with no seat taken', async () => {
  // Act
  const offers = await catalogue.listTrainingOffers();
  const inTta = await catalogue.listTrainingOffers('TTA');

  // Assess
  const expected = (JSON.parse(readFileSync(catalogueFile, 'utf8')) as { offers: { offerId: string }[] })
    .offers;
  expect(offers.map((o) => o.offerId).sort()).toEqual(expected.map((o) => o.offerId).sort());
  expect(offers.every((o) => o.seatsTaken === 0 && o.loadedAt === '2026-11-01T08:00:00.000Z')).toBe(true);
  expect(inTta.length).toBeGreaterThan(0);
  expect(inTta.every((o) => o.region === 'TTA')).toBe(true);
  expect(inTta.map((o) => o.offerId)).toContain(LAST_SEAT);
});

test('re-loading the file updates the offers and keeps the seats taken', async () => {
  // Prepare: a seat taken, then the file with a title changed.
  expect(await catalogue.takeSeat('TRN-TNG-LOG', 'b-reload', new Date())).toBe('taken');
  const file = JSON.parse(readFileSync(catalogueFile, 'utf8')) as {
    offers: { offerId: string; title: { fr: string } }[];
  };
  const changed = file.offers.find((o) => o.offerId === 'TRN-TNG-LOG');
  if (!changed) throw new Error('TRN-TNG-LOG is no longer in the catalogue file');
  changed.title.fr = 'Agent logistique portuaire (Tanger Med)';
  const path = join(scratch, 'changed.json');
  writeFileSync(path, JSON.stringify(file));

  // Act
  const result = await load(path, new Date('2026-11-15T08:00:00Z'));

  // Assess
  expect(result).toEqual({ loaded: file.offers.length, added: 0, updated: file.offers.length, kept: 0 });
  const offer = await catalogue.getTrainingOffer('TRN-TNG-LOG');
  expect(offer?.title.fr).toBe('Agent logistique portuaire (Tanger Med)');
  expect(offer?.seatsTaken).toBe(1);
  expect(offer?.loadedAt).toBe('2026-11-15T08:00:00.000Z');
});

test('a file with an error loads nothing and says every error, one a line', async () => {
  // Prepare
  const file = JSON.parse(readFileSync(catalogueFile, 'utf8')) as { offers: Record<string, unknown>[] };
  const first = file.offers[0] as Record<string, unknown>;
  file.offers[0] = { ...first, title: { fr: 'Changé', ar: 'تغيير', en: 'Changed' }, seats: -1 };
  file.offers[1] = { ...file.offers[1], endDate: '2020-01-01' };
  const path = join(scratch, 'bad.json');
  writeFileSync(path, JSON.stringify(file));

  // Act
  const loading = load(path, new Date());

  // Assess
  await expect(loading).rejects.toThrow(
    /nothing loaded, the file has 2 error\(s\):\n {2}offers\[0\] \(.+\) seats: .+\n {2}offers\[1\] \(.+\) endDate: /,
  );
  expect((await catalogue.getTrainingOffer(first.offerId as string))?.title.en).not.toBe('Changed');
});

test('two journeys racing for the last seat: one takes it, the other finds the offer full', async () => {
  // Act
  const outcomes = await Promise.all([
    catalogue.takeSeat(LAST_SEAT, 'b-racer-1', new Date()),
    catalogue.takeSeat(LAST_SEAT, 'b-racer-2', new Date()),
  ]);

  // Assess
  expect([...outcomes].sort()).toEqual(['full', 'taken']);
  racers = outcomes[0] === 'taken' ? ['b-racer-1', 'b-racer-2'] : ['b-racer-2', 'b-racer-1'];
  expect(await seatsTaken(LAST_SEAT)).toBe(1);
  expect((await catalogue.listTrainingOffers('TTA')).map((o) => o.offerId)).toContain(LAST_SEAT);
});

test('the one holding the seat asking again (a retried step) holds it still, counted once', async () => {
  // Prepare
  const [holder, other] = racers;

  // Act
  const again = await catalogue.takeSeat(LAST_SEAT, holder, new Date());
  const otherAgain = await catalogue.takeSeat(LAST_SEAT, other, new Date());

  // Assess
  expect([again, otherAgain]).toEqual(['alreadyHeld', 'full']);
  expect(await seatsTaken(LAST_SEAT)).toBe(1);
});

test('a seat given back twice is given back once, and the count never goes below zero', async () => {
  // Prepare
  expect(await catalogue.takeSeat('TRN-OUJ-AGR', 'b-leaver', new Date())).toBe('taken');

  // Act
  const first = await catalogue.releaseSeat('TRN-OUJ-AGR', 'b-leaver');
  const second = await catalogue.releaseSeat('TRN-OUJ-AGR', 'b-leaver');
  const stranger = await catalogue.releaseSeat('TRN-OUJ-AGR', 'b-never-enrolled');

  // Assess
  expect([first, second, stranger]).toEqual(['released', 'notHeld', 'notHeld']);
  expect(await seatsTaken('TRN-OUJ-AGR')).toBe(0);
  // The seat is free again: taken by the next one.
  expect(await catalogue.takeSeat('TRN-OUJ-AGR', 'b-next', new Date())).toBe('taken');
});

test('a seat of an offer that is not in the catalogue is refused as such', async () => {
  // Act
  const outcome = await catalogue.takeSeat('TRN-NOT-THERE', 'b-lost', new Date());

  // Assess
  expect(outcome).toBe('unknownOffer');
  expect(await catalogue.getTrainingOffer('TRN-NOT-THERE')).toBeUndefined();
});
