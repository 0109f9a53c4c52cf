/**
 * Signing in on AWS: the Cognito user pool and its app client, one group per role and scope of
 * the access table, the JWT authorizer exactly on the routes the description marks `jwt`, the
 * development sign-in left out, and the administrators' function limited to this one pool.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { groupOf, NATIONAL } from '../../functions/domain/access';
import { seededPeople } from '../../functions/domain/people';
import { associations, partners, regions } from '../../functions/domain/reference-data';
import { functions, routes, routesOn, type FunctionId } from '../../infra/app-description';
import { idTokenValidity, manageUsersActions } from '../../infra/cdk/identity';
import { functionIdsOnAws, tokenClaimsFunction } from '../../infra/cdk/kafaat-stack';
import { actionsOf, resource, statementsOfRole, synthesize } from './synth';

// Prepare: one synthesis for the whole file.
const { stack, template, logicalId } = synthesize();

const pool = logicalId(stack.identity.userPool);
const client = logicalId(stack.identity.client);
const functionLogicalId = (id: FunctionId): string => logicalId(stack.functionOf(id));
const roleLogicalId = (id: FunctionId): string => {
  const role = stack.functionOf(id).role;
  if (!role) throw new Error(`${id} has no role`);
  return logicalId(role);
};
const localOnly = (Object.keys(functions) as FunctionId[]).filter((id) => functions[id].localOnly);

describe('user pool', () => {
  test('one pool: no self sign-up, user names in any case, a password policy at least Cognito’s default', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    const props = resource(template, pool).Properties as {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: boolean };
      UsernameConfiguration: { CaseSensitive: boolean };
      AliasAttributes?: unknown;
      UsernameAttributes?: unknown;
      Policies: {
        PasswordPolicy: {
          MinimumLength: number;
          RequireLowercase: boolean;
          RequireUppercase: boolean;
          RequireNumbers: boolean;
          RequireSymbols: boolean;
        };
      };
    };
    expect(props.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(props.UsernameConfiguration.CaseSensitive).toBe(false);
    expect(props.AliasAttributes).toBeUndefined();
    expect(props.UsernameAttributes).toBeUndefined();
    const policy = props.Policies.PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(8);
    expect(policy).toMatchObject({
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
  });

  test('is retained and protected from deletion, on the Plus plan with threat protection', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtection: 'ACTIVE',
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: Match.stringLikeRegexp('^(AUDIT|ENFORCED)$') },
      }),
    });
  });

  test(`${tokenClaimsFunction} is the pre-token-generation trigger, and Cognito may invoke it for this pool only`, () => {
    const trigger = { 'Fn::GetAtt': [functionLogicalId(tokenClaimsFunction), 'Arn'] };
    expect(resource(template, pool).Properties.LambdaConfig).toEqual({ PreTokenGeneration: trigger });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: trigger,
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [pool, 'Arn'] },
    });
  });

  test(`${tokenClaimsFunction} is not given the pool's ids (no cycle), and reads the people table`, () => {
    const settings = functions[tokenClaimsFunction].settings ?? [];
    expect(settings.filter((s) => s.startsWith('IDENTITY_'))).toEqual([]);
    expect(functions[tokenClaimsFunction].tables).toEqual({ people: 'read' });
  });
});

describe('app client', () => {
  const props = () =>
    resource(template, client).Properties as {
      UserPoolId: unknown;
      ExplicitAuthFlows: string[];
      GenerateSecret?: boolean;
      AllowedOAuthFlows?: unknown;
      AllowedOAuthFlowsUserPoolClient?: boolean;
      IdTokenValidity: number;
      TokenValidityUnits: { IdToken: string };
      PreventUserExistenceErrors: string;
    };

  test('one client of the pool, with no secret and no OAuth flow', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    expect(props().UserPoolId).toEqual({ Ref: pool });
    expect(props().GenerateSecret).not.toBe(true);
    expect(props().AllowedOAuthFlows).toBeUndefined();
    expect(props().AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(props().PreventUserExistenceErrors).toBe('ENABLED');
  });

  test('signs in with USER_PASSWORD_AUTH only (refreshing renews a session, it opens none)', () => {
    const flows = props().ExplicitAuthFlows;
    expect(flows).toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(flows.filter((f) => f !== 'ALLOW_REFRESH_TOKEN_AUTH')).toEqual(['ALLOW_USER_PASSWORD_AUTH']);
  });

  test('ID tokens last one hour (the session)', () => {
    expect(idTokenValidity.toMinutes()).toBe(60);
    expect(props().IdTokenValidity).toBe(60);
    expect(props().TokenValidityUnits.IdToken).toBe('minutes');
  });
});

describe('groups', () => {
  // What functions/domain/access.ts `groupOf` names, written out from the reference data.
  const expected = [
    ...associations.flatMap((a) =>
      ['intake-worker', 'coach', 'supervisor'].map((role) => `${role}:${a.region}:${a.code}`),
    ),
    ...regions.map((r) => `governance:${r.code}`),
    `governance:${NATIONAL}`,
    `admin:${NATIONAL}`,
    ...partners.map((p) => `${p.kind}:${p.region}:${p.code}`),
  ];
  const groups = () =>
    Object.values(template.findResources('AWS::Cognito::UserPoolGroup')) as {
      Properties: { GroupName: string; Description?: string; UserPoolId: unknown };
    }[];

  test('one group per role and scope of the access table, each described, in this pool', () => {
    expect(
      groups()
        .map((g) => g.Properties.GroupName)
        .sort(),
    ).toEqual([...expected].sort());
    for (const group of groups()) {
      expect(group.Properties.UserPoolId).toEqual({ Ref: pool });
      expect([group.Properties.GroupName, (group.Properties.Description ?? '').length > 20]).toEqual([
        group.Properties.GroupName,
        true,
      ]);
      expect((group.Properties.Description ?? '').length).toBeLessThanOrEqual(2048);
    }
  });

  test('every seeded person’s group exists', () => {
    const names = new Set(groups().map((g) => g.Properties.GroupName));
    for (const person of seededPeople())
      expect([person.personId, names.has(groupOf(person))]).toEqual([person.personId, true]);
  });
});

describe('HTTP API authorizer', () => {
  const authorizers = () =>
    template.findResources('AWS::ApiGatewayV2::Authorizer') as Record<
      string,
      { Properties: Record<string, unknown> }
    >;
  const routeResources = () =>
    Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as {
      Properties: { RouteKey: string; AuthorizationType?: string; AuthorizerId?: unknown };
    }[];

  test('one JWT authorizer: the pool as issuer, the app client as audience, the Authorization header', () => {
    const all = Object.values(authorizers());
    expect(all).toHaveLength(1);
    expect(all[0]?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::GetAtt': [pool, 'ProviderURL'] },
        Audience: [{ Ref: client }],
      },
    });
  });

  test("every route marked `authorizer: 'jwt'` has it, every other route none", () => {
    const [authorizerId] = Object.keys(authorizers());
    const jwtRoutes = routesOn('aws').filter((r) => r.authorizer === 'jwt');
    expect(jwtRoutes.length).toBeGreaterThan(0);
    for (const route of routesOn('aws')) {
      const key = `${route.method} ${route.path}`;
      const found = routeResources().find((r) => r.Properties.RouteKey === key);
      const { AuthorizationType, AuthorizerId } = found?.Properties ?? {};
      if (route.authorizer === 'jwt') {
        expect([key, AuthorizationType, AuthorizerId]).toEqual([key, 'JWT', { Ref: authorizerId }]);
      } else {
        expect([key, AuthorizationType ?? 'NONE', AuthorizerId]).toEqual([key, 'NONE', undefined]);
      }
    }
  });

  test('the session settings carry the same issuer and audience the authorizer checks', () => {
    const env = resource(template, functionLogicalId('dashboardSummary')).Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(env.Environment.Variables).toMatchObject({
      IDENTITY_ISSUER: { 'Fn::GetAtt': [pool, 'ProviderURL'] },
      IDENTITY_CLIENT_ID: { Ref: client },
    });
  });
});

describe('local-only functions', () => {
  test('the development sign-in is local only, and neither it nor its routes are deployed', () => {
    expect(localOnly).toContain('devSignIn');
    const template_ = JSON.stringify(template.toJSON());
    const keys = routeKeys();
    for (const id of localOnly) {
      expect(stack.functions[id]).toBeUndefined();
      expect(() => stack.functionOf(id)).toThrow(/not deployed/);
      expect(functionIdsOnAws()).not.toContain(id);
      expect(template_).not.toContain(functions[id].entry.replace(/\.ts$/, ''));
      for (const route of routes.filter((r) => r.function === id))
        expect(keys).not.toContain(`${route.method} ${route.path}`);
    }
    expect(keys).toHaveLength(routesOn('aws').length);
  });

  function routeKeys(): string[] {
    return Object.values(
      template.findResources('AWS::ApiGatewayV2::Route') as Record<
        string,
        { Properties: { RouteKey: string } }
      >,
    ).map((r) => r.Properties.RouteKey);
  }
});

describe('permissions on the user pool', () => {
  const managers = functionIdsOnAws().filter((id) => functions[id].identity === 'manage-users');

  test('manage-users functions may administer people in this pool only, with exactly the listed actions', () => {
    expect(managers.length).toBeGreaterThan(0);
    for (const id of managers) {
      const onPool = statementsOfRole(template, roleLogicalId(id)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('cognito-idp:')),
      );
      expect(onPool.flatMap(actionsOf).sort()).toEqual([...manageUsersActions].sort());
      for (const s of onPool) {
        expect(s.Effect).toBe('Allow');
        expect(s.Resource).toEqual({ 'Fn::GetAtt': [pool, 'Arn'] });
      }
    }
  });

  test('no other function has any right on Cognito (signing in is a public call)', () => {
    for (const id of functionIdsOnAws().filter((f) => !managers.includes(f))) {
      const onCognito = statementsOfRole(template, roleLogicalId(id)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('cognito')),
      );
      expect([id, onCognito]).toEqual([id, []]);
    }
  });
});

describe('outputs', () => {
  test('the user pool id and the app client id', () => {
    template.hasOutput('UserPoolId', { Value: { Ref: pool } });
    template.hasOutput('UserPoolClientId', { Value: { Ref: client } });
  });
});
