/**
 * How the simulated coaches answer: for each task type, the answer a coach posts on the task's
 * page (the fields of functions/domain/coach-task.ts `taskAnswerSchemas`, as the page's form sends
 * them: strings, a repeated name for a list) and after how long. Plain code, no I/O.
 *
 * Each journey draws its course when it starts (a `JourneyPlan`: missed interviews, sessions, a
 * training or not, a dropout and when, the outcome), so the shares below are what a cohort gets:
 * with them about 200 of 550 people end placed, as in the pilot (see `expectedShares`). The
 * platform decides the rest (a training with no seat, the coaching phase's end), and the answers
 * follow what the task page proposes.
 */
import type { TaskType } from '../../../functions/domain/coach-task';
import type { PlacementOutcome } from '../../../functions/domain/placement';
import type { Aspiration, Sector } from '../../../functions/domain/reference-data';
import { followUpDueAt } from '../../../functions/domain/placement';
// The codes the interview and session forms offer, as the domain lists them (one list to keep).
import { barriers as barrierCodes, sessionTopics } from '../../../functions/domain/coaching';
import type { Random } from './random';

export type { TaskType } from '../../../functions/domain/coach-task';

/** An answer as the task's form posts it. */
export type Answer = Record<string, string | string[]>;

const DAY_MS = 86_400_000;

/**
 * Each task's period before its first reminder, in days: the `TimeoutSeconds` of its waiting
 * state in workflows/journey.asl.json and follow-up.asl.json (a unit test keeps them equal).
 */
export const taskPeriodDays: Record<TaskType, number> = {
  'initial-interview': 14,
  'coaching-session': 14,
  consent: 7,
  'training-choice': 7,
  'training-enrolment': 7,
  'training-completion': 30,
  placement: 21,
  'follow-up': 21,
};

/**
 * When a coach usually answers, in days after the email: an appointment within days, a session
 * every week or two, a training's end some weeks on. Kept to about two thirds of the period, so
 * that the platform's own time (which a large time scale turns into days) rarely makes it late.
 */
export const answerDelayDays: Record<TaskType, readonly [number, number]> = {
  'initial-interview': [0.5, 8],
  'coaching-session': [2, 9],
  consent: [0.1, 4],
  'training-choice': [0.2, 4],
  'training-enrolment': [0.5, 4],
  'training-completion': [7, 19],
  placement: [1, 13],
  'follow-up': [0.1, 12],
};

export const dropoutReasonWeights = {
  'lost-contact': 0.25,
  'found-work-alone': 0.18,
  family: 0.18,
  'moved-away': 0.12,
  'not-interested': 0.12,
  health: 0.1,
  other: 0.03,
  'consent-withdrawn': 0.02,
} as const;
export type LeaveReason = keyof typeof dropoutReasonWeights;

/** The shares the behaviour is built from (the unit tests read them). */
export const odds = {
  /** A coach who answers within minutes or hours of the email. */
  quickAnswer: 0.12,
  /** A coach who answers only after the first reminder (never after the second). */
  lateAnswer: 0.05,
  /** Missed first interviews: 3 end the journey (the workflow's own dropout, `no-show`). */
  missedInterviews: { 0: 0.8, 1: 0.1, 2: 0.04, 3: 0.06 },
  /** Of those who came to the interview: leave the programme before any outcome. */
  dropout: 0.22,
  /** When they leave: at the interview (0) or at the nth coach task after it. */
  dropoutAtTask: { 0: 0.15, 1: 0.3, 2: 0.25, 3: 0.17, 4: 0.13 },
  /** Coaching sessions before the next step. */
  sessions: { 0: 0.2, 1: 0.3, 2: 0.25, 3: 0.15, 4: 0.1 },
  /** Who is sent to a training: most of those who asked for one first, some others. */
  training: { 'training-first': 0.8, other: 0.3 },
  /** A coach asked to collect the consent to share with training providers gets it. */
  consentGiven: 0.85,
  enrolled: 0.9,
  completed: 0.82,
  certifiedIfCompleted: 0.85,
  /** The outcome of a journey that reaches the placement task (the last four are "placed" too). */
  outcomes: {
    'no-placement': 0.52,
    employment: 0.264,
    'further-training': 0.0624,
    'auto-entrepreneur': 0.0576,
    tpe: 0.048,
    cooperative: 0.048,
  } satisfies Record<PlacementOutcome, number>,
  noPlacementReasons: {
    'no-matching-offer': 0.3,
    'not-ready': 0.25,
    family: 0.12,
    mobility: 0.12,
    health: 0.08,
    'lost-contact': 0.08,
    other: 0.05,
  },
  /** At each follow-up, by outcome: still in it, in another job, in training, not working. */
  followUp: {
    work: { same: 0.8, other: 0.08, training: 0.02, none: 0.1 },
    'further-training': { training: 0.55, other: 0.3, none: 0.15 },
  },
  /** Not working at a follow-up: the coach reopens accompaniment (once per person), else closes. */
  reopen: 0.4,
} as const;

/** The course a journey takes, drawn when it starts. */
export interface JourneyPlan {
  journey: number;
  missedInterviews: 0 | 1 | 2 | 3;
  /** The coach task after the interview at which they leave (0: at the interview); none: they stay. */
  leaveAtTask?: number;
  leaveReason: LeaveReason;
  sessions: number;
  training: boolean;
  outcome: PlacementOutcome;
  /** Accompaniment may be reopened after a follow-up (the first journey only). */
  mayReopen: boolean;
}

export function planJourney(random: Random, person: { aspiration?: Aspiration }, journey = 1): JourneyPlan {
  const missed = Number(random.weighted(odds.missedInterviews)) as 0 | 1 | 2 | 3;
  // A reopened journey starts from someone the coach knows: no interview missed three times.
  const missedInterviews = journey > 1 ? (Math.min(missed, 1) as 0 | 1) : missed;
  const leaves = random.chance(odds.dropout);
  const leaveAtTask = Number(random.weighted(odds.dropoutAtTask));
  const trainingShare =
    person.aspiration === 'training-first' ? odds.training['training-first'] : odds.training.other;
  return {
    journey,
    missedInterviews,
    ...(leaves ? { leaveAtTask } : {}),
    leaveReason: random.weighted(dropoutReasonWeights),
    sessions: Number(random.weighted(odds.sessions)),
    training: random.chance(trainingShare),
    outcome: random.weighted(odds.outcomes),
    mayReopen: journey === 1,
  };
}

/** What a journey has been through so far, as the simulator saw it. */
export interface JourneyProgress {
  missedInterviews: number;
  interviewed: boolean;
  /** Coach tasks answered after the interview. */
  tasksAfterInterview: number;
  sessions: number;
  planSteps: number;
  trainingChoices: number;
  trainingDone: boolean;
  consentRefused: boolean;
  noOfferFound: boolean;
  placement?: { outcome: PlacementOutcome; startDate?: string };
  followUps: number;
}

export function newProgress(): JourneyProgress {
  return {
    missedInterviews: 0,
    interviewed: false,
    tasksAfterInterview: 0,
    sessions: 0,
    planSteps: 0,
    trainingChoices: 0,
    trainingDone: false,
    consentRefused: false,
    noOfferFound: false,
    followUps: 0,
  };
}

/** How a journey ended, from the simulator's side. */
export type JourneyResult = 'placed' | 'not-placed' | 'dropout' | 'no-show';

/** What the simulator expects after an answer. */
export type Expectation =
  /** Another task of this journey, soon. */
  | { kind: 'task' }
  /** The follow-up `month` months after the placement's start, due at `dueAt`. */
  | { kind: 'follow-up'; month: 3 | 6 | 12; dueAt: string }
  /** Nothing more: the journey (and its follow-ups) ended. */
  | { kind: 'end'; result: JourneyResult; reason?: string }
  /** A new journey of the same person (accompaniment reopened). */
  | { kind: 'reopen' };

export interface TaskSeen {
  taskType: TaskType;
  /** The training offers the page proposes (training choice only). */
  offers: readonly string[];
}

export interface Decision {
  answer: Answer;
  progress: JourneyProgress;
  expect: Expectation;
  /** Set when this answer ends the journey (placed journeys: at the placement, before the follow-ups). */
  result?: JourneyResult;
  outcome?: PlacementOutcome;
  leaveReason?: string;
}

const dayAfter = (today: Date, days: number): string =>
  new Date(today.getTime() + days * DAY_MS).toISOString().slice(0, 10);

const goals = [
  'Trouver un emploi stable dans son secteur',
  'Obtenir un premier contrat de travail déclaré',
  'Créer une petite activité génératrice de revenus',
  'Se former puis chercher un emploi qualifié',
  'Rejoindre une coopérative de la région',
  'الحصول على شغل قار قريب من السكن',
  'إنشاء مشروع صغير مدر للدخل',
];
const planSteps = [
  'Mettre à jour le CV',
  'Préparer les entretiens d’embauche',
  'Obtenir la CIN et les papiers',
  'S’inscrire à l’ANAPEC',
  'Suivre un atelier sur la recherche d’emploi',
  'Rencontrer deux employeurs',
  'Préparer un plan d’affaires',
  'تحضير السيرة الذاتية',
  'زيارة مقاولتين في الحي الصناعي',
];
const notes = [
  'Personne motivée, à relancer par téléphone.',
  'Rendez-vous tenu à l’association.',
  'A besoin d’un appui pour le transport.',
  'متحمسة وتحتاج إلى مواكبة في البحث عن الشغل.',
];
const employers: Record<Sector, readonly string[]> = {
  agriculture: ['Ferme de la Moulouya', 'Domaine agricole de Zaio'],
  'agri-food': ['Conserverie de l’Oriental', 'Laiterie du Nord'],
  construction: ['Oujda Bâtiment SARL', 'Chantiers du Détroit'],
  crafts: ['Atelier de tissage de Chefchaouen', 'Poterie du Rif'],
  hospitality: ['Hôtel Cap Spartel', 'Restaurant Al Andalous'],
  industry: ['Câblage Automobile Tanger', 'Textiles de Tétouan'],
  logistics: ['Logistique du Détroit', 'Transports Berkane Express'],
  retail: ['Supermarché Al Amal', 'Épicerie solidaire Nador'],
  services: ['Centre d’appels du Nord', 'Nettoyage Pro Oujda'],
  'social-economy': ['Coopérative Nakhil', 'Association Tadamoun Services'],
};
const sectorCodes = Object.keys(employers) as Sector[];

function some<T>(random: Random, items: readonly T[], min: number, max: number): T[] {
  const count = random.int(min, max);
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) {
    chosen.push(pool.splice(random.int(0, pool.length - 1), 1)[0] as T);
  }
  return chosen;
}

function withNote(random: Random, answer: Answer): Answer {
  return random.chance(0.25) ? { ...answer, notes: random.pick(notes) } : answer;
}

/** Whether the journey leaves at this task (counted after the interview; 0: the interview). */
function leavesNow(plan: JourneyPlan, progress: JourneyProgress, taskType: TaskType): boolean {
  if (plan.leaveAtTask === undefined || taskType === 'follow-up') return false;
  const index = progress.interviewed ? progress.tasksAfterInterview + 1 : 0;
  // A journey that reaches its placement before its leaving task leaves there.
  return index >= plan.leaveAtTask || taskType === 'placement';
}

type Route = 'coaching' | 'training' | 'placement';

function canTrain(plan: JourneyPlan, progress: JourneyProgress): boolean {
  return (
    plan.training &&
    !progress.trainingDone &&
    !progress.consentRefused &&
    !progress.noOfferFound &&
    progress.trainingChoices < 3
  );
}

/** Where the coach sends the journey after an interview or a session. */
function nextRoute(plan: JourneyPlan, progress: JourneyProgress): Route {
  if (progress.sessions < plan.sessions) return 'coaching';
  if (canTrain(plan, progress)) return 'training';
  return 'placement';
}

function leave(plan: JourneyPlan, progress: JourneyProgress, extra: Answer = {}): Decision {
  return {
    answer: { ...extra, next: 'leave', leaveReason: plan.leaveReason },
    progress,
    expect: { kind: 'end', result: 'dropout', reason: plan.leaveReason },
    result: 'dropout',
    leaveReason: plan.leaveReason,
  };
}

const decentWorkWeights = {
  income: { none: 0.02, 'under-2000': 0.3, '2000-3499': 0.45, '3500-4999': 0.17, '5000-or-more': 0.06 },
  trainingIncome: { none: 0.8, 'under-2000': 0.2 },
};

function decentWork(random: Random, outcome: PlacementOutcome): Answer {
  if (outcome === 'further-training') {
    return {
      incomeBand: random.weighted(decentWorkWeights.trainingIncome),
      cnssDeclared: random.chance(0.1) ? 'yes' : 'no',
      workingTime: random.chance(0.8) ? 'full-time' : 'part-time',
    };
  }
  const wage = outcome === 'employment';
  return {
    incomeBand: random.weighted(decentWorkWeights.income),
    cnssDeclared: random.chance(wage ? 0.7 : 0.3) ? 'yes' : 'no',
    workingTime: random.chance(wage ? 0.75 : 0.6) ? 'full-time' : 'part-time',
  };
}

function placementAnswer(
  random: Random,
  plan: JourneyPlan,
  sectorOfInterest: Sector | undefined,
  today: Date,
): Answer {
  const outcome = plan.outcome;
  if (outcome === 'no-placement')
    return { outcome, noPlacementReason: random.weighted(odds.noPlacementReasons) };
  const sector = sectorOfInterest && random.chance(0.7) ? sectorOfInterest : random.pick(sectorCodes);
  const answer: Answer = {
    outcome,
    // A job signed that starts within three weeks (the platform takes up to 90 days ahead).
    startDate: dayAfter(today, random.int(0, 21)),
    sector,
    ...decentWork(random, outcome),
  };
  if (outcome === 'employment') {
    answer.employer = random.pick(employers[sector]);
    answer.contractType = random.weighted({
      cdd: 0.35,
      'anapec-idmaj': 0.25,
      cdi: 0.15,
      'no-written-contract': 0.12,
      seasonal: 0.08,
      apprenticeship: 0.05,
    });
  }
  if (outcome === 'cooperative') answer.cooperativeRole = random.chance(0.7) ? 'joined' : 'created';
  return answer;
}

const followUpMonths = [3, 6, 12] as const;

/**
 * The coach's answer to a task of this journey, and what the simulator then expects. `random` is
 * the journey's own generator; `today` the platform's day (dates are on its calendar).
 */
export function decideAnswer(
  random: Random,
  plan: JourneyPlan,
  progress: JourneyProgress,
  task: TaskSeen,
  person: { sectorOfInterest?: Sector },
  today: Date,
): Decision {
  const p: JourneyProgress = { ...progress };
  const next = { kind: 'task' } as const;
  const afterInterview = () => {
    p.tasksAfterInterview += 1;
  };
  switch (task.taskType) {
    case 'initial-interview': {
      const interviewDate = dayAfter(today, 0);
      if (p.missedInterviews < plan.missedInterviews) {
        p.missedInterviews += 1;
        const third = p.missedInterviews >= 3;
        return {
          answer: withNote(random, { interviewDate, attended: 'no' }),
          progress: p,
          expect: third ? { kind: 'end', result: 'no-show', reason: 'no-show' } : next,
          ...(third ? { result: 'no-show' as const, leaveReason: 'no-show' } : {}),
        };
      }
      const steps = random.int(1, 3);
      const plannedSteps: Answer = {};
      some(random, planSteps, steps, steps).forEach((step, i) => {
        plannedSteps[`planStep${i + 1}`] = step;
        plannedSteps[`planDate${i + 1}`] = dayAfter(today, random.int(14, 120));
      });
      const held: Answer = {
        interviewDate,
        attended: 'yes',
        goals: random.pick(goals),
        ...plannedSteps,
      };
      const barriers = some(random, barrierCodes, 0, 3);
      if (barriers.length > 0) held.barriers = barriers;
      const leaving = leavesNow(plan, p, task.taskType);
      p.interviewed = true;
      p.planSteps = steps;
      if (leaving) return leave(plan, p, held);
      return { answer: withNote(random, { ...held, next: nextRoute(plan, p) }), progress: p, expect: next };
    }
    case 'coaching-session': {
      const session: Answer = {
        sessionDate: dayAfter(today, 0),
        workedOn: some(random, sessionTopics, 1, 3),
      };
      for (let i = 1; i <= p.planSteps; i += 1)
        session[`progress${i}`] = random.weighted({ planned: 0.3, started: 0.4, done: 0.3 });
      if (leavesNow(plan, p, task.taskType)) return leave(plan, p, session);
      afterInterview();
      p.sessions += 1;
      return {
        answer: withNote(random, { ...session, next: nextRoute(plan, p) }),
        progress: p,
        expect: next,
      };
    }
    case 'consent': {
      if (leavesNow(plan, p, task.taskType)) return leave(plan, p, { consentGiven: 'no' });
      afterInterview();
      if (random.chance(odds.consentGiven))
        return {
          answer: { consentGiven: 'yes', consentDate: dayAfter(today, 0) },
          progress: p,
          expect: next,
        };
      p.consentRefused = true;
      return { answer: { consentGiven: 'no' }, progress: p, expect: next };
    }
    case 'training-choice': {
      if (leavesNow(plan, p, task.taskType)) return leave(plan, p);
      afterInterview();
      p.trainingChoices += 1;
      if (task.offers.length === 0 || p.trainingChoices > 3) {
        p.noOfferFound = true;
        return { answer: { next: 'coaching' }, progress: p, expect: next };
      }
      return { answer: withNote(random, { offerId: random.pick(task.offers) }), progress: p, expect: next };
    }
    case 'training-enrolment': {
      if (leavesNow(plan, p, task.taskType)) return leave(plan, p, { enrolled: 'no' });
      afterInterview();
      if (random.chance(odds.enrolled))
        return { answer: { enrolled: 'yes', startDate: dayAfter(today, 0) }, progress: p, expect: next };
      p.trainingDone = true;
      return { answer: { enrolled: 'no' }, progress: p, expect: next };
    }
    case 'training-completion': {
      const endDate = dayAfter(today, 0);
      if (leavesNow(plan, p, task.taskType)) return leave(plan, p, { completed: 'no', endDate });
      afterInterview();
      p.trainingDone = true;
      const completed = random.chance(odds.completed);
      const answer: Answer = completed
        ? {
            completed: 'yes',
            certified: random.chance(odds.certifiedIfCompleted) ? 'yes' : 'no',
            endDate,
            next: nextRoute(plan, p) === 'coaching' ? 'coaching' : 'placement',
          }
        : { completed: 'no', endDate, next: 'coaching' };
      return { answer, progress: p, expect: next };
    }
    case 'placement': {
      if (leavesNow(plan, p, task.taskType)) return leave(plan, p);
      afterInterview();
      const answer = withNote(random, placementAnswer(random, plan, person.sectorOfInterest, today));
      if (plan.outcome === 'no-placement') {
        const reason = String(answer.noPlacementReason);
        p.placement = { outcome: plan.outcome };
        return {
          answer,
          progress: p,
          expect: { kind: 'end', result: 'not-placed', reason },
          result: 'not-placed',
          outcome: plan.outcome,
        };
      }
      const startDate = String(answer.startDate);
      p.placement = { outcome: plan.outcome, startDate };
      return {
        answer,
        progress: p,
        expect: { kind: 'follow-up', month: 3, dueAt: followUpDueAt(startDate, 3) },
        result: 'placed',
        outcome: plan.outcome,
      };
    }
    case 'follow-up': {
      p.followUps += 1;
      const month = followUpMonths[Math.min(p.followUps, 3) - 1] ?? 12;
      const outcome = p.placement?.outcome ?? 'employment';
      // Where the person stands at each follow-up is theirs, whatever came before: the same seed
      // reopens the same journeys, however the platform led the coaching.
      const at = random.fork(`follow-up-${p.followUps}`);
      const status =
        outcome === 'further-training'
          ? at.weighted(odds.followUp['further-training'])
          : at.weighted(odds.followUp.work);
      const answer: Answer = { followUpDate: dayAfter(today, 0), workStatus: status };
      if (status === 'same' || status === 'other')
        Object.assign(answer, decentWork(random, outcome === 'further-training' ? 'employment' : outcome));
      if (status === 'none') {
        const reopen = plan.mayReopen && at.chance(odds.reopen);
        answer.next = reopen ? 'reopen' : 'close';
        return {
          answer,
          progress: p,
          expect: reopen ? { kind: 'reopen' } : { kind: 'end', result: 'placed' },
        };
      }
      const following = followUpMonths[followUpMonths.indexOf(month) + 1];
      const startDate = p.placement?.startDate;
      return {
        answer: withNote(random, answer),
        progress: p,
        expect:
          following === undefined || startDate === undefined
            ? { kind: 'end', result: 'placed' }
            : { kind: 'follow-up', month: following, dueAt: followUpDueAt(startDate, following) },
      };
    }
  }
}

/**
 * After how long the coach answers, in days of the platform's clock: most within the usual range
 * of the task, some within minutes or hours, a few only once reminded (one reminder, never two).
 */
export function answerDelay(random: Random, taskType: TaskType): number {
  const draw = random.next();
  if (draw < odds.quickAnswer) return random.logBetween(10 / 1440, 3 / 24);
  if (draw < odds.quickAnswer + odds.lateAnswer) return taskPeriodDays[taskType] * random.between(1.1, 1.5);
  const [min, max] = answerDelayDays[taskType];
  return random.between(min, max);
}

/**
 * The shares of a cohort's first journeys that end each way, worked out from `odds` (not drawn):
 * what the cohort gets in expectation, before reopened journeys add a few placements.
 */
export function expectedShares(): {
  noShow: number;
  dropout: number;
  placed: number;
  notPlaced: number;
  reopened: number;
  placements: number;
} {
  const noShow = odds.missedInterviews[3];
  const came = 1 - noShow;
  const dropout = came * odds.dropout;
  const reached = came - dropout;
  const notPlaced = reached * odds.outcomes['no-placement'];
  const placed = reached - notPlaced;
  // Of the placed, the share whose accompaniment is reopened at a follow-up (stops at the first "none").
  const noneAt = (outcome: 'work' | 'further-training') => odds.followUp[outcome].none;
  const workShare =
    (odds.outcomes.employment +
      odds.outcomes.tpe +
      odds.outcomes.cooperative +
      odds.outcomes['auto-entrepreneur']) /
    (1 - odds.outcomes['no-placement']);
  const reopenShare = (none: number) => odds.reopen * (1 - (1 - none) ** 3);
  const reopened =
    placed *
    (workShare * reopenShare(noneAt('work')) + (1 - workShare) * reopenShare(noneAt('further-training')));
  // A reopened journey: no third missed interview, the same chances otherwise, never reopened again.
  const secondPlaced = reopened * (1 - odds.dropout) * (1 - odds.outcomes['no-placement']);
  return { noShow, dropout, placed, notPlaced, reopened, placements: placed + secondPlaced };
}
