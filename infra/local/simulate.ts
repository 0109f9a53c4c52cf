/**
 * `npm run simulate -- --beneficiaries 550`: the cohort simulator. It drives the platform that
 * `npm start` runs (best started with time accelerated: `KAFAAT_TIME_SCALE=200000 npm start`) as
 * the people of a pilot would: intake workers sign in and post intakes, spread over months of the
 * platform's clock; coaches read their emails in the inbox, open each task's link and answer its
 * form after a realistic delay. Only public routes, the sign-in and the emails' links: so it also
 * checks the whole path, and it leaves the dashboard populated. At the end it prints what it did.
 *
 * The plain parts are in `simulation/`: the cohort (cohort.ts), the coaches' answers and delays
 * (behaviour.ts), reading emails and pages (pages.ts) and the report (report.ts).
 */
import { parseArgs } from 'node:util';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import pLimit from 'p-limit';
import { linkExpiresAt } from '../../functions/domain/task-protocol';
import { placementOutcomes, type PlacementOutcome } from '../../functions/domain/placement';
import { generateCohort, phoneKey, summarizeCohort, type SyntheticPerson } from './simulation/cohort';
import {
  answerDelay,
  decideAnswer,
  newProgress,
  planJourney,
  taskPeriodDays,
  type Answer,
  type Decision,
  type Expectation,
  type JourneyPlan,
  type JourneyProgress,
  type TaskType,
} from './simulation/behaviour';
import { errorsOf, linkExpiry, readTaskPage, taskIdOf, taskLinksIn, textOf } from './simulation/pages';
import { requestWithRetries } from './simulation/http';
import { seededRandom, type Random } from './simulation/random';
import { formatReport, type DashboardCounts, type RunEnd, type SimulationReport } from './simulation/report';

export type { SimulationReport } from './simulation/report';
export { formatReport } from './simulation/report';

export interface SimulateOptions {
  /** The platform (`npm start`): intake API, task links, dashboard. */
  url: string;
  /** The SES emulator, whose `GET /store` is the coaches' inbox. */
  inbox: string;
  beneficiaries: number;
  seed: number;
  /** The platform's KAFAAT_TIME_SCALE; left out: read from /health, else assumed (see README). */
  timeScale?: number;
  /** The run stops there, with what was left. */
  maxMinutes: number;
  /** The intakes are spread over this many months of the platform's clock. */
  intakeMonths: number;
  /** Coaches' requests at once (opening a link, posting an answer). */
  concurrency: number;
  /** How often the inbox is read. */
  pollMs: number;
  /** A progress bar on stderr. */
  progress: boolean;
  /** Aborting it stops the run cleanly, with the report so far. */
  signal?: AbortSignal;
  /** Notes during the run (warnings); default: stderr. */
  log?: (line: string) => void;
}

/**
 * The README's suggestion for a cohort of 550 (`KAFAAT_TIME_SCALE=40000 npm start`): a day passes in
 * about 2.2 s, a 12-month follow-up in about 13 minutes. Measured on a 2-core machine: the platform
 * carries about 2 coach tasks a second; at 200000 a cohort of 550 asks five times that, answers
 * reach the workflow after their tasks' periods, and journeys stall (README, "Cohort simulator").
 */
export const SUGGESTED_TIME_SCALE = 40_000;

export const defaultOptions: SimulateOptions = {
  url: 'http://localhost:3000',
  inbox: 'http://localhost:8005',
  beneficiaries: 550,
  seed: 2017,
  // 550 at the suggested scale take about an hour of the platform's clock (README, "Cohort simulator").
  maxMinutes: 75,
  // As the pilot took people in over about two years: two coaches of 40 places per region keep
  // room for everyone, and the platform gets a steady flow rather than a flood.
  intakeMonths: 24,
  concurrency: 8,
  pollMs: 250,
  progress: true,
};

const DAY_MS = 86_400_000;
/** After an answer that leads to another task, it comes within this (platform days), or the journey went quiet. */
const NEXT_TASK_WITHIN_DAYS = 20;
/** A journey waiting in the queue ends after 60 days without a coach (coach-assignment.ts). */
const QUEUE_WITHIN_DAYS = 80;
/** After a journey's last answer, this long without an email about it and it has ended. */
const QUIET_DAYS = 10;
/** Added to every wait, in real time: the platform's own work. */
const WALL_MARGIN_MS = 15_000;
const MIN_QUIET_MS = 3_000;

type EndCause = 'answered' | 'silent' | 'no-coach' | 'unanswered' | 'intake-refused';

interface Tracked {
  person: SyntheticPerson;
  beneficiaryId?: string;
  journey: number;
  plan: JourneyPlan;
  progress: JourneyProgress;
  random: Random;
  status: 'scheduled' | 'active' | 'ending' | 'ended';
  /** What the simulator waits for, and until when (real time, ms). */
  waitingFor: string;
  expectBy: number;
  endAt?: number;
  endCause?: EndCause;
  /** When its last answer that leads to another task got its confirmation (for the lag). */
  answeredAt?: number;
  queued: boolean;
  escalated: boolean;
  /** A task of it is being opened or answered: it cannot go quiet meanwhile. */
  busy: number;
  placedOnce: boolean;
}

interface KnownTask {
  link: string;
  seenAt: number;
  emailAt: number;
}

interface InboxEmail {
  messageId: string;
  at: number;
  subject?: string;
  destination?: { to?: string[] };
  body?: { text?: string; html?: string };
}

class HttpError extends Error {
  override name = 'HttpError';
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function formBody(answer: Answer): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(answer)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  return form.toString();
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

class Simulation {
  private readonly options: SimulateOptions;
  private timeScale = SUGGESTED_TIME_SCALE;
  private timeScaleSource: SimulationReport['timeScaleSource'] = 'assumed';
  private readonly started = Date.now();
  private readonly runTag = Math.floor(Date.now() / 1000) % 1_000_000;
  private readonly people: Tracked[] = [];
  private readonly byPhone = new Map<string, Tracked>();
  private readonly byEmail = new Map<string, Tracked>();
  private readonly byBeneficiary = new Map<string, Tracked>();
  private readonly tasks = new Map<string, KnownTask>();
  private readonly seenEmails = new Map<string, number>();
  private since: number;
  /** At most `concurrency` coaches' answers at once; intakes four at a time. */
  private readonly limiter: pLimit.Limit;
  private readonly intakeLimiter = pLimit(4);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly tokens = new Map<string, Promise<string>>();
  private stopping = false;
  private timeScaleChecked = false;
  /** The task time-outs' own scale, where /health says the platform set them apart. */
  private taskTimeScale: number | undefined;
  /** A reason to stop the run now (a platform that runs at another time scale). */
  private fatal?: string;
  private readonly lags: number[] = [];
  private bar?: { multi: MultiBar; intakes: SingleBar; journeys: SingleBar; tasks: SingleBar };
  private readonly report: SimulationReport;

  constructor(options: SimulateOptions) {
    this.options = options;
    if (options.timeScale !== undefined) {
      this.timeScale = options.timeScale;
      this.timeScaleSource = 'flag';
    }
    this.limiter = pLimit(Math.max(1, Math.floor(options.concurrency) || 1));
    this.since = Math.floor(this.started / 1000) - 1;
    this.report = {
      end: 'all-ended',
      seed: options.seed,
      timeScale: this.timeScale,
      timeScaleSource: 'assumed',
      beneficiaries: options.beneficiaries,
      cohort: summarizeCohort([]),
      intakesPosted: 0,
      intakesRefused: 0,
      journeys: 0,
      journeysEnded: 0,
      placements: 0,
      peoplePlaced: 0,
      outcomes: Object.fromEntries(placementOutcomes.map((o) => [o, 0])) as Record<PlacementOutcome, number>,
      notPlacedReasons: {},
      dropouts: 0,
      dropoutReasons: {},
      missedInterviews: 0,
      reopened: 0,
      followUpsAnswered: 0,
      tasksAnswered: 0,
      tasksByType: {},
      alreadyAnswered: 0,
      closedLinks: 0,
      tasksOfOthers: 0,
      refusedAnswers: 0,
      refusals: [],
      failedRequests: 0,
      emails: { read: 0, newTasks: 0, repeatedLinks: 0, queue: 0, escalations: 0, other: 0 },
      waitedForACoach: 0,
      endedOtherwise: {},
      left: {},
      elapsedMs: 0,
      platformDays: 0,
      dashboardUrl: `${options.url}/dashboard`,
      warnings: [],
    };
  }

  private log(line: string): void {
    if (this.options.log) this.options.log(line);
    else if (this.bar) this.bar.multi.log(`${line}\n`);
    else process.stderr.write(`${line}\n`);
  }

  /** Days of the platform's clock as real milliseconds. */
  private wall(days: number): number {
    return (days * DAY_MS) / this.timeScale;
  }

  async run(): Promise<SimulationReport> {
    let before: DashboardCounts | undefined;
    try {
      await this.checkPlatform();
      before = await this.dashboardCounts().catch(() => undefined);
      this.prepareCohort();
      this.startProgress();
      this.scheduleIntakes();
      this.report.end = await this.loop();
    } catch (error) {
      this.report.end = 'failed';
      this.report.endReason = (error as Error).message;
    } finally {
      this.stopping = true;
      for (const timer of this.timers) clearTimeout(timer);
      const giveUp = new AbortController();
      await Promise.race([
        Promise.allSettled([...this.inFlight]).finally(() => giveUp.abort()),
        sleep(10_000, giveUp.signal),
      ]);
      this.updateProgress();
      this.bar?.multi.stop();
    }
    if (before && this.report.end !== 'failed') await this.readDashboardAfter(before);
    return this.finish();
  }

  // ---- the platform ----

  private async request(
    url: string,
    init: RequestInit = {},
    attempts = 3,
    timeoutMs = 30_000,
  ): Promise<Response> {
    // A 429 waits as its Retry-After says and is sent again (the platform's rate limit).
    return requestWithRetries(url, init, {
      attempts,
      timeoutMs,
      sleep: (ms) => sleep(ms),
      onThrottled: () => (this.report.throttled = (this.report.throttled ?? 0) + 1),
    });
  }

  private async checkPlatform(): Promise<void> {
    const health = await this.request(`${this.options.url}/health`, {}, 6).catch((error: unknown) => {
      throw new Error(
        `No Kafaat platform answers at ${this.options.url}/health (${(error as Error).message}): start it with \`KAFAAT_TIME_SCALE=${SUGGESTED_TIME_SCALE} npm start\`, or give --url.`,
      );
    });
    if (health.status !== 200) throw new Error(`${this.options.url}/health answered ${health.status}`);
    const body = (await health.json()) as { timeScale?: unknown; taskTimeScale?: unknown };
    if (typeof body.taskTimeScale === 'number' && body.taskTimeScale > 0)
      this.taskTimeScale = body.taskTimeScale;
    if (this.timeScaleSource === 'flag') return this.checkInbox();
    if (typeof body.timeScale === 'number' && body.timeScale > 0) {
      this.timeScale = body.timeScale;
      this.timeScaleSource = 'health';
    } else {
      this.report.warnings.push(
        `/health does not say the platform's time scale: assumed ${SUGGESTED_TIME_SCALE} (README's suggestion). Pass --time-scale with the platform's KAFAAT_TIME_SCALE if it differs.`,
      );
    }
    await this.checkInbox();
  }

  private async checkInbox(): Promise<void> {
    const inbox = await this.request(`${this.options.inbox}/store?since=${this.since}`, {}, 1).catch(
      (error: unknown) => {
        throw new Error(
          `The coaches' inbox does not answer at ${this.options.inbox}/store (${(error as Error).message}): give --inbox (the platform's KAFAAT_SES_PORT).`,
        );
      },
    );
    if (inbox.status !== 200) throw new Error(`${this.options.inbox}/store answered ${inbox.status}`);
    await inbox.arrayBuffer();
  }

  /** A session of the seeded person of that role, once (POST /api/dev/sign-in). */
  private token(role: string, region: string, association?: string, fresh = false): Promise<string> {
    const key = `${role} ${region} ${association ?? ''}`;
    let token = fresh ? undefined : this.tokens.get(key);
    if (!token) {
      token = (async () => {
        const response = await this.request(`${this.options.url}/api/dev/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role, region, ...(association ? { association } : {}) }),
        });
        if (response.status !== 200)
          throw new HttpError(`Signing in as ${key.trim()}: ${response.status} ${await response.text()}`);
        return ((await response.json()) as { token: string }).token;
      })();
      token.catch(() => this.tokens.delete(key));
      this.tokens.set(key, token);
    }
    return token;
  }

  private async dashboardCounts(attempts = 3, timeoutMs = 30_000): Promise<DashboardCounts> {
    const token = await this.token('governance', 'national');
    const response = await this.request(
      `${this.options.url}/api/dashboard/summary`,
      { headers: { authorization: `Bearer ${token}` } },
      attempts,
      timeoutMs,
    );
    if (response.status !== 200) throw new HttpError(`The dashboard summary answered ${response.status}`);
    const summary = (await response.json()) as {
      totals: { stages: Record<string, number>; outcomes: Record<string, number> };
    };
    const stage = (name: string) => summary.totals.stages[name] ?? 0;
    return {
      intake: stage('intake'),
      placed: stage('placed'),
      notPlaced: stage('not-placed'),
      dropout: stage('dropout'),
      noShow: stage('no-show'),
      followUp: stage('follow-up'),
      reopened: stage('reopened'),
      outcomes: Object.fromEntries(
        placementOutcomes.map((o) => [o, summary.totals.outcomes[o] ?? 0]),
      ) as Record<PlacementOutcome, number>,
    };
  }

  /** The dashboard after the run: its counters follow the journeys' events within moments. */
  private async readDashboardAfter(before: DashboardCounts): Promise<void> {
    const deadline = Date.now() + 20_000;
    let after: DashboardCounts | undefined;
    let previous = '';
    for (;;) {
      after = await this.dashboardCounts(1, 5_000).catch(() => after);
      if (!after) return;
      const current = JSON.stringify(after);
      const settled =
        after.intake - before.intake === this.report.intakesPosted &&
        after.placed - before.placed === this.report.placements &&
        after.followUp - before.followUp === this.report.followUpsAnswered;
      if (settled || Date.now() > deadline || (this.report.end !== 'all-ended' && current === previous))
        break;
      previous = current;
      await sleep(500);
    }
    this.report.dashboard = { before, after };
    if (after.placed - before.placed !== this.report.placements)
      this.report.warnings.push(
        `The dashboard counts ${after.placed - before.placed} placements for this run, the simulator ${this.report.placements}${this.report.end === 'all-ended' ? '' : ' (the run did not finish)'}.`,
      );
  }

  // ---- the cohort and its intakes ----

  private prepareCohort(): void {
    const intakeDays = this.options.intakeMonths * 30.4;
    const cohort = generateCohort({
      count: this.options.beneficiaries,
      seed: this.options.seed,
      now: new Date(),
      intakeDays,
      runTag: this.runTag,
    });
    this.report.cohort = summarizeCohort(cohort);
    const root = seededRandom(this.options.seed).fork('coaches');
    for (const person of cohort) {
      const random = root.fork(`person-${person.index}-journey-1`);
      const tracked: Tracked = {
        person,
        journey: 1,
        plan: planJourney(random, person.intake),
        progress: newProgress(),
        random,
        status: 'scheduled',
        waitingFor: 'intake',
        expectBy: Number.POSITIVE_INFINITY,
        queued: false,
        escalated: false,
        busy: 0,
        placedOnce: false,
      };
      this.people.push(tracked);
      this.byPhone.set(phoneKey(person.phoneDigits), tracked);
      if (person.intake.email) this.byEmail.set(person.intake.email.toLowerCase(), tracked);
    }
  }

  private later(ms: number, job: () => Promise<void>): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.stopping) this.track(job());
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.report.failedRequests += 1;
      this.log(`A request failed: ${(error as Error).message}`);
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private scheduleIntakes(): void {
    for (const tracked of this.people) {
      this.later(this.wall(tracked.person.arrivalDay), () =>
        this.intakeLimiter(() => this.postIntake(tracked)),
      );
    }
  }

  private async postIntake(tracked: Tracked): Promise<void> {
    const { person } = tracked;
    const post = async (fresh: boolean) => {
      const token = await this.token('intake-worker', person.intake.region, person.association, fresh);
      return this.request(`${this.options.url}/api/intake`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': `sim-${this.runTag}-${this.options.seed}-${person.index}`,
        },
        body: JSON.stringify(person.intake),
      });
    };
    tracked.status = 'active';
    tracked.waitingFor = 'initial-interview';
    tracked.expectBy = Number.POSITIVE_INFINITY;
    this.report.journeys += 1;
    const refused = (reason: string) => {
      this.report.intakesRefused += 1;
      this.refusal(`intake ${person.index + 1}: ${reason}`);
      this.end(tracked, 'intake-refused');
    };
    let response: Response;
    try {
      response = await post(false);
      if (response.status === 401) response = await post(true);
    } catch (error) {
      refused((error as Error).message);
      return;
    }
    if (response.status !== 201) {
      refused(`${response.status} ${(await response.text()).slice(0, 200)}`);
      return;
    }
    const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
    tracked.beneficiaryId = beneficiaryId;
    this.byBeneficiary.set(beneficiaryId, tracked);
    this.report.intakesPosted += 1;
    // The first interview's email, or a queue email when every coach of the region is full.
    if (tracked.busy === 0 && tracked.status === 'active')
      tracked.expectBy = Date.now() + this.wall(NEXT_TASK_WITHIN_DAYS) + WALL_MARGIN_MS;
  }

  // ---- the inbox ----

  private async loop(): Promise<RunEnd> {
    const deadline = this.started + this.options.maxMinutes * 60_000;
    let inboxFailingSince: number | undefined;
    for (;;) {
      if (this.options.signal?.aborted) return 'interrupted';
      if (Date.now() > deadline) {
        this.report.endReason = `--max-minutes ${this.options.maxMinutes} reached`;
        return 'deadline';
      }
      try {
        await this.readInbox();
        inboxFailingSince = undefined;
      } catch (error) {
        inboxFailingSince ??= Date.now();
        if (Date.now() - inboxFailingSince > 30_000)
          throw new Error(`The inbox has not answered for 30 s: ${(error as Error).message}`, {
            cause: error,
          });
      }
      if (this.fatal) throw new Error(this.fatal);
      this.checkQuiet();
      this.updateProgress();
      const allPosted = this.people.every((p) => p.status !== 'scheduled');
      if (allPosted && this.people.every((p) => p.status === 'ended') && this.inFlight.size === 0)
        return 'all-ended';
      await sleep(this.options.pollMs, this.options.signal);
    }
  }

  /** One read of the inbox: the emails since the last read, each handled once. */
  private async readInbox(): Promise<void> {
    const response = await this.request(`${this.options.inbox}/store?since=${this.since}`, {}, 1);
    if (response.status !== 200) throw new HttpError(`The inbox answered ${response.status}`);
    const { emails } = (await response.json()) as { emails: InboxEmail[] };
    const now = Date.now();
    for (const email of emails) {
      if (this.seenEmails.has(email.messageId)) continue;
      this.seenEmails.set(email.messageId, email.at);
      this.since = Math.max(this.since, email.at);
      this.report.emails.read += 1;
      this.handleEmail(email, now);
    }
    // Only the last second's ids are needed to tell a new email from one already read.
    for (const [id, at] of this.seenEmails) if (at < this.since) this.seenEmails.delete(id);
  }

  private handleEmail(email: InboxEmail, now: number): void {
    const text = email.body?.text ?? '';
    const links = taskLinksIn(text);
    if (links.length > 0) {
      let fresh = false;
      for (const link of links) {
        const taskId = taskIdOf(link);
        if (this.tasks.has(taskId)) continue;
        fresh = true;
        const task: KnownTask = { link, seenAt: now, emailAt: email.at };
        this.tasks.set(taskId, task);
        // A link that could not be opened is forgotten: its reminder brings it again.
        this.track(
          this.limiter(() =>
            this.openTask(taskId, task).catch((error: unknown) => {
              this.tasks.delete(taskId);
              throw error;
            }),
          ),
        );
      }
      if (fresh) this.report.emails.newTasks += 1;
      else this.report.emails.repeatedLinks += 1;
      return;
    }
    // Emails about a file name it by its reference (the beneficiary's id), never by name.
    const subject = email.subject ?? '';
    const mentioned = [...new Set([...`${subject}\n${text}`.matchAll(UUID)].map((m) => m[0]))]
      .map((id) => this.byBeneficiary.get(id))
      .filter((t): t is Tracked => t !== undefined);
    const tracked = mentioned[0];
    if (!tracked) {
      this.report.emails.other += 1;
      return;
    }
    if (tracked.beneficiaryId && subject.includes(tracked.beneficiaryId)) {
      // The supervisor is told a journey waits for a coach with room.
      this.report.emails.queue += 1;
      if (!tracked.queued) this.report.waitedForACoach += 1;
      tracked.queued = true;
      tracked.waitingFor = 'a coach with room';
      if (tracked.busy === 0) tracked.expectBy = now + this.wall(QUEUE_WITHIN_DAYS) + WALL_MARGIN_MS;
    } else {
      this.report.emails.escalations += 1;
      tracked.escalated = true;
    }
  }

  // ---- the coaches ----

  private personOf(page: { phone?: string; email?: string }): Tracked | undefined {
    if (page.phone) {
      const byPhone = this.byPhone.get(phoneKey(page.phone));
      if (byPhone) return byPhone;
    }
    return page.email ? this.byEmail.get(page.email.toLowerCase()) : undefined;
  }

  /** A coach opens a new task's link, sees whose and which it is, and answers it later. */
  private async openTask(taskId: string, task: KnownTask): Promise<void> {
    const response = await this.request(task.link);
    const html = await response.text();
    const page = readTaskPage(html);
    if (response.status !== 200 || page.kind !== 'form') {
      this.report.closedLinks += 1;
      return;
    }
    const tracked = this.personOf(page);
    if (!tracked || tracked.status === 'scheduled') {
      this.report.tasksOfOthers += 1; // another run's, or a person typed in by hand
      return;
    }
    if (tracked.answeredAt !== undefined) {
      this.lags.push(((task.seenAt - tracked.answeredAt) * this.timeScale) / DAY_MS);
      tracked.answeredAt = undefined;
    }
    this.checkTimeScale(page.taskType, task);
    if (tracked.status !== 'active') this.reactivate(tracked);
    tracked.busy += 1;
    tracked.waitingFor = `the coach (${page.taskType})`;
    const delay = this.wall(answerDelay(tracked.random, page.taskType));
    this.later(task.seenAt + delay - Date.now(), async () => {
      try {
        await this.limiter(() => this.answerTask(tracked, taskId, task, page.taskType, page.offers));
      } finally {
        tracked.busy -= 1;
      }
    });
  }

  private async answerTask(
    tracked: Tracked,
    taskId: string,
    task: KnownTask,
    taskType: TaskType,
    offers: readonly string[],
  ): Promise<void> {
    let proposed = offers;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const decision = decideAnswer(
        tracked.random,
        tracked.plan,
        tracked.progress,
        { taskType, offers: proposed },
        tracked.person.intake,
        new Date(),
      );
      const response = await this.request(task.link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody(decision.answer),
      });
      const html = await response.text();
      if (response.status === 200) {
        this.answered(tracked, taskType, decision);
        return;
      }
      // Answered by someone else, or closed by the journey (the coaching phase over): what the
      // journey does next comes by email as usual.
      if (response.status === 409) {
        this.report.alreadyAnswered += 1;
        this.awaitNext(tracked, NEXT_TASK_WITHIN_DAYS);
        return;
      }
      if (response.status === 410 || response.status === 403 || response.status === 404) {
        this.report.closedLinks += 1;
        this.awaitNext(tracked, NEXT_TASK_WITHIN_DAYS);
        return;
      }
      // A training that filled up meanwhile: the page proposes what is left.
      if (response.status === 400 && taskType === 'training-choice' && attempt < 3) {
        const page = readTaskPage(await (await this.request(task.link)).text());
        proposed = page.kind === 'form' ? page.offers : [];
        continue;
      }
      this.report.refusedAnswers += 1;
      this.refusal(
        `${taskType} ${taskId}: ${response.status} ${response.status === 400 ? errorsOf(html) : textOf(html).slice(0, 200)}`,
      );
      // The task stays open: reminded, escalated, then the journey closes unanswered.
      this.awaitNext(tracked, 4 * taskPeriodDays[taskType] + NEXT_TASK_WITHIN_DAYS);
      return;
    }
  }

  /** Another email about this journey should come within `days` of the platform's clock. */
  private awaitNext(tracked: Tracked, days: number): void {
    tracked.waitingFor = 'the next task';
    tracked.expectBy = Date.now() + this.wall(days) + WALL_MARGIN_MS;
  }

  private refusal(reason: string): void {
    if (this.report.refusals.length < 5) this.report.refusals.push(reason);
    this.log(`Refused: ${reason}`);
  }

  private answered(tracked: Tracked, taskType: TaskType, decision: Decision): void {
    const now = Date.now();
    this.report.tasksAnswered += 1;
    this.report.tasksByType[taskType] = (this.report.tasksByType[taskType] ?? 0) + 1;
    if (taskType === 'follow-up') this.report.followUpsAnswered += 1;
    if (taskType === 'initial-interview' && decision.answer.attended === 'no')
      this.report.missedInterviews += 1;
    tracked.progress = decision.progress;
    tracked.queued = false;
    if (decision.result === 'placed' && decision.outcome) {
      this.report.placements += 1;
      this.report.outcomes[decision.outcome] += 1;
      if (!tracked.placedOnce) this.report.peoplePlaced += 1;
      tracked.placedOnce = true;
    } else if (decision.result === 'not-placed') {
      this.report.outcomes['no-placement'] += 1;
      const reason = String(decision.answer.noPlacementReason ?? 'other');
      this.report.notPlacedReasons[reason] = (this.report.notPlacedReasons[reason] ?? 0) + 1;
    } else if (decision.result === 'dropout' || decision.result === 'no-show') {
      this.report.dropouts += 1;
      const reason = decision.leaveReason ?? 'other';
      this.report.dropoutReasons[reason] = (this.report.dropoutReasons[reason] ?? 0) + 1;
    }
    this.expect(tracked, decision.expect, now);
  }

  private expect(tracked: Tracked, expectation: Expectation, now: number): void {
    switch (expectation.kind) {
      case 'task':
        tracked.answeredAt = now;
        tracked.waitingFor = 'the next task';
        tracked.expectBy = now + this.wall(NEXT_TASK_WITHIN_DAYS) + WALL_MARGIN_MS;
        return;
      case 'follow-up': {
        const due = Math.max(0, Date.parse(expectation.dueAt) - now) / this.timeScale;
        tracked.waitingFor = `the ${expectation.month}-month follow-up`;
        tracked.expectBy = now + due + this.wall(NEXT_TASK_WITHIN_DAYS) + WALL_MARGIN_MS;
        return;
      }
      case 'reopen': {
        // A new journey, linked to the first: its own course, its own interview.
        this.report.reopened += 1;
        this.report.journeys += 1;
        this.report.journeysEnded += 1;
        tracked.journey += 1;
        tracked.random = tracked.random.fork(`journey-${tracked.journey}`);
        tracked.plan = planJourney(tracked.random, tracked.person.intake, tracked.journey);
        tracked.progress = newProgress();
        tracked.answeredAt = now;
        tracked.waitingFor = 'initial-interview';
        tracked.expectBy = now + this.wall(NEXT_TASK_WITHIN_DAYS) + WALL_MARGIN_MS;
        return;
      }
      case 'end':
        tracked.status = 'ending';
        tracked.waitingFor = 'nothing more';
        tracked.endCause = 'answered';
        tracked.endAt = now + Math.max(MIN_QUIET_MS, this.wall(QUIET_DAYS));
        return;
    }
  }

  /** Journeys whose quiet period passed have ended; those that went silent too, for their reason. */
  private checkQuiet(): void {
    const now = Date.now();
    for (const tracked of this.people) {
      if (tracked.busy > 0) continue;
      if (tracked.status === 'ending' && (tracked.endAt ?? 0) <= now) this.end(tracked, 'answered');
      else if (tracked.status === 'active' && tracked.expectBy <= now)
        this.end(tracked, tracked.escalated ? 'unanswered' : tracked.queued ? 'no-coach' : 'silent');
    }
  }

  private end(tracked: Tracked, cause: EndCause): void {
    tracked.status = 'ended';
    tracked.endCause = cause;
    this.report.journeysEnded += 1;
    if (cause !== 'answered' && cause !== 'intake-refused') {
      this.report.endedOtherwise[cause] = (this.report.endedOtherwise[cause] ?? 0) + 1;
      if (cause === 'silent')
        this.log(
          `No email came for ${tracked.person.latinName} (${tracked.beneficiaryId ?? 'no id'}) waiting for ${tracked.waitingFor}.`,
        );
    }
  }

  /** An email came for a journey taken to have ended: it had not. */
  private reactivate(tracked: Tracked): void {
    if (tracked.status === 'ended') {
      this.report.journeysEnded -= 1;
      const cause = tracked.endCause;
      if (cause && cause !== 'answered' && cause !== 'intake-refused')
        this.report.endedOtherwise[cause] = (this.report.endedOtherwise[cause] ?? 1) - 1;
      if (cause === 'answered')
        this.report.warnings.push(
          `A task came for ${tracked.beneficiaryId ?? 'a journey'} after its last answer.`,
        );
    }
    tracked.status = 'active';
    tracked.endCause = undefined;
    tracked.endAt = undefined;
  }

  /**
   * The first interview's link expires after five periods of 14 days on the platform's clock
   * (task-protocol.ts): how far its expiry lies says whether the time scale assumed is the platform's.
   */
  private checkTimeScale(taskType: TaskType, task: KnownTask): void {
    if (this.timeScaleChecked || taskType !== 'initial-interview') return;
    this.timeScaleChecked = true;
    const exp = linkExpiry(task.link);
    if (exp === undefined) return;
    const seconds = taskPeriodDays[taskType] * 86_400;
    const expected =
      linkExpiresAt(new Date(task.emailAt * 1000), seconds, this.taskTimeScale ?? this.timeScale) -
      task.emailAt;
    const measured = exp - task.emailAt;
    if (Math.abs(measured - expected) <= Math.max(3, 0.3 * expected)) return;
    const estimate = measured > 0 ? Math.round((seconds * 5) / measured) : undefined;
    const warning = `The first task's link expires ${measured} s after its email, not about ${Math.round(expected)} s: the platform seems to run at ${estimate ? `about ${estimate}×` : 'a larger time scale'}, not ${this.timeScale}×. Pass --time-scale with its KAFAAT_TIME_SCALE (README: start it with KAFAAT_TIME_SCALE=${SUGGESTED_TIME_SCALE}).`;
    // Far off, the coaches' delays would make no sense on the platform's clock: stop and say so.
    if (estimate === undefined || estimate > 4 * this.timeScale || estimate < this.timeScale / 4)
      this.fatal = warning;
    else {
      this.report.warnings.push(warning);
      this.log(warning);
    }
  }

  // ---- progress and report ----

  private startProgress(): void {
    if (!this.options.progress) return;
    const multi = new MultiBar(
      {
        format: ' {label} |{bar}| {value}/{total} {extra}',
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        barsize: 30,
        fps: 5,
      },
      Presets.shades_classic,
    );
    const n = this.options.beneficiaries;
    this.bar = {
      multi,
      intakes: multi.create(n, 0, { label: 'Intakes posted ', extra: '' }),
      tasks: multi.create(1, 0, { label: 'Tasks answered ', extra: '' }),
      journeys: multi.create(n, 0, { label: 'Journeys ended ', extra: '' }),
    };
  }

  private updateProgress(): void {
    if (!this.bar) return;
    const r = this.report;
    const open = this.people.reduce((sum, p) => sum + p.busy, 0);
    const day = Math.round(((Date.now() - this.started) * this.timeScale) / DAY_MS);
    this.bar.intakes.update(r.intakesPosted + r.intakesRefused, { extra: `(platform day ${day})` });
    this.bar.tasks.setTotal(Math.max(1, r.tasksAnswered + open));
    this.bar.tasks.update(r.tasksAnswered, { extra: `(${r.emails.read} emails read)` });
    this.bar.journeys.setTotal(
      Math.max(1, r.journeys + this.people.filter((p) => p.status === 'scheduled').length),
    );
    this.bar.journeys.update(r.journeysEnded, {
      extra: `(${r.placements} placed, ${r.dropouts} dropouts)`,
    });
  }

  private finish(): SimulationReport {
    const r = this.report;
    r.timeScale = this.timeScale;
    r.timeScaleSource = this.timeScaleSource;
    r.elapsedMs = Date.now() - this.started;
    r.platformDays = (r.elapsedMs * this.timeScale) / DAY_MS;
    if (this.lags.length > 0)
      r.platformLagDays = { p50: percentile(this.lags, 0.5), p95: percentile(this.lags, 0.95) };
    for (const tracked of this.people) {
      if (tracked.status === 'ended') continue;
      const key =
        tracked.status === 'scheduled'
          ? 'intake not posted'
          : tracked.status === 'ending'
            ? 'in their quiet period after the last answer'
            : `waiting for ${tracked.waitingFor}`;
      r.left[key] = (r.left[key] ?? 0) + 1;
    }
    r.endedOtherwise = Object.fromEntries(Object.entries(r.endedOtherwise).filter(([, n]) => n > 0));
    if ((r.platformLagDays?.p95 ?? 0) > 3)
      r.warnings.push(
        `The platform took up to ${r.platformLagDays?.p95.toFixed(1)} days of its clock (p95) to send the next task: a smaller KAFAAT_TIME_SCALE keeps coaches' answers within their tasks' periods.`,
      );
    return r;
  }
}

/** Runs a simulation against a running platform, and says what it did. */
export async function simulate(options: Partial<SimulateOptions> = {}): Promise<SimulationReport> {
  const full: SimulateOptions = { ...defaultOptions, ...options };
  for (const [name, value] of [
    ['beneficiaries', full.beneficiaries],
    ['max-minutes', full.maxMinutes],
    ['intake-months', full.intakeMonths],
    ['concurrency', full.concurrency],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`--${name} must be a positive number (got ${value})`);
  }
  if (full.timeScale !== undefined && !(full.timeScale >= 1))
    throw new Error(`--time-scale must be 1 or more (got ${full.timeScale})`);
  return new Simulation(full).run();
}

const usage = `Usage: npm run simulate -- [--beneficiaries 550] [--url http://localhost:3000] [--inbox http://localhost:8005]
                         [--seed 2017] [--time-scale N] [--max-minutes 75] [--intake-months 24] [--concurrency 8]
                         [--no-progress]
Start the platform first with time accelerated: KAFAAT_TIME_SCALE=${SUGGESTED_TIME_SCALE} npm start`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      beneficiaries: { type: 'string' },
      url: { type: 'string' },
      inbox: { type: 'string' },
      seed: { type: 'string' },
      'time-scale': { type: 'string' },
      'max-minutes': { type: 'string' },
      'intake-months': { type: 'string' },
      concurrency: { type: 'string' },
      'no-progress': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const number = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      console.error(`--${name} must be a number (got "${raw}")\n${usage}`);
      process.exit(2);
    }
    return value;
  };
  const controller = new AbortController();
  let interruptedAt: number | undefined;
  process.on('SIGINT', () => {
    // One Ctrl-C may arrive twice (from the terminal, and relayed by tsx): a second within the
    // second is the same one.
    if (interruptedAt !== undefined) {
      if (Date.now() - interruptedAt > 1000) process.exit(130);
      return;
    }
    interruptedAt = Date.now();
    process.stderr.write('\nStopping: the report so far follows (Ctrl-C again to leave at once).\n');
    controller.abort();
  });
  const given = {
    beneficiaries: number('beneficiaries', values.beneficiaries),
    seed: number('seed', values.seed),
    timeScale: number('time-scale', values['time-scale']),
    maxMinutes: number('max-minutes', values['max-minutes']),
    intakeMonths: number('intake-months', values['intake-months']),
    concurrency: number('concurrency', values.concurrency),
  };
  const options: Partial<SimulateOptions> = {
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
    ...(values.url ? { url: values.url.replace(/\/$/, '') } : {}),
    ...(values.inbox ? { inbox: values.inbox.replace(/\/$/, '') } : {}),
    progress: !values['no-progress'] && process.stderr.isTTY === true,
    signal: controller.signal,
  };
  const full = { ...defaultOptions, ...options };
  process.stderr.write(
    `Simulating ${full.beneficiaries} beneficiaries on ${full.url} (inbox ${full.inbox}), seed ${full.seed}, intakes over ${full.intakeMonths} months of the platform's clock; at most ${full.maxMinutes} minutes.\n`,
  );
  const report = await simulate(options);
  console.log(formatReport(report));
  process.exit(report.end === 'all-ended' ? 0 : report.end === 'interrupted' ? 130 : 1);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
