/**
 * The local gateway's rate limit on the public routes, turned on for this file (test platforms run
 * without it): a burst past the bucket gets 429 with Retry-After — API Gateway's JSON for API
 * clients, a page in the reader's language for browsers — and a refused intake wrote nothing and
 * started nothing. The limit recovers (the simulator's client waits as Retry-After says and gets
 * through), each route group and each client address has its own bucket, and routes that are not
 * public are not limited.
 */
import { request } from 'node:http';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { requestWithRetries } from '../../infra/local/simulation/http';
import {
  eventually,
  intakeWorker,
  postJson,
  scanAll,
  startTestPlatform,
  validIntake,
  type TestPlatform,
} from '../support/platform';

const BURST = 4;
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('rate-limits', 1, { rateLimit: { ratePerSecond: 0.5, burst: BURST } });
});

afterAll(async () => {
  await platform?.stop();
});

/** Letters only, as names must be. */
const nameOf = (i: number) =>
  `Rate${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`;

async function storedIntakes(): Promise<number> {
  const items = await scanAll(platform, platform.tableNames.beneficiaries);
  return items.filter((item) => String(item.firstName).startsWith('Rate')).length;
}

async function journeysStarted(): Promise<number> {
  const { executions = [] } = await platform.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: platform.workflowArns.journey, maxResults: 1000 }),
  );
  return executions.length;
}

/** A GET from another address of this machine (127.0.0.2 reaches the gateway on 127.0.0.1). */
function getFrom(localAddress: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers: { accept: 'application/json' } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

test('a burst of intakes past the bucket gets 429 with Retry-After, and what was refused wrote nothing', async () => {
  const worker = await intakeWorker(platform);
  // Act: three times the bucket, all at once.
  const responses = await Promise.all(
    Array.from({ length: 3 * BURST }, (_, i) =>
      postJson(`${platform.urls.app}/api/intake`, { ...validIntake, firstName: nameOf(i) }, worker),
    ),
  );
  const created = responses.filter((r) => r.status === 201);
  const refused = responses.filter((r) => r.status === 429);
  expect(created.length + refused.length).toBe(responses.length);
  // The bucket's tokens, and perhaps one or two more refilled while the burst went in.
  expect(created.length).toBeGreaterThanOrEqual(BURST);
  expect(refused.length).toBeGreaterThanOrEqual(BURST);
  for (const response of refused) {
    expect(response.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ message: 'Too Many Requests' });
  }
  // Only the intakes that got their 201 are kept, and only they started a journey.
  const ids = await Promise.all(
    created.map(async (r) => ((await r.json()) as { beneficiaryId: string }).beneficiaryId),
  );
  expect(new Set(ids).size).toBe(created.length);
  expect(await storedIntakes()).toBe(created.length);
  await eventually('the accepted journeys to start', async () =>
    (await journeysStarted()) === created.length ? true : undefined,
  );

  // The limit recovers: with the bucket emptied again (bad intakes take a token too, and write
  // nothing), a client that waits as Retry-After says gets through. A token refills every 2 s: on
  // a busy machine one may come back between the drain and the client's first try, which then
  // goes through at once; the drain is done again then, up to five times.
  const slept: number[] = [];
  let through = 0;
  for (let round = 0; round < 5 && slept.length === 0; round += 1) {
    const drained = await Promise.all(
      Array.from({ length: 2 * BURST }, () => postJson(`${platform.urls.app}/api/intake`, {}, worker)),
    );
    expect(drained.map((r) => r.status)).toContain(429);
    const again = await requestWithRetries(
      `${platform.urls.app}/api/intake`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...worker },
        body: JSON.stringify({ ...validIntake, firstName: nameOf(3 * BURST + round) }),
      },
      {
        attempts: 1,
        timeoutMs: 15_000,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        onThrottled: (ms) => slept.push(ms),
      },
    );
    expect(again.status).toBe(201);
    through += 1;
  }
  expect(slept.length).toBeGreaterThanOrEqual(1);
  expect(slept.every((ms) => ms >= 1000)).toBe(true);
  expect(await storedIntakes()).toBe(created.length + through);
});

test('a browser turned away gets the page in its language; other groups, other addresses and private routes are not held back', async () => {
  const catalogue = `${platform.urls.app}/catalogue`;
  const pages = await Promise.all(
    Array.from({ length: 3 * BURST }, () =>
      fetch(catalogue, { headers: { accept: 'text/html', 'accept-language': 'ar' } }),
    ),
  );
  const refused = pages.filter((p) => p.status === 429);
  expect(refused.length).toBeGreaterThanOrEqual(BURST);
  const page = await refused[0]?.text();
  expect(page).toContain('<html lang="ar" dir="rtl">');
  expect(page).toContain('طلبات كثيرة جدا');
  expect(refused[0]?.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);

  // While the catalogue's bucket is empty for this address: another address has its own…
  expect(await getFrom('127.0.0.2', `${platform.urls.app.replace('localhost', '127.0.0.1')}/catalogue`)).toBe(
    200,
  );
  // …the task links' group its own (a link that is not one: refused, but not held back)…
  expect((await fetch(`${platform.urls.app}/tasks/not-a-task`)).status).not.toBe(429);
  // …and the health check is not limited at all.
  const health = await Promise.all(
    Array.from({ length: 3 * BURST }, () => fetch(`${platform.urls.app}/health`)),
  );
  expect(health.map((h) => h.status)).toEqual(health.map(() => 200));
});
