/**
 * What each workflow step receives, as zod schemas: a step parses its input at the top, as an
 * HTTP handler does, so a malformed execution fails at once with a clear error (no `as` casts).
 */
import { z } from 'zod';
import { taskTypes } from './coach-task';

export const beneficiaryIdSchema = z.string().min(1).max(64);

export const dimensionsSchema = z.object({
  region: z.string(),
  province: z.string(),
  sex: z.enum(['F', 'M']),
  ageBand: z.enum(['15-17', '18-24', '25-34', '35-44', '45+']),
  educationLevel: z.string(),
});

const coachTaskBase = {
  beneficiaryId: beneficiaryIdSchema,
  taskType: z.enum(taskTypes),
  coachId: z.string().min(1),
  dimensions: dimensionsSchema,
};

export const createCoachTaskInput = z.object({
  ...coachTaskBase,
  taskToken: z.string().min(1),
  /** How many reminders this send is (0 for the first email). */
  reminders: z.number().int().min(0).default(0),
  /** The waiting state's TimeoutSeconds, so the link lives as long as the task can. */
  timeoutSeconds: z.number().int().positive(),
});
export type CreateCoachTaskInput = z.infer<typeof createCoachTaskInput>;

export const escalateCoachTaskInput = z.object({ ...coachTaskBase, reminders: z.number().int().min(0) });
export type EscalateCoachTaskInput = z.infer<typeof escalateCoachTaskInput>;

export const recordStageInput = z.object({
  beneficiaryId: beneficiaryIdSchema,
  dimensions: dimensionsSchema,
  stage: z.enum(['interviewed', 'unanswered']),
  /** The task whose answer brought the journey here: marked delivered. */
  taskId: z.string().optional(),
  /** Tasks of this journey to close (the journey ended without them). */
  closeTaskTypes: z.array(z.enum(taskTypes)).optional(),
});
export type RecordStageInput = z.infer<typeof recordStageInput>;

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
