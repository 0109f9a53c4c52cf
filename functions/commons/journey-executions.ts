/** What the journey's own execution says: the workflow is the authority on whether it still runs. */
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { stepFunctions } from './clients';
import { stateMachineArn } from './settings';
import { logger } from './powertools';

const journeyStateMachineArn = stateMachineArn('journey');

/** Journeys are named after their beneficiary (see the intake). */
export function journeyExecutionArn(beneficiaryId: string): string {
  return `${journeyStateMachineArn.replace(':stateMachine:', ':execution:')}:${beneficiaryId}`;
}

/**
 * `running`, `ended`, or `unknown` when the workflow service could not say: callers then go on as
 * if it ran (an answer is better kept than refused; the sweep settles it later).
 */
export async function journeyState(beneficiaryId: string): Promise<'running' | 'ended' | 'unknown'> {
  try {
    const execution = await stepFunctions.send(
      new DescribeExecutionCommand({ executionArn: journeyExecutionArn(beneficiaryId) }),
    );
    return execution.status === 'RUNNING' ? 'running' : 'ended';
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return 'ended';
    logger.warn('Could not read the journey execution', { error: (error as Error).name });
    return 'unknown';
  }
}
