/**
 * The synthesized template against the app description: what each resource must hold, not a
 * snapshot of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { referenceItems } from '../../functions/domain/reference-data';
import {
  functions,
  metricsNamespace,
  routesOn,
  serviceName,
  streamConsumers,
  tables,
  workflows,
  type FunctionId,
  type TableId,
} from '../../infra/app-description';
import { repoRoot } from '../../infra/cdk/function-with-log-group';
import { defaultEmailFrom, functionIdsOnAws } from '../../infra/cdk/kafaat-stack';
import { aslPlaceholders } from '../../infra/cdk/workflow-state-machine';
import { actionsOf, mentions, resource, statementsOfRole, synthesize, type Synthesized } from './synth';

// Prepare: one synthesis for the whole file.
const { stack, template, logicalId } = synthesize();

const tableIds = Object.keys(tables) as TableId[];
// The functions deployed on AWS: the local-only ones (the development sign-in) are not.
const functionIds = functionIdsOnAws();
const routes = routesOn('aws');
const tableLogicalId = (id: TableId): string => logicalId(stack.tables[id]);
const functionLogicalId = (id: FunctionId): string => logicalId(stack.functionOf(id));
const roleLogicalId = (id: FunctionId): string => {
  const role = stack.functionOf(id).role;
  if (!role) throw new Error(`${id} has no role`);
  return logicalId(role);
};
const environmentOf = (id: FunctionId): Record<string, unknown> => {
  const props = resource(template, functionLogicalId(id)).Properties as {
    Environment: { Variables: Record<string, unknown> };
  };
  return props.Environment.Variables;
};

describe('tables', () => {
  test('one table per description entry', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', tableIds.length);
  });

  test.each(tableIds)('%s is on-demand, with point-in-time recovery and server-side encryption', (id) => {
    const spec = tables[id];
    expect(resource(template, tableLogicalId(id)).Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      KeySchema: [
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        ...(spec.sortKey ? [{ AttributeName: spec.sortKey, KeyType: 'RANGE' }] : []),
      ],
    });
  });

  test.each(tableIds)('%s has a stream and a time to live exactly where the description says', (id) => {
    const spec = tables[id];
    const props = resource(template, tableLogicalId(id)).Properties;
    expect(props.StreamSpecification).toEqual(spec.stream ? { StreamViewType: spec.stream } : undefined);
    expect(props.TimeToLiveSpecification).toEqual(
      spec.timeToLiveAttribute ? { AttributeName: spec.timeToLiveAttribute, Enabled: true } : undefined,
    );
  });

  test('tables of personal data are retained when the stack goes', () => {
    const personal = tableIds.filter((t) => tables[t].personalData);
    expect(personal.length).toBeGreaterThan(0);
    for (const id of personal) {
      expect(template.toJSON().Resources[tableLogicalId(id)]).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { DeletionProtectionEnabled: true },
      });
    }
  });
});

describe('functions', () => {
  test('one function per description entry but the local-only ones, plus the handler of the reference seed', () => {
    template.resourceCountIs('AWS::Lambda::Function', functionIds.length + 1);
    for (const id of functionIds)
      expect(resource(template, functionLogicalId(id)).Type).toBe('AWS::Lambda::Function');
  });

  test.each(functionIds)(
    '%s runs Node.js 22 or newer on arm64, traced, logging to its own log group',
    (id) => {
      const props = resource(template, functionLogicalId(id)).Properties as {
        Runtime: string;
        Architectures: string[];
        TracingConfig: unknown;
        LoggingConfig: { LogGroup: unknown };
        Handler: string;
      };
      const major = Number(/^nodejs(\d+)\.x$/.exec(props.Runtime)?.[1]);
      expect(major).toBeGreaterThanOrEqual(22);
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.Handler).toBe('index.handler');
      const logGroup = logicalId(stack.functionOf(id).functionLogGroup);
      expect(props.LoggingConfig.LogGroup).toEqual({ Ref: logGroup });
      expect(resource(template, logGroup).Properties.RetentionInDays).toEqual(expect.any(Number));
    },
  );

  test.each(functionIds)('%s gets exactly the environment its description entry asks for', (id) => {
    const spec = functions[id];
    const expected: Record<string, unknown> = {
      POWERTOOLS_SERVICE_NAME: serviceName,
      POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };
    for (const tableId of Object.keys(spec.tables) as TableId[]) {
      expected[tables[tableId].envVar] = { Ref: tableLogicalId(tableId) };
    }
    for (const workflowId of Object.keys(spec.workflows ?? {}) as (keyof typeof workflows)[]) {
      // The ARN built from the state machine's name (its own steps answer its tasks: no cycle).
      expected[workflows[workflowId].envVar] = {
        'Fn::Join': ['', expect.arrayContaining([`:stateMachine:${stack.stackName}-${workflowId}`])],
      };
    }
    if (spec.settings?.includes('EMAIL_FROM')) expected.EMAIL_FROM = defaultEmailFrom;
    const pool = logicalId(stack.identity.userPool);
    if (spec.settings?.includes('IDENTITY_ISSUER'))
      expected.IDENTITY_ISSUER = { 'Fn::GetAtt': [pool, 'ProviderURL'] };
    if (spec.settings?.includes('IDENTITY_CLIENT_ID'))
      expected.IDENTITY_CLIENT_ID = { Ref: logicalId(stack.identity.client) };
    if (spec.settings?.includes('IDENTITY_USER_POOL_ID')) expected.IDENTITY_USER_POOL_ID = { Ref: pool };

    const actual = environmentOf(id);
    expect(actual).toMatchObject(expected);
    const extra = Object.keys(actual).filter((k) => !(k in expected) && !spec.settings?.includes(k as never));
    expect(extra.filter((k) => k !== 'NODE_OPTIONS')).toEqual([]);
    for (const setting of spec.settings ?? []) expect(actual[setting]).toBeDefined();
  });

  test('functions get the link-signing secret by reference (its ARN), never its value, and may read it', () => {
    const users = functionIds.filter((id) => functions[id].settings?.includes('LINK_SIGNING_SECRET_NAME'));
    expect(users.length).toBeGreaterThan(0);
    const template = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(template).not.toContain('{{resolve:secretsmanager:');
    for (const id of users) {
      expect(environmentOf(id).LINK_SIGNING_SECRET_NAME).toEqual({ Ref: logicalId(stack.linkSigningSecret) });
    }
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const readers = Object.values(policies).filter((policy) =>
      JSON.stringify(policy).includes('secretsmanager:GetSecretValue'),
    );
    expect(readers.length).toBe(users.length);
  });

  test('PUBLIC_BASE_URL is the HTTP API endpoint', () => {
    const users = functionIds.filter((id) => functions[id].settings?.includes('PUBLIC_BASE_URL'));
    expect(users.length).toBeGreaterThan(0);
    for (const id of users) {
      expect(environmentOf(id).PUBLIC_BASE_URL).toEqual({
        'Fn::GetAtt': [logicalId(stack.httpApi), 'ApiEndpoint'],
      });
    }
  });
});

describe('permissions', () => {
  test('intake may start the journey, write the beneficiaries table, read back and delete one item (replay, rollback), query its indexes (duplicates): no Scan, no BatchWrite, no Query of the table', () => {
    const statements = statementsOfRole(template, roleLogicalId('intake'));
    const journey = `${stack.stackName}-journey`;
    expect(
      statements.some(
        (s) => actionsOf(s).includes('states:StartExecution') && JSON.stringify(s.Resource).includes(journey),
      ),
    ).toBe(true);

    const onBeneficiaries = statements.filter((s) => mentions(s, tableLogicalId('beneficiaries')));
    const actions = onBeneficiaries.flatMap(actionsOf);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem']),
    );
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem']) {
      expect(actions).not.toContain(forbidden);
    }
    const queries = onBeneficiaries.filter((s) => actionsOf(s).includes('dynamodb:Query'));
    expect(queries).toHaveLength(1);
    expect(JSON.stringify(queries[0]?.Resource)).toContain('/index/*');
  });

  test.each(functionIds)(
    '%s touches only the tables of its description entry (and streams it consumes)',
    (id) => {
      const statements = statementsOfRole(template, roleLogicalId(id));
      const streamActions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];
      for (const tableId of tableIds) {
        const onTable = statements.filter((s) => mentions(s, tableLogicalId(tableId)));
        const consumesStream = streamConsumers.some((c) => c.function === id && c.table === tableId);
        if (tableId in functions[id].tables) {
          expect([tableId, onTable.length > 0]).toEqual([tableId, true]);
        } else if (consumesStream) {
          expect(onTable.flatMap(actionsOf).every((a) => streamActions.includes(a))).toBe(true);
        } else {
          expect([tableId, onTable.length]).toEqual([tableId, 0]);
        }
      }
      const deletes = Object.values(functions[id].tables).some(
        (access) => access === 'writeDelete' || access === 'readWriteDelete' || access === 'readWriteItems',
      );
      expect(statements.flatMap(actionsOf).includes('dynamodb:DeleteItem')).toBe(deletes);
    },
  );

  test('only the functions that send email may, and only from the SES identity', () => {
    const identity = logicalId(stack.emailIdentity);
    for (const id of functionIds) {
      const ses = statementsOfRole(template, roleLogicalId(id)).filter((s) =>
        actionsOf(s).includes('ses:SendEmail'),
      );
      expect([id, ses.length > 0]).toEqual([id, functions[id].sendsEmail === true]);
      for (const s of ses) expect(mentions(s, identity)).toBe(true);
    }
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: defaultEmailFrom.split('@')[1],
    });
  });

  test('workflows chain by name: planning a follow-up may start follow-ups, reopening may start journeys, nothing else starts either', () => {
    const starters = (workflowId: string) =>
      functionIds.filter((id) =>
        statementsOfRole(template, roleLogicalId(id)).some(
          (s) =>
            actionsOf(s).includes('states:StartExecution') &&
            JSON.stringify(s.Resource).includes(`${stack.stackName}-${workflowId}`),
        ),
      );
    expect(starters('followUp')).toEqual(['planFollowUp']);
    expect(starters('journey').sort()).toEqual(['intake', 'reopenAccompaniment']);
    expect(Object.keys(stack.workflows).sort()).toEqual(['followUp', 'journey']);
  });

  test.each(['journey', 'followUp'] as const)(
    'the %s state machine may invoke exactly the functions its ASL names',
    (workflowId) => {
      const sm = stack.workflows[workflowId].stateMachine;
      const invoke = statementsOfRole(template, logicalId(sm.role)).filter((s) =>
        actionsOf(s).includes('lambda:InvokeFunction'),
      );
      const named = [...new Set(Object.values(workflows[workflowId].functionArns))];
      expect(invoke).toHaveLength(1);
      expect(invoke[0]?.Resource).toEqual(
        expect.arrayContaining(named.map((f) => ({ 'Fn::GetAtt': [functionLogicalId(f), 'Arn'] }))),
      );
      expect(invoke[0]?.Resource).toHaveLength(named.length);
    },
  );
});

describe('workflows', () => {
  test.each(Object.keys(workflows) as (keyof typeof workflows)[])(
    '%s fills every placeholder of its ASL file with the ARN of the described function',
    (id) => {
      const spec = workflows[id];
      const placeholders = aslPlaceholders(fs.readFileSync(path.join(repoRoot, spec.file), 'utf8'));
      expect(placeholders.length).toBeGreaterThan(0);
      const props = resource(template, logicalId(stack.workflows[id].stateMachine)).Properties as {
        DefinitionSubstitutions: Record<string, unknown>;
      };
      for (const placeholder of placeholders) {
        const fnId = spec.functionArns[placeholder];
        expect([placeholder, fnId]).toEqual([placeholder, expect.any(String)]);
        expect(props.DefinitionSubstitutions[placeholder]).toEqual({
          'Fn::GetAtt': [functionLogicalId(fnId as FunctionId), 'Arn'],
        });
      }
    },
  );

  test('state machines are STANDARD, log ALL events and are traced', () => {
    template.allResourcesProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
  });

  test('alarms watch failed, timed-out and throttled executions', () => {
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionThrottled']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metricName,
      });
    }
  });
});

describe('HTTP API', () => {
  test('one route per description route, each to its function', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
    const routeResources = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as {
      Properties: { RouteKey: string; Target: unknown };
    }[];
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration') as Record<
      string,
      { Properties: { IntegrationUri: unknown } }
    >;
    for (const route of routes) {
      const found = routeResources.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      expect([route.path, found !== undefined]).toEqual([route.path, true]);
      const integrationId = /"Ref":"([^"]+)"/.exec(JSON.stringify(found?.Properties.Target))?.[1] ?? '';
      expect(integrations[integrationId]?.Properties.IntegrationUri).toEqual({
        'Fn::GetAtt': [functionLogicalId(route.function), 'Arn'],
      });
    }
  });

  test('the default stage writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
  });
});

describe('stream consumers', () => {
  test.each(streamConsumers.map((c) => [c.table, c.function, c] as const))(
    'the %s stream feeds %s, with retries, bisection and a dead-letter queue',
    (table, fn, consumer) => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [tableLogicalId(table), 'StreamArn'] },
        FunctionName: { Ref: functionLogicalId(fn) },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: consumer.batchSize,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: Match.anyValue(),
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
      });
    },
  );

  test('dead-letter queues are encrypted and refuse plain HTTP', () => {
    template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('reference data seed', () => {
  const seeds = Object.values(template.findResources('Custom::KafaatReferenceSeed')) as {
    Properties: { Create: unknown; Update?: unknown; Delete?: unknown };
  }[];

  test('writes every reference item on create only, at most 25 a call', () => {
    const items = referenceItems();
    expect(seeds).toHaveLength(Math.ceil(items.length / 25));
    let written = 0;
    for (const seed of seeds) {
      expect(seed.Properties.Update).toBeUndefined();
      expect(seed.Properties.Delete).toBeUndefined();
      const create = JSON.stringify(seed.Properties.Create);
      const count = create.match(/PutRequest/g)?.length ?? 0;
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(25);
      expect(create).toContain('BatchWriteItem');
      expect(create).toContain(tableLogicalId('reference'));
      written += count;
    }
    expect(written).toBe(items.length);
  });

  test("may write to the reference table (with its table's key) and its own log group, nothing else", () => {
    const seed = stack.referenceDataSeed;
    const statements = statementsOfRole(template, logicalId(seed.role));
    const reference = { 'Fn::GetAtt': [tableLogicalId('reference'), 'Arn'] };
    const logs = { 'Fn::GetAtt': [logicalId(seed.logGroup), 'Arn'] };
    const key = { 'Fn::GetAtt': [logicalId(stack.personalDataKey), 'Arn'] };
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      if (actionsOf(s).includes('dynamodb:BatchWriteItem')) {
        expect([actionsOf(s), s.Resource]).toEqual([['dynamodb:BatchWriteItem'], reference]);
      } else if (actionsOf(s).some((a) => a.startsWith('kms:'))) {
        expect([actionsOf(s).every((a) => a.startsWith('kms:')), s.Resource]).toEqual([true, key]);
      } else {
        expect([actionsOf(s), s.Resource]).toEqual([['logs:CreateLogStream', 'logs:PutLogEvents'], logs]);
      }
    }
    expect(statements.filter((s) => actionsOf(s).includes('dynamodb:BatchWriteItem'))).toHaveLength(
      seeds.length,
    );
    const role = resource(template, logicalId(seed.role)).Properties;
    expect(role.ManagedPolicyArns).toBeUndefined();
  });
});

describe('template', () => {
  test('has no dependency cycle (functions know the API URL, the API routes to the functions)', () => {
    const resources = template.toJSON().Resources as Record<string, { DependsOn?: string | string[] }>;
    const edges = new Map<string, Set<string>>();
    for (const [id, body] of Object.entries(resources)) {
      const text = JSON.stringify(body);
      const refs = [...text.matchAll(/\{"Ref":"([^"]+)"\}|\{"Fn::GetAtt":\["([^"]+)"/g)].map(
        (m) => m[1] ?? m[2] ?? '',
      );
      const dependsOn = body.DependsOn === undefined ? [] : [body.DependsOn].flat();
      edges.set(id, new Set([...refs, ...dependsOn].filter((r) => r in resources)));
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const cycleFrom = (id: string, trail: string[]): string[] | undefined => {
      if (state.get(id) === 'done') return undefined;
      if (state.get(id) === 'visiting') return [...trail, id];
      state.set(id, 'visiting');
      for (const next of edges.get(id) ?? []) {
        const cycle = cycleFrom(next, [...trail, id]);
        if (cycle) return cycle;
      }
      state.set(id, 'done');
      return undefined;
    };
    for (const id of edges.keys()) expect(cycleFrom(id, [])).toBeUndefined();
  });
});

describe('context', () => {
  test('kafaat:emailFrom sets the sender and the SES identity', () => {
    const other = synthesize({ 'kafaat:emailFrom': 'coaching@example.org' });
    other.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.org' });
    const env = resource(other.template, other.logicalId(other.stack.functionOf('createCoachTask')))
      .Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(env.Environment.Variables.EMAIL_FROM).toBe('coaching@example.org');
  });

  test('kafaat:indexesLeftOut leaves those indexes out of this deploy (CloudFormation adds one a table per update)', () => {
    const indexesOf = (synthesized: Synthesized) => {
      const table = resource(
        synthesized.template,
        synthesized.logicalId(synthesized.stack.tables.beneficiaries),
      );
      const indexes = table.Properties.GlobalSecondaryIndexes as { IndexName: string; Projection: unknown }[];
      return Object.fromEntries(indexes.map((index) => [index.IndexName, index.Projection]));
    };
    const all = indexesOf(synthesize());
    expect(all).toMatchObject({
      'by-association': { ProjectionType: 'ALL' },
      'by-phone-key': { ProjectionType: 'KEYS_ONLY' },
      'by-identity-key': { ProjectionType: 'KEYS_ONLY' },
    });
    const first = indexesOf(synthesize({ 'kafaat:indexesLeftOut': 'by-identity-key' }));
    expect(Object.keys(first).sort()).toEqual(
      Object.keys(all)
        .filter((name) => name !== 'by-identity-key')
        .sort(),
    );
  });

  test('a sender that is not an address stops the synthesis', () => {
    expect(() => synthesize({ 'kafaat:emailFrom': 'not-an-address' })).toThrow(/kafaat:emailFrom/);
  });
});
