/**
 * A journey's tasks. Its own module (no email, no settings beyond the link secret): the journey's
 * recording steps read it too, and a function loads only what it is granted.
 */
import { linkSigningSecret } from './secrets';
import { getTask, type CoachTask } from './coach-tasks';
import { tasksOfBeneficiary } from './task-queries';
import { taskTypes } from '../domain/coach-task';
import { taskIdFor } from '../domain/task-protocol';

/**
 * Every task of a journey, each read consistently: those the by-beneficiary index knows, and
 * those whose stable id is known already (the index may lag behind a task just created).
 */
export async function journeyTasks(beneficiaryId: string, journey = 1): Promise<CoachTask[]> {
  const secret = await linkSigningSecret();
  const ids = new Set([
    ...(await tasksOfBeneficiary(beneficiaryId)).map((task) => task.taskId),
    ...taskTypes.map((taskType) => taskIdFor(secret, beneficiaryId, taskType, 1, journey)),
  ]);
  const tasks = await Promise.all([...ids].map((taskId) => getTask(taskId)));
  return tasks.filter((task): task is CoachTask => task !== undefined);
}
