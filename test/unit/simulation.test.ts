/**
 * The cohort simulator's plain parts: the synthetic cohort (its mix for a seed, names in both
 * scripts, every intake one the API takes), the coaches' answers (each one the task's form takes,
 * through a model of the journey's workflow), the shares that give about 200 placed of 550, the
 * delays within the tasks' periods, and reading the emails and task pages the platform makes.
 */
import journeyAsl from '../../workflows/journey.asl.json';
import followUpAsl from '../../workflows/follow-up.asl.json';
import { checkIntake } from '../../functions/domain/intake';
import { checkTaskAnswers, taskTypes, type TaskType } from '../../functions/domain/coach-task';
import { afterFollowUp, placementOutcomes, type FollowUpMonth } from '../../functions/domain/placement';
import { associations, provinces } from '../../functions/domain/reference-data';
import { dropoutReasons } from '../../functions/domain/coaching';
import { taskFormPage, taskMessagePage } from '../../functions/views/task-pages';
import { coachTaskEmail } from '../../functions/views/coach-email';
import type { CoachTask } from '../../functions/commons/coach-tasks';
import {
  cohortMix,
  generateCohort,
  phoneKey,
  summarizeCohort,
  type SyntheticPerson,
} from '../../infra/local/simulation/cohort';
import {
  answerDelay,
  decideAnswer,
  expectedShares,
  newProgress,
  odds,
  planJourney,
  taskPeriodDays,
  type JourneyResult,
} from '../../infra/local/simulation/behaviour';
import { readTaskPage, taskIdOf, taskLinksIn } from '../../infra/local/simulation/pages';
import { seededRandom, type Random } from '../../infra/local/simulation/random';
import { formatReport, type SimulationReport } from '../../infra/local/simulation/report';

const now = new Date('2026-11-29T10:00:00Z');
const cohortOf = (count: number, seed: number) =>
  generateCohort({ count, seed, now, intakeDays: 274, runTag: 0 });

describe('the cohort', () => {
  const cohort = cohortOf(550, 2017);
  const mix = summarizeCohort(cohort);

  test('is the same for the same seed, and another for another seed', () => {
    expect(cohortOf(550, 2017)).toEqual(cohort);
    expect(cohortOf(550, 2018).map((p) => p.intake.firstName)).not.toEqual(
      cohort.map((p) => p.intake.firstName),
    );
  });

  test('has the pilot’s mix: young people, women a little over half, both regions', () => {
    expect(mix.people).toBe(550);
    expect(mix.women / 550).toBeGreaterThan(0.5);
    expect(mix.women / 550).toBeLessThan(0.62);
    expect(mix.regions.TTA + mix.regions.ORI).toBe(550);
    expect(mix.regions.TTA / 550).toBeGreaterThan(0.48);
    expect(mix.regions.TTA / 550).toBeLessThan(0.62);
    expect(mix.under30 / 550).toBeGreaterThan(0.65);
    // Every province of both regions has people.
    for (const province of provinces) expect(mix.provinces[province.code]).toBeGreaterThan(0);
    expect(Object.values(mix.provinces).reduce((a, b) => a + b, 0)).toBe(550);
  });

  test('has names in Arabic script and in Latin script, each person in one script', () => {
    const arabic = /^[\p{Script=Arabic} ]+$/u;
    const latin = /^[A-Za-z' -]+$/;
    const inArabic = cohort.filter((p) => arabic.test(p.intake.firstName) && arabic.test(p.intake.lastName));
    const inLatin = cohort.filter((p) => latin.test(p.intake.firstName) && latin.test(p.intake.lastName));
    expect(inArabic.length + inLatin.length).toBe(550);
    expect(inArabic.length).toBe(mix.arabicScript);
    expect(inArabic.length / 550).toBeGreaterThan(0.2);
    expect(inLatin.length / 550).toBeGreaterThan(0.5);
  });

  test('every intake is one the API takes, by an association of the person’s region', () => {
    for (const person of cohort) {
      const checked = checkIntake(JSON.parse(JSON.stringify(person.intake)), now, 'json');
      if (!checked.ok) throw new Error(`${person.index}: ${JSON.stringify(checked.errors)}`);
      const association = associations.find((a) => a.code === person.association);
      expect(association?.region).toBe(person.intake.region);
    }
  });

  test('gives everyone a phone of their own (how a task page is matched to a person)', () => {
    expect(new Set(cohort.map((p) => phoneKey(p.intake.phone ?? ''))).size).toBe(550);
    for (const person of cohort)
      expect(phoneKey(person.intake.phone ?? '')).toBe(phoneKey(person.phoneDigits));
    // Another run of the same seed: other phones, so the two are never taken for each other.
    const again = generateCohort({ count: 550, seed: 2017, now, intakeDays: 274, runTag: 42 });
    const phones = new Set(cohort.map((p) => phoneKey(p.phoneDigits)));
    expect(again.filter((p) => phones.has(phoneKey(p.phoneDigits)))).toHaveLength(0);
  });

  test('spreads the intakes over the days given, in order, with the first-interview fields mostly filled', () => {
    const days = cohort.map((p) => p.arrivalDay);
    expect([...days].sort((a, b) => a - b)).toEqual(days);
    expect(Math.max(...days)).toBeLessThan(274);
    expect(Math.max(...days)).toBeGreaterThan(250);
    const withFields = cohort.filter((p) => p.intake.aspiration !== undefined).length;
    expect(withFields / 550).toBeGreaterThan(1 - cohortMix.withoutFirstInterviewFields - 0.04);
    const sharing = cohort.filter((p) => p.intake.sharingConsents?.includes('training-providers')).length;
    expect(sharing / 550).toBeGreaterThan(0.6);
  });
});

/**
 * A model of the journey's workflow (workflows/journey.asl.json and follow-up.asl.json): which
 * coach task follows an answer, as the checked answer's `next` says.
 */
type Step = { task: TaskType } | { end: JourneyResult | 'follow-up-ended' } | { reopen: true };

function nextStep(
  taskType: TaskType,
  answers: Record<string, unknown>,
  state: { missed: number; consent: boolean; month: FollowUpMonth },
  random: Random,
): Step {
  const next = answers.next;
  const route = (): Step => {
    if (next === 'leave') return { end: 'dropout' };
    if (next === 'placement') return { task: 'placement' };
    if (next === 'training') return { task: state.consent ? 'training-choice' : 'consent' };
    return { task: 'coaching-session' };
  };
  switch (taskType) {
    case 'initial-interview':
      if (next === 'new-appointment') {
        state.missed += 1;
        return state.missed >= 3 ? { end: 'no-show' } : { task: 'initial-interview' };
      }
      return route();
    case 'coaching-session':
    case 'training-completion':
      return route();
    case 'consent':
      if (next === 'training') state.consent = true;
      return next === 'training' ? { task: 'training-choice' } : route();
    case 'training-choice':
      // A seat taken meanwhile: choose again.
      if (typeof answers.offerId === 'string')
        return { task: random.chance(0.1) ? 'training-choice' : 'training-enrolment' };
      return route();
    case 'training-enrolment':
      return next === 'training' ? { task: 'training-completion' } : route();
    case 'placement':
      if (next === 'leave') return { end: 'dropout' };
      return next === 'placed' ? { task: 'follow-up' } : { end: 'not-placed' };
    case 'follow-up': {
      const after = afterFollowUp(state.month, answers as { workStatus?: string; next?: string });
      if (after.next === 'reopen') return { reopen: true };
      if (after.next === 'end') return { end: 'follow-up-ended' };
      state.month = after.month;
      return { task: 'follow-up' };
    }
  }
}

interface Walked {
  placements: number;
  results: Record<string, number>;
  outcomes: Record<string, number>;
  leaveReasons: Set<string>;
  tasks: Record<string, number>;
  reopened: number;
  refusals: string[];
}

/** Every person of a cohort through the model, each answer checked as the task's form checks it. */
function walk(people: readonly SyntheticPerson[], seed: number): Walked {
  const out: Walked = {
    placements: 0,
    results: {},
    outcomes: {},
    leaveReasons: new Set(),
    tasks: {},
    reopened: 0,
    refusals: [],
  };
  const root = seededRandom(seed).fork('coaches');
  const offerSets = [[], ['TRN-TNG-LOG'], ['TRN-OUJ-AGR', 'TRN-OUJ-BTP']];
  for (const person of people) {
    let random = root.fork(`person-${person.index}-journey-1`);
    let plan = planJourney(random, person.intake);
    let progress = newProgress();
    const state = {
      missed: 0,
      consent: person.intake.sharingConsents?.includes('training-providers') ?? false,
      month: 3 as FollowUpMonth,
    };
    let step: Step = { task: 'initial-interview' };
    for (let guard = 0; guard < 60; guard += 1) {
      if ('end' in step) break;
      if ('reopen' in step) {
        out.reopened += 1;
        random = random.fork('journey-2');
        plan = planJourney(random, person.intake, 2);
        progress = newProgress();
        Object.assign(state, { missed: 0, month: 3 });
        step = { task: 'initial-interview' };
        continue;
      }
      const taskType = step.task;
      const offers = taskType === 'training-choice' ? (random.pick(offerSets) as string[]) : [];
      const decision = decideAnswer(random, plan, progress, { taskType, offers }, person.intake, now);
      const checked = checkTaskAnswers(taskType, decision.answer, now, {
        fromPage: true,
        journeyStartedAt: now.toISOString(),
      });
      if (!checked.ok) {
        out.refusals.push(
          `${taskType}: ${JSON.stringify(decision.answer)} ${JSON.stringify(checked.errors)}`,
        );
        break;
      }
      out.tasks[taskType] = (out.tasks[taskType] ?? 0) + 1;
      progress = decision.progress;
      if (decision.result) out.results[decision.result] = (out.results[decision.result] ?? 0) + 1;
      if (decision.result === 'placed') out.placements += 1;
      if (decision.outcome) out.outcomes[decision.outcome] = (out.outcomes[decision.outcome] ?? 0) + 1;
      if (decision.leaveReason) out.leaveReasons.add(decision.leaveReason);
      step = nextStep(taskType, checked.answers, state, random);
      // What the simulator expects says the same as the workflow does.
      if ('end' in step) expect(decision.expect.kind).toBe('end');
      if ('reopen' in step) expect(decision.expect.kind).toBe('reopen');
      if ('task' in step && step.task === 'follow-up') expect(decision.expect.kind).toBe('follow-up');
    }
  }
  return out;
}

describe('the coaches’ answers', () => {
  const walked = walk(cohortOf(550, 2017), 2017);

  test('are each one the task’s form takes, for every task type', () => {
    expect(walked.refusals).toEqual([]);
    for (const taskType of taskTypes) expect(walked.tasks[taskType]).toBeGreaterThan(0);
  });

  test('lead to about 200 of 550 placed, with every outcome, dropouts with reasons, no-shows and reopened journeys', () => {
    expect(walked.placements).toBeGreaterThanOrEqual(150);
    expect(walked.placements).toBeLessThanOrEqual(250);
    for (const outcome of placementOutcomes) expect(walked.outcomes[outcome]).toBeGreaterThan(0);
    expect(walked.results['no-show']).toBeGreaterThan(10);
    expect(walked.results.dropout).toBeGreaterThan(50);
    expect(walked.reopened).toBeGreaterThan(5);
    for (const reason of walked.leaveReasons) expect([...dropoutReasons, 'no-show']).toContain(reason);
    expect(walked.leaveReasons.size).toBeGreaterThan(5);
    expect(walked.tasks['follow-up']).toBeGreaterThan(300);
  });

  test('the shares give 150–250 placements of 550 in expectation, and so do other seeds', () => {
    const shares = expectedShares();
    expect(550 * shares.placements).toBeGreaterThanOrEqual(150);
    expect(550 * shares.placements).toBeLessThanOrEqual(250);
    expect(shares.noShow + shares.dropout + shares.placed + shares.notPlaced).toBeCloseTo(1, 10);
    const outcomeShares = Object.values(odds.outcomes).reduce((a, b) => a + b, 0);
    expect(outcomeShares).toBeCloseTo(1, 10);
    const seeds = [1, 2, 3, 4];
    const mean =
      seeds.map((seed) => walk(cohortOf(550, seed), seed).placements).reduce((a, b) => a + b, 0) /
      seeds.length;
    expect(Math.abs(mean - 550 * shares.placements)).toBeLessThan(25);
  });

  test('come after a delay within the task’s period, a few only once reminded', () => {
    const random = seededRandom(9);
    for (const taskType of taskTypes) {
      const delays = Array.from({ length: 400 }, () => answerDelay(random, taskType));
      const period = taskPeriodDays[taskType];
      expect(Math.min(...delays)).toBeGreaterThan(0);
      expect(Math.max(...delays)).toBeLessThanOrEqual(1.5 * period);
      const late = delays.filter((d) => d > period).length / delays.length;
      expect(late).toBeLessThan(odds.lateAnswer + 0.04);
      expect(delays.filter((d) => d < 1 / 24).length).toBeGreaterThan(0); // some within the hour
    }
  });

  test('know each task’s period as the workflows have it', () => {
    const waits: Record<string, TaskType> = {
      'Wait For Initial Interview': 'initial-interview',
      'Wait For Coaching Session': 'coaching-session',
      'Wait For Consent': 'consent',
      'Wait For Training Choice': 'training-choice',
      'Wait For Enrolment': 'training-enrolment',
      'Wait For Training Completion': 'training-completion',
      'Wait For Placement Outcome': 'placement',
    };
    const states = journeyAsl.States as Record<string, { TimeoutSeconds?: number }>;
    for (const [state, taskType] of Object.entries(waits))
      expect(states[state]?.TimeoutSeconds).toBe(taskPeriodDays[taskType] * 86_400);
    const followUp = followUpAsl.States as Record<string, { TimeoutSeconds?: number }>;
    expect(followUp['Wait For The Follow Up']?.TimeoutSeconds).toBe(taskPeriodDays['follow-up'] * 86_400);
  });
});

describe('reading the emails and the task pages', () => {
  const taskOf = (taskType: TaskType) =>
    ({
      taskId: 'AbCdEfGhIjKlMnOpQrStUv',
      taskType,
      coachName: 'Nadia Ouahbi',
      expiresAt: now.getTime() / 1000 + 86_400,
    }) as unknown as CoachTask;
  const query = { exp: '1795978961', g: '0', sig: 'abc' };
  const contact = {
    fullName: 'سلمى العلوي',
    phone: '+212 6 12 34 56 78',
    province: 'Tétouan',
    association: 'Association Tétouan Solidaire',
  };

  test.each(taskTypes.map((t) => [t]))('a %s page says its task, whose it is, and its offers', (taskType) => {
    for (const lang of ['fr', 'ar', 'en'] as const) {
      const extra =
        taskType === 'training-choice'
          ? {
              offers: [
                {
                  offerId: 'TRN-TET-HOT',
                  title: { fr: 'Hôtellerie', ar: 'الفندقة', en: 'Hospitality' },
                  providerName: 'OFPPT',
                  providerKind: 'public' as const,
                  province: 'Tétouan',
                  startDate: '2027-03-15',
                  endDate: '2027-06-15',
                  openSeats: 4,
                  leadsTo: 'wage-employment',
                },
              ],
            }
          : {};
      const page = readTaskPage(
        taskFormPage(lang, taskOf(taskType), 'سلمى', query, undefined, contact, extra),
      );
      expect(page).toMatchObject({ kind: 'form', taskType });
      if (page.kind !== 'form') continue;
      expect(phoneKey(page.phone ?? '')).toBe(phoneKey('0612345678'));
      expect(page.offers).toEqual(taskType === 'training-choice' ? ['TRN-TET-HOT'] : []);
    }
  });

  test('a training choice with nothing to propose is still a training choice, with no offer', () => {
    const page = readTaskPage(
      taskFormPage('fr', taskOf('training-choice'), 'Amina', query, undefined, contact, { offers: [] }),
    );
    expect(page).toEqual({ kind: 'form', taskType: 'training-choice', phone: '+212612345678', offers: [] });
  });

  test('a page with no form (already answered, closed) is a message', () => {
    expect(readTaskPage(taskMessagePage('fr', 'alreadyDone', '/tasks/x', query)).kind).toBe('message');
  });

  test('an email’s task link is found, with its task id', () => {
    const link = 'http://localhost:3000/tasks/AbCdEfGhIjKlMnOpQrStUv?exp=1795978961&g=0&sig=a-b_c&lang=ar';
    for (const lang of ['fr', 'ar', 'en'] as const) {
      const email = coachTaskEmail({
        lang,
        taskType: 'placement',
        coachName: 'Youssef El Idrissi',
        beneficiaryFirstName: 'سلمى',
        link,
        expiresAt: now,
      });
      expect(taskLinksIn(email.text)).toEqual([link]);
      expect(taskIdOf(link)).toBe('AbCdEfGhIjKlMnOpQrStUv');
    }
    expect(taskLinksIn('Bonjour, rien à faire aujourd’hui.')).toEqual([]);
  });
});

test('the report says what was done, where to look, and what was left', () => {
  const cohort = summarizeCohort(cohortOf(30, 1));
  const report: SimulationReport = {
    end: 'deadline',
    endReason: '--max-minutes 1 reached',
    seed: 1,
    timeScale: 200_000,
    timeScaleSource: 'assumed',
    beneficiaries: 30,
    cohort,
    intakesPosted: 30,
    intakesRefused: 0,
    journeys: 31,
    journeysEnded: 29,
    placements: 11,
    peoplePlaced: 10,
    outcomes: {
      employment: 6,
      tpe: 1,
      cooperative: 1,
      'auto-entrepreneur': 1,
      'further-training': 2,
      'no-placement': 9,
    },
    notPlacedReasons: { 'not-ready': 9 },
    dropouts: 8,
    dropoutReasons: { 'lost-contact': 6, 'no-show': 2 },
    missedInterviews: 7,
    reopened: 1,
    followUpsAnswered: 20,
    tasksAnswered: 120,
    tasksByType: { 'initial-interview': 37 },
    alreadyAnswered: 0,
    closedLinks: 0,
    tasksOfOthers: 0,
    refusedAnswers: 0,
    refusals: [],
    failedRequests: 0,
    emails: { read: 130, newTasks: 120, repeatedLinks: 10, queue: 0, escalations: 0, other: 0 },
    waitedForACoach: 0,
    endedOtherwise: {},
    left: { 'waiting for the 12-month follow-up': 2 },
    elapsedMs: 61_000,
    platformDays: 141,
    dashboardUrl: 'http://localhost:3000/dashboard',
    warnings: ['/health does not say the platform’s time scale'],
  };
  const text = formatReport(report);
  expect(text).toContain('stopped at its deadline, 2 journeys still running');
  expect(text).toContain('11 placements (10 people): employment 6, further-training 2');
  expect(text).toContain('Dropouts          8: lost-contact 6, no-show 2');
  expect(text).toContain('Elapsed           1 min 01 s');
  expect(text).toContain('waiting for the 12-month follow-up 2');
  expect(text).toContain('http://localhost:3000/dashboard');
});
