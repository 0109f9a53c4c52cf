/**
 * What each workflow step receives, as zod schemas: a step parses its input at the top, as an
 * HTTP handler does, so a malformed execution fails at once with a clear error (no `as` casts).
 */
import * as z from 'zod';
import { taskTypes } from './coach-task';

export const beneficiaryIdSchema = z.string().min(1).max(64);

export const dimensionsSchema = z.object({
  region: z.string(),
  province: z.string(),
  sex: z.enum(['F', 'M']),
  ageBand: z.enum(['15-17', '18-24', '25-34', '35-44', '45+']),
  educationLevel: z.string(),
  /** The sector of interest (a code), when the intake asked it. */
  sector: z.string().max(40).optional(),
  /** Absent for a beneficiary's first journey; 2, 3… for a journey reopened after a follow-up. */
  journey: z.number().int().min(2).optional(),
});

const coachTaskBase = {
  beneficiaryId: beneficiaryIdSchema,
  taskType: z.enum(taskTypes),
  coachId: z.string().min(1),
  dimensions: dimensionsSchema,
  /** Which task of its kind in this journey (a new appointment, the next session): 1 for the first. */
  step: z.number().int().min(1).max(1000).default(1),
};

/** Where a journey stands, as the workflow carries it (`$.journey`): counts and the waiting task. */
export const journeySchema = z.object({
  coachId: z.string().min(1),
  /** The number of the current (or next) first-interview task, coaching session and training. */
  interviews: z.number().int().min(1),
  noShows: z.number().int().min(0),
  sessions: z.number().int().min(1),
  trainings: z.number().int().min(1),
  /** The coaching phase is over (time or sessions): the next step is the placement. */
  phaseOver: z.boolean(),
  /** The beneficiary agreed to share with training providers (the training choice needs it). */
  trainingConsent: z.boolean(),
  /** The offer chosen last had a seat left (Take A Training Seat). */
  seatTaken: z.boolean().optional(),
  reminder: z.object({ count: z.number().int().min(0), waiting: z.enum(taskTypes) }),
});
export type Journey = z.infer<typeof journeySchema>;

/** Which task of its kind a journey waits on: the number its counters give that kind. */
export function stepOf(taskType: (typeof taskTypes)[number], journey: Journey | undefined): number {
  if (!journey) return 1;
  if (taskType === 'initial-interview') return journey.interviews;
  if (taskType === 'coaching-session') return journey.sessions;
  if (taskType === 'placement') return 1;
  return journey.trainings;
}

export const createCoachTaskInput = z.object({
  ...coachTaskBase,
  taskToken: z.string().min(1),
  /** How many reminders this send is (0 for the first email). */
  reminders: z.number().int().min(0).default(0),
  /** The waiting state's TimeoutSeconds, so the link lives as long as the task can. */
  timeoutSeconds: z.number().int().positive(),
});
export type CreateCoachTaskInput = z.infer<typeof createCoachTaskInput>;

export const escalateCoachTaskInput = z.object({
  ...coachTaskBase,
  reminders: z.number().int().min(0),
  /** Where the journey stands: the waiting task's step is read from it. */
  journey: journeySchema.optional(),
});
export type EscalateCoachTaskInput = z.infer<typeof escalateCoachTaskInput>;

export const recordStageInput = z.object({
  beneficiaryId: beneficiaryIdSchema,
  dimensions: dimensionsSchema,
  stage: z.enum(['unanswered']),
  /** Close the journey's open tasks (it ended without them). */
  closeOpenTasks: z.boolean().optional(),
});
export type RecordStageInput = z.infer<typeof recordStageInput>;

export const coachingStepKinds = [
  'no-show',
  'interview',
  'coaching-session',
  'consent',
  'training-seat',
  'training-enrolment',
  'training-completion',
  'dropout',
] as const;
export type CoachingStepKind = (typeof coachingStepKinds)[number];

export const recordCoachingStepInput = z.object({
  beneficiaryId: beneficiaryIdSchema,
  dimensions: dimensionsSchema,
  kind: z.enum(coachingStepKinds),
  /** Absent only when the journey ends before a coach was assigned. */
  journey: journeySchema.optional(),
  /** The task whose answer brought the journey here: its answers are read, then it is marked delivered. */
  taskId: z.string().optional(),
  /** Why the journey ends (a dropout). */
  reason: z.string().optional(),
});
export type RecordCoachingStepInput = z.infer<typeof recordCoachingStepInput>;

/** Parses a step's input; a mismatch is a bug in the workflow, said plainly. */
export function parseStepInput<T>(schema: z.ZodType<T>, input: unknown, step: string): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const fields = result.error.issues
      .map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`)
      .join('; ');
    throw new InvalidStepInput(`${step} got an input it cannot use: ${fields}`);
  }
  return result.data;
}

export class InvalidStepInput extends Error {
  override name = 'InvalidStepInput';
}

/** A step's input is valid but does not fit the journey it names (a step that needs the journey). */
export class StepInputMismatch extends Error {
  override name = 'StepInputMismatch';
}

/** A task names a coach the reference data does not hold. */
export class CoachNotFound extends Error {
  override name = 'CoachNotFound';
}

/**
 * The errors that come from a bug or from data that is missing: the workflows fail at once on
 * them (a retry cannot mend them), where States.TaskFailed would retry them four times.
 */
export const notRetriedErrors = [
  'InvalidStepInput',
  'StepInputMismatch',
  'BeneficiaryNotFound',
  'CoachNotFound',
];
