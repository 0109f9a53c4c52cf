/**
 * `FunctionWithLogGroup`: a `NodejsFunction` with the project's defaults fixed in one place (after
 * the construct of the same name in Powertools for AWS Lambda's example app), plus `bind*` helpers
 * that grant access and set the matching environment variable in one call.
 */
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { TableAccess, WorkflowAccess } from '../app-description';

/** The repository root: `entry` paths in the app description are relative to it. */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Newest Node.js runtime this aws-cdk-lib knows (cdk-nag's AwsSolutions-L1 asks for the latest). */
export const nodeRuntime = lambda.Runtime.NODEJS_24_X;

/**
 * How every function is bundled (esbuild through NodejsFunction), in one place: the stack builds
 * with it, and the cold-start bench (`test/bench/cold-start.ts`) builds the same bundles to weigh
 * and load them.
 */
export const bundlingChoices = {
  format: OutputFormat.CJS,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Bundle the AWS SDK too, at the exact versions package.json pins and the tests ran with,
  // instead of whatever version the Lambda runtime ships that month.
  externalModules: [] as string[],
  // A package's ES module build first, where it has one: esbuild drops what a function never
  // calls from it (the AWS SDK's and Smithy's ESM builds lose about a fifth of a bundle), which
  // their CommonJS builds do not allow. Node's own resolution ("main") otherwise.
  mainFields: ['module', 'main'],
} as const;

/**
 * Files a function reads at run time beside its code, by its entry (repository-relative paths).
 * esbuild bundles code, not data: after bundling, each is copied into the function's asset at the
 * same path, where Node finds it as it does in the repository (`require.resolve` walks up to
 * `node_modules`). The assets function serves Apache ECharts' file this way.
 */
export const filesBesideCode: Readonly<Record<string, readonly string[]>> = {
  'functions/assets.ts': ['node_modules/echarts/dist/echarts.min.js'],
};

/** The shell commands that copy `files` from the repository into a bundle (local bundling runs them in bash). */
function copyCommands(files: readonly string[], inputDir: string, outputDir: string): string[] {
  const quoted = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;
  return files.map(
    (file) =>
      `mkdir -p ${quoted(path.join(outputDir, path.dirname(file)))} && cp ${quoted(path.join(inputDir, file))} ${quoted(path.join(outputDir, file))}`,
  );
}

/** What `write` access to a table allows (see `bindTable`). */
export const tableWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'];

export interface FunctionWithLogGroupProps extends Omit<
  NodejsFunctionProps,
  'runtime' | 'architecture' | 'tracing' | 'logGroup' | 'logRetention' | 'role' | 'entry'
> {
  /** Source file, relative to the repository root. */
  entry: string;
  /** Powertools service name and metrics namespace. */
  serviceName: string;
  metricsNamespace: string;
  /** @default one month */
  logRetention?: logs.RetentionDays;
}

export class FunctionWithLogGroup extends NodejsFunction {
  public readonly functionLogGroup: logs.LogGroup;

  public constructor(scope: Construct, id: string, props: FunctionWithLogGroupProps) {
    const { serviceName, metricsNamespace, logRetention, environment, bundling, ...rest } = props;

    // The log group exists before the function, with a retention, so Lambda never creates an
    // unbounded one; the function may write to it and to nothing else (no CreateLogGroup).
    const functionLogGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of the default one, which carries the AWSLambdaBasicExecutionRole managed
    // policy (cdk-nag AwsSolutions-IAM4) and lets the function create log groups anywhere.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });

    const files = filesBesideCode[props.entry] ?? [];
    super(scope, id, {
      memorySize: 512,
      timeout: Duration.seconds(10),
      ...rest,
      entry: path.join(repoRoot, props.entry),
      handler: props.handler ?? 'handler',
      runtime: nodeRuntime,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: functionLogGroup,
      role,
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // Stack traces in the logs point at the TypeScript sources (bundling writes source maps).
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
      bundling: {
        // esbuild comes from node_modules; never fall back to a Docker build.
        forceDockerBundling: false,
        ...bundlingChoices,
        externalModules: [...bundlingChoices.externalModules],
        mainFields: [...bundlingChoices.mainFields],
        ...(files.length > 0
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  copyCommands(files, inputDir, outputDir),
              },
            }
          : {}),
        ...bundling,
      },
    });
    this.functionLogGroup = functionLogGroup;
    functionLogGroup.grantWrite(role);

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level permissions.',
    });
  }

  /**
   * Puts the table's physical name in `envVar` and grants exactly the access asked for. `write`
   * is create and update — PutItem, UpdateItem, and ConditionCheckItem for the conditions of a
   * transaction — and not `grantWriteData`, which adds DeleteItem and BatchWriteItem (that can
   * delete too). `writeDelete` adds DeleteItem alone, for the intake's rollback of a record whose
   * journey did not start; expired tasks go by TTL.
   */
  public bindTable(table: dynamodb.ITable, envVar: string, access: TableAccess, indexed = false): void {
    this.addEnvironment(envVar, table.tableName);
    if (access === 'readWriteDelete') {
      // The intake: its association's list through an index (possible duplicates), no Scan.
      this.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/*`] }),
      );
    }
    if (access === 'read' || access === 'readWrite' || access === 'readWriteItems') table.grantReadData(this);
    if (
      access === 'read' ||
      access === 'readWrite' ||
      access === 'readWriteDelete' ||
      access === 'readWriteItems'
    ) {
      // Reads of the table's indexes are granted as `<table>/index/*`.
      if (indexed)
        Validations.of(this.role ?? this).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(table)}.Arn>/index/*]`,
          reason:
            "Reads of this one table's own secondary indexes (those the app description declares for it); no other table.",
        });
    }
    if (access !== 'read') {
      this.grantOnTableOnly(table, ...tableWriteActions);
      this.grantTableKey(table);
    }
    // The intake reads back the one record a replay finds, and deletes the one it wrote if its journey did not start.
    if (access === 'writeDelete' || access === 'readWriteDelete')
      this.grantOnTableOnly(table, 'dynamodb:DeleteItem', 'dynamodb:GetItem');
    // The reference table's items that come and go: a queued journey, a training seat's enrolment.
    if (access === 'readWriteItems') this.grantOnTableOnly(table, 'dynamodb:DeleteItem');
  }

  /**
   * A table under a customer-managed key: whoever writes it (or reads it by key without
   * `grantReadData`, which grants kms:Decrypt itself) uses the key — CDK's KMS grant for
   * encrypting and decrypting, on that one key. Streams' readers get kms:Decrypt from their grant.
   */
  private grantTableKey(table: dynamodb.ITable): void {
    if (!table.encryptionKey) return;
    table.encryptionKey.grantEncryptDecrypt(this);
    table.encryptionKey.grant(this, 'kms:DescribeKey');
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      Validations.of(this.role ?? this).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          "CDK's encrypt-and-decrypt grant on the one customer-managed key of the personal-data tables (its ARN, no other key): DynamoDB generates and re-encrypts data keys under it for the writes this function makes.",
      });
    }
  }

  /**
   * Item actions on the table itself. Not `table.grant`, which adds `<table>/index/*` for a table
   * with indexes: writes and reads by key never touch an index, so that wildcard would grant nothing
   * but a finding.
   */
  private grantOnTableOnly(table: dynamodb.ITable, ...actions: string[]): void {
    this.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));
  }

  /** Puts the state machine's ARN in `envVar`; `start` may start executions, `callback` send task results. */
  public bindWorkflow(
    stateMachine: sfn.IStateMachine,
    envVar: string,
    access: WorkflowAccess,
    stateMachineName: string,
  ): void {
    this.addEnvironment(envVar, stateMachine.stateMachineArn);
    switch (access) {
      case 'start':
        // Starting is idempotent by name; describing lets the intake check a start that timed out.
        stateMachine.grantStartExecution(this);
        this.describeExecutions(stateMachine, stateMachineName);
        break;
      case 'callback':
        // Who hands answers over also asks whether the journey still runs (the sweep closes the rest).
        stateMachine.grantTaskResponse(this);
        this.describeExecutions(stateMachine, stateMachineName);
        break;
      case 'control':
        // A withdrawal of consent stops the beneficiary's executions, and ends the journey as any end does.
        stateMachine.grantTaskResponse(this);
        stateMachine.grantExecution(this, 'states:StopExecution');
        this.describeExecutions(stateMachine, stateMachineName);
        break;
      case 'describe':
        this.describeExecutions(stateMachine, stateMachineName);
        break;
    }
  }

  /** DescribeExecution on this state machine's executions (their names are only known at run time). */
  private describeExecutions(stateMachine: sfn.IStateMachine, stateMachineName: string): void {
    stateMachine.grantExecution(this, 'states:DescribeExecution');
    Validations.of(this.role ?? this).acknowledge({
      // The state machine is reached by its name (see KafaatStack), known at synthesis.
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName}:*]`,
      reason:
        'DescribeExecution only, on the executions of this one state machine: an execution is named after its beneficiary, known only at run time.',
    });
  }
}

/** The CloudFormation logical id of a construct's resource, as cdk-nag names it in its findings. */
function logicalIdOf(construct: Construct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}
