/**
 * The Kafaat operations dashboard: journeys (state machine executions), the business counts the
 * functions publish with Powertools Metrics, and Lambda errors and durations. Every metric comes
 * from the constructs' own `metric*()` methods, except the custom ones.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/** Custom metrics the handlers publish (Powertools `metrics.addMetric(name, Count, 1)`). */
export const businessMetricNames = ['IntakeReceived', 'CoachTaskCompleted', 'PlacementRecorded'] as const;

export interface KafaatDashboardProps {
  dashboardName?: string;
  /** Workflow id → its state machine. */
  stateMachines: Record<string, sfn.IStateMachine>;
  /** Function id → the function. */
  functions: Record<string, lambda.IFunction>;
  httpApi?: apigwv2.IHttpApi;
  deadLetterQueues?: sqs.IQueue[];
  /** Powertools namespace and service: the custom metrics carry the dimension `service`. */
  metricsNamespace: string;
  serviceName: string;
}

const period = Duration.minutes(5);

export function businessMetric(name: string, namespace: string, serviceName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace,
    metricName: name,
    dimensionsMap: { service: serviceName },
    statistic: cloudwatch.Stats.SUM,
    period,
    label: name,
  });
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
  const sum = { period, statistic: cloudwatch.Stats.SUM };

  dashboard.addWidgets(
    new cloudwatch.TextWidget({
      markdown:
        '# Kafaat\nJourneys from intake to placement, business counts, and the health of the functions.',
      width: 24,
      height: 2,
    }),
  );

  for (const [name, sm] of Object.entries(props.stateMachines)) {
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `Workflow ${name}: executions`,
        width: 12,
        left: [
          sm.metricStarted({ ...sum, label: 'Started' }),
          sm.metricSucceeded({ ...sum, label: 'Succeeded' }),
          sm.metricFailed({ ...sum, label: 'Failed', color: cloudwatch.Color.RED }),
          sm.metricTimedOut({ ...sum, label: 'Timed out', color: cloudwatch.Color.ORANGE }),
        ],
      }),
      new cloudwatch.SingleValueWidget({
        title: `Workflow ${name}: executions in the period`,
        width: 12,
        metrics: [sm.metricStarted(sum), sm.metricSucceeded(sum), sm.metricFailed(sum)],
        setPeriodToTimeRange: true,
      }),
    );
  }

  const business = businessMetricNames.map((name) =>
    businessMetric(name, props.metricsNamespace, props.serviceName),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Intakes, coach tasks completed, placements',
      width: 12,
      left: business,
    }),
    new cloudwatch.SingleValueWidget({
      title: 'Business counts in the period',
      width: 12,
      metrics: business,
      setPeriodToTimeRange: true,
    }),
  );

  const fns = Object.entries(props.functions);
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Lambda errors',
      width: 12,
      left: fns.map(([name, fn]) => fn.metricErrors({ ...sum, label: name })),
    }),
    new cloudwatch.GraphWidget({
      title: 'Lambda duration (p90, ms)',
      width: 12,
      left: fns.map(([name, fn]) =>
        fn.metricDuration({ period, statistic: cloudwatch.Stats.p(90), label: name }),
      ),
    }),
  );

  const operations: cloudwatch.IWidget[] = [];
  if (props.httpApi) {
    const api = props.httpApi;
    operations.push(
      new cloudwatch.GraphWidget({
        title: 'HTTP API: requests and errors',
        width: 12,
        left: [api.metricCount({ ...sum, label: 'Requests' })],
        right: [
          api.metricClientError({ ...sum, label: '4xx' }),
          api.metricServerError({ ...sum, label: '5xx', color: cloudwatch.Color.RED }),
        ],
      }),
    );
  }
  if (props.deadLetterQueues && props.deadLetterQueues.length > 0) {
    operations.push(
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues: messages waiting',
        width: 12,
        left: props.deadLetterQueues.map((q) =>
          q.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM }),
        ),
      }),
    );
  }
  if (operations.length > 0) dashboard.addWidgets(...operations);

  return dashboard;
}
