/**
 * The Kafaat stack, generated from the one app description (`infra/app-description.ts`): every
 * table, function, grant, route, workflow and stream consumer below comes from it, nothing is
 * listed twice. Functions marked `localOnly` (the development sign-in) and their routes are left
 * out.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  createAlarms,
  createAlarmTopic,
  createDashboard,
  type MonitoredStreamConsumer,
} from '../../dashboards/cloudwatch-dashboard';
import { referenceItems } from '../../functions/domain/reference-data';
import { DEFAULT_RETENTION_DAYS } from '../../functions/domain/personal-data';
import {
  functions,
  metricsNamespace,
  routesOn,
  schedules,
  serviceName,
  streamConsumers,
  tables,
  workflows,
  type FunctionId,
  type RouteSpec,
  type SharedSetting,
  type TableId,
  type WorkflowId,
} from '../app-description';
import { FunctionWithLogGroup } from './function-with-log-group';
import { Identity } from './identity';
import { ReferenceDataSeed } from './reference-data-seed';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { WorkflowStateMachine } from './workflow-state-machine';
import { PUBLIC_ROUTE_LIMIT, rateLimitGroupOf } from '../rate-limits';

/** Context key of the address the emails are sent from (`cdk.json`, or `-c kafaat:emailFrom=...`). */
export const emailFromContextKey = 'kafaat:emailFrom';
/** `-c kafaat:retentionDays=<days>`: how long personal data is kept after the end of follow-up. */
export const retentionDaysContextKey = 'kafaat:retentionDays';
export const defaultEmailFrom = 'no-reply@kafaat.example';
/**
 * `-c kafaat:indexesLeftOut=<index>,<index>`: indexes this deploy does not add yet. CloudFormation
 * adds one global secondary index per table and update, so a stack that lacks two new ones takes
 * two deploys: the first leaves one out (README, "Deploying to AWS").
 */
export const indexesLeftOutContextKey = 'kafaat:indexesLeftOut';

/** `journeyEvents` → `JourneyEvents`: construct ids from description ids. */
export function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

function typedEntries<K extends string, V>(record: Partial<Record<K, V>>): [K, V][] {
  return Object.entries(record) as [K, V][];
}

/** The functions deployed on AWS: all but the local-only ones. */
export function functionIdsOnAws(): FunctionId[] {
  return (Object.keys(functions) as FunctionId[]).filter((id) => !functions[id].localOnly);
}

/** The user pool's pre-token-generation trigger (puts the role and scope in the ID token). */
export const tokenClaimsFunction: FunctionId = 'tokenClaims';

/**
 * Why a route without an authorizer may be called without a token (cdk-nag AwsSolutions-APIG4),
 * by the function behind it. A public route of a function not listed here stays a finding.
 */
const publicRouteReasons: Partial<Record<FunctionId, string>> = {
  health: 'The health check answers uptime probes without a session and reads nothing.',
  reference: 'The reference codes (regions, provinces, education levels) are public data the forms need.',
  pages:
    "The home page: without a valid session it sends the person to the sign-in page; with one it verifies the token (as every page does) and shows that person's start page.",
  openTask:
    'A coach link: it carries a task id with an expiry and an HMAC signature the function checks before it reads the task, and each read is audited in the case file.',
  completeTask:
    'A coach link form: it carries a task id with an expiry and an HMAC signature the function checks, and a task is answered once.',
  signIn:
    "Signing in and out needs no session by definition. The password goes to Cognito (InitiateAuth): its lockout of repeated failed sign-ins, its threat protection (auditing first) and the default stage's throttle stand in front of guessing.",
  notFound: 'The catch-all 404 answers any other path without reading anything.',
  assets:
    "The dashboard's chart library (Apache ECharts) and page script: static code the function holds in its bundle, no data; it reads no table and writes nothing, and the default stage's throttle caps bursts.",
  trainingCatalogue:
    "The training catalogue is public information (offers, providers, dates, seats: no personal data): the function only reads the reference table's training offers (a Query on their kind), writes nothing, and the default stage's throttle caps bursts.",
  // Only its routes without an action are public (the open data); its others need a session.
  labourNeeds:
    "The labour needs' open data (GET /api/open-data/labour-needs.csv and .json) is public information employers publish (occupations, positions, places, periods: no personal data): those routes only read the reference table's labour needs (a Query on their kind) and write nothing, and the default stage's throttle caps bursts.",
};

export class KafaatStack extends Stack {
  public readonly tables: Record<TableId, dynamodb.Table>;
  /** The customer-managed key of the tables that hold personal data (`personalData` in the description). */
  public readonly personalDataKey: kms.Key;
  /** Every function of the description but the local-only ones (see `functionOf`). */
  public readonly functions: Partial<Record<FunctionId, FunctionWithLogGroup>>;
  public readonly workflows: Record<WorkflowId, WorkflowStateMachine>;
  public readonly httpApi: apigwv2.HttpApi;
  public readonly emailIdentity: ses.EmailIdentity;
  public readonly linkSigningSecret: secretsmanager.Secret;
  public readonly referenceDataSeed: ReferenceDataSeed;
  public readonly identity: Identity;
  /** Every alarm of the stack reports here; people subscribe to it (README, "Operations"). */
  public readonly alarmTopic: sns.Topic;

  public constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, {
      description: 'Kafaat: accompany vulnerable people into work, and show public funders what works.',
      ...props,
    });

    const emailFrom = String(this.node.tryGetContext(emailFromContextKey) ?? defaultEmailFrom);
    const emailDomain = /^[^@\s]+@([^@\s]+\.[^@\s]+)$/.exec(emailFrom)?.[1];
    if (!emailDomain)
      throw new Error(`Context ${emailFromContextKey} is not an email address: "${emailFrom}"`);

    // The programme's own key for personal data at rest: disabling it, or revoking a grant, makes
    // those tables unreadable at once; CloudTrail logs each use. The key policy is CDK's default —
    // the account administers it through IAM, no other principal — and each function gets
    // kms:Decrypt (and Encrypt where it writes) on this one key with its table grants. Retained:
    // the tables it encrypts outlive the stack, and deleting the key would make them unreadable.
    this.personalDataKey = new kms.Key(this, 'PersonalDataKey', {
      description:
        "Encrypts the Kafaat tables that hold personal data (beneficiaries, coaches' answers, case files, staff).",
      alias: `alias/${this.stackName}-personal-data`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });

    // Tables. `dynamodb.Table` (AWS::DynamoDB::Table) rather than `TableV2`, which synthesizes
    // AWS::DynamoDB::GlobalTable: the app runs in one region, and the plain table keeps the
    // familiar resource type, console view and grant methods. Moving to TableV2 later means a
    // table replacement (or a CloudFormation import), so it is a decision to take before data.
    const indexesLeftOut = new Set(
      String(this.node.tryGetContext(indexesLeftOutContextKey) ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    );
    this.tables = Object.fromEntries(
      typedEntries(tables).map(([tableId, spec]) => {
        const table = new dynamodb.Table(this, `${pascal(tableId)}Table`, {
          partitionKey: { name: spec.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: spec.sortKey ? { name: spec.sortKey, type: dynamodb.AttributeType.STRING } : undefined,
          billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
          ...(spec.personalData
            ? {
                encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
                encryptionKey: this.personalDataKey,
              }
            : { encryption: dynamodb.TableEncryption.AWS_MANAGED }),
          stream: spec.stream === undefined ? undefined : dynamodb.StreamViewType[spec.stream],
          timeToLiveAttribute: spec.timeToLiveAttribute,
          // Personal data outlives the stack (and survives a mistaken replacement); the other
          // tables hold counters and anonymous events and go with it.
          removalPolicy: spec.personalData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
          deletionProtection: spec.personalData,
        });
        for (const index of (spec.indexes ?? []).filter((i) => !indexesLeftOut.has(i.name))) {
          table.addGlobalSecondaryIndex({
            indexName: index.name,
            partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
            sortKey: index.sortKey ? { name: index.sortKey, type: dynamodb.AttributeType.STRING } : undefined,
            projectionType: index.keysOnly ? dynamodb.ProjectionType.KEYS_ONLY : dynamodb.ProjectionType.ALL,
          });
        }
        return [tableId, table];
      }),
    ) as Record<TableId, dynamodb.Table>;

    // The HTTP API comes before the functions so they can be told its URL. No cycle: the
    // functions reference the API, while routes, integrations and invoke permissions are
    // separate resources that reference both.
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description:
        "Kafaat pages and API: sign-in, intake, beneficiaries' records, caseloads, supervision, administration, coach links and the governance dashboard.",
      createDefaultStage: false,
    });
    const stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogs) },
      // Public routes (sign-in, coach links): cap what one burst can cost.
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    // The user pool and its app client come before the functions too: their ids are settings.
    // No cycle: the pool references only the token-claims trigger, which gets none of them.
    this.identity = new Identity(this, 'Identity');

    this.emailIdentity = new ses.EmailIdentity(this, 'EmailIdentity', {
      identity: ses.Identity.domain(emailDomain),
    });

    // The functions get the secret's ARN, not its value: they read it at run time with Powertools
    // Parameters (getSecret, cached five minutes), granted secretsmanager:GetSecretValue on it.
    this.linkSigningSecret = new secretsmanager.Secret(this, 'LinkSigningSecret', {
      description: 'HMAC key that signs the links emailed to coaches.',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.linkSigningSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the signing key invalidates every coach link in flight; rotation waits for key ids in the links (verify with current and previous key). Rotate by hand until then.',
    });

    const settings: Record<SharedSetting, string> = {
      PUBLIC_BASE_URL: this.httpApi.apiEndpoint,
      EMAIL_FROM: emailFrom,
      LINK_SIGNING_SECRET_NAME: this.linkSigningSecret.secretArn,
      // Real time on AWS; the local runtime may run journeys faster.
      TIME_SCALE: '1',
      TASK_TIME_SCALE: '1',
      // Days personal data is kept after a journey's last event (README "Data and privacy").
      RETENTION_DAYS: String(this.node.tryGetContext(retentionDaysContextKey) ?? DEFAULT_RETENTION_DAYS),
      // `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the `iss` of the pool's tokens.
      IDENTITY_ISSUER: this.identity.userPool.userPoolProviderUrl,
      IDENTITY_CLIENT_ID: this.identity.client.userPoolClientId,
      IDENTITY_USER_POOL_ID: this.identity.userPool.userPoolId,
    };
    const identitySettings: SharedSetting[] = [
      'IDENTITY_ISSUER',
      'IDENTITY_CLIENT_ID',
      'IDENTITY_USER_POOL_ID',
    ];
    if (functions[tokenClaimsFunction].settings?.some((s) => identitySettings.includes(s)))
      throw new Error(
        `${tokenClaimsFunction} is the user pool's trigger: it cannot be given the pool's ids (a dependency cycle)`,
      );

    this.functions = Object.fromEntries(
      functionIdsOnAws().map((fnId) => {
        const spec = functions[fnId];
        const fn = new FunctionWithLogGroup(this, `${pascal(fnId)}Function`, {
          entry: spec.entry,
          description: spec.description,
          serviceName,
          metricsNamespace,
          timeout: spec.timeoutSeconds ? Duration.seconds(spec.timeoutSeconds) : undefined,
          memorySize: spec.memoryMb,
        });
        for (const [tableId, access] of typedEntries(spec.tables)) {
          fn.bindTable(
            this.tables[tableId],
            tables[tableId].envVar,
            access,
            (tables[tableId].indexes ?? []).length > 0,
          );
        }
        for (const setting of spec.settings ?? []) fn.addEnvironment(setting, settings[setting]);
        if (spec.settings?.includes('LINK_SIGNING_SECRET_NAME')) this.linkSigningSecret.grantRead(fn);
        if (spec.sendsEmail) this.emailIdentity.grantSendEmail(fn);
        // `sign-in` calls InitiateAuth, which is public (the client id): no IAM right.
        if (spec.identity === 'manage-users') this.identity.grantManageUsers(fn);
        return [fnId, fn];
      }),
    ) as Partial<Record<FunctionId, FunctionWithLogGroup>>;
    this.identity.setTokenClaims(this.functionOf(tokenClaimsFunction));

    this.workflows = Object.fromEntries(
      typedEntries(workflows).map(([workflowId, spec]) => {
        const workflow = new WorkflowStateMachine(this, `${pascal(workflowId)}Workflow`, {
          stateMachineName: `${this.stackName}-${workflowId}`,
          file: spec.file,
          description: spec.description,
          functions: Object.fromEntries(
            Object.entries(spec.functionArns).map(([placeholder, fnId]) => [
              placeholder,
              this.functionOf(fnId),
            ]),
          ),
        });
        return [workflowId, workflow];
      }),
    ) as Record<WorkflowId, WorkflowStateMachine>;

    // Functions reach a workflow by its name, not the resource: the workflow's own steps answer
    // its tasks too (a reference to the state machine would make it and them depend on each other).
    const byName = Object.fromEntries(
      typedEntries(workflows).map(([workflowId]) => [
        workflowId,
        sfn.StateMachine.fromStateMachineName(
          this,
          `${pascal(workflowId)}WorkflowByName`,
          `${this.stackName}-${workflowId}`,
        ),
      ]),
    ) as Record<WorkflowId, sfn.IStateMachine>;
    for (const fnId of functionIdsOnAws()) {
      for (const [workflowId, access] of typedEntries(functions[fnId].workflows ?? {})) {
        this.functionOf(fnId).bindWorkflow(
          byName[workflowId],
          workflows[workflowId].envVar,
          access,
          `${this.stackName}-${workflowId}`,
        );
      }
    }

    const integrations = new Map<FunctionId, HttpLambdaIntegration>();
    // RouteSettings is free-form JSON to CloudFormation: its keys are written as the template wants them.
    const throttledRoutes: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of routesOn('aws')) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${pascal(route.function)}Integration`,
          this.functionOf(route.function),
        );
        integrations.set(route.function, integration);
      }
      const added = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
        authorizer: route.authorizer === 'jwt' ? this.identity.jwtAuthorizer : undefined,
      });
      const reason = route.authorizer === 'jwt' ? undefined : unauthorizedRouteReason(route);
      if (reason) {
        for (const httpRoute of added)
          Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      }
      // The public routes (intake, sign-in, coach links, catalogue and open data) each get their
      // own throttle, tighter than the stage's (infra/rate-limits.ts; the local gateway's limiter).
      if (rateLimitGroupOf(route)) {
        throttledRoutes[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: PUBLIC_ROUTE_LIMIT.rateLimit,
          ThrottlingBurstLimit: PUBLIC_ROUTE_LIMIT.burstLimit,
        };
        // A stage's route settings may only name routes that exist: the stage comes after them.
        for (const httpRoute of added) stage.node.addDependency(httpRoute);
      }
    }
    (stage.node.defaultChild as apigwv2.CfnStage).routeSettings = throttledRoutes;

    const monitoredConsumers = streamConsumers.map((consumer): MonitoredStreamConsumer => {
      const name = `${pascal(consumer.table)}To${pascal(consumer.function)}`;
      const table = this.tables[consumer.table];
      // Records that still fail after the retries: their stream coordinates land here.
      const dlq = new sqs.Queue(this, `${name}FailedRecords`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(dlq).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the on-failure destination (dead-letter queue) of the stream event source mapping.',
      });
      dlq
        .metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        })
        .createAlarm(this, `${name}FailedRecordsAlarm`, {
          alarmDescription: `Stream records of ${consumer.table} that ${consumer.function} could not process.`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
      const fn = this.functionOf(consumer.function);
      fn.addEventSource(
        new DynamoEventSource(table, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          batchSize: consumer.batchSize,
          bisectBatchOnError: true,
          retryAttempts: 5,
          // A handler returning { batchItemFailures } retries only those; one returning nothing
          // still counts as full success, so this is safe either way.
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(dlq),
          // Only the items of the kinds it follows (the local poller applies the same test).
          ...(consumer.kinds
            ? {
                filters: [
                  lambda.FilterCriteria.filter({
                    dynamodb: { Keys: { kind: { S: lambda.FilterRule.or(...consumer.kinds) } } },
                  }),
                ],
              }
            : {}),
        }),
      );
      // Same finding id as the X-Ray one FunctionWithLogGroup acknowledges, on the same policy.
      Validations.of(fn.role ?? fn).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Reading a table stream needs dynamodb:ListStreams, which has no resource-level permissions; the stream actions themselves are on the one stream ARN. (X-Ray actions: see FunctionWithLogGroup.)',
      });
      return { name: `${consumer.table} → ${consumer.function}`, id: name, fn, deadLetterQueue: dlq };
    });

    for (const schedule of schedules) {
      const fn = this.functionOf(schedule.function);
      // A scheduled run is an asynchronous invocation: what EventBridge cannot deliver, and a run
      // that still fails after Lambda's two retries, land in one queue that raises an alarm.
      const failedRuns = this.failureQueue(
        `${pascal(schedule.function)}FailedRuns`,
        `Scheduled runs of ${schedule.function} that failed after their retries.`,
        'the dead-letter queue of its schedule rule and the on-failure destination of its asynchronous invocations',
      );
      fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(failedRuns) });
      new events.Rule(this, `${pascal(schedule.function)}Schedule`, {
        description: schedule.description,
        schedule: events.Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [new eventTargets.LambdaFunction(fn, { retryAttempts: 2, deadLetterQueue: failedRuns })],
      });
    }

    this.referenceDataSeed = new ReferenceDataSeed(this, 'ReferenceDataSeed', {
      table: this.tables.reference,
      items: referenceItems(),
    });

    // Operations: alarms (the workflows' and the dead-letter queues' are made with them), one
    // topic they all report to, and the dashboard (operational counts only: no breakdown of people).
    const deployedFunctions = Object.fromEntries(
      functionIdsOnAws().map((fnId) => [fnId, this.functionOf(fnId)]),
    );
    createAlarms(this, 'Alarms', {
      functions: deployedFunctions,
      tables: this.tables,
      streamConsumers: monitoredConsumers,
    });
    this.alarmTopic = createAlarmTopic(this, 'AlarmTopic');
    const alarms = this.node.findAll().filter((c): c is cloudwatch.Alarm => c instanceof cloudwatch.Alarm);
    const notify = new SnsAction(this.alarmTopic);
    for (const alarm of alarms) alarm.addAlarmAction(notify);
    const dashboard = createDashboard(this, 'Dashboard', {
      stateMachines: Object.fromEntries(
        typedEntries(this.workflows).map(([workflowId, workflow]) => [workflowId, workflow.stateMachine]),
      ),
      functions: deployedFunctions,
      tables: this.tables,
      httpApi: this.httpApi,
      streamConsumers: monitoredConsumers,
      alarms,
      metricsNamespace,
      serviceName,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.httpApi.apiEndpoint,
      description: 'Base URL of the HTTP API.',
    });
    for (const [workflowId, workflow] of typedEntries(this.workflows)) {
      new CfnOutput(this, `${pascal(workflowId)}StateMachineArn`, {
        value: workflow.stateMachine.stateMachineArn,
      });
    }
    new CfnOutput(this, 'DashboardName', {
      value: dashboard.dashboardName,
      description: 'CloudWatch dashboard of the business counts and the health of the platform.',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description:
        'SNS topic of every alarm: aws sns subscribe --topic-arn <this> --protocol email --notification-endpoint you@example.org',
    });
    new CfnOutput(this, 'EmailIdentityName', {
      value: emailDomain,
      description: 'SES identity to verify (DNS records for DKIM) before emails can go out.',
    });
    new CfnOutput(this, 'UserPoolId', {
      value: this.identity.userPool.userPoolId,
      description: 'Cognito user pool of the people who sign in (the administration pages create them).',
    });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.identity.client.userPoolClientId,
      description: 'App client that signs people in (USER_PASSWORD_AUTH, no secret).',
    });
  }

  /**
   * An encrypted queue that refuses plain HTTP, keeps messages 14 days and raises an alarm (to the
   * alarm topic, like every alarm of the stack) as soon as one message is in it.
   */
  private failureQueue(id: string, what: string, role: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue: ${role}.`,
    });
    queue
      .metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      })
      .createAlarm(this, `${id}Alarm`, {
        alarmDescription: what,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    return queue;
  }

  /** A deployed function; a local-only one (or an unknown id) is an error of the description. */
  public functionOf(fnId: FunctionId): FunctionWithLogGroup {
    const fn = this.functions[fnId];
    if (!fn)
      throw new Error(`Function ${fnId} is not deployed on AWS (localOnly), yet something here uses it`);
    return fn;
  }
}

/**
 * Why a route has no authorizer (cdk-nag AwsSolutions-APIG4), or undefined when no reason is
 * written for it: the finding then stands.
 */
function unauthorizedRouteReason(route: RouteSpec): string | undefined {
  if (route.action)
    return `${route.method} ${route.path} (${route.action}) is a page or form that browsers call with the session in an HttpOnly cookie, which the HTTP API's JWT authorizer cannot read (it takes a header). The handler verifies the token itself with the same verifier (signature against the user pool's JWKS, issuer, audience, expiry) and checks the role and scope in the access table before it reads or writes; the API routes of the same action have the JWT authorizer.`;
  const reason = publicRouteReasons[route.function];
  return reason ? `${route.method} ${route.path} is public. ${reason}` : undefined;
}
