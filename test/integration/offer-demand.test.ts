/**
 * The training offer against the demand on the local platform, through the reference table's
 * real stream: the catalogue's seats, a provider's new offer and its edit, an employer's need and
 * the sectors asked at intake all reach the offer–demand counters once, and the dashboard's data
 * shows them by region and sector (a region's board only its own). A new offer is emailed, once
 * per coach, to the coaches of the beneficiaries waiting for a training it suits (region, sector,
 * level) — and not about those it does not suit; a stream record delivered twice counts and
 * emails once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import {
  aggregatesPartition,
  eventually,
  executionArnOf,
  executionEnded,
  inbox,
  intakeWorker,
  openTaskOf,
  postJson,
  signIn,
  startTestPlatform,
  validIntake,
  type OpenTask,
  type TestPlatform,
} from '../support/platform';
import type { UpgradeReport } from '../../functions/upgrade-records';
import { OFFER_DEMAND_TOTALS, totalKeyOf, TOTALS_READY_SK } from '../../functions/domain/offer-demand';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('offer-demand');
});

afterAll(async () => {
  await platform?.stop();
});

const url = (path: string) => `${platform.urls.app}${path}`;

async function partner(role: string, region: string, partnerCode: string): Promise<Record<string, string>> {
  const response = await postJson(url('/api/dev/sign-in'), { role, region, partner: partnerCode });
  expect(response.status).toBe(200);
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

async function counter(sk: string): Promise<number> {
  const { Item } = await platform.db.send(
    new GetCommand({
      TableName: platform.tableNames.aggregates,
      Key: { pk: 'offerDemand', sk },
      ConsistentRead: true,
    }),
  );
  return Number(Item?.count ?? 0);
}

/** Waits until the counter reads `expected`, then a moment more to see it stays there. */
async function counterBecomes(sk: string, expected: number): Promise<void> {
  await eventually(
    `${sk} to be ${expected}`,
    async () => ((await counter(sk)) === expected ? true : undefined),
    {
      timeoutMs: 20_000,
    },
  );
}

interface Row {
  region: string;
  sector: string;
  offers: number;
  seats: number;
  needs: number;
  positions: number;
  aspirations: number | { suppressed: true };
}

async function offerDemandRows(role: string, region: string): Promise<Row[]> {
  const board = await signIn(platform, role, region);
  const response = await fetch(url('/api/dashboard/summary'), { headers: board.bearer });
  expect(response.status).toBe(200);
  return ((await response.json()) as { offerDemand: { rows: Row[] } }).offerDemand.rows;
}

const month = (isoDate: string) => isoDate.slice(0, 7);

test('the catalogue’s offers are counted by region, province, sector and month once loaded', async () => {
  // Prepare: what the catalogue file holds in TTA's logistics, by province and month.
  const file = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'data', 'training-offers.json'), 'utf8'),
  ) as { offers: { region: string; province: string; sector: string; startDate: string; seats: number }[] };
  const cells = new Map<string, { offers: number; seats: number }>();
  for (const o of file.offers) {
    const key = `${o.region}#${o.province}#${o.sector}#${month(o.startDate)}`;
    const cell = cells.get(key) ?? { offers: 0, seats: 0 };
    cells.set(key, { offers: cell.offers + 1, seats: cell.seats + o.seats });
  }

  // Assess: every cell, as the stream counted them.
  for (const [key, cell] of cells) {
    await counterBecomes(`${key}#offers`, cell.offers);
    await counterBecomes(`${key}#seats`, cell.seats);
  }
  const logistics = file.offers.filter((o) => o.region === 'TTA' && o.sector === 'logistics');
  const rows = await offerDemandRows('governance', 'national');
  expect(rows.find((r) => r.region === 'TTA' && r.sector === 'logistics')).toMatchObject({
    offers: logistics.length,
    seats: logistics.reduce((sum, o) => sum + o.seats, 0),
  });
});

test('a provider’s new offer, then its seats raised, and an employer’s need, each counted once', async () => {
  // Prepare
  const provider = await partner('training-provider', 'TTA', 'PRV-TTA-OFPPT');
  const employer = await partner('employer', 'TTA', 'EMP-TTA-AUTOPARK');
  const cell = 'TTA#CHE#agri-food#2027-09';
  const offer = {
    title: { fr: 'Arboriculture', ar: 'غراسة الأشجار المثمرة', en: 'Fruit growing' },
    province: 'CHE',
    sector: 'agri-food',
    occupation: 'Ouvrier·ère arboricole',
    startDate: '2027-09-06',
    endDate: '2027-12-17',
    durationHours: 300,
    seats: 14,
    costMad: 0,
    languages: ['ar'],
    place: 'Chefchaouen',
    leadsTo: 'wage-employment',
    tracks: ['training-first'],
  };

  // Act: created, then 6 seats more.
  const created = await postJson(url('/api/training-offers'), offer, provider);
  expect(created.status).toBe(201);
  const { offer: held } = (await created.json()) as { offer: { offerId: string } };
  await counterBecomes(`${cell}#seats`, 14);
  const raised = await postJson(
    url('/api/training-offers'),
    { ...offer, offerId: held.offerId, seats: 20 },
    provider,
  );
  expect(raised.status).toBe(201);

  // Act: a need of the same sector and province.
  const need = await postJson(
    url('/api/labour-needs'),
    {
      sector: 'agri-food',
      occupation: 'Conducteur·rice de tracteur',
      region: 'TTA',
      province: 'CHE',
      positions: 7,
      periodStart: '2027-09-01',
      periodEnd: '2027-12-31',
      contractType: 'seasonal',
    },
    employer,
  );
  expect(need.status).toBe(201);

  // Assess: the offer once, its seats at what it says now; the need and its positions once.
  await counterBecomes(`${cell}#seats`, 20);
  await counterBecomes(`${cell}#positions`, 7);
  expect(await counter(`${cell}#offers`)).toBe(1);
  expect(await counter(`${cell}#needs`)).toBe(1);
  const rows = await offerDemandRows('governance', 'TTA');
  expect(rows.find((r) => r.sector === 'agri-food')).toMatchObject({
    offers: 1,
    seats: 20,
    needs: 1,
    positions: 7,
  });
  // A region's board sees its region only.
  expect(rows.every((r) => r.region === 'TTA')).toBe(true);
  expect((await offerDemandRows('governance', 'ORI')).every((r) => r.region === 'ORI')).toBe(true);
});

// ---------------------------------------------------------------------------------------------
// Beneficiaries waiting for a training, and a new offer announced to their coaches.

interface Waiting {
  beneficiaryId: string;
  firstName: string;
  choice: OpenTask;
}

let intakes = 0;

/** An intake in Oriental, taken to its training choice (consent given at intake). */
async function waitingForTraining(firstName: string, changes: Record<string, unknown>): Promise<Waiting> {
  intakes += 1;
  const response = await postJson(
    url('/api/intake'),
    {
      ...validIntake,
      firstName,
      region: 'ORI',
      province: 'NAD',
      phone: `06${String(31_000_000 + intakes * 7907).padStart(8, '0')}`,
      aspiration: 'training-first',
      sharingConsents: ['training-providers'],
      ...changes,
    },
    await intakeWorker(platform, 'ORI'),
  );
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const ended = executionEnded(platform, executionArnOf(platform, beneficiaryId));
  const interview = await openTaskOf(platform, beneficiaryId, 'initial-interview', { failFast: ended });
  const answered = await postJson(interview.link, {
    interviewDate: new Date().toISOString().slice(0, 10),
    attended: 'yes',
    goals: 'Travailler dans l’hôtellerie',
    barriers: ['digital-skills'],
    planStep1: 'Formation',
    planDate1: '2027-06-01',
    next: 'training',
  });
  expect(answered.status).toBe(200);
  const choice = await openTaskOf(platform, beneficiaryId, 'training-choice', { failFast: ended });
  return { beneficiaryId, firstName, choice };
}

const hospitalityOffer = {
  title: { fr: 'Service en salle', ar: 'الخدمة في قاعة المطعم', en: 'Restaurant service' },
  province: 'NAD',
  sector: 'hospitality',
  occupation: 'Serveur·se',
  startDate: '2027-05-03',
  endDate: '2027-07-30',
  durationHours: 400,
  seats: 12,
  costMad: 0,
  languages: ['fr', 'ar'],
  place: 'Nador, Corniche',
  leadsTo: 'wage-employment',
  tracks: ['training-first', 'direct-placement'],
  educationLevelMin: 'lower-secondary',
};

test('a new offer is emailed once to each coach of beneficiaries waiting for a training it suits', async () => {
  // Prepare: two who suit it, one whose level is below its prerequisite, one of another sector.
  const [nadia, imane, omar, rachid] = await Promise.all([
    waitingForTraining('Nadia', { sectorOfInterest: 'hospitality', educationLevel: 'baccalaureate' }),
    waitingForTraining('Imane', { sectorOfInterest: 'hospitality', educationLevel: 'lower-secondary' }),
    waitingForTraining('Omar', { sectorOfInterest: 'hospitality', educationLevel: 'primary' }),
    waitingForTraining('Rachid', { sectorOfInterest: 'construction', educationLevel: 'baccalaureate' }),
  ]);
  const suited = [nadia, imane] as Waiting[];
  const before = await fetch(nadia.choice.link);
  expect(await before.text()).not.toContain('Service en salle');

  // Act
  const provider = await partner('training-provider', 'ORI', 'PRV-ORI-OFPPT');
  const created = await postJson(url('/api/training-offers'), hospitalityOffer, provider);
  expect(created.status).toBe(201);
  const { offer } = (await created.json()) as { offer: { offerId: string } };

  // Assess: one email per coach of those it suits, listing each of theirs with their choice's link.
  const coaches = new Set(suited.map((w) => w.choice.to));
  const announcements = await eventually('the announcements', async () => {
    const found = (await inbox(platform)).filter((e) => e.subject.includes('Service en salle'));
    return found.length >= coaches.size ? found : undefined;
  });
  expect(announcements.map((e) => e.destination.to[0]).sort()).toEqual([...coaches].sort());
  for (const email of announcements) {
    const theirs = suited.filter((w) => w.choice.to === email.destination.to[0]);
    for (const w of theirs) {
      expect(email.body.text).toContain(`${w.firstName}: `);
      expect(email.body.text).toContain(`/tasks/${w.choice.taskId}?`);
    }
    for (const other of [omar, rachid] as Waiting[]) {
      expect(email.body.text).not.toContain(other.choice.taskId);
      expect(email.body.text).not.toContain(`${other.firstName}:`);
    }
    expect(email.subject).toContain(`(${theirs.length})`);
    // Names only in the email to the coach: never the phone or the last name.
    expect(email.body.text).not.toContain(validIntake.lastName);
  }
  // The link opens the choice, which now proposes the offer; not to the one below its level.
  const link = /https?:\/\/\S+\/tasks\/\S+/.exec(
    announcements.find((e) => e.destination.to[0] === nadia.choice.to)?.body.text ?? '',
  )?.[0];
  expect(await (await fetch(link ?? '')).text()).toContain(offer.offerId);
  expect(await (await fetch(omar.choice.link)).text()).not.toContain(offer.offerId);

  // Act: the offer edited (not new), and the suite's other streams settle.
  const edited = await postJson(
    url('/api/training-offers'),
    { ...hospitalityOffer, offerId: offer.offerId, seats: 15 },
    provider,
  );
  expect(edited.status).toBe(201);
  await counterBecomes(`ORI#NAD#hospitality#2027-05#seats`, 15);

  // Assess: no second email about it.
  expect((await inbox(platform)).filter((e) => e.subject.includes('Service en salle'))).toHaveLength(
    coaches.size,
  );
});

test('a stream record delivered twice is counted once and emailed once', async () => {
  // Prepare: a record of a new offer as the stream gives it (the offer is not in the table: only
  // this record speaks of it), with Nadia-like beneficiaries waiting from the test above.
  const image = {
    kind: 'training-offer',
    code: 'TRN-NAD-REDELIVERED',
    offerId: 'TRN-NAD-REDELIVERED',
    title: { fr: 'Réception hôtelière', ar: 'الاستقبال الفندقي', en: 'Hotel reception' },
    region: 'ORI',
    province: 'NAD',
    sector: 'hospitality',
    provider: { name: 'OFPPT — Oriental', kind: 'public' },
    startDate: '2027-06-07',
    endDate: '2027-08-27',
    seats: 9,
    leadsTo: 'wage-employment',
    tracks: ['training-first'],
    seatsTaken: 0,
    loadedAt: new Date().toISOString(),
  };
  const record: DynamoDBStreamEvent = {
    Records: [
      {
        eventID: 'test-redelivered-1',
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        eventSourceARN: 'arn:aws:dynamodb:eu-west-3:000000000000:table/reference/stream/test',
        awsRegion: 'eu-west-3',
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          SizeBytes: 1000,
          Keys: marshall({ kind: image.kind, code: image.code }) as never,
          NewImage: marshall(image) as never,
          SequenceNumber: '900000000000000000001',
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    ],
  };

  // Act
  await platform.functions.invoke('trainingSupplyChanges', record);
  await platform.functions.invoke('trainingSupplyChanges', record);

  // Assess
  expect(await counter('ORI#NAD#hospitality#2027-06#seats')).toBe(9);
  expect(await counter('ORI#NAD#hospitality#2027-06#offers')).toBe(1);
  const emails = (await inbox(platform)).filter((e) => e.subject.includes('Réception hôtelière'));
  const recipients = emails.map((e) => e.destination.to[0]);
  expect(recipients.length).toBeGreaterThan(0);
  expect(new Set(recipients).size).toBe(recipients.length);
});

test('the sectors asked at intake are counted as aspirations, published from five people', async () => {
  // The four Oriental intakes above, in Nador: three asked for hospitality, one for construction.
  const thisMonth = new Date().toISOString().slice(0, 7);
  await counterBecomes(`ORI#NAD#hospitality#${thisMonth}#aspirations`, 3);
  await counterBecomes(`ORI#NAD#construction#${thisMonth}#aspirations`, 1);

  // Assess: three people are under the threshold, so not published as a number.
  const rows = await offerDemandRows('governance', 'ORI');
  expect(rows.find((r) => r.sector === 'hospitality')).toMatchObject({
    aspirations: { suppressed: true },
    seats: expect.any(Number) as number,
  });
});

// ---------------------------------------------------------------------------------------------
// The totals over every month, which the summary reads, and the fold of earlier versions' counts.

async function partition(pk: string): Promise<{ sk: string; count: number; inTotals?: number }[]> {
  return (await aggregatesPartition(platform, pk)) as { sk: string; count: number; inTotals?: number }[];
}

/** The monthly counters summed by region, sector and measure, and the totals as stored. */
async function totalsAgainstMonths(): Promise<{
  summed: Record<string, number>;
  stored: Record<string, number>;
}> {
  const summed: Record<string, number> = {};
  for (const counter of await partition('offerDemand')) {
    const total = totalKeyOf(counter.sk) ?? '';
    summed[total] = (summed[total] ?? 0) + counter.count;
  }
  const stored: Record<string, number> = {};
  for (const total of await partition(OFFER_DEMAND_TOTALS)) {
    if (total.sk !== TOTALS_READY_SK) stored[total.sk] = total.count;
  }
  // A total at 0 and a total not written say the same.
  for (const [key, count] of Object.entries(stored)) if (count === 0 && !(key in summed)) delete stored[key];
  return { summed, stored };
}

const upgrade = async () =>
  (await platform.functions.invoke('upgradeRecords', { source: 'test' })) as unknown as UpgradeReport;

test('every count above is in its total over the months too, which the summary reads', async () => {
  // Assess: the counts of every test above (offers, seats, needs, positions, aspirations), each in
  // its month and in its total, every monthly counter marked as in its total.
  const { summed, stored } = await totalsAgainstMonths();
  expect(Object.keys(stored).length).toBeGreaterThan(10);
  expect(stored).toEqual(summed);
  expect((await partition('offerDemand')).filter((c) => c.inTotals !== c.count)).toEqual([]);
  // The platform's start ran the upgrade: with nothing to fold, the totals are ready.
  expect((await partition(OFFER_DEMAND_TOTALS)).map((t) => t.sk)).toContain(TOTALS_READY_SK);
});

test('counts of an earlier version (no totals) are folded into the totals once, beside counts made since', async () => {
  // Prepare: three offers counted by a version before the totals — the monthly counter alone —…
  const cell = 'ORI#OUJ#construction#2027-10';
  await platform.db.send(
    new PutCommand({
      TableName: platform.tableNames.aggregates,
      Item: { pk: 'offerDemand', sk: `${cell}#offers`, count: 3 },
    }),
  );
  // …then one more, counted by this version (the stream: its month and its total).
  const provider = await partner('training-provider', 'ORI', 'PRV-ORI-OFPPT');
  const created = await postJson(
    url('/api/training-offers'),
    {
      ...hospitalityOffer,
      title: { fr: 'Maçonnerie', ar: 'البناء', en: 'Masonry' },
      province: 'OUJ',
      sector: 'construction',
      occupation: 'Maçon·ne',
      startDate: '2027-10-04',
      endDate: '2028-01-28',
      place: 'Oujda',
    },
    provider,
  );
  expect(created.status).toBe(201);
  await counterBecomes(`${cell}#offers`, 4);
  const offersIn = async () =>
    (await offerDemandRows('governance', 'national')).find(
      (r) => r.region === 'ORI' && r.sector === 'construction',
    )?.offers;
  // The totals lack the earlier version's three, and the summary reads the totals (once the
  // consumer has moved the counters' stamp, a moment after its count).
  const { summed: months, stored: totals } = await totalsAgainstMonths();
  const before = totals['ORI#construction#offers'] ?? 0;
  expect(before).toBe((months['ORI#construction#offers'] ?? 0) - 3);
  await eventually('the summary to show the totals', async () =>
    (await offersIn()) === before ? true : undefined,
  );

  // Act: the upgrade, twice (the schedule's next run).
  const first = await upgrade();
  const second = await upgrade();

  // Assess: the three folded in once; the totals are the months' sums again, and the summary says so.
  expect(first).toMatchObject({ folded: 1, totalsReady: true });
  expect(second).toMatchObject({ folded: 0, totalsReady: true });
  const { summed, stored } = await totalsAgainstMonths();
  expect(stored).toEqual(summed);
  expect(await offersIn()).toBe(before + 3);
  const { Item } = await platform.db.send(
    new GetCommand({
      TableName: platform.tableNames.aggregates,
      Key: { pk: 'offerDemand', sk: `${cell}#offers` },
      ConsistentRead: true,
    }),
  );
  expect(Item).toMatchObject({ count: 4, inTotals: 4 });
});
