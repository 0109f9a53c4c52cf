/** A function's settings, read with Powertools' env helpers: a missing one is said at cold start. */
import { getNumberFromEnv, getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { tableEnvVars, workflowEnvVars, type TableId, type WorkflowId } from './environment-names';

export function setting(key: string): string {
  return getStringFromEnv({ key, errorMessage: `Missing environment variable ${key}` });
}

export function tableName(id: TableId): string {
  return setting(tableEnvVars[id]);
}

export function stateMachineArn(id: WorkflowId): string {
  return setting(workflowEnvVars[id]);
}

/** How many times faster than real time the platform runs (1 on AWS). */
export function timeScale(): number {
  return getNumberFromEnv({ key: 'TIME_SCALE', defaultValue: 1 }) || 1;
}

/** How many times faster task time-outs run: the time scale, unless the bench set them apart. */
export function taskTimeScale(): number {
  return getNumberFromEnv({ key: 'TASK_TIME_SCALE', defaultValue: 0 }) || timeScale();
}
