/**
 * The public training catalogue on the local platform, without a session: the JSON search with its
 * filters and pages, a bad filter's 400, open seats once a seat is taken, the open data (CSV with
 * its BOM, JSON with its licence), the stale flag (an old update; time accelerated), when the loader
 * says an offer was updated, and the page.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableEnvVars } from '../../functions/commons/environment-names';
import type { TrainingOffer } from '../../functions/domain/training-offers';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform';

type Catalogue = typeof import('../../functions/commons/training-offers');
type Loader = typeof import('../../infra/local/load-training-offers');

interface Item {
  offerId: string;
  title: { fr: string; ar: string; en: string };
  region: string;
  province: string;
  sector: string;
  startDate: string;
  endDate: string;
  seats: number;
  seatsTaken: number;
  openSeats: number;
  updatedAt?: string;
  stale: boolean;
}

const catalogueFile = join(__dirname, '..', '..', 'data', 'training-offers.json');
const fileOffers = (JSON.parse(readFileSync(catalogueFile, 'utf8')) as { offers: TrainingOffer[] }).offers;
/** More offers than one page of the table's Query (100), all in a sector the file does not use. */
const generated: TrainingOffer[] = Array.from({ length: 110 }, (_, i) => ({
  offerId: `TRN-GEN-${String(i).padStart(3, '0')}`,
  title: { fr: `Vente, niveau ${i}`, ar: `البيع، المستوى ${i}`, en: `Retail, level ${i}` },
  region: 'ORI',
  province: 'BER',
  sector: 'retail',
  provider: { name: 'Centre "Commerce", Berkane', kind: 'private' },
  startDate: '2027-05-03',
  endDate: '2027-06-30',
  seats: 10,
  leadsTo: 'wage-employment',
  tracks: ['direct-placement'],
}));
const allOffers = [...fileOffers, ...generated];
const allIds = allOffers.map((o) => o.offerId).sort();
const LAST_SEAT = 'TRN-TEST-LASTSEAT';

let platform: TestPlatform;
let catalogue: Catalogue;
let loader: Loader;
let scratch: string;

beforeAll(async () => {
  platform = await startTestPlatform('training-catalogue');
  process.env[tableEnvVars.reference] = platform.tableNames.reference;
  catalogue = await import('../../functions/commons/training-offers');
  loader = await import('../../infra/local/load-training-offers');
  scratch = mkdtempSync(join(tmpdir(), 'kafaat-catalogue-'));
  await loader.loadTrainingOffers(platform.db, platform.tableNames.reference, generated, new Date());
});

afterAll(async () => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  await platform?.stop();
});

async function search(query: string): Promise<{ status: number; body: { items: Item[]; next?: string } }> {
  const response = await fetch(`${platform.urls.app}/api/training-offers${query ? `?${query}` : ''}`);
  return { status: response.status, body: (await response.json()) as { items: Item[]; next?: string } };
}

/** Every item of a search, page after page; and how many each page held. */
async function everyPage(query: string): Promise<{ ids: string[]; sizes: number[] }> {
  const ids: string[] = [];
  const sizes: number[] = [];
  let next: string | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const { status, body } = await search(`${query}${next ? `&next=${next}` : ''}`);
    expect(status).toBe(200);
    ids.push(...body.items.map((i) => i.offerId));
    sizes.push(body.items.length);
    next = body.next;
    if (!next) return { ids, sizes };
  }
  throw new Error('More than 50 pages: the cursor does not move on');
}

const idsWhere = (keep: (o: TrainingOffer) => boolean) =>
  allOffers
    .filter(keep)
    .map((o) => o.offerId)
    .sort();

test('without a session: the first 25 offers in offerId order, each as the public reads it', async () => {
  // Act
  const { status, body } = await search('');

  // Assess
  expect(status).toBe(200);
  expect(body.items.map((i) => i.offerId)).toEqual(allIds.slice(0, 25));
  expect(typeof body.next).toBe('string');
  const item = body.items.find((i) => i.offerId === 'TRN-FAH-LOG');
  expect(item).toMatchObject({
    offerId: 'TRN-FAH-LOG',
    region: 'TTA',
    province: 'FAH',
    sector: 'logistics',
    seats: 12,
    seatsTaken: 0,
    openSeats: 12,
    stale: false,
    leadsTo: expect.any(String),
    tracks: expect.any(Array),
    provider: { name: expect.any(String), kind: expect.stringMatching(/^(public|private)$/) },
    title: { fr: expect.any(String), ar: expect.any(String), en: expect.any(String) },
  });
  expect(Date.parse(item?.updatedAt ?? '')).not.toBeNaN();
  expect(item).not.toHaveProperty('loadedAt');
  expect(item).not.toHaveProperty('kind');
});

test('paging through every page gives every offer once, across the table’s own pages', async () => {
  // Act
  const { ids, sizes } = await everyPage('limit=40');

  // Assess
  expect(ids).toEqual(allIds);
  expect(sizes).toEqual([40, 40, 40, allIds.length - 120]);
});

test.each([
  ['region=ORI', (o: TrainingOffer) => o.region === 'ORI'],
  ['province=TNG', (o: TrainingOffer) => o.province === 'TNG'],
  ['sector=logistics', (o: TrainingOffer) => o.sector === 'logistics'],
  ['region=TTA&sector=hospitality', (o: TrainingOffer) => o.region === 'TTA' && o.sector === 'hospitality'],
  // Running at some point between from and to.
  ['from=2027-05-01', (o: TrainingOffer) => o.endDate >= '2027-05-01'],
  ['to=2027-01-31', (o: TrainingOffer) => o.startDate <= '2027-01-31'],
  [
    'from=2027-04-10&to=2027-04-20&region=TTA',
    (o: TrainingOffer) => o.region === 'TTA' && o.endDate >= '2027-04-10' && o.startDate <= '2027-04-20',
  ],
  ['sector=agriculture&region=TTA', () => false],
])('filtered by %s, through every page', async (query, keep) => {
  // Act
  const { ids } = await everyPage(`${query}&limit=7`);

  // Assess
  expect(ids).toEqual(idsWhere(keep));
});

test.each([
  ['region=Tanger', 'region', /Must be one of: TTA, ORI/],
  ['region=ORI&province=TNG', 'province', /Must be a province of ORI/],
  ['sector=fishing', 'sector', /Must be one of/],
  ['openSeats=1', 'openSeats', /Must be true/],
  ['from=2027-13-01', 'from', /YYYY-MM-DD/],
  ['from=2027-03-01&to=2027-02-01', 'to', /on or after from/],
  ['limit=500', 'limit', /1 to 100/],
  ['next=eyJraW5kIjoidHJhaW5pbmctb2ZmZXIifQ', 'next', /Not a cursor/],
  ['regoin=TTA', 'regoin', /Not a parameter of the catalogue/],
])('a bad filter (%s) is a 400 naming the field and what is expected', async (query, field, message) => {
  // Act
  const { status, body } = await search(query);

  // Assess
  expect(status).toBe(400);
  expect(body).toEqual({ errors: [{ field, message: expect.stringMatching(message) }] });
});

test('openSeats=true leaves out an offer once its last seat is taken', async () => {
  // Prepare
  const before = await everyPage('openSeats=true&region=TTA');
  expect(before.ids).toContain(LAST_SEAT);

  // Act
  expect(await catalogue.takeSeat(LAST_SEAT, 'b-catalogue-1', new Date())).toBe('taken');

  // Assess
  const after = await everyPage('openSeats=true&region=TTA');
  expect(after.ids).toEqual(before.ids.filter((id) => id !== LAST_SEAT));
  const all = await everyPage('region=TTA');
  expect(all.ids).toContain(LAST_SEAT);
  const { body } = await search(`province=TNG&limit=100`);
  expect(body.items.find((i) => i.offerId === LAST_SEAT)).toMatchObject({
    seats: 1,
    seatsTaken: 1,
    openSeats: 0,
  });
});

/** Reads CSV text back as RFC 4180 says: quoted fields, doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i += 1;
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

test('the open data CSV: UTF-8 with a BOM, a header row, every offer, its licence and date in headers', async () => {
  // Act
  const response = await fetch(`${platform.urls.app}/api/open-data/training-offers.csv`);
  const bytes = Buffer.from(await response.arrayBuffer());

  // Assess
  const today = new Date().toISOString().slice(0, 10);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  expect(response.headers.get('content-disposition')).toBe(
    `attachment; filename="kafaat-training-offers-${today}.csv"`,
  );
  expect(response.headers.get('x-licence')).toBe('Licence Ouverte / Open Licence 2.0');
  expect(response.headers.get('link')).toMatch(/^<https:\/\/www\.etalab\.gouv\.fr\/.+>; rel="license"$/);
  expect(Date.parse(response.headers.get('x-generated-at') ?? '')).not.toBeNaN();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCsv(bytes.subarray(3).toString('utf8'));
  const [header = [], ...records] = rows;
  expect(header.slice(0, 4)).toEqual(['offerId', 'title_fr', 'title_ar', 'title_en']);
  expect(records.map((r) => r[0])).toEqual(allIds);
  expect(records.every((r) => r.length === header.length)).toBe(true);
  const column = (name: string) => header.indexOf(name);
  const sou = records.find((r) => r[0] === 'TRN-TNG-SOU') ?? [];
  const fileSou = fileOffers.find((o) => o.offerId === 'TRN-TNG-SOU');
  expect(sou[column('title_ar')]).toBe(fileSou?.title.ar);
  expect(sou[column('provider_name')]).toBe(fileSou?.provider.name);
  const generatedRow = records.find((r) => r[0] === 'TRN-GEN-007') ?? [];
  expect(generatedRow[column('title_fr')]).toBe('Vente, niveau 7');
  expect(generatedRow[column('title_ar')]).toBe('البيع، المستوى 7');
  expect(generatedRow[column('provider_name')]).toBe('Centre "Commerce", Berkane');
});

test('the open data JSON: its licence and the date beside every offer', async () => {
  // Act
  const response = await fetch(`${platform.urls.app}/api/open-data/training-offers.json`);
  const body = (await response.json()) as {
    licence: { name: string; url: string };
    generatedAt: string;
    offers: Item[];
  };

  // Assess
  expect(response.status).toBe(200);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(body.licence.name).toBe('Licence Ouverte / Open Licence 2.0');
  expect(Math.abs(Date.parse(body.generatedAt) - Date.now())).toBeLessThan(60_000);
  expect(body.offers.map((o) => o.offerId)).toEqual(allIds);
});

test('an offer not updated for 90 days is stale; re-loading the same file keeps its date', async () => {
  // Prepare: its content last changed 100 days ago.
  const old = new Date(Date.now() - 100 * 86_400_000).toISOString();
  await platform.db.send(
    new UpdateCommand({
      TableName: platform.tableNames.reference,
      Key: { kind: 'training-offer', code: 'TRN-NAD-COO' },
      UpdateExpression: 'SET updatedAt = :old',
      ExpressionAttributeValues: { ':old': old },
    }),
  );

  // Act
  const { body } = await search('province=NAD');
  await loader.loadTrainingOfferFile(platform.db, platform.tableNames.reference, catalogueFile, new Date());
  const reloaded = await search('province=NAD');

  // Assess
  const staleOf = (items: Item[]) => Object.fromEntries(items.map((i) => [i.offerId, i.stale]));
  expect(staleOf(body.items)).toEqual({ 'TRN-NAD-COO': true, 'TRN-NAD-LOG': false });
  expect(staleOf(reloaded.body.items)).toEqual({ 'TRN-NAD-COO': true, 'TRN-NAD-LOG': false });
  expect(reloaded.body.items.find((i) => i.offerId === 'TRN-NAD-COO')?.updatedAt).toBe(old);
  const page = await (await fetch(`${platform.urls.app}/catalogue?province=NAD&lang=en`)).text();
  expect(page).toMatch(/<li data-offer="TRN-NAD-COO">[\s\S]*?data-stale[\s\S]*?<\/li>/);
  expect(page).not.toMatch(/<li data-offer="TRN-NAD-LOG">[\s\S]*?data-stale[\s\S]*?<\/li>/);
});

test('re-loading a file that changes an offer dates its update, and keeps its seats taken', async () => {
  // Prepare
  const read = async (offerId: string) =>
    (
      await platform.db.send(
        new GetCommand({
          TableName: platform.tableNames.reference,
          Key: { kind: 'training-offer', code: offerId },
        }),
      )
    ).Item ?? {};
  const unchangedBefore = await read('TRN-OUJ-AGR');
  const file = JSON.parse(readFileSync(catalogueFile, 'utf8')) as { offers: TrainingOffer[] };
  const changed = file.offers.find((o) => o.offerId === 'TRN-NAD-COO');
  if (!changed) throw new Error('TRN-NAD-COO is no longer in the catalogue file');
  changed.seats += 1;
  const path = join(scratch, 'changed.json');
  writeFileSync(path, JSON.stringify(file));
  const loadedAt = new Date(Date.now() + 1000);

  // Act
  await loader.loadTrainingOfferFile(platform.db, platform.tableNames.reference, path, loadedAt);

  // Assess
  const coo = await read('TRN-NAD-COO');
  expect(coo.updatedAt).toBe(loadedAt.toISOString());
  expect(coo.loadedAt).toBe(loadedAt.toISOString());
  const agr = await read('TRN-OUJ-AGR');
  expect(agr.updatedAt).toBe(unchangedBefore.updatedAt);
  expect(agr.loadedAt).toBe(loadedAt.toISOString());
  expect((await read(LAST_SEAT)).seatsTaken).toBe(1);
  const { body } = await search('province=NAD');
  expect(body.items.find((i) => i.offerId === 'TRN-NAD-COO')?.stale).toBe(false);
});

test('the page: the search in the address, the offers as cards in Arabic, a bad filter said, an empty state', async () => {
  // Act
  const found = await fetch(`${platform.urls.app}/catalogue?lang=ar&region=ORI&sector=agri-food`);
  const bad = await fetch(`${platform.urls.app}/catalogue?lang=ar&from=2027-02-30`);
  const none = await fetch(`${platform.urls.app}/catalogue?lang=fr&region=TTA&sector=agriculture`);

  // Assess
  expect(found.status).toBe(200);
  const html = await found.text();
  expect(html).toContain('<html lang="ar" dir="rtl">');
  expect(html).toContain('data-offer="TRN-OUJ-AGR"');
  expect(html).toContain(fileOffers.find((o) => o.offerId === 'TRN-OUJ-AGR')?.title.ar);
  expect(html).not.toContain('data-offer="TRN-BER-AGR"');
  expect(html).toMatch(/<option value="ORI" selected>/);
  expect(bad.status).toBe(400);
  expect(await bad.text()).toMatch(/class="errors"[\s\S]*href="#from"/);
  expect(none.status).toBe(200);
  expect(await none.text()).toContain('data-empty');
});

describe('with time accelerated', () => {
  let fast: TestPlatform;

  beforeAll(async () => {
    // 90 days in under a second.
    fast = await startTestPlatform('training-catalogue-fast', 10_000_000);
  });

  afterAll(async () => {
    await fast?.stop();
  });

  test('offers loaded at the start are stale once 90 days have passed on the platform’s clock', async () => {
    // Act
    const items = await eventually(
      'every offer stale',
      async () => {
        const response = await fetch(`${fast.urls.app}/api/training-offers?limit=100`);
        const body = (await response.json()) as { items: Item[] };
        return body.items.length > 0 && body.items.every((i) => i.stale) ? body.items : undefined;
      },
      { timeoutMs: 10_000 },
    );

    // Assess
    expect(items.map((i) => i.offerId)).toEqual(fileOffers.map((o) => o.offerId).sort());
  });
});
