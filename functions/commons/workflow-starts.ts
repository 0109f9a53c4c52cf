/**
 * Starting a workflow from a workflow step (a follow-up after a placement, a journey reopened):
 * by name, so a step run again after a crash or a retry starts nothing twice.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from './clients';
import { stateMachineArn } from './settings';
import type { WorkflowId } from './environment-names';

export async function startOnce(
  workflow: WorkflowId,
  name: string,
  input: Record<string, unknown>,
): Promise<'started' | 'alreadyStarted'> {
  try {
    await stepFunctions.send(
      new StartExecutionCommand({
        stateMachineArn: stateMachineArn(workflow),
        name,
        input: JSON.stringify(input),
      }),
    );
    return 'started';
  } catch (error) {
    // The same name: this step ran before (its start went through, its result was lost).
    if ((error as Error).name === 'ExecutionAlreadyExists') return 'alreadyStarted';
    throw error;
  }
}
