/**
 * The names of the settings a function reads from its environment. Plain constants: the app
 * description (infra/) declares with them what each function is given, and the handlers read
 * them through commons/settings.ts, so handlers never import from infra/.
 */
export const tableEnvVars = {
  beneficiaries: 'BENEFICIARIES_TABLE',
  tasks: 'TASKS_TABLE',
  journeyEvents: 'JOURNEY_EVENTS_TABLE',
  aggregates: 'AGGREGATES_TABLE',
  reference: 'REFERENCE_TABLE',
  people: 'PEOPLE_TABLE',
  caseFiles: 'CASE_FILES_TABLE',
} as const;

export type TableId = keyof typeof tableEnvVars;

export const workflowEnvVars = {
  journey: 'JOURNEY_STATE_MACHINE_ARN',
  followUp: 'FOLLOW_UP_STATE_MACHINE_ARN',
} as const;

export type WorkflowId = keyof typeof workflowEnvVars;
