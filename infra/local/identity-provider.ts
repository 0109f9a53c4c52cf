/**
 * The local user pool: the Amazon Cognito Identity Provider operations the app uses, over the same
 * AWS JSON 1.1 protocol the SDK's CognitoIdentityProviderClient speaks, and the key set Cognito
 * publishes at `<issuer>/.well-known/jwks.json`. Handlers sign in with InitiateAuth and verify
 * tokens against the JWKS exactly as on AWS; nothing trusts a header.
 *
 * Tokens are ID tokens of Cognito's shape (RS256; `iss`, `aud` = the app client, `token_use: id`,
 * `cognito:username`, `cognito:groups`), and before each is signed the pool calls the app's
 * pre-token-generation trigger, as Cognito does: the groups and name come from the people table.
 *
 * Users (user name, a scrypt hash of the password, enabled) are kept in a DynamoDB Local table;
 * the signing key in the data folder (0600), so sessions and users survive a restart.
 */
import { randomBytes, randomUUID, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  length: number,
) => Promise<Buffer>;

export const LOCAL_USER_POOL_ID = 'eu-west-3_KafaatLocal';
export const LOCAL_USER_POOL_CLIENT_ID = 'kafaat-local-web-client';
const TOKEN_SECONDS = 3600;

export interface IdentityProviderOptions {
  documents: DynamoDBDocumentClient;
  /** The users table (`localIdentityTableName` in tables.ts). */
  table: string;
  /** Where the signing key is kept; none: a new key each start (tests). */
  keyFile?: string;
  /** The pool's pre-token-generation trigger (the app's `tokenClaims` function). */
  preTokenGeneration: (event: PreTokenGenerationTriggerEvent) => Promise<PreTokenGenerationTriggerEvent>;
  port?: number;
  host?: string;
}

export interface LocalIdentityProvider {
  server: Server;
  /** The endpoint the SDK is pointed at (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER). */
  endpoint: string;
  /** The tokens' `iss`: the JWKS is at `${issuer}/.well-known/jwks.json`. */
  issuer: string;
  userPoolId: string;
  clientId: string;
  /** Creates the user if missing and sets their password (seeding); an existing user keeps theirs. */
  ensureUser: (userName: string, password: string) => Promise<boolean>;
}

interface LocalUser {
  userName: string;
  sub: string;
  passwordHash: string;
  enabled: boolean;
  createdAt: string;
}

class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt:${salt.toString('base64')}:${hash.toString('base64')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const given = await scrypt(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(expected, given);
}

/** The pool's password policy, as the CDK stack sets it: 12 characters, a capital, a small letter, a digit, a symbol. */
function checkPasswordPolicy(password: string): void {
  if (
    password.length < 12 ||
    !/[A-Z]/.test(password) ||
    !/[a-z]/.test(password) ||
    !/\d/.test(password) ||
    !/[^A-Za-z0-9]/.test(password)
  ) {
    throw new CognitoError(
      'InvalidPasswordException',
      'Password does not conform to policy: at least 12 characters with upper case, lower case, a number and a symbol.',
    );
  }
}

async function signingKey(keyFile: string | undefined) {
  if (keyFile && existsSync(keyFile)) {
    const jwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    return { privateKey: await importJWK(jwk, 'RS256'), jwk };
  }
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(jwk), { mode: 0o600 });
  }
  return { privateKey: await importJWK(jwk, 'RS256'), jwk };
}

function publicJwk(jwk: JWK): JWK {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new CognitoError('InvalidParameterException', 'Request too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new CognitoError('SerializationException', 'The body is not a JSON object');
  }
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new CognitoError('InvalidParameterException', `Missing required parameter ${name}`);
  }
  return value;
}

export async function startIdentityProvider(
  options: IdentityProviderOptions,
): Promise<LocalIdentityProvider> {
  const { documents, table } = options;
  const { privateKey, jwk } = await signingKey(options.keyFile);
  const host = options.host ?? '127.0.0.1';
  const state = { issuer: '' };

  const canonical = (userName: string) => userName.trim().toUpperCase();
  const getUser = async (userName: string): Promise<LocalUser | undefined> => {
    const { Item } = await documents.send(
      new GetCommand({ TableName: table, Key: { userName: canonical(userName) }, ConsistentRead: true }),
    );
    return Item as LocalUser | undefined;
  };
  const createUser = async (userName: string, password: string | undefined): Promise<boolean> => {
    const user: LocalUser = {
      userName: canonical(userName),
      sub: randomUUID(),
      // A user made without a password cannot sign in until one is set.
      passwordHash: password ? await hashPassword(password) : '',
      enabled: true,
      createdAt: new Date().toISOString(),
    };
    try {
      await documents.send(
        new PutCommand({
          TableName: table,
          Item: user,
          ConditionExpression: 'attribute_not_exists(userName)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  };
  const updateUser = async (
    userName: string,
    changes: Partial<Pick<LocalUser, 'passwordHash' | 'enabled'>>,
  ) => {
    const names = Object.keys(changes);
    try {
      await documents.send(
        new UpdateCommand({
          TableName: table,
          Key: { userName: canonical(userName) },
          UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(userName)',
          ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
          ExpressionAttributeValues: Object.fromEntries(
            Object.entries(changes).map(([n, v]) => [`:${n}`, v]),
          ),
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new CognitoError('UserNotFoundException', 'User does not exist.');
      throw error;
    }
  };

  const issueTokens = async (user: LocalUser, clientId: string) => {
    const trigger: PreTokenGenerationTriggerEvent = {
      version: '1',
      triggerSource: 'TokenGeneration_Authentication',
      region: 'eu-west-3',
      userPoolId: LOCAL_USER_POOL_ID,
      userName: user.userName,
      callerContext: { awsSdkVersion: 'local', clientId },
      request: {
        userAttributes: { sub: user.sub, 'cognito:user_status': 'CONFIRMED' },
        groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
      },
      response: { claimsOverrideDetails: {} },
    };
    let answered: PreTokenGenerationTriggerEvent;
    try {
      answered = await options.preTokenGeneration(trigger);
    } catch (error) {
      throw new CognitoError(
        'UserLambdaValidationException',
        `PreTokenGeneration failed with error ${(error as Error).message}.`,
      );
    }
    const overrides = answered.response.claimsOverrideDetails ?? {};
    const groups = overrides.groupOverrideDetails?.groupsToOverride ?? [];
    const now = Math.floor(Date.now() / 1000);
    const common = { sub: user.sub, 'cognito:groups': groups, auth_time: now, event_id: randomUUID() };
    const idToken = await new SignJWT({
      ...common,
      ...(overrides.claimsToAddOrOverride ?? {}),
      'cognito:username': user.userName,
      token_use: 'id',
    })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid ?? 'local' })
      .setIssuer(state.issuer)
      .setAudience(clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_SECONDS)
      .sign(privateKey);
    const accessToken = await new SignJWT({
      ...common,
      client_id: clientId,
      username: user.userName,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
    })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid ?? 'local' })
      .setIssuer(state.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_SECONDS)
      .sign(privateKey);
    return { IdToken: idToken, AccessToken: accessToken, ExpiresIn: TOKEN_SECONDS, TokenType: 'Bearer' };
  };

  const checkPool = (body: Record<string, unknown>) => {
    if (text(body.UserPoolId, 'UserPoolId') !== LOCAL_USER_POOL_ID)
      throw new CognitoError('ResourceNotFoundException', 'User pool does not exist.');
  };

  const operations: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    InitiateAuth: async (body) => {
      const clientId = text(body.ClientId, 'ClientId');
      if (clientId !== LOCAL_USER_POOL_CLIENT_ID)
        throw new CognitoError('ResourceNotFoundException', 'User pool client does not exist.');
      if (body.AuthFlow !== 'USER_PASSWORD_AUTH')
        throw new CognitoError(
          'InvalidParameterException',
          'Only USER_PASSWORD_AUTH is enabled for this client.',
        );
      const parameters = (body.AuthParameters ?? {}) as Record<string, unknown>;
      const userName = text(parameters.USERNAME, 'USERNAME');
      const password = text(parameters.PASSWORD, 'PASSWORD');
      const user = await getUser(userName);
      // As Cognito with user-existence errors prevented: one answer for every refusal.
      const refused = new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
      if (!user?.passwordHash || !(await passwordMatches(password, user.passwordHash))) throw refused;
      if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
      return { AuthenticationResult: await issueTokens(user, clientId), ChallengeParameters: {} };
    },
    AdminCreateUser: async (body) => {
      checkPool(body);
      const userName = text(body.Username, 'Username');
      const password = typeof body.TemporaryPassword === 'string' ? body.TemporaryPassword : undefined;
      if (password) checkPasswordPolicy(password);
      if (!(await createUser(userName, password)))
        throw new CognitoError('UsernameExistsException', 'User account already exists.');
      const user = await getUser(userName);
      return { User: { Username: user?.userName, Enabled: true, UserStatus: 'CONFIRMED' } };
    },
    AdminSetUserPassword: async (body) => {
      checkPool(body);
      const password = text(body.Password, 'Password');
      checkPasswordPolicy(password);
      await updateUser(text(body.Username, 'Username'), { passwordHash: await hashPassword(password) });
      return {};
    },
    AdminDisableUser: async (body) => {
      checkPool(body);
      await updateUser(text(body.Username, 'Username'), { enabled: false });
      return {};
    },
    AdminEnableUser: async (body) => {
      checkPool(body);
      await updateUser(text(body.Username, 'Username'), { enabled: true });
      return {};
    },
    AdminGetUser: async (body) => {
      checkPool(body);
      const user = await getUser(text(body.Username, 'Username'));
      if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
      return {
        Username: user.userName,
        Enabled: user.enabled,
        UserStatus: user.passwordHash ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
        UserAttributes: [{ Name: 'sub', Value: user.sub }],
      };
    },
  };

  const jwksPath = `/${LOCAL_USER_POOL_ID}/.well-known/jwks.json`;
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown, type = 'application/x-amz-json-1.1') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (request.method === 'GET' && path === jwksPath) {
        return reply(200, { keys: [publicJwk(jwk)] }, 'application/json');
      }
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AWSCognitoIdentityProviderService.')
        ? operations[target.slice('AWSCognitoIdentityProviderService.'.length)]
        : undefined;
      if (request.method !== 'POST' || !operation) {
        return reply(400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
      }
      try {
        reply(200, await operation(await readJson(request)));
      } catch (error) {
        if (error instanceof CognitoError) return reply(400, { __type: error.type, message: error.message });
        reply(500, { __type: 'InternalErrorException', message: 'The local user pool failed' });
      }
    })();
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolveListen);
  });
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  state.issuer = `${endpoint}/${LOCAL_USER_POOL_ID}`;

  return {
    server,
    endpoint,
    issuer: state.issuer,
    userPoolId: LOCAL_USER_POOL_ID,
    clientId: LOCAL_USER_POOL_CLIENT_ID,
    ensureUser: async (userName, password) => {
      if (await getUser(userName)) return false;
      checkPasswordPolicy(password);
      return createUser(userName, password);
    },
  };
}
