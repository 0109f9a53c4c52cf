/**
 * The one description of the Kafaat application: its tables, its functions with what each may
 * touch, its HTTP routes, its workflows and its stream consumers.
 *
 * Both the CDK stack (`infra/cdk`) and the local runtime (`infra/local`) read this file; neither
 * repeats any of it. It imports nothing from CDK or the AWS SDK, so it stays a plain description.
 */

export type TableId = 'beneficiaries' | 'tasks' | 'journeyEvents' | 'aggregates' | 'reference';

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
  /** Holds beneficiaries' personal data: stricter retention and access. */
  personalData: boolean;
}

export const tables: Record<TableId, TableSpec> = {
  beneficiaries: {
    purpose: 'One item per beneficiary: the personal data taken at intake, and where the journey stands.',
    partitionKey: 'beneficiaryId',
    envVar: 'BENEFICIARIES_TABLE',
    personalData: true,
  },
  tasks: {
    purpose: 'Coach tasks: the random id a link carries, the task token (never sent out), status, expiry.',
    partitionKey: 'taskId',
    envVar: 'TASKS_TABLE',
    timeToLiveAttribute: 'purgeAt',
    personalData: false,
  },
  journeyEvents: {
    purpose: 'Every transition of every journey, without names or contacts; its stream feeds the aggregates.',
    partitionKey: 'beneficiaryId',
    sortKey: 'eventId',
    envVar: 'JOURNEY_EVENTS_TABLE',
    stream: 'NEW_IMAGE',
    personalData: false,
  },
  aggregates: {
    purpose: 'Counters by dimension (region, province, ...) and one marker per event already counted.',
    partitionKey: 'pk',
    sortKey: 'sk',
    envVar: 'AGGREGATES_TABLE',
    personalData: false,
  },
  reference: {
    purpose: 'Regions, provinces, partner associations, coaches and training offers.',
    partitionKey: 'kind',
    sortKey: 'code',
    envVar: 'REFERENCE_TABLE',
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
  | 'recordPlacement'
  | 'aggregateJourneyEvents'
  | 'dashboardSummary';

/** `writeDelete`: create, update, and delete one item (the intake's rollback); never BatchWrite. */
export type TableAccess = 'read' | 'write' | 'readWrite' | 'writeDelete';
export type WorkflowId = 'journey';
export type WorkflowAccess = 'start' | 'callback';

/** Settings every function receives; the deploying side (CDK or local runtime) gives their values. */
export type SharedSetting = 'PUBLIC_BASE_URL' | 'EMAIL_FROM' | 'LINK_SIGNING_SECRET';

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
    description: 'Journey step: records a coach task behind a signed link and emails the link to the coach.',
    tables: { beneficiaries: 'read', reference: 'read', tasks: 'write' },
    sendsEmail: true,
    settings: ['PUBLIC_BASE_URL', 'EMAIL_FROM', 'LINK_SIGNING_SECRET'],
  },
  openTask: {
    entry: 'functions/open-task.ts',
    description: "GET of a coach's link: shows the task and its form; changes nothing.",
    tables: { tasks: 'read', beneficiaries: 'read' },
    settings: ['LINK_SIGNING_SECRET'],
  },
  completeTask: {
    entry: 'functions/complete-task.ts',
    description: "POST of a coach's form: completes the task once and lets the journey move on.",
    tables: { tasks: 'readWrite', beneficiaries: 'read', journeyEvents: 'write' },
    workflows: { journey: 'callback' },
    settings: ['LINK_SIGNING_SECRET'],
  },
  recordPlacement: {
    entry: 'functions/record-placement.ts',
    description: 'Journey step: records the placement outcome on the beneficiary and as a journey event.',
    tables: { beneficiaries: 'readWrite', journeyEvents: 'write' },
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
};

export type HttpMethod = 'GET' | 'POST';

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
  { method: 'GET', path: '/dashboard', function: 'pages' },
  { method: 'GET', path: '/api/reference', function: 'reference' },
  { method: 'POST', path: '/api/intake', function: 'intake' },
  { method: 'GET', path: '/tasks/{taskId}', function: 'openTask' },
  { method: 'POST', path: '/tasks/{taskId}', function: 'completeTask' },
  { method: 'GET', path: '/api/dashboard/summary', function: 'dashboardSummary' },
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
      RecordPlacementFunctionArn: 'recordPlacement',
    },
    envVar: 'JOURNEY_STATE_MACHINE_ARN',
  },
};

export interface StreamConsumerSpec {
  table: TableId;
  function: FunctionId;
  batchSize: number;
}

export const streamConsumers: StreamConsumerSpec[] = [
  { table: 'journeyEvents', function: 'aggregateJourneyEvents', batchSize: 100 },
];

/** Powertools service name and metrics namespace, the same on both sides. */
export const serviceName = 'kafaat';
export const metricsNamespace = 'Kafaat';
