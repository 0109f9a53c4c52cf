/**
 * The one description of the Kafaat application: its tables, its functions with what each may
 * touch, its HTTP routes, its workflows and its stream consumers.
 *
 * Both the CDK stack (`infra/cdk`) and the local runtime (`infra/local`) read this file; neither
 * repeats any of it. It imports nothing from CDK or the AWS SDK, so it stays a plain description.
 */

import {
  tableEnvVars,
  workflowEnvVars,
  type TableId,
  type WorkflowId,
} from '../functions/commons/environment-names';

export type { TableId, WorkflowId };

export interface TableSpec {
  /** What the table holds, for people reading the stack. */
  purpose: string;
  partitionKey: string;
  sortKey?: string;
  /** The environment variable that carries the table's physical name to a function. */
  envVar: string;
  /** Tables with a stream feed a consumer (see `streamConsumers`). */
  stream?: 'NEW_IMAGE';
  /** Attribute holding an epoch-seconds expiry, where DynamoDB may delete old items. */
  timeToLiveAttribute?: string;
  /** Global secondary indexes (all attributes projected). */
  indexes?: { name: string; partitionKey: string; sortKey?: string }[];
  /** Holds beneficiaries' personal data: stricter retention and access. */
  personalData: boolean;
}

export const tables: Record<TableId, TableSpec> = {
  beneficiaries: {
    purpose: 'One item per beneficiary: the personal data taken at intake, and where the journey stands.',
    partitionKey: 'beneficiaryId',
    envVar: tableEnvVars.beneficiaries,
    personalData: true,
  },
  tasks: {
    purpose:
      'Coach tasks: the id a link carries, the task token (never sent out), status, answers; its stream delivers answers to the workflow (the outbox).',
    partitionKey: 'taskId',
    envVar: tableEnvVars.tasks,
    stream: 'NEW_IMAGE',
    timeToLiveAttribute: 'purgeAt',
    // Sparse: only answers not yet delivered carry `pendingDelivery`; the sweep reads it.
    indexes: [{ name: 'pending-delivery', partitionKey: 'pendingDelivery', sortKey: 'answeredAt' }],
    personalData: false,
  },
  journeyEvents: {
    purpose: 'Every transition of every journey, without names or contacts; its stream feeds the aggregates.',
    partitionKey: 'beneficiaryId',
    sortKey: 'eventId',
    envVar: tableEnvVars.journeyEvents,
    stream: 'NEW_IMAGE',
    personalData: false,
  },
  aggregates: {
    purpose: 'Counters by dimension (region, province, ...) and one marker per event already counted.',
    partitionKey: 'pk',
    sortKey: 'sk',
    envVar: tableEnvVars.aggregates,
    personalData: false,
  },
  reference: {
    purpose: 'Regions, provinces, partner associations, coaches and training offers.',
    partitionKey: 'kind',
    sortKey: 'code',
    envVar: tableEnvVars.reference,
    personalData: false,
  },
};

export type FunctionId =
  | 'health'
  | 'reference'
  | 'pages'
  | 'intake'
  | 'profileBeneficiary'
  | 'assignCoach'
  | 'createCoachTask'
  | 'openTask'
  | 'completeTask'
  | 'deliverTaskAnswers'
  | 'reconcileCoachTasks'
  | 'escalateCoachTask'
  | 'recordStage'
  | 'recordPlacement'
  | 'aggregateJourneyEvents'
  | 'dashboardSummary'
  | 'notFound';

/**
 * `writeDelete`: create, update, read back and delete one item by its key (the intake's replay and
 * rollback); never Query, Scan or BatchWrite.
 */
export type TableAccess = 'read' | 'write' | 'readWrite' | 'writeDelete';
/**
 * `start` and `callback` also let a function describe the executions (the intake's rollback check;
 * the sweep's question whether a journey still runs).
 */
export type WorkflowAccess = 'start' | 'callback' | 'describe';

/** Settings every function receives; the deploying side (CDK or local runtime) gives their values. */
export type SharedSetting = 'PUBLIC_BASE_URL' | 'EMAIL_FROM' | 'LINK_SIGNING_SECRET_NAME' | 'TIME_SCALE';

export interface FunctionSpec {
  /** Source file, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  tables: Partial<Record<TableId, TableAccess>>;
  workflows?: Partial<Record<WorkflowId, WorkflowAccess>>;
  sendsEmail?: boolean;
  settings?: SharedSetting[];
  timeoutSeconds?: number;
  memoryMb?: number;
}

export const functions: Record<FunctionId, FunctionSpec> = {
  health: {
    entry: 'functions/health.ts',
    description: 'Answers GET /health.',
    tables: {},
  },
  reference: {
    entry: 'functions/reference.ts',
    description: 'Codes of regions, provinces and education levels that the intake API accepts.',
    tables: {},
  },
  pages: {
    entry: 'functions/pages.ts',
    description: 'The intake form and the governance dashboard pages, in French, Arabic and English.',
    tables: { aggregates: 'read' },
  },
  intake: {
    entry: 'functions/intake.ts',
    description: 'Takes an intake form, stores the beneficiary and starts the journey.',
    tables: { beneficiaries: 'writeDelete' },
    workflows: { journey: 'start' },
    // The server's secret keys beneficiary ids derived from idempotency keys.
    settings: ['LINK_SIGNING_SECRET_NAME'],
  },
  profileBeneficiary: {
    entry: 'functions/profile-beneficiary.ts',
    description: 'Journey step: works out the profile (age band, region) and records the intake event.',
    tables: { beneficiaries: 'readWrite', journeyEvents: 'write' },
  },
  assignCoach: {
    entry: 'functions/assign-coach.ts',
    description: 'Journey step: gives the beneficiary a coach of their region, the least loaded first.',
    tables: { beneficiaries: 'readWrite', reference: 'readWrite', journeyEvents: 'write' },
  },
  createCoachTask: {
    entry: 'functions/create-coach-task.ts',
    description:
      'Journey step: records a coach task behind a signed link and emails it; a reminder keeps the link, a retry sends no second email.',
    tables: { beneficiaries: 'read', reference: 'read', tasks: 'readWrite' },
    sendsEmail: true,
    settings: ['PUBLIC_BASE_URL', 'EMAIL_FROM', 'LINK_SIGNING_SECRET_NAME', 'TIME_SCALE'],
  },
  escalateCoachTask: {
    entry: 'functions/escalate-coach-task.ts',
    description:
      "Journey step: a task unanswered after every reminder; tells the association's supervisor once.",
    tables: { beneficiaries: 'readWrite', reference: 'read', tasks: 'readWrite' },
    sendsEmail: true,
    settings: ['EMAIL_FROM', 'LINK_SIGNING_SECRET_NAME'],
  },
  recordStage: {
    entry: 'functions/record-stage.ts',
    description:
      'Journey step: records the stage a coach task brought (once) and marks its answer delivered.',
    tables: { beneficiaries: 'readWrite', journeyEvents: 'write', tasks: 'readWrite' },
    settings: ['LINK_SIGNING_SECRET_NAME'],
  },
  openTask: {
    entry: 'functions/open-task.ts',
    description: "GET of a coach's link: shows the task and its form; changes nothing.",
    tables: { tasks: 'read', beneficiaries: 'read' },
    settings: ['LINK_SIGNING_SECRET_NAME'],
  },
  completeTask: {
    entry: 'functions/complete-task.ts',
    description: "POST of a coach's form: records the answer once (open → answered); the outbox delivers it.",
    tables: { tasks: 'readWrite', beneficiaries: 'read' },
    workflows: { journey: 'describe' },
    settings: ['LINK_SIGNING_SECRET_NAME'],
  },
  deliverTaskAnswers: {
    entry: 'functions/deliver-task-answers.ts',
    description: 'Reads the tasks stream and hands each recorded answer to the workflow (SendTaskSuccess).',
    tables: { tasks: 'read' },
    workflows: { journey: 'callback' },
  },
  reconcileCoachTasks: {
    entry: 'functions/reconcile-coach-tasks.ts',
    description:
      'The sweep: answers recorded but never delivered are delivered, or closed if their journey ended.',
    tables: { tasks: 'readWrite' },
    workflows: { journey: 'callback' },
    settings: [],
    timeoutSeconds: 300,
  },
  recordPlacement: {
    entry: 'functions/record-placement.ts',
    description: 'Journey step: records the placement outcome on the beneficiary and as a journey event.',
    tables: { beneficiaries: 'readWrite', journeyEvents: 'write', tasks: 'readWrite' },
  },
  aggregateJourneyEvents: {
    entry: 'functions/aggregate-journey-events.ts',
    description: 'Reads the journey-events stream and counts each event once into the aggregates.',
    tables: { aggregates: 'readWrite' },
  },
  dashboardSummary: {
    entry: 'functions/dashboard-summary.ts',
    description: 'GET /api/dashboard/summary: counts by region and by stage and outcome.',
    tables: { aggregates: 'read' },
  },
  notFound: {
    entry: 'functions/not-found.ts',
    description:
      'Any other path: 404 as a page in French, Arabic or English for browsers, JSON for API clients.',
    tables: {},
  },
};

/** `ANY`: every method, for the catch-all route (`/{proxy+}`) that takes what no other route does. */
export type HttpMethod = 'GET' | 'POST' | 'ANY';

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway HTTP API path, with `{name}` path parameters. */
  path: string;
  function: FunctionId;
}

export const routes: RouteSpec[] = [
  { method: 'GET', path: '/health', function: 'health' },
  { method: 'GET', path: '/', function: 'pages' },
  { method: 'GET', path: '/intake', function: 'pages' },
  { method: 'GET', path: '/intake/done', function: 'pages' },
  { method: 'GET', path: '/dashboard', function: 'pages' },
  { method: 'GET', path: '/api/reference', function: 'reference' },
  { method: 'POST', path: '/api/intake', function: 'intake' },
  { method: 'GET', path: '/tasks/{taskId}', function: 'openTask' },
  { method: 'POST', path: '/tasks/{taskId}', function: 'completeTask' },
  { method: 'GET', path: '/api/dashboard/summary', function: 'dashboardSummary' },
  // Last, and the least specific: API Gateway prefers any other route that matches.
  { method: 'ANY', path: '/{proxy+}', function: 'notFound' },
];

export interface WorkflowSpec {
  /** Amazon States Language file, relative to the repository root. */
  file: string;
  description: string;
  /** `${Placeholder}` in the ASL file → the function whose ARN replaces it. */
  functionArns: Record<string, FunctionId>;
  /** The environment variable that carries the state machine ARN to the functions that use it. */
  envVar: string;
}

export const workflows: Record<WorkflowId, WorkflowSpec> = {
  journey: {
    file: 'workflows/journey.asl.json',
    description: 'One beneficiary from intake to placement: profile, coach, interview, placement.',
    functionArns: {
      ProfileBeneficiaryFunctionArn: 'profileBeneficiary',
      AssignCoachFunctionArn: 'assignCoach',
      CreateCoachTaskFunctionArn: 'createCoachTask',
      EscalateCoachTaskFunctionArn: 'escalateCoachTask',
      RecordStageFunctionArn: 'recordStage',
      RecordPlacementFunctionArn: 'recordPlacement',
    },
    envVar: workflowEnvVars.journey,
  },
};

export interface StreamConsumerSpec {
  table: TableId;
  function: FunctionId;
  batchSize: number;
}

export const streamConsumers: StreamConsumerSpec[] = [
  { table: 'journeyEvents', function: 'aggregateJourneyEvents', batchSize: 100 },
  { table: 'tasks', function: 'deliverTaskAnswers', batchSize: 25 },
];

export interface ScheduleSpec {
  function: FunctionId;
  /** Runs this often (an EventBridge rule on AWS; a timer locally, and once at start). */
  everyMinutes: number;
  description: string;
}

export const schedules: ScheduleSpec[] = [
  {
    function: 'reconcileCoachTasks',
    everyMinutes: 5,
    description: 'Sweep of coach answers recorded but not delivered to their workflow.',
  },
];

/** Powertools service name and metrics namespace, the same on both sides. */
export const serviceName = 'kafaat';
export const metricsNamespace = 'Kafaat';
