/** What a task's own execution says: the workflow is the authority on whether it still runs. */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from './clients';
import { stateMachineArn } from './settings';
import { logger } from './powertools';
import { followUpExecutionName, isFollowUpMonth, journeyExecutionName } from '../domain/placement';

function executionArn(workflow: 'journey' | 'followUp', name: string): string {
  return `${stateMachineArn(workflow).replace(':stateMachine:', ':execution:')}:${name}`;
}

/** A beneficiary's journey (the first is named after the beneficiary; see the intake). */
export function journeyExecutionArn(beneficiaryId: string, journey = 1): string {
  return executionArn('journey', journeyExecutionName(beneficiaryId, journey));
}

/** What a task needs to find the execution waiting on it. */
export interface TaskOfExecution {
  beneficiaryId: string;
  taskType: string;
  step?: number;
  dimensions?: { journey?: number };
}

/** The execution a task belongs to: a follow-up's own, or its journey's. */
export function executionArnOf(task: TaskOfExecution): string {
  const journey = task.dimensions?.journey ?? 1;
  if (task.taskType === 'follow-up' && isFollowUpMonth(task.step))
    return executionArn('followUp', followUpExecutionName(task.beneficiaryId, journey, task.step));
  return journeyExecutionArn(task.beneficiaryId, journey);
}

/**
 * `running`, `ended`, or `unknown` when the workflow service could not say: callers then go on as
 * if it ran (an answer is better kept than refused; the sweep settles it later).
 */
export async function executionState(task: TaskOfExecution): Promise<'running' | 'ended' | 'unknown'> {
  try {
    const execution = await stepFunctions.send(
      new DescribeExecutionCommand({ executionArn: executionArnOf(task) }),
    );
    return execution.status === 'RUNNING' ? 'running' : 'ended';
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return 'ended';
    logger.warn('Could not read the workflow execution', { error: (error as Error).name });
    return 'unknown';
  }
}
