/**
 * Journey step behind every coach task (a `.waitForTaskToken` state): records the task under its
 * stable id, keeps the workflow's task token in that record, and emails the coach a signed link.
 *
 * It runs again for a reminder (the task timed out: the workflow sends a new token) and may run
 * twice for one send (a Lambda retry). Each time it decides from the record what is left to do:
 * a reminder keeps the same link and says so; a retry sends no second email; an answer that came
 * in while the old token was closing is handed to the new token (the tasks stream delivers it).
 *
 * The coach is the beneficiary's as it is now (a supervisor may have reassigned them): a new task
 * is theirs, and a reminder of a task still with the previous coach moves it to them first (the
 * step a reassignment may have left undone), with a link of the task's new generation.
 */
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { linkSigningSecret } from './commons/secrets';
import { taskTimeScale, timeScale } from './commons/settings';
import { requireBeneficiary, type Beneficiary } from './commons/beneficiaries';
import { getCoachRecord } from './commons/coach-loads';
import { SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from './commons/clients';
import { accompanimentTimeOver, journeyStartOf } from './domain/coaching';
import {
  closeTask,
  createTask,
  getTask,
  markEmailed,
  markGenerationEmailed,
  moveTask,
  renewToken,
  type CoachTask,
} from './commons/coach-tasks';
import { emailTask } from './commons/reassignments';
import {
  decideSend,
  generationToEmail,
  linkExpiresAt,
  taskEmailFor,
  taskIdFor,
  TASK_RETENTION_DAYS,
} from './domain/task-protocol';
import {
  CoachNotFound,
  createCoachTaskInput,
  parseStepInput,
  type CreateCoachTaskInput,
} from './domain/step-inputs';
import type { CoachRecord } from './domain/reassignment';

/** The platform's clock (the coaching phase), and the one the task's time-out runs on (the bench may slow it). */
const calendarClock = timeScale();
const tasksClock = taskTimeScale();

export const handler = instrumented(
  async (event: unknown, _context: Context): Promise<{ taskId: string }> => {
    const input = parseStepInput(createCoachTaskInput, event, 'Create Coach Task');
    const now = new Date();
    const secret = await linkSigningSecret();
    const taskId = taskIdFor(
      secret,
      input.beneficiaryId,
      input.taskType,
      input.step,
      input.dimensions.journey,
    );
    // The task goes to the beneficiary's coach as it is now: after a reassignment that is no
    // longer the coach the workflow was given at the start.
    const beneficiary = await requireBeneficiary(input.beneficiaryId);
    let task = await getTask(taskId);
    // Past the coaching phase's time, only the placement is asked: this task (new, or a reminder
    // of an open one) closes, and the workflow goes to the placement (see domain/coaching.ts).
    // An answer recorded meanwhile (the close then finds the task answered) is taken as usual.
    if (
      input.taskType !== 'placement' &&
      input.taskType !== 'follow-up' &&
      accompanimentTimeOver(journeyStartOf(beneficiary), now, calendarClock)
    ) {
      if (task?.status === 'open') {
        const closed = await closeTask(taskId, 'coaching-phase-over', now, 'onlyIfOpen');
        task = closed ? { ...task, status: 'closed' } : await getTask(taskId);
      }
      if (task?.status !== 'answered') {
        await endCoachingPhase(input.taskToken);
        logger.info('Coaching phase over: the placement is asked next', { taskId });
        return { taskId };
      }
    }
    const coach = await getCoach(beneficiary.coachId ?? input.coachId);
    const decision = decideSend(task, input.taskToken, input.reminders);
    const dueAt = dueAtOf(now, input.timeoutSeconds);

    if (decision.record === 'create') {
      const created = newTask(taskId, input, coach, beneficiary, now);
      // A concurrent send may have created it first: then we go on with what is there.
      task = (await createTask(created)) ? created : await getTask(taskId);
    } else if (decision.record === 'renew' && task) {
      await renewToken(
        taskId,
        task.taskToken,
        input.taskToken,
        input.reminders,
        now,
        dueAt,
        beneficiary.association,
      );
      task = await getTask(taskId);
    }
    if (!task) throw new Error(`Task ${taskId} vanished while it was being sent`);
    // A task the reassignment has not moved yet (it stopped after the beneficiary's new coach was
    // set) moves now: the reminder goes to the beneficiary's coach, with a link of the new generation.
    if (task.status === 'open' && task.coachId !== coach.code) {
      // Only while the beneficiary still has that coach (a ConditionCheck: a read right suffices).
      await moveTask(task, coach, now, input.beneficiaryId);
      task = (await getTask(taskId)) ?? task;
    }
    const email = taskEmailFor(decision.email, task);
    if (email === 'none') {
      logger.info('Coach task renewed without email', { taskId, status: task.status });
      return { taskId };
    }

    const recipient = task.coachId === coach.code ? coach : await getCoach(task.coachId);
    const generation = generationToEmail(task);
    await emailTask(task, recipient, beneficiary.firstName, email);
    if (decision.email !== 'none') await markEmailed(taskId, input.reminders);
    // The email carried the current generation's link: it stands for that generation's email too.
    if (generation !== undefined) await markGenerationEmailed(taskId, generation);
    metrics.addDimension('taskType', input.taskType);
    metrics.addMetric(
      email === 'reminder'
        ? 'CoachTaskReminded'
        : email === 'reassigned'
          ? 'CoachTaskMoved'
          : 'CoachTaskSent',
      MetricUnit.Count,
      1,
    );
    // The first reminder follows the task's first time-out: from then on it is overdue. Counted
    // once a task (each reminder and the escalation have their own counts).
    if (email === 'reminder' && input.reminders === 1)
      metrics.addMetric('CoachTaskOverdue', MetricUnit.Count, 1);
    logger.info('Coach task sent', {
      taskId,
      taskType: task.taskType,
      coachId: task.coachId,
      reminders: input.reminders,
      linkGeneration: task.linkGeneration ?? 0,
    });
    return { taskId };
  },
);

/**
 * Tells the workflow this task will not be asked (the coaching phase is over): its catch goes to
 * the placement. A token already closed (a retry after the first call got through) is no error.
 */
async function endCoachingPhase(taskToken: string): Promise<void> {
  try {
    await stepFunctions.send(
      new SendTaskFailureCommand({
        taskToken,
        error: 'CoachingPhaseOver',
        cause: 'The coaching phase of this journey is over: the placement comes next.',
      }),
    );
  } catch (error) {
    if (!['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes((error as Error).name)) throw error;
  }
}

/** When the current send times out, on the tasks' clock (locally time may run faster). */
function dueAtOf(now: Date, timeoutSeconds: number): string {
  return new Date(now.getTime() + (timeoutSeconds * 1000) / tasksClock).toISOString();
}

function newTask(
  taskId: string,
  input: CreateCoachTaskInput,
  coach: CoachRecord,
  beneficiary: Beneficiary,
  now: Date,
): CoachTask {
  const expiresAt = linkExpiresAt(now, input.timeoutSeconds, tasksClock);
  return {
    taskId,
    taskType: input.taskType,
    beneficiaryId: input.beneficiaryId,
    coachId: coach.code,
    coachName: coach.displayName,
    dimensions: input.dimensions,
    taskToken: input.taskToken,
    status: 'open',
    createdAt: now.toISOString(),
    lastSentAt: now.toISOString(),
    reminders: input.reminders,
    step: input.step,
    expiresAt,
    purgeAt: expiresAt + TASK_RETENTION_DAYS * 86400,
    dueAt: dueAtOf(now, input.timeoutSeconds),
    ...(beneficiary.association ? { association: beneficiary.association } : {}),
    // A training choice open is a beneficiary waiting for a training: a new offer of the region
    // that suits them is announced to their coach.
    ...(input.taskType === 'training-choice' ? { awaitingTrainingIn: beneficiary.region } : {}),
    openIn: beneficiary.region,
    linkGeneration: 0,
  };
}

async function getCoach(code: string): Promise<CoachRecord> {
  const coach = await getCoachRecord(code);
  if (!coach) throw new CoachNotFound(`No coach ${code}`);
  return coach;
}
