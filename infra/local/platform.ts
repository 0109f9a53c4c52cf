/**
 * The whole platform on one machine: DynamoDB Local, the local Step Functions endpoint, the SES
 * emulator and the HTTP gateway, wired from the one app description to the same handlers and
 * workflow files that the CDK stack deploys. `npm start` and the tests both start it from here.
 */
// First: before any module loads the X-Ray SDK (see tracing-off.ts).
import './tracing-off';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import sesServer from 'aws-ses-v2-local';
import { keepInboxIn, keepInMemoryAtMost } from './ses-inbox';
import type { APIGatewayProxyEventV2, DynamoDBStreamEvent, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import {
  functions,
  metricsNamespace,
  schedules,
  serviceName,
  streamConsumers,
  tables,
  workflows,
  type FunctionId,
  type SharedSetting,
  type TableId,
  type WorkflowId,
} from '../app-description';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import {
  ensureTables,
  localEngineTableName,
  localIdentityTableName,
  localTableNames,
  type TableNames,
} from './tables';
import { seedPeople, seedReferenceData } from './seed';
import { DEFAULT_TRAINING_OFFER_FILE, loadTrainingOfferFile } from './load-training-offers';
import { startIdentityProvider } from './identity-provider';
import { LocalFunctions, LOCAL_ACCOUNT, LOCAL_REGION, localFunctionArn } from './functions';
import { loadWorkflow, type Json } from './step-functions/asl';
import { LocalStepFunctions, type LocalWorkflow } from './step-functions/engine';
import { startStepFunctionsEndpoint } from './step-functions/api-server';
import { LOCAL_LINK_SIGNING_SECRET_NAME, startSecretsEndpoint } from './secrets-endpoint';
import { StreamPoller } from './streams';
import { startHttpGateway } from './http-gateway';
import { DEFAULT_RETENTION_DAYS } from '../../functions/domain/personal-data';
import type { RateLimiterSettings } from './rate-limiter';

export interface PlatformOptions {
  /** Folder for DynamoDB Local's data; none keeps everything in memory. */
  dataDir?: string;
  /** Use a DynamoDB (Local) already running there instead of starting one. */
  dynamoEndpoint?: string;
  ports: { http: number; dynamodb: number; stepFunctions: number; ses: number; identity?: number };
  /** Prefix of the local table names (tests give each file its own). */
  tablePrefix?: string;
  /** Wait states and task time-outs run this many times faster than real time. */
  timeScale?: number;
  /** Task time-outs alone on a clock of their own (default: `timeScale`; the bench slows them). */
  taskTimeScale?: number;
  /** DynamoDB Local's Java heap ceiling, in MB (default 512: see `startDynamoDbLocal`). */
  dynamoHeapMb?: number;
  /** The SES emulator keeps about this many of the newest emails in memory (default: all). */
  inboxInMemory?: number;
  linkSigningSecret: string;
  emailFrom?: string;
  log?: (message: string) => void;
  /** How often scheduled functions run locally (default: as the description says). */
  scheduleEveryMs?: number;
  /** Days personal data is kept after a journey's last event (`npm start`: KAFAAT_RETENTION_DAYS). */
  retentionDays?: number;
  /** The public routes' rate limit per client address (`npm start`: KAFAAT_RATE_LIMIT); none: off. */
  rateLimit?: RateLimiterSettings;
}

export interface Platform {
  urls: {
    app: string;
    intake: string;
    dashboard: string;
    inbox: string;
    stepFunctions: string;
    dynamodb: string;
    /** The local user pool's endpoint (Cognito's protocol) and its tokens' issuer. */
    identity: string;
    issuer: string;
  };
  tableNames: TableNames;
  engineTable: string;
  workflowArns: Record<WorkflowId, string>;
  engine: LocalStepFunctions;
  functions: LocalFunctions;
  /** The local Step Functions endpoint's server (tests stop it to see the handlers cope). */
  stepFunctionsServer: Server;
  /** Stops one table's stream consumer (tests: a delivery that died, left to the sweep). */
  stopStreamConsumer: (table: TableId) => Promise<void>;
  stop: () => Promise<void>;
}

const root = resolve(__dirname, '..', '..');

export function localStateMachineArn(id: WorkflowId): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:kafaat-${id}`;
}

/**
 * What one function reads from its environment, as the CDK stack gives it on AWS: no more. A
 * setting it needs that is not known yet (the platform still starting) is an error.
 */
export function functionEnvironment(
  id: FunctionId,
  names: TableNames,
  settings: Partial<Record<SharedSetting, string>>,
): Record<string, string> {
  const spec = functions[id];
  const environment: Record<string, string> = {};
  for (const table of Object.keys(spec.tables) as TableId[]) environment[tables[table].envVar] = names[table];
  for (const workflow of Object.keys(spec.workflows ?? {}) as WorkflowId[]) {
    environment[workflows[workflow].envVar] = localStateMachineArn(workflow);
  }
  const needed: SharedSetting[] = [
    ...(spec.settings ?? []),
    ...(spec.sendsEmail ? ['EMAIL_FROM' as const] : []),
  ];
  for (const setting of needed) {
    const value = settings[setting];
    if (value === undefined)
      throw new Error(
        `A function was invoked before the platform finished starting (${setting} is not known yet)`,
      );
    environment[setting] = value;
  }
  return environment;
}

/** The process environment every function shares, as the Lambda runtime gives it (no app settings). */
function runtimeEnvironment(): Record<string, string> {
  const shared = /^(AWS_|POWERTOOLS_|NODE_|TZ$|PATH$|HOME$|LANG$|LC_)/;
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => shared.test(entry[0]) && entry[1] !== undefined,
    ),
  );
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? ((message: string) => console.log(message));
  const timeScale = options.timeScale ?? 1;
  const taskTimeScale = options.taskTimeScale ?? timeScale;
  const prefix = options.tablePrefix ?? 'kafaat-';
  const shutdown = new Shutdown(log);

  try {
    // 1. DynamoDB Local, and the SDK settings every client in this process (the handlers' too) reads.
    let dynamoDb: DynamoDbLocal | undefined;
    if (!options.dynamoEndpoint) {
      dynamoDb = await startDynamoDbLocal({
        port: options.ports.dynamodb,
        ...(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb') } : {}),
        ...(options.dynamoHeapMb ? { heapMb: options.dynamoHeapMb } : {}),
      });
      shutdown.last('DynamoDB Local', () => dynamoDb?.stop() ?? Promise.resolve());
    }
    const dynamoEndpoint = options.dynamoEndpoint ?? dynamoDb?.endpoint ?? '';
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamoEndpoint,
      POWERTOOLS_SERVICE_NAME: serviceName,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      POWERTOOLS_TRACE_ENABLED: 'false',
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    });
    const dynamo = new DynamoDBClient({});
    const documents = DynamoDBDocumentClient.from(dynamo, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const streams = new DynamoDBStreamsClient({});
    shutdown.sockets('AWS clients', async () => {
      dynamo.destroy();
      streams.destroy();
    });

    // 2. Tables from the app description, and the reference data.
    const tableNames = localTableNames(prefix);
    const engineTable = localEngineTableName(prefix);
    await ensureTables(dynamo, tableNames, engineTable, localIdentityTableName(prefix));
    const seeded = await seedReferenceData(documents, tableNames.reference);
    if (seeded > 0) log(`Loaded ${seeded} reference items (regions, provinces, associations, coaches)`);
    // The training catalogue, from its file at every start: an edited file updates the offers
    // (the seats taken are kept). A bad file stops the start with the entries to fix.
    const catalogue = await loadTrainingOfferFile(
      documents,
      tableNames.reference,
      join(root, DEFAULT_TRAINING_OFFER_FILE),
      new Date(),
    );
    log(`Training catalogue: ${catalogue.loaded} offers (${DEFAULT_TRAINING_OFFER_FILE})`);

    // 3. The SES v2 emulator and its inbox, kept in the data folder across restarts.
    if (options.dataDir) {
      const kept = keepInboxIn(join(options.dataDir, 'inbox.jsonl'));
      if (kept > 0) log(`Coaches' inbox: ${kept} email(s) kept from before`);
    }
    if (options.inboxInMemory !== undefined) keepInMemoryAtMost(options.inboxInMemory);
    const ses: Server = await sesServer({ host: '127.0.0.1', port: options.ports.ses });
    shutdown.sockets('SES emulator', () => closeServer(ses));
    const sesPort = (ses.address() as { port: number }).port;
    const inbox = `http://localhost:${sesPort}`;

    // 4. The functions, each in its own environment, and the Step Functions engine running the
    //    same ASL files. The settings known now are given at once (GET /health answers while the
    //    platform starts); the endpoints' are filled in once the servers below are up.
    const known: { settings: Partial<Record<SharedSetting, string>> } = {
      settings: {
        EMAIL_FROM: options.emailFrom ?? 'Kafaat <no-reply@kafaat.example>',
        LINK_SIGNING_SECRET_NAME: LOCAL_LINK_SIGNING_SECRET_NAME,
        TIME_SCALE: String(timeScale),
        TASK_TIME_SCALE: String(taskTimeScale),
        RETENTION_DAYS: String(options.retentionDays ?? DEFAULT_RETENTION_DAYS),
      },
    };
    const localFunctions = new LocalFunctions({
      root,
      commonEnvironment: runtimeEnvironment,
      environmentOf: (id) => {
        return functionEnvironment(id, tableNames, known.settings);
      },
    });
    const invokeArn = async (arn: string, payload: Json): Promise<Json> => {
      const id = localFunctions.idOfArn(arn);
      if (!id)
        throw Object.assign(new Error(`Function not found: ${arn}`), {
          name: 'Lambda.ResourceNotFoundException',
        });
      return (await localFunctions.invoke(id, payload)) as Json;
    };
    const localWorkflows: LocalWorkflow[] = (Object.keys(workflows) as WorkflowId[]).map((id) => {
      const spec = workflows[id];
      const values = Object.fromEntries(
        Object.entries(spec.functionArns).map(([name, fn]) => [name, localFunctionArn(fn)]),
      );
      return { ...loadWorkflow(join(root, spec.file), values), stateMachineArn: localStateMachineArn(id) };
    });
    const engine = new LocalStepFunctions({
      dynamo: documents,
      table: engineTable,
      workflows: localWorkflows,
      invoke: invokeArn,
      timeScale,
      taskTimeScale,
      log,
    });
    const sfn = await startStepFunctionsEndpoint(engine, options.ports.stepFunctions);
    shutdown.sockets('Step Functions endpoint', () => closeServer(sfn.server));
    // The engine stops its executions first; only then are function calls refused (a call refused
    // while the engine still runs would be retried into a failed execution).
    shutdown.engine(async () => {
      await engine.close();
      localFunctions.close();
    });
    shutdown.drain((ms) => localFunctions.drain(ms));

    // 5. The HTTP gateway; then the endpoints' settings (the gateway's URL, the user pool's ids).
    const gateway = await startHttpGateway({
      port: options.ports.http,
      jwtAuthorizer: () =>
        known.settings.IDENTITY_ISSUER === undefined || known.settings.IDENTITY_CLIENT_ID === undefined
          ? undefined
          : {
              issuer: known.settings.IDENTITY_ISSUER,
              audience: known.settings.IDENTITY_CLIENT_ID,
            },
      invoke: (id: FunctionId, event: APIGatewayProxyEventV2) => localFunctions.invoke(id, event),
      log,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    });
    shutdown.intake('HTTP gateway', () => stopAccepting(gateway.server));
    shutdown.sockets('HTTP connections', async () => {
      gateway.server.closeAllConnections();
    });
    const secrets = await startSecretsEndpoint({
      [LOCAL_LINK_SIGNING_SECRET_NAME]: options.linkSigningSecret,
    });
    shutdown.sockets('Secrets Manager endpoint', () => closeServer(secrets.server));
    // The user pool, which calls the app's pre-token-generation trigger as Cognito does; the
    // seeded people of every role, with the local password.
    const identity = await startIdentityProvider({
      documents,
      table: localIdentityTableName(prefix),
      ...(options.dataDir ? { keyFile: join(options.dataDir, 'identity-signing-key.json') } : {}),
      preTokenGeneration: (event) =>
        localFunctions.invoke('tokenClaims', event) as Promise<PreTokenGenerationTriggerEvent>,
      port: options.ports.identity ?? 0,
    });
    shutdown.sockets('local user pool', () => closeServer(identity.server));
    const seededPeople = await seedPeople(documents, tableNames.people, identity.ensureUser);
    if (seededPeople > 0)
      log(`Seeded ${seededPeople} people of every role (README: "People, roles and signing in")`);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: identity.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_ENDPOINT_URL_SFN: sfn.endpoint,
      AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${sesPort}`,
    });
    Object.assign(known.settings, {
      PUBLIC_BASE_URL: gateway.url,
      IDENTITY_ISSUER: identity.issuer,
      IDENTITY_CLIENT_ID: identity.clientId,
      IDENTITY_USER_POOL_ID: identity.userPoolId,
    });

    // 6. Stream consumers, as Lambda's event source mappings; scheduled functions, as rules.
    const pollers = new Map<TableId, StreamPoller>();
    for (const consumer of streamConsumers) {
      const poller = new StreamPoller({
        dynamo,
        documents,
        streams,
        table: tableNames[consumer.table],
        engineTable,
        batchSize: consumer.batchSize,
        ...(consumer.kinds ? { kinds: consumer.kinds } : {}),
        consume: (event: DynamoDBStreamEvent) => localFunctions.invoke(consumer.function, event),
        log,
      });
      poller.start();
      pollers.set(consumer.table, poller);
      shutdown.intake(`stream of ${consumer.table}`, () => poller.stop());
    }
    for (const schedule of schedules) {
      const timer = new LocalSchedule(
        () => localFunctions.invoke(schedule.function, { source: 'kafaat.local-schedule' }),
        options.scheduleEveryMs ?? schedule.everyMinutes * 60_000,
        (error) => log(`Scheduled ${schedule.function} failed: ${error.message}`),
      );
      shutdown.intake(`schedule of ${schedule.function}`, () => timer.stop());
      timer.start(); // at start too: what a crash left half-done is reconciled now
    }

    // 7. Journeys that were running when the platform last stopped go on.
    const resumed = await engine.resumeAll();
    if (resumed > 0) log(`Resumed ${resumed} journey(s) where they stood`);

    return {
      urls: {
        app: gateway.url,
        intake: `${gateway.url}/intake`,
        dashboard: `${gateway.url}/dashboard`,
        inbox,
        stepFunctions: sfn.endpoint,
        dynamodb: dynamoEndpoint,
        identity: identity.endpoint,
        issuer: identity.issuer,
      },
      tableNames,
      engineTable,
      workflowArns: Object.fromEntries(
        (Object.keys(workflows) as WorkflowId[]).map((id) => [id, localStateMachineArn(id)]),
      ) as Record<WorkflowId, string>,
      engine,
      functions: localFunctions,
      stepFunctionsServer: sfn.server,
      stopStreamConsumer: async (table) => pollers.get(table)?.stop(),
      stop: () => shutdown.run(),
    };
  } catch (error) {
    await shutdown.run();
    throw error;
  }
}

/**
 * Stopping in order, so nothing in flight meets a closed door: first no new work (HTTP, streams,
 * schedules), then the requests in flight finish, then the engine stops its executions (they
 * stay RUNNING in the table and resume next start), then what they were doing finishes, then
 * the sockets close, and DynamoDB Local goes last. Each phase has a time budget.
 */
class Shutdown {
  private readonly phases = {
    intake: [] as [string, () => Promise<void>][],
    engine: [] as (() => Promise<void>)[],
    drain: [] as ((ms: number) => Promise<boolean>)[],
    sockets: [] as [string, () => Promise<void>][],
    last: [] as [string, () => Promise<void>][],
  };
  private running: Promise<void> | undefined;

  constructor(private readonly log: (message: string) => void) {}

  intake(name: string, close: () => Promise<void>): void {
    this.phases.intake.push([name, close]);
  }
  engine(close: () => Promise<void>): void {
    this.phases.engine.push(close);
  }
  drain(wait: (ms: number) => Promise<boolean>): void {
    this.phases.drain.push(wait);
  }
  sockets(name: string, close: () => Promise<void>): void {
    this.phases.sockets.push([name, close]);
  }
  last(name: string, close: () => Promise<void>): void {
    this.phases.last.push([name, close]);
  }

  run(): Promise<void> {
    this.running ??= this.stop();
    return this.running;
  }

  private async stop(): Promise<void> {
    const step = async (name: string, close: () => Promise<unknown>, budgetMs: number) => {
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        close().then(
          () => 'done',
          (error: Error) => `failed: ${error.message}`,
        ),
        new Promise<string>((resolveLate) => (timer = setTimeout(() => resolveLate('late'), budgetMs))),
      ]);
      clearTimeout(timer);
      if (outcome !== 'done')
        this.log(`stop: ${name} ${outcome === 'late' ? `took over ${budgetMs} ms` : outcome}`);
    };
    // Budgets add up to 9 s, under `npm start`'s 9.5 s watchdog and the 10 s promised.
    await Promise.all(this.phases.intake.map(([name, close]) => step(name, close, 1500)));
    for (const wait of this.phases.drain) await wait(2000);
    await Promise.all(this.phases.engine.map((close) => step('the workflow engine', close, 1500)));
    for (const wait of this.phases.drain) {
      if (!(await wait(1500))) this.log('stop: some function calls were still running; they are abandoned');
    }
    await Promise.all(this.phases.sockets.map(([name, close]) => step(name, close, 500)));
    for (const [name, close] of this.phases.last) await step(name, close, 2000);
  }
}

/** A scheduled function, run now and then every `everyMs`; never two runs at once. */
class LocalSchedule {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly everyMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    if (this.stopped) return;
    this.current = this.run().then(
      () => undefined,
      (error: Error) => this.onError(error),
    );
    void this.current.finally(() => {
      if (!this.stopped) this.timer = setTimeout(() => this.start(), this.everyMs);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }
}

/** Stops taking new connections; requests already in flight finish (see Shutdown). */
function stopAccepting(server: Server): Promise<void> {
  server.close();
  server.closeIdleConnections();
  return Promise.resolve();
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections?.();
  });
}
