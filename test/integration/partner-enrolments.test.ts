/**
 * A training provider sees the enrolments in its own offer: the counts always, the names and
 * contacts only of those who agreed to share with training providers, each such read on the
 * person's audit trail; another provider, a coach or an employer are refused.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { takeSeat } from '../../functions/commons/training-offers';
import {
  intakeWorker,
  postJson,
  signIn,
  startTestPlatform,
  validIntake,
  type TestPlatform,
} from '../support/platform';

let platform: TestPlatform;
/** An offer of PRV-TTA-OFPPT in data/training-offers.json. */
const OFFER = 'TRN-TNG-SOU';

beforeAll(async () => {
  platform = await startTestPlatform('partner-enrolments');
});

afterAll(async () => {
  await platform?.stop();
});

const url = (path: string) => `${platform.urls.app}${path}`;

async function session(role: string, region: string, partner?: string) {
  const response = await fetch(url('/api/dev/sign-in'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, region, ...(partner ? { partner } : {}) }),
  });
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}`, cookie: `kafaat_session=${token}` };
}

async function beneficiary(firstName: string, phone: string, sharingConsents: string[]): Promise<string> {
  const response = await postJson(
    url('/api/intake'),
    { ...validIntake, firstName, phone, sharingConsents },
    await intakeWorker(platform),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { beneficiaryId: string }).beneficiaryId;
}

async function readsOf(beneficiaryId: string, personId: string): Promise<number> {
  const { Items = [] } = await platform.db.send(
    new QueryCommand({
      TableName: platform.tableNames.caseFiles,
      KeyConditionExpression: 'beneficiaryId = :id AND begins_with(entryId, :prefix)',
      ExpressionAttributeValues: { ':id': beneficiaryId, ':prefix': 'audit#' },
      ConsistentRead: true,
    }),
  );
  return Items.filter((e) => e.action === 'read' && e.personId === personId).length;
}

test('counts every enrolment, names only those who agreed, and puts each read on their trail', async () => {
  const sharing = await beneficiary('Houda', '0661000111', ['training-providers']);
  const private_ = await beneficiary('Rachida', '0661000222', []);
  const store = { client: platform.db, table: platform.tableNames.reference };
  expect(await takeSeat(OFFER, sharing, new Date(), store)).toBe('taken');
  expect(await takeSeat(OFFER, private_, new Date(), store)).toBe('taken');

  const provider = await session('training-provider', 'TTA', 'PRV-TTA-OFPPT');
  const response = await fetch(url(`/api/training-offers/${OFFER}/enrolments`), {
    headers: { authorization: provider.authorization },
  });
  expect(response.status).toBe(200);
  const view = (await response.json()) as {
    enrolments: number;
    withheld: number;
    shared: { firstName: string; phone?: string }[];
  };
  expect(view.enrolments).toBe(2);
  expect(view.withheld).toBe(1);
  expect(view.shared.map((p) => p.firstName)).toEqual(['Houda']);
  expect(JSON.stringify(view)).not.toContain('Rachida');
  expect(await readsOf(sharing, 'PROVIDER-PRV-TTA-OFPPT')).toBe(1);
  expect(await readsOf(private_, 'PROVIDER-PRV-TTA-OFPPT')).toBe(0);

  const page = await fetch(url(`/partner/offers/${OFFER}/enrolments?lang=ar`), {
    headers: { cookie: provider.cookie },
  });
  expect(page.status).toBe(200);
  const text = await page.text();
  expect(text).toContain('dir="rtl"');
  expect(text).toContain('Houda');
  expect(text).not.toContain('Rachida');
  expect(await readsOf(sharing, 'PROVIDER-PRV-TTA-OFPPT')).toBe(2);
});

test('a person who withdrew their consent is counted but no longer named, whatever they had agreed to share', async () => {
  const withdrawing = await beneficiary('Zineb', '0661000333', ['training-providers']);
  const store = { client: platform.db, table: platform.tableNames.reference };
  expect(await takeSeat(OFFER, withdrawing, new Date(), store)).toBe('taken');
  const provider = await session('training-provider', 'TTA', 'PRV-TTA-OFPPT');
  const read = async () => {
    const response = await fetch(url(`/api/training-offers/${OFFER}/enrolments`), {
      headers: { authorization: provider.authorization },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      enrolments: number;
      withheld: number;
      shared: { firstName: string }[];
    };
  };
  const before = await read();
  expect(before.shared.map((p) => p.firstName)).toContain('Zineb');

  const { Item } = await platform.db.send(
    new GetCommand({ TableName: platform.tableNames.beneficiaries, Key: { beneficiaryId: withdrawing } }),
  );
  const supervisor = await signIn(platform, 'supervisor', 'TTA', String(Item?.association));
  const withdrawal = await postJson(
    url(`/api/beneficiaries/${withdrawing}/consent-withdrawal`),
    { date: new Date().toISOString().slice(0, 10) },
    supervisor.bearer,
  );
  expect(withdrawal.status).toBe(200);

  const after = await read();
  expect(after.enrolments).toBe(before.enrolments);
  expect(after.withheld).toBe(before.withheld + 1);
  expect(after.shared).toHaveLength(before.shared.length - 1);
  expect(JSON.stringify(after)).not.toContain('undefined');
});

test("another provider, a coach and an employer may not see an offer's enrolments", async () => {
  for (const [role, region, partner] of [
    ['training-provider', 'TTA', 'PRV-TTA-NOUR'],
    ['coach', 'TTA', undefined],
    ['employer', 'TTA', undefined],
  ] as const) {
    const who = await session(role, region, partner);
    const response = await fetch(url(`/api/training-offers/${OFFER}/enrolments`), {
      headers: { authorization: who.authorization },
    });
    expect({ role, partner, status: response.status }).toEqual({ role, partner, status: 403 });
  }
  const unknown = await fetch(url('/api/training-offers/TRN-NOPE-1/enrolments'), {
    headers: { authorization: (await session('training-provider', 'TTA')).authorization },
  });
  expect(unknown.status).toBe(404);
  expect((await fetch(url(`/api/training-offers/${OFFER}/enrolments`))).status).toBe(401);
});
