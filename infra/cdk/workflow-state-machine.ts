/**
 * A STANDARD state machine built from an Amazon States Language file of `workflows/`, its
 * `${Placeholder}` tokens filled with function ARNs, with full logging, X-Ray tracing and alarms on
 * failed, timed-out and throttled executions (the aws-solutions-constructs habit).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { repoRoot } from './function-with-log-group';

/** Every distinct `${Name}` placeholder of an ASL text, in order of first appearance. */
export function aslPlaceholders(aslText: string): string[] {
  return [...new Set([...aslText.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] ?? ''))];
}

export interface WorkflowStateMachineProps {
  /** ASL file, relative to the repository root. */
  file: string;
  description: string;
  /** Placeholder → the function whose ARN replaces it; the state machine may invoke exactly these. */
  functions: Record<string, lambda.IFunction>;
  /**
   * The state machine's name, known before it exists: functions it invokes that also answer its
   * tasks (a coach task past the coaching phase, the coach queue) are granted on the ARN built
   * from it — a reference to the state machine itself would make each depend on the other.
   */
  stateMachineName: string;
}

export class WorkflowStateMachine extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly alarms: cloudwatch.Alarm[];

  public constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);
    const aslPath = path.join(repoRoot, props.file);
    const missing = aslPlaceholders(fs.readFileSync(aslPath, 'utf8')).filter((p) => !(p in props.functions));
    if (missing.length > 0) {
      throw new Error(
        `${props.file} has placeholders with no function in the app description: ${missing.join(', ')}`,
      );
    }

    // Vended-logs prefix: Step Functions log delivery then needs no resource policy per group.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-${id}`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: props.description,
      definitionBody: sfn.DefinitionBody.fromFile(aslPath),
      definitionSubstitutions: Object.fromEntries(
        Object.entries(props.functions).map(([placeholder, fn]) => [placeholder, fn.functionArn]),
      ),
      tracingEnabled: true,
      logs: {
        destination: logGroup,
        level: sfn.LogLevel.ALL,
        // Execution input and output carry the beneficiary's personal data (name, contacts): keep
        // them out of the logs; the events (state entered, task failed, ...) are all still logged.
        includeExecutionData: false,
      },
    });

    // Exactly the unqualified ARNs of the functions the definition names: no `:*` for versions or
    // aliases, which the ASL does not use.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(props.functions).map((fn) => fn.functionArn),
      }),
    );

    const alarm = (name: string, metric: cloudwatch.Metric, what: string): cloudwatch.Alarm =>
      metric.createAlarm(this, name, {
        alarmDescription: `${id}: ${what} in the last 5 minutes.`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    const period = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    this.alarms = [
      alarm('ExecutionsFailedAlarm', this.stateMachine.metricFailed(period), 'at least one execution failed'),
      alarm(
        'ExecutionsTimedOutAlarm',
        this.stateMachine.metricTimedOut(period),
        'at least one execution timed out',
      ),
      alarm(
        'ExecutionsThrottledAlarm',
        this.stateMachine.metricThrottled(period),
        'executions were throttled',
      ),
    ];

    const policy = this.stateMachine.role.node.tryFindChild('DefaultPolicy');
    if (policy) {
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Step Functions logging (logs:CreateLogDelivery, ...) and X-Ray (xray:PutTraceSegments, ...) actions have no resource-level permissions; the CDK grants them on "*".',
      });
    }
  }
}
