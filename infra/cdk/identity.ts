/**
 * Who signs people in on AWS: one Amazon Cognito user pool, one app client (user name and
 * password, no secret), one group per role and scope of the access table, and the HTTP API's JWT
 * authorizer for the routes only API clients call. The local runtime has its own issuer with the
 * same token shape (functions/commons/sessions.ts verifies both the same way).
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  accessTable,
  actions,
  groupOf,
  NATIONAL,
  roles,
  type Principal,
  type Role,
  type Scope,
} from '../../functions/domain/access';
import { associations, partners, regions } from '../../functions/domain/reference-data';

/** What `identity: 'manage-users'` may do, on the one user pool (the administrators' pages). */
export const manageUsersActions = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminGetUser',
];

/** How long a session lasts: the ID token's lifetime (functions/commons/sessions.ts `SESSION_SECONDS`). */
export const idTokenValidity = Duration.hours(1);

export interface AccessGroup {
  /** `role:region[:association or partner]`, as `groupOf` names it. */
  name: string;
  description: string;
}

/**
 * Where a role's rights reach, read from the access table: a role with an `association` or `own`
 * scope belongs to one association; a `region` scope, to a region or the whole country; `all`, to
 * the whole country only.
 */
function reachOf(role: Role): 'association' | 'partner' | 'region' | 'national' {
  const scopes = actions
    .map((action) => accessTable[action][role])
    .filter((scope): scope is Scope => scope !== undefined);
  if (scopes.includes('partner')) return 'partner';
  if (scopes.some((scope) => scope === 'association' || scope === 'own')) return 'association';
  if (scopes.includes('region')) return 'region';
  return 'national';
}

function rightsOf(role: Role): string {
  return actions
    .filter((action) => accessTable[action][role] !== undefined)
    .map((action) => `${action} (${accessTable[action][role]})`)
    .join(', ');
}

/**
 * One group per role and scope a person can have: each association's intake workers, coaches and
 * supervisors, each partner's training provider or employer, each region's governance board and
 * the national one, the administrators.
 */
export function accessGroups(): AccessGroup[] {
  const regionName = (code: string): string => regions.find((r) => r.code === code)?.name.en ?? code;
  const groups: AccessGroup[] = [];
  for (const role of roles) {
    const scopes: { where: string; of: Pick<Principal, 'region' | 'association' | 'partner'> }[] = [];
    switch (reachOf(role)) {
      case 'association':
        for (const a of associations)
          scopes.push({
            where: `${a.name} (${a.code}, region ${a.region} ${regionName(a.region)})`,
            of: { region: a.region, association: a.code },
          });
        break;
      case 'partner':
        for (const p of partners.filter((partner) => partner.kind === role))
          scopes.push({
            where: `${p.name} (${p.code}, region ${p.region} ${regionName(p.region)})`,
            of: { region: p.region, partner: p.code },
          });
        break;
      case 'region':
        for (const r of regions)
          scopes.push({ where: `region ${r.code} ${r.name.en}`, of: { region: r.code } });
        scopes.push({ where: 'the whole country', of: { region: NATIONAL } });
        break;
      case 'national':
        scopes.push({ where: 'the whole country', of: { region: NATIONAL } });
        break;
    }
    for (const { where, of } of scopes) {
      groups.push({
        name: groupOf({ role, ...of }),
        description: `${role}, ${where}. May: ${rightsOf(role)}. A person's group comes from the people table (pre-token-generation trigger), not from membership here.`,
      });
    }
  }
  return groups;
}

export class Identity extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly client: cognito.UserPoolClient;
  public readonly groups: cognito.UserPoolGroup[];
  /** For the routes marked `authorizer: 'jwt'`: a bearer ID token of this pool and this client. */
  public readonly jwtAuthorizer: HttpJwtAuthorizer;

  public constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Administrators create people (the administration pages); nobody signs themselves up.
      selfSignUpEnabled: false,
      // The user name is the person id (`COACH-TTA-1`), typed in any case.
      signInAliases: { username: true },
      signInCaseSensitive: false,
      // Cognito's default classes of characters, four more characters than its default length.
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // See the AwsSolutions-COG2 acknowledgement below.
      mfa: cognito.Mfa.OFF,
      // No self-service recovery by email or SMS: an administrator sets a new password.
      accountRecovery: cognito.AccountRecovery.NONE,
      // Plus: threat protection (compromised credentials, risky sign-ins). Audit first, as AWS
      // advises (two weeks of learning the usage), then FULL_FUNCTION with a risk configuration.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
      // People's accounts and their history outlive the stack and a mistaken replacement.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA waits for the sign-in function to answer MFA challenges (it signs in with USER_PASSWORD_AUTH and treats any answer without an ID token as refused; the local issuer has no MFA either): requiring it now would lock everyone out. Meanwhile: no self sign-up, 12-character passwords of four character classes set by administrators, threat protection (Plus) auditing sign-ins, one-hour sessions.',
    });

    this.client = this.userPool.addClient('SignInClient', {
      // InitiateAuth with USER_PASSWORD_AUTH from the sign-in function: a public call with the
      // client id, no secret. CDK adds ALLOW_REFRESH_TOKEN_AUTH, which renews only a session
      // already open; the sign-in function never hands the refresh token out.
      authFlows: { userPassword: true },
      generateSecret: false,
      disableOAuth: true,
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      idTokenValidity,
      accessTokenValidity: idTokenValidity,
      refreshTokenValidity: idTokenValidity,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });

    this.groups = accessGroups().map((group) =>
      this.userPool.addGroup(`Group${group.name.split(':').map(pascal).join('')}`, {
        groupName: group.name,
        description: group.description,
      }),
    );

    this.jwtAuthorizer = new HttpJwtAuthorizer('JwtAuthorizer', this.userPool.userPoolProviderUrl, {
      jwtAudience: [this.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
  }

  /**
   * The pool's pre-token-generation trigger. It must not be told the pool's ids (the pool
   * references it: that would be a cycle).
   */
  public setTokenClaims(fn: lambda.IFunction): void {
    this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, fn);
  }

  /** `identity: 'manage-users'`: create, enable, disable people and set passwords in this pool only. */
  public grantManageUsers(grantee: iam.IGrantable): void {
    this.userPool.grant(grantee, ...manageUsersActions);
  }
}

function pascal(part: string): string {
  return part
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
