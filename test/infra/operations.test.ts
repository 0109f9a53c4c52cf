/**
 * Operations on AWS: one encrypted alarm topic, an alarm on everything that can fail unseen (failed
 * executions, handler errors, throttling, stream consumers), every alarm reporting to the topic,
 * and a dashboard of the business counts and the platform's health with no breakdown of people.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import {
  businessMetrics,
  dynamoOperations,
  iteratorAgeThreshold,
  maxMetricsPerAlarm,
} from '../../dashboards/cloudwatch-dashboard';
import {
  metricsNamespace,
  streamConsumers,
  tables,
  workflows,
  type TableId,
} from '../../infra/app-description';
import { repoRoot } from '../../infra/cdk/function-with-log-group';
import { functionIdsOnAws } from '../../infra/cdk/kafaat-stack';
import { synthesize } from './synth';

// Prepare: one synthesis for the whole file.
const { stack, template, logicalId } = synthesize();

interface MetricStat {
  Metric: { MetricName: string; Namespace: string; Dimensions: { Name: string; Value: unknown }[] };
}
interface AlarmProperties {
  MetricName?: string;
  Namespace?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Metrics?: { Id: string; Expression?: string; MetricStat?: MetricStat }[];
  Threshold: number;
  ComparisonOperator: string;
  AlarmActions?: unknown[];
}

const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(
  ([id, r]) => [id, (r as { Properties: AlarmProperties }).Properties] as const,
);
const topic = logicalId(stack.alarmTopic);
const ref = (id: string): { Ref: string } => ({ Ref: id });

/** The metrics an alarm reads: its one metric, or each MetricStat of its metric math. */
function metricsOf(alarm: AlarmProperties): MetricStat['Metric'][] {
  if (alarm.MetricName && alarm.Namespace)
    return [{ MetricName: alarm.MetricName, Namespace: alarm.Namespace, Dimensions: alarm.Dimensions ?? [] }];
  return (alarm.Metrics ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
}

/** The alarms reading `metricName` with this dimension value (among others). */
function alarmsOn(metricName: string, dimension: string, value: unknown): AlarmProperties[] {
  return alarms
    .map(([, a]) => a)
    .filter((a) =>
      metricsOf(a).some(
        (m) =>
          m.MetricName === metricName &&
          m.Dimensions.some((d) => d.Name === dimension && JSON.stringify(d.Value) === JSON.stringify(value)),
      ),
    );
}

/** The dashboard body as text, each CloudFormation token written in place as `<...>`. */
function dashboardBody(): string {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as {
    Properties: { DashboardBody: { 'Fn::Join': [string, unknown[]] } };
  }[];
  expect(dashboards).toHaveLength(1);
  return (dashboards[0]?.Properties.DashboardBody['Fn::Join'][1] ?? [])
    .map((part) => (typeof part === 'string' ? part : `<${JSON.stringify(part).replace(/"/g, "'")}>`))
    .join('');
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(path.join(repoRoot, dir, f), 'utf8'));
}

describe('alarm topic', () => {
  test('one topic, encrypted with its own rotating key, refusing plain HTTP', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    // Its own key: not the personal-data key of the tables (test/infra/personal-data.test.ts).
    const keys = Object.keys(
      template.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } }),
    ).filter((id) => id !== logicalId(stack.personalDataKey));
    expect(keys).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keys[0], 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [ref(topic)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('CloudWatch alarms of this account may publish to it and use its key, and nothing else is granted', () => {
    const fromAlarms = {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': Match.anyValue() },
    };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: ref(topic),
            Condition: fromAlarms,
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: fromAlarms,
          }),
        ]),
      },
    });
    const arn = JSON.stringify(template.toJSON());
    expect(arn).toContain('":cloudwatch:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":alarm:*"');
  });

  test('the stack outputs its ARN, with the command to subscribe', () => {
    template.hasOutput('AlarmTopicArn', {
      Value: ref(topic),
      Description: Match.stringLikeRegexp('aws sns subscribe --topic-arn'),
    });
  });
});

describe('alarms', () => {
  test('every alarm reports to the topic', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms) expect([id, alarm.AlarmActions]).toEqual([id, [ref(topic)]]);
  });

  test('every metric-math alarm reads at most 10 metrics (a hard CloudWatch limit)', () => {
    for (const [id, alarm] of alarms) {
      expect([id, metricsOf(alarm).length <= maxMetricsPerAlarm]).toEqual([id, true]);
    }
  });

  test.each(Object.keys(workflows))('workflow %s: an alarm on its first failed execution', (workflowId) => {
    const sm = { Ref: logicalId(stack.workflows[workflowId as keyof typeof workflows].stateMachine) };
    const found = alarmsOn('ExecutionsFailed', 'StateMachineArn', sm);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  test.each(functionIdsOnAws())(
    'function %s: an alarm on its errors, and its throttles in one alarm',
    (fnId) => {
      const fn = { Ref: logicalId(stack.functionOf(fnId)) };
      const errors = alarmsOn('Errors', 'FunctionName', fn);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      expect(alarmsOn('Throttles', 'FunctionName', fn)).toHaveLength(1);
    },
  );

  test.each(Object.keys(tables))(
    'table %s: an alarm on its throttled requests, every operation used',
    (tableId) => {
      const table = { Ref: logicalId(stack.tables[tableId as TableId]) };
      const found = alarmsOn('ThrottledRequests', 'TableName', table);
      expect(found).toHaveLength(1);
      const operations = metricsOf(found[0] as AlarmProperties).map(
        (m) => m.Dimensions.find((d) => d.Name === 'Operation')?.Value,
      );
      expect(operations.sort()).toEqual([...dynamoOperations].sort());
      expect(found[0]?.Threshold).toBe(1);
    },
  );

  test('the throttle alarms sum over every DynamoDB operation the handlers call', () => {
    const commands = sourceFiles('functions').flatMap((text) =>
      [
        ...text.matchAll(
          /new (Get|Put|Update|Delete|Query|Scan|BatchWrite|BatchGet|TransactWrite|TransactGet)(?:Item)?Command\b/g,
        ),
      ].map((m) => m[1] ?? ''),
    );
    const operationOf: Record<string, string> = {
      Get: 'GetItem',
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      Query: 'Query',
      Scan: 'Scan',
      BatchWrite: 'BatchWriteItem',
      BatchGet: 'BatchGetItem',
      TransactWrite: 'TransactWriteItems',
      TransactGet: 'TransactGetItems',
    };
    expect(commands.length).toBeGreaterThan(0);
    const used = [...new Set(commands.map((c) => operationOf[c]))];
    expect(used.filter((op) => !dynamoOperations.includes(op as (typeof dynamoOperations)[number]))).toEqual(
      [],
    );
  });

  describe.each(streamConsumers.map((c) => [`${c.table} → ${c.function}`, c] as const))(
    'stream consumer %s',
    (_name, consumer) => {
      const fn = { Ref: logicalId(stack.functionOf(consumer.function)) };

      test('an alarm on failed records in its dead-letter queue', () => {
        const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as {
          Properties: {
            FunctionName: unknown;
            EventSourceArn: unknown;
            DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [string, string] } } };
          };
        }[];
        const mapping = mappings.find(
          (m) =>
            JSON.stringify(m.Properties.FunctionName) === JSON.stringify(fn) &&
            JSON.stringify(m.Properties.EventSourceArn).includes(logicalId(stack.tables[consumer.table])),
        );
        const queue = mapping?.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] ?? '';
        const found = alarmsOn('ApproximateNumberOfMessagesVisible', 'QueueName', {
          'Fn::GetAtt': [queue, 'QueueName'],
        });
        expect(found).toHaveLength(1);
        expect(found[0]?.Threshold).toBe(1);
      });

      test('an alarm when its iterator age stays high', () => {
        const found = alarmsOn('IteratorAge', 'FunctionName', fn);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({
          Threshold: iteratorAgeThreshold.toMilliseconds(),
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      });
    },
  );
});

describe('dashboard', () => {
  const body = dashboardBody();

  test.each(businessMetrics.map((m) => [m.name, m] as const))(
    'shows the business count %s, summed over its dimensions',
    (name, metric) => {
      if (metric.dimensions.length === 0) {
        expect(body).toContain(`["${metricsNamespace}","${name}","service",`);
      } else {
        const schema = [metricsNamespace, 'service', ...metric.dimensions].join(',');
        expect(body).toContain(`SUM(SEARCH('{${schema}} MetricName=\\"${name}\\"`);
      }
    },
  );

  test('every business count is one a handler publishes, under the dimensions the dashboard reads', () => {
    const sources = sourceFiles('functions');
    for (const metric of businessMetrics) {
      const publishers = sources.filter(
        (text) => text.includes(`'${metric.name}'`) && text.includes('addMetric('),
      );
      expect([metric.name, publishers.length > 0]).toEqual([metric.name, true]);
      for (const dimension of metric.dimensions) {
        const dimensioned = publishers.some((text) => text.includes(`addDimension('${dimension}'`));
        expect([metric.name, dimension, dimensioned]).toEqual([metric.name, dimension, true]);
      }
    }
  });

  test('no count is broken down by a trait of a person (region, province, sex, age, ...)', () => {
    const dimensions = new Set(businessMetrics.flatMap((m) => m.dimensions));
    expect([...dimensions].sort()).toEqual(['outcome', 'taskType', 'workStatus']);
    const schemas = [...body.matchAll(/SEARCH\('\{([^}]*)\}/g)].map((m) => m[1] ?? '');
    expect(schemas.length).toBeGreaterThan(0);
    for (const schema of schemas) {
      const [, ...dims] = schema.split(',');
      expect(dims.filter((d) => d !== 'service' && !dimensions.has(d))).toEqual([]);
    }
  });

  test('shows the health of the workflows, functions, tables, HTTP API and streams', () => {
    for (const metric of [
      'ExecutionsStarted',
      'ExecutionsSucceeded',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
      'Errors',
      'Throttles',
      'Duration',
      'ThrottledRequests',
      'ConsumedReadCapacityUnits',
      'ConsumedWriteCapacityUnits',
      'SystemErrors',
      'Count',
      '4xx',
      '5xx',
      'Latency',
      'IteratorAge',
      'ApproximateNumberOfMessagesVisible',
    ]) {
      expect([metric, body.includes(`"${metric}"`)]).toEqual([metric, true]);
    }
    expect(body).toContain('"stat":"p95"');
  });

  test('shows the alarms that fire', () => {
    const widget = (
      JSON.parse(body) as { widgets: { type: string; properties: { alarms?: unknown[] } }[] }
    ).widgets.find((w) => w.type === 'alarm');
    expect(widget?.properties.alarms).toHaveLength(alarms.length);
  });
});
