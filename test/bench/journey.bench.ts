/**
 * `npm run bench`: how fast the local platform carries journeys from intake to placement, and how
 * long the intake API takes. Measures only; the tests check behaviour. BENCH_JOURNEYS (default 30)
 * and BENCH_CONCURRENCY (default 5) set the load. Everything runs on loopback and stops by itself.
 */
import { intakeWorker } from '../support/platform';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startPlatform, type Platform } from '../../infra/local/platform';
import { freePort } from '../../infra/local/free-port';

const journeys = Number(process.env.BENCH_JOURNEYS ?? 30);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 5);
const deadline = Date.now() + 5 * 60_000;

interface Email {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

/** The link of the nth email about this beneficiary (coaches write in French or Arabic). */
async function linkFor(platform: Platform, firstName: string, nth: number): Promise<string> {
  while (Date.now() < deadline) {
    const store = (await fetch(`${platform.urls.inbox}/store`).then((r) => r.json())) as { emails: Email[] };
    const email = store.emails.filter((e) => e.subject.includes(firstName))[nth];
    const link = /http:\/\/\S+\/tasks\/\S+/.exec(email?.body.text ?? '')?.[0];
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`No email ${nth + 1} for ${firstName} before the deadline`);
}

async function post(url: string, fields: Record<string, string>): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

async function journey(platform: Platform, index: number, intakeTimes: number[]): Promise<number> {
  // Names are letters only (the intake refuses digits in a name): the index and a random tail, spelt.
  const spelt = (text: string) => text.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)] ?? 'a');
  const firstName = `Bench${spelt(String(index))}x${spelt(randomBytes(3).toString('hex'))}`;
  const started = performance.now();
  const response = await fetch(`${platform.urls.app}/api/intake`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(await intakeWorker(platform, index % 3 ? 'TTA' : 'ORI')),
    },
    body: JSON.stringify({
      firstName,
      lastName: 'Test',
      sex: index % 2 ? 'F' : 'M',
      birthYear: 1990 + (index % 15),
      region: index % 3 ? 'TTA' : 'ORI',
      province: index % 3 ? 'TNG' : 'OUJ',
      email: `bench${index}@example.org`,
      educationLevel: 'primary',
      consent: true,
    }),
  });
  intakeTimes.push(performance.now() - started);
  if (response.status !== 201) throw new Error(`intake answered ${response.status}`);
  const interview = await linkFor(platform, firstName, 0);
  const interviewed = await post(interview, {
    interviewDate: '2026-11-20',
    attended: 'yes',
    goals: 'Un emploi stable',
    planStep1: 'CV à jour',
    planDate1: '2026-12-15',
    next: 'placement',
  });
  if (interviewed !== 200) throw new Error(`interview answered ${interviewed}`);
  const placement = await linkFor(platform, firstName, 1);
  const placed = await post(placement, {
    outcome: 'employment',
    startDate: new Date().toISOString().slice(0, 10),
    sector: 'services',
  });
  if (placed !== 200) throw new Error(`placement answered ${placed}`);
  return performance.now() - started;
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ??
  NaN;

async function main(): Promise<void> {
  const platform = await startPlatform({
    ports: { http: 0, dynamodb: await freePort(), stepFunctions: 0, ses: 0 },
    linkSigningSecret: randomBytes(32).toString('base64url'),
    log: () => undefined,
  });
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  try {
    const intakeTimes: number[] = [];
    const journeyTimes: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < journeys) {
          const index = next++;
          journeyTimes.push(await journey(platform, index, intakeTimes));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(
      `journeys: ${journeys} (concurrency ${concurrency}) in ${seconds.toFixed(1)} s = ${(journeys / seconds).toFixed(2)}/s`,
    );
    console.log(
      `intake API:   p50 ${ms(percentile(intakeTimes, 50))}  p95 ${ms(percentile(intakeTimes, 95))}`,
    );
    console.log(
      `whole journey (intake → placement, coach answers at once): p50 ${ms(percentile(journeyTimes, 50))}  p95 ${ms(percentile(journeyTimes, 95))}`,
    );
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
