/**
 * Personal data on AWS: the tables that hold it are encrypted with the programme's own KMS key,
 * recoverable to any second of the last 35 days, protected from deletion and kept when the stack
 * goes; each function may use the key exactly as far as its tables need; the workflows' logs leave
 * execution data out; every asynchronous consumer has a failure destination that raises an alarm.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { functions, schedules, streamConsumers, tables, type TableId } from '../../infra/app-description';
import { functionIdsOnAws } from '../../infra/cdk/kafaat-stack';
import { actionsOf, resource, statementsOfRole, synthesize } from './synth';

// Prepare: one synthesis for the whole file.
const { stack, template, logicalId } = synthesize();

const tableIds = Object.keys(tables) as TableId[];
const personal = tableIds.filter((id) => tables[id].personalData);
const anonymous = tableIds.filter((id) => !tables[id].personalData);
const keyArn = { 'Fn::GetAtt': [logicalId(stack.personalDataKey), 'Arn'] };
const tableResource = (id: TableId) =>
  template.toJSON().Resources[logicalId(stack.tables[id])] as {
    DeletionPolicy?: string;
    UpdateReplacePolicy?: string;
    Properties: Record<string, unknown>;
  };

describe('the tables of personal data', () => {
  test('are those that hold people: beneficiaries, their coaches answers, case files, the staff', () => {
    // Tasks keep coaches' free-text answers about a person (goals, plan steps, notes, employer);
    // the reference data keeps coaches' and supervisors' names and e-mails, as the people table.
    expect([...personal].sort()).toEqual(['beneficiaries', 'caseFiles', 'people', 'reference', 'tasks']);
    expect([...anonymous].sort()).toEqual(['aggregates', 'journeyEvents']);
  });

  test.each(personal)('%s is encrypted with the customer-managed key', (id) => {
    expect(tableResource(id).Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: keyArn,
    });
  });

  test.each(personal)(
    '%s has point-in-time recovery and deletion protection, and outlives the stack',
    (id) => {
      expect(tableResource(id)).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        },
      });
    },
  );

  test.each(anonymous)('%s (anonymous) keeps the AWS-managed key and point-in-time recovery', (id) => {
    const props = tableResource(id).Properties;
    expect(props.SSESpecification).toEqual({ SSEEnabled: true });
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });
});

describe('the customer-managed key', () => {
  test('rotates every year, waits 30 days before a deletion, and stays when the stack goes', () => {
    const key = template.toJSON().Resources[logicalId(stack.personalDataKey)] as {
      DeletionPolicy: string;
      UpdateReplacePolicy: string;
      Properties: Record<string, unknown>;
    };
    expect(key).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { EnableKeyRotation: true, PendingWindowInDays: 30 },
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: `alias/${stack.stackName}-personal-data`,
      TargetKeyId: keyArn,
    });
  });

  test('its policy names no principal but the account itself (uses are granted in IAM, one by one)', () => {
    const policy = resource(template, logicalId(stack.personalDataKey)).Properties.KeyPolicy as {
      Statement: { Effect: string; Principal: { AWS?: unknown; Service?: unknown } }[];
    };
    expect(policy.Statement.length).toBeGreaterThan(0);
    for (const statement of policy.Statement) {
      expect(statement.Principal.Service).toBeUndefined();
      expect(statement.Principal.AWS).not.toBe('*');
      expect(JSON.stringify(statement.Principal.AWS)).toMatch(/:iam::",\{"Ref":"AWS::AccountId"\},":root"/);
    }
  });

  test.each(functionIdsOnAws())('%s may use the key exactly as far as its tables need', (id) => {
    const spec = functions[id];
    const reads = personal.some(
      (t) => t in spec.tables || streamConsumers.some((c) => c.function === id && c.table === t),
    );
    const writes = personal.some((t) => spec.tables[t] !== undefined && spec.tables[t] !== 'read');
    const role = stack.functionOf(id).role;
    if (!role) throw new Error(`${id} has no role`);
    const onKey = statementsOfRole(template, logicalId(role)).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('kms:')),
    );
    for (const s of onKey) expect([id, s.Resource]).toEqual([id, keyArn]);
    const actions = new Set(onKey.flatMap(actionsOf));
    expect([id, actions.has('kms:Decrypt')]).toEqual([id, reads]);
    expect([id, actions.has('kms:Encrypt'), actions.has('kms:GenerateDataKey*')]).toEqual([
      id,
      writes,
      writes,
    ]);
    for (const never of ['kms:*', 'kms:CreateGrant', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'])
      expect([id, actions.has(never)]).toEqual([id, false]);
  });
});

describe('logs and failures', () => {
  test('the workflows log every event but leave execution data (inputs, outputs) out', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    expect(Object.keys(machines).length).toBeGreaterThan(0);
    for (const machine of Object.values(machines) as { Properties: Record<string, unknown> }[]) {
      expect(machine.Properties.LoggingConfiguration).toMatchObject({
        Level: 'ALL',
        IncludeExecutionData: false,
      });
    }
  });

  test.each(schedules.map((s) => s.function))(
    'scheduled %s: failed runs land in an encrypted queue, from Lambda and from EventBridge, with an alarm',
    (fnId) => {
      const fn = logicalId(stack.functionOf(fnId));
      const configs = template.findResources('AWS::Lambda::EventInvokeConfig', {
        Properties: { FunctionName: { Ref: fn } },
      });
      const config = Object.values(configs)[0] as {
        Properties: {
          MaximumRetryAttempts: number;
          DestinationConfig: { OnFailure: { Destination: unknown } };
        };
      };
      expect(config.Properties.MaximumRetryAttempts).toBe(2);
      const queueArn = config.Properties.DestinationConfig.OnFailure.Destination as {
        'Fn::GetAtt': string[];
      };
      const queueId = queueArn['Fn::GetAtt'][0] ?? '';
      expect(resource(template, queueId)).toMatchObject({
        Type: 'AWS::SQS::Queue',
        Properties: { SqsManagedSseEnabled: true },
      });
      template.hasResourceProperties('AWS::Events::Rule', {
        Targets: Match.arrayWith([
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [fn, 'Arn'] },
            DeadLetterConfig: { Arn: queueArn },
            RetryPolicy: { MaximumRetryAttempts: 2 },
          }),
        ]),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: 1,
      });
    },
  );

  test.each(streamConsumers.map((c) => `${c.table} → ${c.function}`))(
    'stream consumer %s has an on-failure destination',
    (name) => {
      const consumer = streamConsumers.find((c) => `${c.table} → ${c.function}` === name);
      if (!consumer) throw new Error(name);
      const fn = logicalId(stack.functionOf(consumer.function));
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fn },
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    },
  );
});
