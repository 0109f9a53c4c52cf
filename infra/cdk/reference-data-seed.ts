/**
 * Loads the reference data (regions, provinces, coaches, ...) into the reference table when the
 * stack is created — and only then: coaches carry a load counter that the journey updates, which a
 * second seed would reset.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** BatchWriteItem takes at most 25 put requests a call. */
export const batchWriteLimit = 25;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export interface ReferenceDataSeedProps {
  table: dynamodb.ITable;
  items: readonly Record<string, unknown>[];
}

export class ReferenceDataSeed extends Construct {
  public readonly batches: AwsCustomResource[];
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  public constructor(scope: Construct, id: string, props: ReferenceDataSeedProps) {
    super(scope, id);
    const { table } = props;
    // One log group and one role for the handler function that every AwsCustomResource of the
    // stack shares (a singleton). The own role leaves out the AWSLambdaBasicExecutionRole managed
    // policy (cdk-nag AwsSolutions-IAM4): the handler may write to its log group, nothing more.
    const logGroup = (this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    }));
    const role = (this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the AwsCustomResource that seeds the reference table.',
    }));
    logGroup.grantWrite(role);
    // A table under a customer-managed key: the writes use the key (as CDK's table write grant).
    const keyStatements = table.encryptionKey
      ? [
          new iam.PolicyStatement({
            actions: [
              'kms:Decrypt',
              'kms:DescribeKey',
              'kms:Encrypt',
              'kms:ReEncrypt*',
              'kms:GenerateDataKey*',
            ],
            resources: [table.encryptionKey.keyArn],
          }),
        ]
      : [];

    this.batches = chunk(props.items, batchWriteLimit).map(
      (items, i) =>
        new AwsCustomResource(this, `Batch${i + 1}`, {
          resourceType: 'Custom::KafaatReferenceSeed',
          installLatestAwsSdk: false,
          logGroup,
          role,
          // onCreate only: no onUpdate, no onDelete. A new item of reference data after the first
          // deploy goes in by a data migration, not by re-running this seed.
          // Known limit: AwsCustomResource does not retry BatchWriteItem's UnprocessedItems. A new
          // on-demand table takes a few dozen small puts without throttling; if the data grows,
          // move to a Provider-backed handler that retries them.
          onCreate: {
            service: 'DynamoDB',
            action: 'BatchWriteItem',
            parameters: {
              RequestItems: {
                [table.tableName]: items.map((item) => ({
                  PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) },
                })),
              },
            },
            physicalResourceId: PhysicalResourceId.of(`reference-seed-${i + 1}`),
          },
          policy: AwsCustomResourcePolicy.fromStatements([
            new iam.PolicyStatement({ actions: ['dynamodb:BatchWriteItem'], resources: [table.tableArn] }),
            ...keyStatements,
          ]),
        }),
    );
    if (keyStatements.length > 0) {
      for (const batch of this.batches) {
        for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
          Validations.of(batch).acknowledge({
            id: `AwsSolutions-IAM5[Action::${action}]`,
            reason:
              "The seed's writes to the reference table, which is encrypted with the personal-data key: CDK's write grant on that one key's ARN (DynamoDB generates and re-encrypts data keys under it).",
          });
        }
      }
    }
  }
}
