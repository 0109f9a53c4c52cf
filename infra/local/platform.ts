/**
 * The whole platform on one machine: DynamoDB Local, the local Step Functions endpoint, the SES
 * emulator and the HTTP gateway, wired from the one app description to the same handlers and
 * workflow files that the CDK stack deploys. `npm start` and the tests both start it from here.
 */
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import sesServer from 'aws-ses-v2-local';
import type { APIGatewayProxyEventV2, DynamoDBStreamEvent } from 'aws-lambda';
import {
  functions,
  metricsNamespace,
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
import { ensureTables, localTableNames, type TableNames } from './tables';
import { seedReferenceData } from './seed';
import { LocalFunctions, LOCAL_ACCOUNT, LOCAL_REGION, localFunctionArn } from './functions';
import { loadWorkflow, type Json } from './step-functions/asl';
import { LocalStepFunctions, type LocalWorkflow } from './step-functions/engine';
import { startStepFunctionsEndpoint } from './step-functions/api-server';
import { StreamPoller } from './streams';
import { startHttpGateway } from './http-gateway';

export interface PlatformOptions {
  /** Folder for DynamoDB Local's data; none keeps everything in memory. */
  dataDir?: string;
  /** Use a DynamoDB (Local) already running there instead of starting one. */
  dynamoEndpoint?: string;
  ports: { http: number; dynamodb: number; stepFunctions: number; ses: number };
  /** Prefix of the local table names (tests give each file its own). */
  tablePrefix?: string;
  /** Wait states and task time-outs run this many times faster than real time. */
  timeScale?: number;
  linkSigningSecret: string;
  emailFrom?: string;
  log?: (message: string) => void;
}

export interface Platform {
  urls: {
    app: string;
    intake: string;
    dashboard: string;
    inbox: string;
    stepFunctions: string;
    dynamodb: string;
  };
  tableNames: TableNames;
  engineTable: string;
  workflowArns: Record<WorkflowId, string>;
  engine: LocalStepFunctions;
  functions: LocalFunctions;
  stop: () => Promise<void>;
}

const root = resolve(__dirname, '..', '..');

export function localStateMachineArn(id: WorkflowId): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:kafaat-${id}`;
}

/** What every function reads from its environment, as the CDK stack gives it on AWS. */
function functionEnvironment(
  names: TableNames,
  settings: Record<SharedSetting, string>,
): Record<string, string> {
  const environment: Record<string, string> = {};
  const set = (name: string, value: string, owner: FunctionId) => {
    if (environment[name] !== undefined && environment[name] !== value) {
      throw new Error(`Function ${owner} sets ${name} differently from another function`);
    }
    environment[name] = value;
  };
  for (const [id, spec] of Object.entries(functions) as [FunctionId, (typeof functions)[FunctionId]][]) {
    for (const table of Object.keys(spec.tables) as TableId[]) set(tables[table].envVar, names[table], id);
    for (const workflow of Object.keys(spec.workflows ?? {}) as WorkflowId[]) {
      set(workflows[workflow].envVar, localStateMachineArn(workflow), id);
    }
    for (const setting of spec.settings ?? []) set(setting, settings[setting], id);
  }
  return environment;
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? ((message: string) => console.log(message));
  const timeScale = options.timeScale ?? 1;
  const prefix = options.tablePrefix ?? 'kafaat-';
  const closers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of closers.splice(0).reverse())
      await close().catch((e: Error) => log(`stop: ${e.message}`));
  };

  try {
    // 1. DynamoDB Local, and the SDK settings every client in this process (the handlers' too) reads.
    let dynamoDb: DynamoDbLocal | undefined;
    if (!options.dynamoEndpoint) {
      dynamoDb = await startDynamoDbLocal({
        port: options.ports.dynamodb,
        ...(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb') } : {}),
      });
      closers.push(dynamoDb.stop);
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
    closers.push(async () => {
      dynamo.destroy();
      streams.destroy();
    });

    // 2. Tables from the app description, and the reference data.
    const tableNames = localTableNames(prefix);
    const engineTable = `${prefix}local-engine`;
    await ensureTables(dynamo, tableNames, engineTable);
    const seeded = await seedReferenceData(documents, tableNames.reference);
    if (seeded > 0)
      log(`Loaded ${seeded} reference items (regions, provinces, associations, coaches, training offers)`);

    // 3. The SES v2 emulator and its inbox.
    const ses: Server = await sesServer({ host: '127.0.0.1', port: options.ports.ses });
    closers.push(() => closeServer(ses));
    const sesPort = (ses.address() as { port: number }).port;
    const inbox = `http://localhost:${sesPort}`;

    // 4. The functions, and the Step Functions engine running the same ASL files.
    const localFunctions = new LocalFunctions(root);
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
      log,
    });
    const sfn = await startStepFunctionsEndpoint(engine, options.ports.stepFunctions);
    closers.push(() => closeServer(sfn.server));
    closers.push(() => engine.close());

    // 5. The HTTP gateway; then every function's environment, before any handler loads.
    const gateway = await startHttpGateway({
      port: options.ports.http,
      invoke: (id: FunctionId, event: APIGatewayProxyEventV2) => localFunctions.invoke(id, event),
      log,
    });
    closers.push(() => closeServer(gateway.server));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SFN: sfn.endpoint,
      AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${sesPort}`,
      ...functionEnvironment(tableNames, {
        PUBLIC_BASE_URL: gateway.url,
        EMAIL_FROM: options.emailFrom ?? 'Kafaat <no-reply@kafaat.example>',
        LINK_SIGNING_SECRET: options.linkSigningSecret,
      }),
    });

    // 6. Stream consumers, as Lambda's event source mappings.
    for (const consumer of streamConsumers) {
      const poller = new StreamPoller({
        dynamo,
        documents,
        streams,
        table: tableNames[consumer.table],
        engineTable,
        batchSize: consumer.batchSize,
        consume: (event: DynamoDBStreamEvent) => localFunctions.invoke(consumer.function, event),
        log,
      });
      poller.start();
      closers.push(() => poller.stop());
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
      },
      tableNames,
      engineTable,
      workflowArns: Object.fromEntries(
        (Object.keys(workflows) as WorkflowId[]).map((id) => [id, localStateMachineArn(id)]),
      ) as Record<WorkflowId, string>,
      engine,
      functions: localFunctions,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
