/**
 * Hands a coach's recorded answer to the workflow (SendTaskSuccess). Used by the tasks stream's
 * consumer and by the sweep: the same code, so a redelivery after a crash does what the first did.
 */
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from './clients';
import type { CoachTask } from './coach-tasks';
import { workflowOutput } from '../domain/task-protocol';

/** The token was closed: already used (the workflow moved on), timed out, or its execution ended. */
const CLOSED_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export type Delivery = 'sent' | 'tokenClosed';

export async function deliverAnswer(task: CoachTask): Promise<Delivery> {
  try {
    await stepFunctions.send(
      new SendTaskSuccessCommand({
        taskToken: task.taskToken,
        output: JSON.stringify(workflowOutput(task.taskId, task.taskType, task.answers ?? {})),
      }),
    );
    return 'sent';
  } catch (error) {
    if (CLOSED_TOKEN_ERRORS.has((error as Error).name)) return 'tokenClosed';
    throw error;
  }
}
