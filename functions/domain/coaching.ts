/**
 * The coaching journey's rules, as data and plain functions (no AWS): what a first interview and a
 * coaching session record, why a journey may end early, what each consent covers and which step
 * needs it, and the limits that keep one journey well inside Step Functions' one year.
 */

/** A missed first interview gets a new appointment; this many missed in a row end the journey. */
export const MAX_NO_SHOWS = 3;

/**
 * Coaching sessions at most in one journey: at the last one the coach chooses training,
 * placement or the end. With the accompaniment limit below it bounds the workflow's history.
 */
export const MAX_COACHING_SESSIONS = 12;

/**
 * Days from the intake during which new coaching and training may start. Past it, every coach task
 * but the placement ends at its next send (first email or reminder: `create-coach-task`), and the
 * journey goes to the placement. The longest journey is then 180 days, one more period of the
 * longest other task (30 days), and the placement's four periods (4 × 21 days): 294 days, under
 * Step Functions' one-year limit. Follow-up after placement is a workflow of its own.
 */
export const ACCOMPANIMENT_DAYS = 180;

/** Trainings a journey may try (an offer that filled up counts): past it, the coaching phase is over. */
export const MAX_TRAINING_ATTEMPTS = 6;

/** A personal plan has at most this many steps, each with a target date. */
export const PLAN_MAX_STEPS = 5;
export const PLAN_STEP_MAX_CHARACTERS = 200;
export const GOALS_MAX_CHARACTERS = 500;

/** What stands between the beneficiary and work, as the first interview finds it. */
export const barriers = [
  'transport',
  'childcare',
  'health',
  'literacy',
  'digital-skills',
  'languages',
  'documents',
  'self-confidence',
  'work-experience',
  'family-support',
] as const;
export type Barrier = (typeof barriers)[number];

/** What a coaching session worked on. */
export const sessionTopics = [
  'orientation',
  'cv',
  'job-search',
  'interview-skills',
  'soft-skills',
  'business-plan',
  'administrative-steps',
  'financial-education',
  'training-search',
] as const;
export type SessionTopic = (typeof sessionTopics)[number];

/** Where a step of the personal plan stands. */
export const planStepStatuses = ['planned', 'started', 'done'] as const;
export type PlanStepStatus = (typeof planStepStatuses)[number];

/**
 * Why a journey ended before a placement. `no-show` is the workflow's own (missed interviews);
 * `consent-withdrawn` is the beneficiary's withdrawal; the others a coach records.
 */
export const dropoutReasons = [
  'found-work-alone',
  'moved-away',
  'health',
  'family',
  'lost-contact',
  'not-interested',
  'consent-withdrawn',
  'other',
] as const;
export type DropoutReason = (typeof dropoutReasons)[number] | 'no-show' | 'no-coach-available';

/**
 * What a beneficiary may agree to share, beyond the programme itself (consented at intake):
 * each is recorded with its date and the version of the text they were shown.
 */
export const consentPurposes = ['training-providers', 'employers'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

/** The version of the consent texts people are shown (fr/ar/en in the screen texts). */
export const CONSENT_TEXT_VERSION = '2026-11';

export interface ConsentRecord {
  given: boolean;
  /** The day the beneficiary said so (YYYY-MM-DD). */
  date: string;
  textVersion: string;
  /** Who recorded it: the intake worker or the coach. */
  recordedBy: string;
}

export type Consents = Partial<Record<ConsentPurpose, ConsentRecord>>;

export function hasConsent(consents: Consents | undefined, purpose: ConsentPurpose): boolean {
  return consents?.[purpose]?.given === true;
}

/** One step of the personal plan agreed at the first interview. */
export interface PlanStep {
  step: string;
  targetDate: string;
  status: PlanStepStatus;
}

export interface PersonalPlan {
  goals: string;
  barriers: Barrier[];
  steps: PlanStep[];
  agreedOn: string;
}

/** The personal plan a first interview's answers hold (`planStep1`/`planDate1` …). */
export function planFromInterview(answers: Record<string, unknown>): PersonalPlan {
  const steps: PlanStep[] = [];
  for (let i = 1; i <= PLAN_MAX_STEPS; i += 1) {
    const step = answers[`planStep${i}`];
    const targetDate = answers[`planDate${i}`];
    if (typeof step === 'string' && typeof targetDate === 'string')
      steps.push({ step, targetDate, status: 'planned' });
  }
  return {
    goals: typeof answers.goals === 'string' ? answers.goals : '',
    barriers: Array.isArray(answers.barriers) ? (answers.barriers as Barrier[]) : [],
    steps,
    agreedOn: typeof answers.interviewDate === 'string' ? answers.interviewDate : '',
  };
}

/** The plan with a session's progress (`progress1` … by the plan's step order) applied. */
export function planWithProgress(plan: PersonalPlan, answers: Record<string, unknown>): PersonalPlan {
  return {
    ...plan,
    steps: plan.steps.map((step, i) => {
      const status = answers[`progress${i + 1}`];
      return (planStepStatuses as readonly unknown[]).includes(status)
        ? { ...step, status: status as PlanStepStatus }
        : step;
    }),
  };
}

/**
 * Whether the coaching phase is over: past ACCOMPANIMENT_DAYS since the intake (on the platform's
 * clock: locally time may run `timeScale` times faster), or the sessions all held.
 */
export function coachingPhaseOver(
  intakeAt: string,
  now: Date,
  held: { sessions: number; trainings: number },
  timeScale = 1,
): boolean {
  return (
    accompanimentTimeOver(intakeAt, now, timeScale) ||
    held.sessions >= MAX_COACHING_SESSIONS ||
    held.trainings >= MAX_TRAINING_ATTEMPTS
  );
}

/** When a beneficiary's current journey began: the intake, or the reopening of accompaniment. */
export function journeyStartOf(beneficiary: { createdAt: string; journeyStartedAt?: string }): string {
  return beneficiary.journeyStartedAt ?? beneficiary.createdAt;
}

/** Past ACCOMPANIMENT_DAYS since the intake, on the platform's clock. */
export function accompanimentTimeOver(intakeAt: string, now: Date, timeScale = 1): boolean {
  const days = ((now.getTime() - Date.parse(intakeAt)) * Math.max(1, timeScale)) / 86_400_000;
  return days >= ACCOMPANIMENT_DAYS;
}
