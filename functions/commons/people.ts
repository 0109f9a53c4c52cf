/** The people table: who works the journeys, with their role and scope. */
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  BatchGetCommand,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamo, identity } from './clients';
import { setting, tableName } from './settings';
import type { Person } from '../domain/people';

const table = () => tableName('people');

export async function getPerson(personId: string): Promise<PersonItem | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: table(), Key: { personId }, ConsistentRead: true }),
  );
  return Item as PersonItem | undefined;
}

/**
 * The person and one item of another table, read strongly in one request (BatchGetItem): a
 * request that checks its session and needs one more item waits for one round trip, not two. A
 * key DynamoDB leaves unprocessed (throttling) is read again on its own.
 */
export async function getPersonBeside(
  personId: string,
  other: GetCommandInput,
): Promise<{ person: PersonItem | undefined; other: Record<string, unknown> | undefined }> {
  const people = table();
  if (other.TableName === people) throw new Error('getPersonBeside reads an item of another table');
  const otherTable = other.TableName ?? '';
  const { Responses, UnprocessedKeys } = await dynamo.send(
    new BatchGetCommand({
      RequestItems: {
        [people]: { Keys: [{ personId }], ConsistentRead: true },
        [otherTable]: {
          Keys: [other.Key ?? {}],
          ConsistentRead: other.ConsistentRead,
          ProjectionExpression: other.ProjectionExpression,
          ExpressionAttributeNames: other.ExpressionAttributeNames,
        },
      },
    }),
  );
  const [person, item] = await Promise.all([
    UnprocessedKeys?.[people] ? getPerson(personId) : (Responses?.[people]?.[0] as PersonItem | undefined),
    UnprocessedKeys?.[otherTable]
      ? dynamo.send(new GetCommand(other)).then(({ Item }) => Item)
      : Responses?.[otherTable]?.[0],
  ]);
  return { person, other: item };
}

/** Adds a person once; false if one with this id exists already. */
export async function addPerson(person: Person): Promise<boolean> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: table(),
        Item: person,
        ConditionExpression: 'attribute_not_exists(personId)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Every person (a few hundred at most: the staff of the associations and boards). */
export async function listPeople(): Promise<PersonItem[]> {
  const people: PersonItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: table(), ExclusiveStartKey: start }));
    people.push(...((page.Items ?? []) as PersonItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return people.sort((a, b) => a.personId.localeCompare(b.personId));
}

// ---------------------------------------------------------------------------------------------
// The administration's writes: a person added (people item, coach item, user pool) and changed.
// ---------------------------------------------------------------------------------------------

/**
 * A people item as the administration writes it:
 * - `version`: one more at each change (absent = 0); a change is written only if the item is
 *   still at the version it was based on, so a form loaded before someone else's change cannot
 *   undo it.
 * - `pendingSetup`: stays on a person added until their user and password exist in the user pool,
 *   so an add that stopped half-way can be redone; `setupBy` and `setupUntil` (epoch seconds) say
 *   which request is doing that setup, and until when others leave it to it: only that one sets
 *   (and shows) the first password.
 * - `addKey`: the idempotency key of the add that created the person (a repeat is recognised).
 * - `passwordKey`: the idempotency key of the last new password set (a repeat sets none).
 */
export type PersonItem = Person & {
  version?: number;
  pendingSetup?: boolean;
  setupBy?: string;
  setupUntil?: number;
  addKey?: string;
  passwordKey?: string;
};

/** The request that sets a person's first password, and until when (epoch seconds) it holds that. */
export interface SetupClaim {
  token: string;
  until: number;
}

const canceledFirst = (error: unknown): string | undefined =>
  (error as Error).name === 'TransactionCanceledException'
    ? ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [])[0]?.Code
    : undefined;

const conditionFailed = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** The fields of a coach's reference item that follow the person (their load is kept apart). */
const coachFields = [
  'region',
  'association',
  'displayName',
  'email',
  'preferredLanguage',
  'capacity',
  'active',
];

/**
 * The coach's reference item follows the person: name, e-mail, language, scope, capacity and
 * whether they are active (only `fields` of them, when given); their load (`activeBeneficiaries`)
 * is kept, or starts at 0. Written the same whether it exists or not, so a retried add converges.
 */
function coachItemUpdate(person: Person, capacity: number, fields: readonly string[] = coachFields) {
  const all: Record<string, unknown> = {
    region: person.region,
    association: person.association ?? '',
    displayName: person.displayName,
    email: person.email,
    preferredLanguage: person.preferredLanguage,
    capacity,
    active: person.active,
  };
  const names = coachFields.filter((name) => fields.includes(name));
  const set = names.map((n) => `#${n} = :${n}`);
  return {
    TableName: tableName('reference'),
    Key: { kind: 'coach', code: person.personId },
    // Names stand for every attribute: some (capacity, region) are DynamoDB reserved words.
    UpdateExpression: `SET ${[...set, '#load = if_not_exists(#load, :zero)'].join(', ')}`,
    ExpressionAttributeNames: {
      ...Object.fromEntries(names.map((n) => [`#${n}`, n])),
      '#load': 'activeBeneficiaries',
    },
    ExpressionAttributeValues: {
      ...Object.fromEntries(names.map((n) => [`:${n}`, all[n]])),
      ':zero': 0,
    },
  };
}

/**
 * Adds a person whose setup is pending, held by `claim`, with the idempotency key of the add (if
 * any) and, for a coach, their reference item, together; 'exists' (nothing written) when someone
 * has that id already.
 */
export async function addPendingPerson(
  person: Person,
  capacity: number | undefined,
  claim: SetupClaim,
  addKey?: string,
): Promise<'added' | 'exists'> {
  const item: PersonItem = {
    ...person,
    pendingSetup: true,
    setupBy: claim.token,
    setupUntil: claim.until,
    ...(addKey !== undefined ? { addKey } : {}),
  };
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(personId)' } },
          ...(person.role === 'coach' && capacity !== undefined
            ? [{ Update: coachItemUpdate(person, capacity) }]
            : []),
        ],
      }),
    );
    return 'added';
  } catch (error) {
    if (canceledFirst(error) === 'ConditionalCheckFailed') return 'exists';
    throw error;
  }
}

/**
 * Takes up the setup of a person still pending, unless another request holds it (its claim not
 * yet past): false then, or when the person is not pending (any more).
 */
export async function claimSetup(personId: string, claim: SetupClaim, now: number): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { personId },
        UpdateExpression: 'SET setupBy = :token, setupUntil = :until',
        ConditionExpression:
          'pendingSetup = :true AND (attribute_not_exists(setupUntil) OR setupUntil < :now)',
        ExpressionAttributeValues: {
          ':token': claim.token,
          ':until': claim.until,
          ':true': true,
          ':now': now,
        },
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** The coach's reference item, written again (a retried add whose first attempt stopped). */
export async function saveCoachItem(person: Person, capacity: number): Promise<void> {
  await dynamo.send(new UpdateCommand(coachItemUpdate(person, capacity)));
}

/**
 * The person's setup is done: their user and password exist in the user pool. False when the
 * setup was no longer this request's (another took it up after its claim ran out).
 */
export async function finishPersonSetup(personId: string, token: string): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { personId },
        UpdateExpression: 'REMOVE pendingSetup, setupBy, setupUntil',
        ConditionExpression: 'setupBy = :token',
        ExpressionAttributeValues: { ':token': token },
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/**
 * Records that the request of this idempotency key sets the person's new password: false when a
 * request of the same key did already (a repeat: it sets none), or the person is not there or
 * still pending.
 */
export async function claimNewPassword(personId: string, key: string): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { personId },
        UpdateExpression: 'SET passwordKey = :key',
        ConditionExpression:
          'attribute_exists(personId) AND attribute_not_exists(pendingSetup) AND (attribute_not_exists(passwordKey) OR passwordKey <> :key)',
        ExpressionAttributeValues: { ':key': key },
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** The people item's fields an administrator changes (capacity is on the coach's item only). */
const personFields = [
  'displayName',
  'email',
  'role',
  'region',
  'association',
  'partner',
  'preferredLanguage',
  'active',
] as const;
/** The fields a change may take out (an association or a partner organisation sent empty). */
const removableFields = ['association', 'partner'] as const;

export type SaveOutcome = 'saved' | 'stale' | 'missing';

/**
 * Saves what changed of a person — only the fields in `changed`, and their version one more —
 * if the item is still at `version` (absent counts as 0); and, together, their coach item: a
 * coach's follows them (only what changed of it, all of it for a new coach); someone who stops
 * being a coach keeps theirs (their caseload is still counted there) marked inactive.
 * 'stale' when the person has changed since that version (nothing written), 'missing' when they
 * are not there (any more).
 */
export async function savePerson(
  person: Person,
  changed: readonly string[],
  before: Pick<Person, 'role'>,
  version: number,
  capacity?: number,
): Promise<SaveOutcome> {
  const set = personFields.filter((field) => changed.includes(field) && person[field] !== undefined);
  const remove = removableFields.filter((field) => changed.includes(field) && person[field] === undefined);
  const names: Record<string, string> = {
    '#version': 'version',
    ...Object.fromEntries([...set, ...remove].map((field) => [`#${field}`, field])),
  };
  const values: Record<string, unknown> = {
    ':version': version,
    ':next': version + 1,
    ...Object.fromEntries(set.map((field) => [`:${field}`, person[field]])),
  };
  const coach =
    person.role === 'coach' && capacity !== undefined
      ? [
          {
            Update: coachItemUpdate(
              person,
              capacity,
              before.role === 'coach' ? coachFields.filter((f) => changed.includes(f)) : coachFields,
            ),
          },
        ]
      : before.role === 'coach'
        ? [
            {
              Update: {
                TableName: tableName('reference'),
                Key: { kind: 'coach', code: person.personId },
                UpdateExpression: 'SET #active = :false',
                ConditionExpression: 'attribute_exists(code)',
                ExpressionAttributeNames: { '#active': 'active' },
                ExpressionAttributeValues: { ':false': false },
              },
            },
          ]
        : [];
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table(),
              Key: { personId: person.personId },
              UpdateExpression: `SET ${[...set.map((field) => `#${field} = :${field}`), '#version = :next'].join(', ')}${
                remove.length > 0 ? ` REMOVE ${remove.map((field) => `#${field}`).join(', ')}` : ''
              }`,
              ConditionExpression:
                version === 0
                  ? 'attribute_exists(personId) AND (attribute_not_exists(#version) OR #version = :version)'
                  : 'attribute_exists(personId) AND #version = :version',
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          ...coach,
        ],
      }),
    );
    return 'saved';
  } catch (error) {
    if (canceledFirst(error) !== 'ConditionalCheckFailed') throw error;
    return (await getPerson(person.personId)) ? 'stale' : 'missing';
  }
}

/** A coach's reference item (capacity and load), if there is one. */
export async function getCoachItem(code: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: tableName('reference'),
      Key: { kind: 'coach', code },
      ConsistentRead: true,
    }),
  );
  return Item;
}

// The person's user in the user pool (Amazon Cognito; locally the local pool, same protocol).

/**
 * Creates the person's user, without sending any message (the administrator hands the password
 * over). A user already there is fine: a retried add whose first attempt stopped after this step.
 */
export async function createPoolUser(personId: string, email: string): Promise<void> {
  try {
    await identity.send(
      new AdminCreateUserCommand({
        UserPoolId: setting('IDENTITY_USER_POOL_ID'),
        Username: personId,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'UsernameExistsException') throw error;
  }
}

/** Sets the person's password for good (no change asked at the first sign-in). */
export async function setPoolPassword(personId: string, password: string): Promise<void> {
  await identity.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: setting('IDENTITY_USER_POOL_ID'),
      Username: personId,
      Password: password,
      Permanent: true,
    }),
  );
}

/**
 * Enables or disables the person's user. A person whose setup never reached the pool has no user:
 * nothing to do (the token trigger refuses inactive people anyway).
 */
export async function setPoolUserEnabled(personId: string, enabled: boolean): Promise<void> {
  const input = { UserPoolId: setting('IDENTITY_USER_POOL_ID'), Username: personId };
  try {
    await identity.send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input));
  } catch (error) {
    if ((error as Error).name !== 'UserNotFoundException') throw error;
  }
}
