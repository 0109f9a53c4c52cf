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
import type { Action } from '../functions/domain/access';
import { SUPPLY_KINDS } from '../functions/domain/offer-demand';

export type { TableId, WorkflowId };

export interface TableSpec {
  /** What the table holds, for people reading the stack. */
  purpose: string;
  partitionKey: string;
  sortKey?: string;
  /** The environment variable that carries the table's physical name to a function. */
  envVar: string;
  /**
   * Tables with a stream feed a consumer (see `streamConsumers`); `NEW_AND_OLD_IMAGES` where the
   * consumer counts what a change changed.
   */
  stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  /** Attribute holding an epoch-seconds expiry, where DynamoDB may delete old items. */
  timeToLiveAttribute?: string;
  /** Global secondary indexes: all attributes projected, or the keys only where `keysOnly`. */
  indexes?: IndexSpec[];
  /**
   * Holds personal data — beneficiaries' records, coaches' answers about them, or the staff's
   * names and contacts: on AWS it is encrypted with the customer-managed key, protected from
   * deletion and kept when the stack goes (every table has point-in-time recovery).
   */
  personalData: boolean;
}

export interface IndexSpec {
  name: string;
  partitionKey: string;
  sortKey?: string;
  /**
   * Only the table's and the index's keys are projected: an index that answers "which items" (then
   * read by key, if at all) costs no index write when other attributes change.
   */
  keysOnly?: boolean;
}

export const tables: Record<TableId, TableSpec> = {
  beneficiaries: {
    purpose: 'One item per beneficiary: the personal data taken at intake, and where the journey stands.',
    partitionKey: 'beneficiaryId',
    envVar: tableEnvVars.beneficiaries,
    // An association's list (intake workers, supervisors) and a coach's caseload, newest last.
    indexes: [
      { name: 'by-association', partitionKey: 'association', sortKey: 'createdAt' },
      { name: 'by-coach', partitionKey: 'coachId', sortKey: 'createdAt' },
      // Sparse: only records still holding personal data carry `lastActivityAt` (their journey's
      // last event); retention reads those past the period, by region, never by a scan.
      { name: 'by-last-activity', partitionKey: 'region', sortKey: 'lastActivityAt' },
      // Sparse: an intake's possible duplicates, by the keyed hashes of its phone and of its names,
      // birth year and province (`domain/duplicates.ts`), within the association; never the list.
      { name: 'by-phone-key', partitionKey: 'phoneKey', keysOnly: true },
      { name: 'by-identity-key', partitionKey: 'identityKey', keysOnly: true },
    ],
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
    // `by-beneficiary`: a case file's timeline and open task; `by-coach`: a caseload's open tasks.
    indexes: [
      { name: 'pending-delivery', partitionKey: 'pendingDelivery', sortKey: 'answeredAt' },
      { name: 'by-beneficiary', partitionKey: 'beneficiaryId', sortKey: 'createdAt' },
      { name: 'by-coach', partitionKey: 'coachId', sortKey: 'createdAt' },
      // Sparse: only open training choices carry `awaitingTrainingIn` (their region).
      { name: 'awaiting-training', partitionKey: 'awaitingTrainingIn', sortKey: 'createdAt' },
      // Sparse: only open tasks carry `openIn` (their region); the dashboard counts those overdue.
      { name: 'open-by-region', partitionKey: 'openIn', sortKey: 'dueAt' },
    ],
    // Coaches' answers about a person (goals, plan steps, notes, the employer) and the coach's name.
    personalData: true,
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
    purpose:
      'Regions, provinces, partner associations, coaches, training offers and labour needs; its stream feeds the offer–demand counters and the announcements of new offers.',
    partitionKey: 'kind',
    sortKey: 'code',
    envVar: tableEnvVars.reference,
    stream: 'NEW_AND_OLD_IMAGES',
    // Coaches' and supervisors' names and e-mails (as in the people table), and who holds a seat.
    personalData: true,
  },
  people: {
    purpose:
      'People who work the journeys: their role and scope (association, region), name, e-mail and language; the sign-in token carries the role from here.',
    partitionKey: 'personId',
    envVar: tableEnvVars.people,
    personalData: true,
  },
  caseFiles: {
    purpose:
      "Per beneficiary: the audit trail of every read and change of their record (who, when, which field, old value masked) and their coach's notes.",
    partitionKey: 'beneficiaryId',
    sortKey: 'entryId',
    envVar: tableEnvVars.caseFiles,
    personalData: true,
  },
};

export type FunctionId =
  | 'health'
  | 'reference'
  | 'pages'
  | 'assets'
  | 'intake'
  | 'profileBeneficiary'
  | 'assignCoach'
  | 'createCoachTask'
  | 'openTask'
  | 'completeTask'
  | 'deliverTaskAnswers'
  | 'reconcileCoachTasks'
  | 'tellStaleOffers'
  | 'upgradeRecords'
  | 'eraseDuePersonalData'
  | 'personalData'
  | 'escalateCoachTask'
  | 'recordStage'
  | 'recordPlacement'
  | 'planFollowUp'
  | 'recordFollowUp'
  | 'reopenAccompaniment'
  | 'recordCoachingStep'
  | 'queueForCoach'
  | 'aggregateJourneyEvents'
  | 'trainingSupplyChanges'
  | 'dashboardSummary'
  | 'tokenClaims'
  | 'signIn'
  | 'devSignIn'
  | 'beneficiaryRecords'
  | 'caseFiles'
  | 'supervision'
  | 'administration'
  | 'trainingCatalogue'
  | 'labourNeeds'
  | 'partnerEnrolments'
  | 'partnerOffers'
  | 'notFound';

/**
 * `writeDelete`: create, update, read back and delete one item by its key; never Query, Scan or
 * BatchWrite. `readWriteDelete`: the same, and reads (the intake: its replay and rollback, and the
 * indexes of duplicate keys it looks a new intake's possible duplicates up in). `readWriteItems`:
 * `readWrite` and deleting one item by its key (a journey leaving the coach queue, a training seat
 * given back).
 */
export type TableAccess =
  'read' | 'write' | 'readWrite' | 'writeDelete' | 'readWriteDelete' | 'readWriteItems';
/**
 * `start` and `callback` also let a function describe the executions (the intake's rollback check;
 * the sweep's question whether a journey still runs). `control`: `callback`, and stopping an
 * execution (a withdrawal of consent stops the journey and its follow-up).
 */
export type WorkflowAccess = 'start' | 'callback' | 'describe' | 'control';

/** Settings every function receives; the deploying side (CDK or local runtime) gives their values. */
export type SharedSetting =
  | 'PUBLIC_BASE_URL'
  | 'EMAIL_FROM'
  | 'LINK_SIGNING_SECRET_NAME'
  | 'TIME_SCALE'
  /** Task time-outs' own scale (locally the bench slows them; on AWS, as TIME_SCALE: real time). */
  | 'TASK_TIME_SCALE'
  /** Who signs the session tokens (a Cognito user pool's issuer URL) and for which app client. */
  | 'IDENTITY_ISSUER'
  | 'IDENTITY_CLIENT_ID'
  | 'IDENTITY_USER_POOL_ID'
  /** Days of the platform's clock personal data is kept after a journey's last event (retention). */
  | 'RETENTION_DAYS';

/**
 * The settings a function that reads sessions needs: the token's issuer and audience. Such a
 * function also reads the people table (is the person still active, still in that role?).
 */
const session: SharedSetting[] = ['IDENTITY_ISSUER', 'IDENTITY_CLIENT_ID'];

/**
 * What a function does with the user pool: `sign-in` (InitiateAuth, a public call: no IAM right)
 * or `manage-users` (create people, set passwords, disable them: the administrators' page).
 */
export type IdentityAccess = 'sign-in' | 'manage-users';

export interface FunctionSpec {
  /** Source file, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  tables: Partial<Record<TableId, TableAccess>>;
  workflows?: Partial<Record<WorkflowId, WorkflowAccess>>;
  sendsEmail?: boolean;
  settings?: SharedSetting[];
  identity?: IdentityAccess;
  timeoutSeconds?: number;
  memoryMb?: number;
  /** Runs only in the local runtime (the development sign-in); the CDK stack leaves it out. */
  localOnly?: boolean;
}

export const functions: Record<FunctionId, FunctionSpec> = {
  health: {
    entry: 'functions/health.ts',
    description: "Answers GET /health, with the platform's time scale.",
    tables: {},
    settings: ['TIME_SCALE', 'TASK_TIME_SCALE'],
  },
  reference: {
    entry: 'functions/reference.ts',
    description: 'Codes of regions, provinces and education levels that the intake API accepts.',
    tables: {},
  },
  pages: {
    entry: 'functions/pages.ts',
    description:
      "The intake form, the governance dashboard and the home page (each person's start page), in French, Arabic and English.",
    // The dashboard reads what /api/dashboard/indicators reads (see dashboardSummary).
    tables: { aggregates: 'read', people: 'read', reference: 'read', tasks: 'read' },
    settings: session,
  },
  assets: {
    entry: 'functions/assets.ts',
    description:
      "The dashboard's chart library (Apache ECharts, from its npm package) and page script, public and cached by version.",
    tables: {},
  },
  intake: {
    entry: 'functions/intake.ts',
    description:
      'Takes an intake form, warns of a possible duplicate, stores the beneficiary and starts the journey.',
    tables: { beneficiaries: 'readWriteDelete', caseFiles: 'write', people: 'read' },
    workflows: { journey: 'start' },
    // The server's secret keys beneficiary ids derived from idempotency keys, and the duplicate
    // check's hashes of the phone and of the names.
    settings: ['LINK_SIGNING_SECRET_NAME', ...session],
  },
  profileBeneficiary: {
    entry: 'functions/profile-beneficiary.ts',
    description: 'Journey step: works out the profile (age band, region) and records the intake event.',
    tables: { beneficiaries: 'readWrite', journeyEvents: 'write' },
  },
  assignCoach: {
    entry: 'functions/assign-coach.ts',
    description:
      'Journey step: gives the beneficiary a coach of their region with room (atomically), or sends the journey to the queue.',
    tables: { beneficiaries: 'readWrite', reference: 'readWriteItems', journeyEvents: 'write' },
    settings: ['TIME_SCALE'],
  },
  queueForCoach: {
    entry: 'functions/queue-for-coach.ts',
    description:
      "Journey step: every coach of the region is full; the journey waits in the region's queue and the supervisor is told once.",
    tables: { beneficiaries: 'readWrite', reference: 'readWrite', journeyEvents: 'write' },
    workflows: { journey: 'callback' },
    sendsEmail: true,
    settings: ['EMAIL_FROM'],
  },
  recordCoachingStep: {
    entry: 'functions/record-coaching-step.ts',
    description:
      'Journey steps of coaching: a no-show, the interview and its plan, a session, a consent, a training seat, enrolment, completion, a dropout.',
    tables: {
      beneficiaries: 'readWrite',
      journeyEvents: 'write',
      tasks: 'readWrite',
      reference: 'readWriteItems',
    },
    // A dropout frees its coach's place and wakes the region's queue.
    workflows: { journey: 'callback' },
    settings: ['LINK_SIGNING_SECRET_NAME', 'TIME_SCALE'],
  },
  createCoachTask: {
    entry: 'functions/create-coach-task.ts',
    description:
      'Journey step: records a coach task behind a signed link and emails it; a reminder keeps the link, a retry sends no second email.',
    tables: { beneficiaries: 'read', reference: 'read', tasks: 'readWrite' },
    // Past the coaching phase it tells the workflow (SendTaskFailure) that the placement comes next.
    workflows: { journey: 'callback' },
    sendsEmail: true,
    settings: ['PUBLIC_BASE_URL', 'EMAIL_FROM', 'LINK_SIGNING_SECRET_NAME', 'TIME_SCALE', 'TASK_TIME_SCALE'],
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
      "Journey step: closes a journey left unanswered (its open tasks too), once, and frees its coach's place.",
    tables: {
      beneficiaries: 'readWrite',
      journeyEvents: 'write',
      tasks: 'readWrite',
      reference: 'readWrite',
    },
    workflows: { journey: 'callback' },
    settings: ['LINK_SIGNING_SECRET_NAME'],
  },
  openTask: {
    entry: 'functions/open-task.ts',
    description:
      "GET of a coach's link: shows the task, what the coach needs to act on it, and its form; the read is audited.",
    tables: { tasks: 'read', beneficiaries: 'read', reference: 'read', caseFiles: 'write' },
    settings: ['LINK_SIGNING_SECRET_NAME', 'TIME_SCALE'],
  },
  completeTask: {
    entry: 'functions/complete-task.ts',
    description: "POST of a coach's form: records the answer once (open → answered); the outbox delivers it.",
    tables: { tasks: 'readWrite', beneficiaries: 'read', reference: 'read', caseFiles: 'write' },
    workflows: { journey: 'describe', followUp: 'describe' },
    settings: ['LINK_SIGNING_SECRET_NAME', 'TIME_SCALE'],
  },
  deliverTaskAnswers: {
    entry: 'functions/deliver-task-answers.ts',
    description: 'Reads the tasks stream and hands each recorded answer to the workflow (SendTaskSuccess).',
    tables: { tasks: 'read' },
    workflows: { journey: 'callback', followUp: 'callback' },
    // A batch is retried whole (then halved) when it times out: the default 10 s is too short for
    // 25 answers on a busy machine, and a batch that never fits stalls every journey behind it.
    timeoutSeconds: 60,
  },
  reconcileCoachTasks: {
    entry: 'functions/reconcile-coach-tasks.ts',
    description:
      'The sweep: answers recorded but never delivered are delivered, or closed if their journey ended.',
    tables: { tasks: 'readWrite' },
    workflows: { journey: 'callback', followUp: 'callback' },
    settings: [],
    timeoutSeconds: 300,
  },
  tellStaleOffers: {
    entry: 'functions/tell-stale-offers.ts',
    description:
      "Once a day: emails each training provider's people its offers gone stale (not updated for 90 days), once per offer per stale period.",
    // The offers by their kind (a Query), each marked told on a condition (`staleToldFor`); the
    // provider's people from the small people table (a Scan: it has no index by partner).
    tables: { reference: 'readWrite', people: 'read' },
    sendsEmail: true,
    settings: ['PUBLIC_BASE_URL', 'EMAIL_FROM', 'TIME_SCALE'],
    timeoutSeconds: 300,
  },
  upgradeRecords: {
    entry: 'functions/upgrade-records.ts',
    description:
      "Upgrade: gives beneficiaries' records written by earlier versions their duplicate keys and their last activity, page by page, then only checks that it is done; folds earlier offer–demand counts into their totals.",
    // A Scan of the beneficiaries, once, resumed from where it stands (an item of the aggregates);
    // a record without a last activity reads its journey's events. Every run, a Query of the
    // offer–demand counters not in step with their totals (the aggregates).
    tables: { beneficiaries: 'readWrite', journeyEvents: 'read', aggregates: 'readWrite' },
    settings: ['LINK_SIGNING_SECRET_NAME'],
    timeoutSeconds: 300,
  },
  eraseDuePersonalData: {
    entry: 'functions/erase-due-personal-data.ts',
    description:
      'Once a day: erases the personal data of beneficiaries whose journey ended more than the retention period ago (audited as retention).',
    // Due records from the beneficiaries' sparse `by-last-activity` index (a Query per region); a
    // journey or follow-up still running is left alone; the tasks' and case file's free text too.
    tables: { beneficiaries: 'readWrite', tasks: 'readWrite', caseFiles: 'readWrite' },
    workflows: { journey: 'describe', followUp: 'describe' },
    settings: ['LINK_SIGNING_SECRET_NAME', 'TIME_SCALE', 'RETENTION_DAYS'],
    timeoutSeconds: 300,
  },
  personalData: {
    entry: 'functions/personal-data.ts',
    description:
      "A beneficiary's withdrawal of consent (stops the journey, closes its tasks, ends it once as a dropout, erases the personal data) and the export of everything held on them.",
    // The journey's end as every end does it (events, tasks, the coach's place, the queue, a seat
    // given back); stopping its executions; the erasure; the audit trail.
    tables: {
      beneficiaries: 'readWrite',
      tasks: 'readWrite',
      journeyEvents: 'readWrite',
      reference: 'readWriteItems',
      caseFiles: 'readWrite',
      people: 'read',
    },
    workflows: { journey: 'control', followUp: 'control' },
    settings: ['LINK_SIGNING_SECRET_NAME', ...session],
  },
  recordPlacement: {
    entry: 'functions/record-placement.ts',
    description:
      "Journey step: records the placement outcome on the beneficiary and as a journey event; frees the coach's place.",
    tables: {
      beneficiaries: 'readWrite',
      journeyEvents: 'write',
      tasks: 'readWrite',
      reference: 'readWrite',
    },
    workflows: { journey: 'callback' },
    // Ending the journey reads its tasks, whose ids are keyed with the link secret; the days to
    // placement are counted on the platform's clock.
    settings: ['LINK_SIGNING_SECRET_NAME', 'TIME_SCALE'],
  },
  planFollowUp: {
    entry: 'functions/plan-follow-up.ts',
    description:
      'Journey and follow-up step: plans the next follow-up of a placement (3, 6 or 12 months after its start) and starts the follow-up workflow that waits for it.',
    tables: { beneficiaries: 'readWrite' },
    workflows: { followUp: 'start' },
  },
  recordFollowUp: {
    entry: 'functions/record-follow-up.ts',
    description:
      'Follow-up step: records a follow-up answered (or left unanswered after escalation) on the beneficiary and as a journey event, and says what comes next.',
    tables: { beneficiaries: 'readWrite', journeyEvents: 'write', tasks: 'readWrite' },
    settings: ['LINK_SIGNING_SECRET_NAME'],
  },
  reopenAccompaniment: {
    entry: 'functions/reopen-accompaniment.ts',
    description:
      'Follow-up step: the person lost the job or closed the business and the coach reopens accompaniment: a new coaching journey, linked to the first.',
    tables: { beneficiaries: 'readWrite' },
    workflows: { journey: 'start' },
  },
  aggregateJourneyEvents: {
    entry: 'functions/aggregate-journey-events.ts',
    description: 'Reads the journey-events stream and counts each event once into the aggregates.',
    tables: { aggregates: 'readWrite' },
    // A batch of 100 events is a few transactions each, one after another: see deliverTaskAnswers.
    timeoutSeconds: 60,
  },
  trainingSupplyChanges: {
    entry: 'functions/training-supply-changes.ts',
    description:
      'Reads the stream of offers and labour needs: counts each change once into the offer–demand counters, and emails a new offer to the coaches of beneficiaries waiting for a training it suits.',
    // Those waiting: the tasks' sparse index of open training choices, then their records (region,
    // sector, level, track) and their coaches; the announcement sent is marked in the reference table.
    tables: { aggregates: 'readWrite', tasks: 'read', beneficiaries: 'read', reference: 'readWrite' },
    sendsEmail: true,
    settings: ['PUBLIC_BASE_URL', 'EMAIL_FROM', 'LINK_SIGNING_SECRET_NAME'],
  },
  dashboardSummary: {
    entry: 'functions/dashboard-summary.ts',
    description:
      "GET /api/dashboard/summary (counts by region, stage and outcome) and /api/dashboard/indicators (a view's indicators, under disclosure control).",
    // The counters and their stamp (a view is kept while it stays: commons/dashboard-views.ts); and,
    // for the figures of now, the region's coach queue and its open tasks.
    tables: { aggregates: 'read', people: 'read', reference: 'read', tasks: 'read' },
    settings: session,
  },
  tokenClaims: {
    entry: 'functions/token-claims.ts',
    description:
      "The user pool's pre-token-generation trigger: puts the person's role and scope (from the people table) in their token.",
    tables: { people: 'read' },
  },
  signIn: {
    entry: 'functions/sign-in.ts',
    description: 'The sign-in page and POST /api/sign-in: user name and password → a session token.',
    tables: {},
    identity: 'sign-in',
    settings: ['PUBLIC_BASE_URL', ...session],
  },
  devSignIn: {
    entry: 'functions/dev-sign-in.ts',
    description:
      'POST /api/dev/sign-in {role, region, association?}: a session as a seeded person, for scripts. Local only.',
    tables: {},
    identity: 'sign-in',
    settings: ['PUBLIC_BASE_URL', ...session],
    localOnly: true,
  },
  beneficiaryRecords: {
    entry: 'functions/beneficiary-records.ts',
    description:
      "An association's beneficiaries: the list with search, a record, corrections with their audit trail.",
    tables: { beneficiaries: 'readWrite', reference: 'read', caseFiles: 'readWrite', people: 'read' },
    // The server's secret keys the duplicate check's hashes, which a correction works out again.
    settings: ['LINK_SIGNING_SECRET_NAME', ...session],
  },
  caseFiles: {
    entry: 'functions/case-files.ts',
    description:
      "A coach's caseload and a beneficiary's case file: contacts, the journey's timeline, the coach's notes.",
    tables: {
      beneficiaries: 'read',
      tasks: 'read',
      journeyEvents: 'read',
      reference: 'read',
      caseFiles: 'readWrite',
      people: 'read',
    },
    // The coach's own open task is linked from the case file, signed as the email's link is.
    settings: ['LINK_SIGNING_SECRET_NAME', ...session],
  },
  supervision: {
    entry: 'functions/supervision.ts',
    description:
      "A supervisor's view of the association: caseloads against capacity, overdue tasks, audit trails, and reassigning a beneficiary to another coach.",
    tables: {
      beneficiaries: 'readWrite',
      tasks: 'readWrite',
      reference: 'readWrite',
      caseFiles: 'readWrite',
      people: 'read',
    },
    sendsEmail: true,
    settings: ['PUBLIC_BASE_URL', 'EMAIL_FROM', 'LINK_SIGNING_SECRET_NAME', ...session],
  },
  administration: {
    entry: 'functions/administration.ts',
    description:
      "The administrators' pages: people and roles, coaches' capacity and language, associations and the reference data.",
    tables: { people: 'readWrite', reference: 'readWrite' },
    // A coach's capacity raised (or a coach added) wakes journeys waiting for a coach.
    workflows: { journey: 'callback' },
    identity: 'manage-users',
    settings: ['IDENTITY_USER_POOL_ID', ...session],
  },
  trainingCatalogue: {
    entry: 'functions/training-catalogue.ts',
    description:
      'The public training catalogue: the offers searched and paged (JSON and a page in three languages), and as open data (CSV, JSON).',
    // The offers, by their kind (a Query); stale offers are told on the platform's clock.
    tables: { reference: 'read' },
    settings: ['TIME_SCALE'],
  },
  labourNeeds: {
    entry: 'functions/labour-needs.ts',
    description:
      "Labour needs: employers publish theirs (one by one, or a CSV file); partners and boards read their region's.",
    // Kept beside the training offers (kind `labour-need`): read by kind, written one need at a time.
    tables: { reference: 'readWrite', people: 'read' },
    settings: session,
  },
  partnerOffers: {
    entry: 'functions/partner-offers.ts',
    description:
      "A training provider's own offers: its page (seats taken live, stale offers flagged), the offer form, its CSV import, and the JSON API.",
    // Reads the offers by their kind (a Query) and writes a provider's offers on conditions (its
    // own, never fewer seats than taken), in transactions; stale offers are told on the platform's clock.
    tables: { reference: 'readWrite', people: 'read' },
    settings: ['TIME_SCALE', ...session],
  },
  partnerEnrolments: {
    entry: 'functions/partner-enrolments.ts',
    description:
      "A training provider's enrolments in its own offer: counts always; names and contacts only of those who agreed to share with training providers, each read on their audit trail.",
    // The offer and its enrolments (reference items), the people enrolled, and the audit trail.
    tables: { reference: 'read', beneficiaries: 'read', caseFiles: 'write', people: 'read' },
    settings: session,
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
  /**
   * What the route does, in the access table (functions/domain/access.ts): it needs a session
   * whose role may do it. Absent: a public route (the health check, the reference codes, a
   * coach's signed task link, signing in).
   */
  action?: Action;
  /**
   * `jwt`: only API clients call it, with a bearer token, so on AWS the HTTP API's JWT authorizer
   * checks the token before the handler does. Routes browsers post to with the session cookie
   * (pages, the intake form's post) are checked by the handler alone, with the same verifier.
   */
  authorizer?: 'jwt';
}

export const routes: RouteSpec[] = [
  { method: 'GET', path: '/health', function: 'health' },
  { method: 'GET', path: '/', function: 'pages' },
  { method: 'GET', path: '/intake', function: 'pages', action: 'intake.create' },
  { method: 'GET', path: '/intake/done', function: 'pages', action: 'intake.create' },
  { method: 'GET', path: '/dashboard', function: 'pages', action: 'dashboard.read' },
  { method: 'GET', path: '/dashboard/export.csv', function: 'pages', action: 'dashboard.read' },
  { method: 'GET', path: '/assets/echarts.min.js', function: 'assets' },
  { method: 'GET', path: '/assets/dashboard.js', function: 'assets' },
  { method: 'GET', path: '/api/reference', function: 'reference' },
  { method: 'POST', path: '/api/intake', function: 'intake', action: 'intake.create' },
  { method: 'GET', path: '/tasks/{taskId}', function: 'openTask' },
  { method: 'POST', path: '/tasks/{taskId}', function: 'completeTask' },
  {
    method: 'GET',
    path: '/api/dashboard/summary',
    function: 'dashboardSummary',
    action: 'dashboard.read',
    authorizer: 'jwt',
  },
  {
    method: 'GET',
    path: '/api/dashboard/indicators',
    function: 'dashboardSummary',
    action: 'dashboard.read',
    authorizer: 'jwt',
  },
  // Signing in and out.
  { method: 'GET', path: '/sign-in', function: 'signIn' },
  { method: 'POST', path: '/sign-in', function: 'signIn' },
  { method: 'POST', path: '/sign-out', function: 'signIn' },
  { method: 'POST', path: '/api/sign-in', function: 'signIn' },
  { method: 'POST', path: '/api/dev/sign-in', function: 'devSignIn' },
  // An association's beneficiaries (intake workers; supervisors read).
  { method: 'GET', path: '/beneficiaries', function: 'beneficiaryRecords', action: 'beneficiaries.list' },
  {
    method: 'GET',
    path: '/beneficiaries/{beneficiaryId}',
    function: 'beneficiaryRecords',
    action: 'beneficiary.read',
  },
  {
    method: 'POST',
    path: '/beneficiaries/{beneficiaryId}',
    function: 'beneficiaryRecords',
    action: 'beneficiary.correct',
  },
  {
    method: 'GET',
    path: '/api/beneficiaries',
    function: 'beneficiaryRecords',
    action: 'beneficiaries.list',
    authorizer: 'jwt',
  },
  {
    method: 'GET',
    path: '/api/beneficiaries/{beneficiaryId}',
    function: 'beneficiaryRecords',
    action: 'beneficiary.read',
    authorizer: 'jwt',
  },
  {
    method: 'POST',
    path: '/api/beneficiaries/{beneficiaryId}/corrections',
    function: 'beneficiaryRecords',
    action: 'beneficiary.correct',
    authorizer: 'jwt',
  },
  // A beneficiary's rights over their data: withdrawal of consent, and the export of everything held.
  {
    method: 'POST',
    path: '/beneficiaries/{beneficiaryId}/consent-withdrawal',
    function: 'personalData',
    action: 'consent.withdraw',
  },
  {
    method: 'POST',
    path: '/api/beneficiaries/{beneficiaryId}/consent-withdrawal',
    function: 'personalData',
    action: 'consent.withdraw',
    authorizer: 'jwt',
  },
  {
    method: 'GET',
    path: '/beneficiaries/{beneficiaryId}/export',
    function: 'personalData',
    action: 'beneficiary.export',
  },
  {
    method: 'GET',
    path: '/api/beneficiaries/{beneficiaryId}/export',
    function: 'personalData',
    action: 'beneficiary.export',
    authorizer: 'jwt',
  },
  // A coach's caseload and case files.
  { method: 'GET', path: '/caseload', function: 'caseFiles', action: 'caseload.read' },
  { method: 'GET', path: '/cases/{beneficiaryId}', function: 'caseFiles', action: 'beneficiary.read' },
  { method: 'POST', path: '/cases/{beneficiaryId}/notes', function: 'caseFiles', action: 'case-note.write' },
  { method: 'GET', path: '/api/caseload', function: 'caseFiles', action: 'caseload.read', authorizer: 'jwt' },
  {
    method: 'GET',
    path: '/api/cases/{beneficiaryId}',
    function: 'caseFiles',
    action: 'beneficiary.read',
    authorizer: 'jwt',
  },
  {
    method: 'POST',
    path: '/api/cases/{beneficiaryId}/notes',
    function: 'caseFiles',
    action: 'case-note.write',
    authorizer: 'jwt',
  },
  // Supervision of an association.
  { method: 'GET', path: '/supervision', function: 'supervision', action: 'supervision.read' },
  {
    method: 'GET',
    path: '/supervision/beneficiaries/{beneficiaryId}/audit',
    function: 'supervision',
    action: 'audit.read',
  },
  {
    method: 'POST',
    path: '/supervision/beneficiaries/{beneficiaryId}/reassign',
    function: 'supervision',
    action: 'beneficiary.reassign',
  },
  {
    method: 'GET',
    path: '/api/supervision',
    function: 'supervision',
    action: 'supervision.read',
    authorizer: 'jwt',
  },
  {
    method: 'GET',
    path: '/api/beneficiaries/{beneficiaryId}/audit',
    function: 'supervision',
    action: 'audit.read',
    authorizer: 'jwt',
  },
  {
    method: 'POST',
    path: '/api/beneficiaries/{beneficiaryId}/reassign',
    function: 'supervision',
    action: 'beneficiary.reassign',
    authorizer: 'jwt',
  },
  // Administration.
  { method: 'GET', path: '/admin/people', function: 'administration', action: 'people.manage' },
  { method: 'POST', path: '/admin/people', function: 'administration', action: 'people.manage' },
  { method: 'POST', path: '/admin/people/{personId}', function: 'administration', action: 'people.manage' },
  { method: 'GET', path: '/admin/reference', function: 'administration', action: 'reference.read' },
  {
    method: 'POST',
    path: '/admin/associations/{associationCode}',
    function: 'administration',
    action: 'associations.manage',
  },
  {
    method: 'POST',
    path: '/api/associations/{associationCode}',
    function: 'administration',
    action: 'associations.manage',
    authorizer: 'jwt',
  },
  {
    method: 'GET',
    path: '/api/people',
    function: 'administration',
    action: 'people.manage',
    authorizer: 'jwt',
  },
  {
    method: 'POST',
    path: '/api/people',
    function: 'administration',
    action: 'people.manage',
    authorizer: 'jwt',
  },
  {
    method: 'POST',
    path: '/api/people/{personId}',
    function: 'administration',
    action: 'people.manage',
    authorizer: 'jwt',
  },
  // The public training catalogue and its open data (offers are not personal data: no session).
  // Open data sets sit side by side as /api/open-data/<set>.csv and .json.
  { method: 'GET', path: '/catalogue', function: 'trainingCatalogue' },
  { method: 'GET', path: '/api/training-offers', function: 'trainingCatalogue' },
  { method: 'GET', path: '/api/open-data/training-offers.csv', function: 'trainingCatalogue' },
  { method: 'GET', path: '/api/open-data/training-offers.json', function: 'trainingCatalogue' },
  {
    method: 'GET',
    path: '/api/labour-needs',
    function: 'labourNeeds',
    action: 'needs.read',
    authorizer: 'jwt',
  },
  {
    method: 'POST',
    path: '/api/labour-needs',
    function: 'labourNeeds',
    action: 'needs.manage',
    authorizer: 'jwt',
  },
  {
    method: 'POST',
    path: '/api/labour-needs/import',
    function: 'labourNeeds',
    action: 'needs.manage',
    authorizer: 'jwt',
  },
  // An employer's labour needs page (the API's routes are above) and the needs as open data.
  { method: 'GET', path: '/partner/needs', function: 'labourNeeds', action: 'needs.manage' },
  { method: 'POST', path: '/partner/needs', function: 'labourNeeds', action: 'needs.manage' },
  { method: 'POST', path: '/partner/needs/import', function: 'labourNeeds', action: 'needs.manage' },
  { method: 'GET', path: '/api/open-data/labour-needs.csv', function: 'labourNeeds' },
  { method: 'GET', path: '/api/open-data/labour-needs.json', function: 'labourNeeds' },
  // A training provider's own offers: its page, the offer form, its CSV import, and the API.
  // The literal paths come before `{offerId}` (API Gateway prefers them; the local gateway
  // takes the first route that matches).
  { method: 'GET', path: '/partner/offers', function: 'partnerOffers', action: 'offers.manage' },
  { method: 'GET', path: '/partner/offers/new', function: 'partnerOffers', action: 'offers.manage' },
  { method: 'POST', path: '/partner/offers', function: 'partnerOffers', action: 'offers.manage' },
  { method: 'POST', path: '/partner/offers/import', function: 'partnerOffers', action: 'offers.manage' },
  {
    method: 'GET',
    path: '/partner/offers/{offerId}/enrolments',
    function: 'partnerEnrolments',
    action: 'enrolments.read',
  },
  {
    method: 'GET',
    path: '/api/training-offers/{offerId}/enrolments',
    function: 'partnerEnrolments',
    action: 'enrolments.read',
    authorizer: 'jwt',
  },
  { method: 'GET', path: '/partner/offers/{offerId}', function: 'partnerOffers', action: 'offers.manage' },
  { method: 'POST', path: '/partner/offers/{offerId}', function: 'partnerOffers', action: 'offers.manage' },
  {
    method: 'POST',
    path: '/api/training-offers',
    function: 'partnerOffers',
    action: 'offers.manage',
    authorizer: 'jwt',
  },
  {
    method: 'POST',
    path: '/api/training-offers/import',
    function: 'partnerOffers',
    action: 'offers.manage',
    authorizer: 'jwt',
  },
  // Last, and the least specific: API Gateway prefers any other route that matches.
  { method: 'ANY', path: '/{proxy+}', function: 'notFound' },
];

/** The routes a deployment has: the local runtime has them all, AWS not the local-only ones. */
export function routesOn(where: 'aws' | 'local'): RouteSpec[] {
  return routes.filter((route) => where === 'local' || !functions[route.function].localOnly);
}

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
    description:
      'One beneficiary from intake to placement: profile, a coach with room, interview and plan, coaching sessions, training, placement.',
    functionArns: {
      ProfileBeneficiaryFunctionArn: 'profileBeneficiary',
      AssignCoachFunctionArn: 'assignCoach',
      CreateCoachTaskFunctionArn: 'createCoachTask',
      EscalateCoachTaskFunctionArn: 'escalateCoachTask',
      RecordStageFunctionArn: 'recordStage',
      RecordPlacementFunctionArn: 'recordPlacement',
      PlanFollowUpFunctionArn: 'planFollowUp',
      RecordCoachingStepFunctionArn: 'recordCoachingStep',
      QueueForCoachFunctionArn: 'queueForCoach',
    },
    envVar: workflowEnvVars.journey,
  },
  followUp: {
    file: 'workflows/follow-up.asl.json',
    description:
      'One follow-up of a placement: waits until it falls due, asks the coach (reminders, escalation), records it, then chains the next follow-up, reopens accompaniment, or ends.',
    functionArns: {
      CreateCoachTaskFunctionArn: 'createCoachTask',
      EscalateCoachTaskFunctionArn: 'escalateCoachTask',
      RecordFollowUpFunctionArn: 'recordFollowUp',
      PlanFollowUpFunctionArn: 'planFollowUp',
      ReopenAccompanimentFunctionArn: 'reopenAccompaniment',
    },
    envVar: workflowEnvVars.followUp,
  },
};

export interface StreamConsumerSpec {
  table: TableId;
  function: FunctionId;
  batchSize: number;
  /**
   * Only the records of items of these kinds (the key's `kind`) reach the function: an event
   * filter on AWS, the same test locally. Absent: every record.
   */
  kinds?: readonly string[];
}

export const streamConsumers: StreamConsumerSpec[] = [
  { table: 'journeyEvents', function: 'aggregateJourneyEvents', batchSize: 100 },
  { table: 'tasks', function: 'deliverTaskAnswers', batchSize: 25 },
  {
    table: 'reference',
    function: 'trainingSupplyChanges',
    batchSize: 25,
    kinds: SUPPLY_KINDS,
  },
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
  {
    function: 'tellStaleOffers',
    everyMinutes: 1440,
    description: 'Training providers told of their offers gone stale, once per offer per stale period.',
  },
  {
    function: 'upgradeRecords',
    everyMinutes: 60,
    description:
      "Beneficiaries' records written by earlier versions upgraded (duplicate keys, last activity), once done one read an hour; offer–demand counts of earlier versions folded into their totals.",
  },
  {
    function: 'eraseDuePersonalData',
    everyMinutes: 1440,
    description: 'Personal data erased once the retention period after the end of follow-up has passed.',
  },
];

/** Powertools service name and metrics namespace, the same on both sides. */
export const serviceName = 'kafaat';
export const metricsNamespace = 'Kafaat';
