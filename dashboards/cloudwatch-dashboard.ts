/**
 * The Kafaat operations dashboard, its alarms and the topic they report to.
 *
 * The dashboard reads top to bottom: the alarms firing now; the business counts the handlers
 * publish with Powertools Metrics, per 5 minutes and per day; each workflow's executions; each
 * function's errors, throttles and p95 duration; each table's throttled requests, consumed
 * capacity and system errors; the HTTP API's requests, 4xx, 5xx and latency; the stream
 * consumers' iterator age and dead-letter queues. AWS metrics come from the constructs' own
 * `metric*()` methods.
 *
 * Disclosure control: every figure on it is an operational count — events per period over the
 * whole platform (intakes, tasks, placements, errors), never people broken down by region,
 * province, sex, age band or any other trait. The metrics carry none of those dimensions (at
 * most a task type, a placement outcome or a follow-up's work status, which the widgets sum
 * over), so the dashboard publishes no cell about people below the region level. Breakdowns of
 * people are on the governance page, under disclosure control (cells under 5 hidden).
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** A count a handler publishes (Powertools `metrics.addMetric(name, MetricUnit.Count, n)`). */
export interface BusinessMetric {
  readonly name: string;
  readonly label: string;
  /**
   * The dimensions it is published with besides `service` (the handler's `addDimension`): the
   * widgets sum over them. Low-cardinality codes only — never an id, never a trait of a person.
   */
  readonly dimensions: readonly string[];
}

/** From intake to a coach's answer: intakes; coach tasks sent, completed, overdue, reminded, escalated. */
export const journeyMetrics: readonly BusinessMetric[] = [
  { name: 'IntakeReceived', label: 'Intakes', dimensions: [] },
  { name: 'CoachTaskSent', label: 'Coach tasks sent', dimensions: ['taskType'] },
  { name: 'CoachTaskAnswered', label: 'Coach tasks completed', dimensions: ['taskType'] },
  { name: 'CoachTaskOverdue', label: 'Coach tasks overdue', dimensions: ['taskType'] },
  { name: 'CoachTaskReminded', label: 'Reminders', dimensions: ['taskType'] },
  { name: 'CoachTaskEscalated', label: 'Escalations', dimensions: ['taskType'] },
];

/** What journeys end with, and the handlers that failed. */
export const outcomeMetrics: readonly BusinessMetric[] = [
  { name: 'PlacementRecorded', label: 'Placements recorded', dimensions: ['outcome'] },
  { name: 'FollowUpRecorded', label: 'Follow-ups answered', dimensions: ['workStatus'] },
  { name: 'FollowUpUnanswered', label: 'Follow-ups unanswered', dimensions: [] },
  { name: 'HandlerError', label: 'Handler errors', dimensions: [] },
];

export const businessMetrics: readonly BusinessMetric[] = [...journeyMetrics, ...outcomeMetrics];
export const businessMetricNames: string[] = businessMetrics.map((m) => m.name);

/**
 * The DynamoDB operations the handlers, the reference seed and the stream pollers call. A
 * metric-math alarm reads at most 10 metrics (a hard CloudWatch limit), so the throttle alarms sum
 * `ThrottledRequests` over these, not over all 14 operations DynamoDB knows.
 */
export const dynamoOperations: readonly dynamodb.Operation[] = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.SCAN,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
  dynamodb.Operation.BATCH_WRITE_ITEM,
  dynamodb.Operation.GET_RECORDS,
];

/** The most metrics one metric-math alarm may read (CloudWatch's hard limit). */
export const maxMetricsPerAlarm = 10;

/** A stream consumer's oldest record older than this, two periods running, raises an alarm. */
export const iteratorAgeThreshold = Duration.minutes(10);

/** A table's stream feeding a function, with the queue its failed records land in. */
export interface MonitoredStreamConsumer {
  /** For people: `journeyEvents → aggregateJourneyEvents`. */
  readonly name: string;
  /** For construct ids: `JourneyEventsToAggregateJourneyEvents`. */
  readonly id: string;
  readonly fn: lambda.IFunction;
  readonly deadLetterQueue: sqs.IQueue;
}

export interface KafaatDashboardProps {
  dashboardName?: string;
  /** Workflow id → its state machine. */
  stateMachines: Record<string, sfn.IStateMachine>;
  /** Function id → the function. */
  functions: Record<string, lambda.IFunction>;
  /** Table id → the table. */
  tables?: Record<string, dynamodb.ITable>;
  httpApi?: apigwv2.IHttpApi;
  streamConsumers?: readonly MonitoredStreamConsumer[];
  /** Shown at the top when in ALARM. */
  alarms?: readonly cloudwatch.IAlarm[];
  /** Powertools namespace and service: the custom metrics carry the dimension `service`. */
  metricsNamespace: string;
  serviceName: string;
}

const period = Duration.minutes(5);
const day = Duration.days(1);
const sum = { period, statistic: cloudwatch.Stats.SUM };

/**
 * A business count summed over its dimensions. Without any besides `service` it is the metric
 * itself; with some, a SEARCH over exactly that dimension set, summed (graphs only: an alarm
 * cannot SEARCH). `every` is the period of each point; `'range'` leaves it to the widget (a
 * single value over the whole time range).
 */
export function businessMetric(
  metric: BusinessMetric,
  namespace: string,
  serviceName: string,
  every: Duration | 'range' = period,
): cloudwatch.IMetric {
  const points = every === 'range' ? undefined : every;
  if (metric.dimensions.length === 0) {
    return new cloudwatch.Metric({
      namespace,
      metricName: metric.name,
      dimensionsMap: { service: serviceName },
      statistic: cloudwatch.Stats.SUM,
      period: points,
      label: metric.label,
    });
  }
  const schema = [namespace, 'service', ...metric.dimensions].join(',');
  const search = `{${schema}} MetricName="${metric.name}" service="${serviceName}"`;
  const periodArgument = points ? `, ${points.toSeconds()}` : '';
  return new cloudwatch.MathExpression({
    expression: `SUM(SEARCH('${search}', 'Sum'${periodArgument}))`,
    usingMetrics: {},
    label: metric.label,
    period: points,
  });
}

/** A section title across the dashboard. */
function heading(markdown: string, height = 1): cloudwatch.TextWidget {
  return new cloudwatch.TextWidget({ markdown, width: 24, height });
}

/** `SUM` of metrics that may have no data in a period (a missing one counts as 0). */
function sumOf(
  metrics: Record<string, cloudwatch.IMetric>,
  label: string,
  every: Duration = period,
): cloudwatch.MathExpression {
  const ids = Object.keys(metrics);
  return new cloudwatch.MathExpression({
    expression: `SUM([${ids.map((id) => `FILL(${id}, 0)`).join(', ')}])`,
    usingMetrics: metrics,
    label,
    period: every,
  });
}

/**
 * A table's metric published per operation (`ThrottledRequests`, `SystemErrors`: only when not 0),
 * summed over the operations the platform calls. `tableId` (the description's, `journeyEvents`)
 * keeps the metric ids of several tables apart in one graph.
 */
function perOperation(
  table: dynamodb.ITable,
  tableId: string,
  metricName: string,
  label: string,
): cloudwatch.MathExpression {
  return sumOf(
    Object.fromEntries(
      dynamoOperations.map((operation) => [
        `${tableId}_${operation.toLowerCase()}`,
        table.metric(metricName, {
          ...sum,
          dimensionsMap: { TableName: table.tableName, Operation: operation },
        }),
      ]),
    ),
    label,
  );
}

/** A table's throttled requests over the operations the platform calls. */
export function throttledRequests(
  table: dynamodb.ITable,
  tableId: string,
  label = tableId,
): cloudwatch.MathExpression {
  return perOperation(table, tableId, 'ThrottledRequests', label);
}

/** How far behind its stream a consumer is (the age of the last record it was given, ms). */
export function iteratorAge(fn: lambda.IFunction, label?: string): cloudwatch.Metric {
  return fn.metric('IteratorAge', { period, statistic: cloudwatch.Stats.MAXIMUM, label });
}

export function createDashboard(
  scope: Construct,
  id: string,
  props: KafaatDashboardProps,
): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, id, {
    dashboardName: props.dashboardName,
    defaultInterval: Duration.days(7),
  });
  const { metricsNamespace: namespace, serviceName } = props;

  dashboard.addWidgets(
    heading(
      '# Kafaat operations\n' +
        'Events per period over the whole platform, and the health of its functions, workflows, ' +
        'tables, API and streams. No figure here counts people by region, sex or any other trait: ' +
        'those breakdowns are on the governance page, with cells under 5 hidden.',
      2,
    ),
  );
  if (props.alarms && props.alarms.length > 0) {
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms firing now (each one emails the alarm topic)',
        alarms: [...props.alarms],
        states: [cloudwatch.AlarmState.ALARM],
        sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
        width: 24,
        height: 3,
      }),
    );
  }

  // Business counts: each row per 5 minutes and per day, then the totals of the time range.
  const businessRow = (title: string, metrics: readonly BusinessMetric[]): cloudwatch.IWidget[] => [
    new cloudwatch.GraphWidget({
      title: `${title}, per 5 minutes`,
      width: 12,
      left: metrics.map((m) => businessMetric(m, namespace, serviceName)),
    }),
    new cloudwatch.GraphWidget({
      title: `${title}, per day`,
      width: 12,
      view: cloudwatch.GraphWidgetView.BAR,
      left: metrics.map((m) => businessMetric(m, namespace, serviceName, day)),
    }),
  ];
  dashboard.addWidgets(heading('## Journeys: intakes and coach tasks'));
  dashboard.addWidgets(...businessRow('Intakes and coach tasks', journeyMetrics));
  dashboard.addWidgets(heading('## Outcomes and errors'));
  dashboard.addWidgets(...businessRow('Placements, follow-ups, handler errors', outcomeMetrics));
  dashboard.addWidgets(
    new cloudwatch.SingleValueWidget({
      title: 'Business counts over the time range',
      width: 24,
      metrics: businessMetrics.map((m) => businessMetric(m, namespace, serviceName, 'range')),
      setPeriodToTimeRange: true,
    }),
  );

  dashboard.addWidgets(heading('## Workflows (Step Functions)'));
  dashboard.addWidgets(
    ...Object.entries(props.stateMachines).map(
      ([name, sm]) =>
        new cloudwatch.GraphWidget({
          title: `Workflow ${name}: executions`,
          width: 12,
          left: [
            sm.metricStarted({ ...sum, label: 'Started' }),
            sm.metricSucceeded({ ...sum, label: 'Succeeded', color: cloudwatch.Color.GREEN }),
            sm.metricFailed({ ...sum, label: 'Failed', color: cloudwatch.Color.RED }),
            sm.metricTimedOut({ ...sum, label: 'Timed out', color: cloudwatch.Color.ORANGE }),
          ],
        }),
    ),
  );

  const fns = Object.entries(props.functions);
  dashboard.addWidgets(heading('## Functions (Lambda)'));
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Errors (per 5 minutes)',
      width: 8,
      height: 9,
      left: fns.map(([name, fn]) => fn.metricErrors({ ...sum, label: name })),
    }),
    new cloudwatch.GraphWidget({
      title: 'Throttles (per 5 minutes)',
      width: 8,
      height: 9,
      left: fns.map(([name, fn]) => fn.metricThrottles({ ...sum, label: name })),
    }),
    new cloudwatch.GraphWidget({
      title: 'Duration p95 (ms)',
      width: 8,
      height: 9,
      left: fns.map(([name, fn]) =>
        fn.metricDuration({ period, statistic: cloudwatch.Stats.p(95), label: name }),
      ),
    }),
  );

  const tables = Object.entries(props.tables ?? {});
  if (tables.length > 0) {
    dashboard.addWidgets(heading('## Tables (DynamoDB)'));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Throttled requests (per 5 minutes)',
        width: 6,
        left: tables.map(([name, table]) => throttledRequests(table, name)),
      }),
      new cloudwatch.GraphWidget({
        title: 'Consumed read capacity units (per 5 minutes)',
        width: 6,
        left: tables.map(([name, table]) => table.metricConsumedReadCapacityUnits({ ...sum, label: name })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Consumed write capacity units (per 5 minutes)',
        width: 6,
        left: tables.map(([name, table]) => table.metricConsumedWriteCapacityUnits({ ...sum, label: name })),
      }),
      new cloudwatch.GraphWidget({
        title: 'System errors (per 5 minutes)',
        width: 6,
        left: tables.map(([name, table]) => perOperation(table, name, 'SystemErrors', name)),
      }),
    );
  }

  if (props.httpApi) {
    const api = props.httpApi;
    dashboard.addWidgets(heading('## HTTP API'));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Requests, 4xx and 5xx (per 5 minutes)',
        width: 12,
        left: [api.metricCount({ ...sum, label: 'Requests' })],
        right: [
          api.metricClientError({ ...sum, label: '4xx', color: cloudwatch.Color.ORANGE }),
          api.metricServerError({ ...sum, label: '5xx', color: cloudwatch.Color.RED }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Latency (ms)',
        width: 12,
        left: [
          api.metricLatency({ period, statistic: cloudwatch.Stats.p(50), label: 'p50' }),
          api.metricLatency({ period, statistic: cloudwatch.Stats.p(95), label: 'p95' }),
          api.metricIntegrationLatency({
            period,
            statistic: cloudwatch.Stats.p(95),
            label: 'integration p95',
          }),
        ],
      }),
    );
  }

  const consumers = props.streamConsumers ?? [];
  if (consumers.length > 0) {
    dashboard.addWidgets(heading('## Stream consumers'));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Iterator age, maximum (ms)',
        width: 12,
        left: consumers.map((c) => iteratorAge(c.fn, c.name)),
        leftAnnotations: [
          { value: iteratorAgeThreshold.toMilliseconds(), label: 'alarm', color: cloudwatch.Color.RED },
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Failed records waiting in the dead-letter queues',
        width: 12,
        left: consumers.map((c) =>
          c.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            period,
            statistic: cloudwatch.Stats.MAXIMUM,
            label: c.name,
          }),
        ),
      }),
    );
  }

  return dashboard;
}

/**
 * The topic every alarm reports to, encrypted with its own key (CloudWatch cannot publish to a
 * topic under the AWS-managed SNS key) and refusing plain HTTP. CloudWatch alarms of this account
 * and region may use the key and publish; people subscribe (README, "Operations").
 */
export function createAlarmTopic(scope: Construct, id: string): sns.Topic {
  const stack = Stack.of(scope);
  const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  const fromOurAlarms = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: {
      'aws:SourceArn': stack.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: '*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    },
  };
  const key = new kms.Key(scope, `${id}Key`, {
    description: 'Encrypts the Kafaat alarm notifications (SNS).',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsEncryptNotifications',
      principals: [cloudWatch],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: fromOurAlarms,
    }),
  );
  const topic = new sns.Topic(scope, id, {
    displayName: 'Kafaat alarms',
    masterKey: key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [cloudWatch],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: fromOurAlarms,
    }),
  );
  return topic;
}

export interface KafaatAlarmsProps {
  /** Function id → the function. */
  functions: Record<string, lambda.IFunction>;
  /** Table id → the table. */
  tables: Record<string, dynamodb.ITable>;
  streamConsumers: readonly MonitoredStreamConsumer[];
}

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Alarms on what the workflows and dead-letter queues do not already watch (their own alarms are
 * made with them): each function's errors, Lambda throttles, each table's throttled requests, and
 * each stream consumer falling behind. Every one breaches on the first occurrence but the
 * iterator age, and treats no data as fine. The caller gives them an action.
 */
export function createAlarms(scope: Construct, id: string, props: KafaatAlarmsProps): cloudwatch.Alarm[] {
  const group = new Construct(scope, id);
  const atLeastOnce = {
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
  const alarms: cloudwatch.Alarm[] = [];

  const fns = Object.entries(props.functions);
  for (const [name, fn] of fns) {
    alarms.push(
      fn.metricErrors(sum).createAlarm(group, `${upperFirst(name)}Errors`, {
        ...atLeastOnce,
        alarmDescription: `Function ${name}: at least one invocation failed in 5 minutes (its log group has the error).`,
      }),
    );
  }

  // One alarm per group of at most 10 functions: a metric-math alarm reads no more.
  for (let start = 0; start < fns.length; start += maxMetricsPerAlarm) {
    const chunk = fns.slice(start, start + maxMetricsPerAlarm);
    const throttles = sumOf(
      Object.fromEntries(chunk.map(([, fn], i) => [`f${i}`, fn.metricThrottles(sum)])),
      'Throttles',
    );
    alarms.push(
      throttles.createAlarm(group, `LambdaThrottles${start / maxMetricsPerAlarm + 1}`, {
        ...atLeastOnce,
        alarmDescription: `Lambda throttled invocations of ${chunk.map(([name]) => name).join(', ')} in 5 minutes (concurrency exhausted).`,
      }),
    );
  }

  for (const [name, table] of Object.entries(props.tables)) {
    alarms.push(
      throttledRequests(table, name, 'Throttled requests').createAlarm(
        group,
        `${upperFirst(name)}TableThrottles`,
        {
          ...atLeastOnce,
          alarmDescription: `Table ${name}: DynamoDB throttled at least one request in 5 minutes.`,
        },
      ),
    );
  }

  for (const consumer of props.streamConsumers) {
    alarms.push(
      iteratorAge(consumer.fn).createAlarm(group, `${consumer.id}IteratorAge`, {
        threshold: iteratorAgeThreshold.toMilliseconds(),
        evaluationPeriods: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Stream ${consumer.name}: the records handed to the consumer were ${iteratorAgeThreshold.toMinutes()} minutes old or more, two 5-minute periods running (it fails or falls behind; failed records then land in its dead-letter queue).`,
      }),
    );
  }
  return alarms;
}
