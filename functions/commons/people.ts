/** The people table: who works the journeys, with their role and scope. */
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  GetCommand,
  PutCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { dynamo, identity } from './clients';
import { setting, tableName } from './settings';
import type { Person } from '../domain/people';

const table = () => tableName('people');

export async function getPerson(personId: string): Promise<Person | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: table(), Key: { personId }, ConsistentRead: true }),
  );
  return Item as Person | undefined;
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
export async function listPeople(): Promise<Person[]> {
  const people: Person[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: table(), ExclusiveStartKey: start }));
    people.push(...((page.Items ?? []) as Person[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return people.sort((a, b) => a.personId.localeCompare(b.personId));
}

// ---------------------------------------------------------------------------------------------
// The administration's writes: a person added (people item, coach item, user pool) and changed.
// ---------------------------------------------------------------------------------------------

/**
 * A people item as the administration writes it: `pendingSetup` stays on a person added until
 * their user and password exist in the user pool, so an add that stopped half-way can be redone.
 */
export type PersonItem = Person & { pendingSetup?: boolean };

const canceledFirst = (error: unknown): string | undefined =>
  (error as Error).name === 'TransactionCanceledException'
    ? ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [])[0]?.Code
    : undefined;

/**
 * The coach's reference item follows the person: name, e-mail, language, scope, capacity and
 * whether they are active; their load (`activeBeneficiaries`) is kept, or starts at 0. Written
 * the same whether it exists or not, so a retried add converges.
 */
function coachItemUpdate(person: Person, capacity: number) {
  const fields: Record<string, unknown> = {
    region: person.region,
    association: person.association ?? '',
    displayName: person.displayName,
    email: person.email,
    preferredLanguage: person.preferredLanguage,
    capacity,
    active: person.active,
  };
  const names = Object.keys(fields);
  return {
    TableName: tableName('reference'),
    Key: { kind: 'coach', code: person.personId },
    // Names stand for every attribute: some (capacity, region) are DynamoDB reserved words.
    UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}, #load = if_not_exists(#load, :zero)`,
    ExpressionAttributeNames: {
      ...Object.fromEntries(names.map((n) => [`#${n}`, n])),
      '#load': 'activeBeneficiaries',
    },
    ExpressionAttributeValues: {
      ...Object.fromEntries(Object.entries(fields).map(([n, v]) => [`:${n}`, v])),
      ':zero': 0,
    },
  };
}

/**
 * Adds a person whose setup is pending and, for a coach, their reference item, together; 'exists'
 * (nothing written) when someone has that id already.
 */
export async function addPendingPerson(person: Person, capacity?: number): Promise<'added' | 'exists'> {
  const item: PersonItem = { ...person, pendingSetup: true };
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

/** The coach's reference item, written again (a retried add whose first attempt stopped). */
export async function saveCoachItem(person: Person, capacity: number): Promise<void> {
  await dynamo.send(new UpdateCommand(coachItemUpdate(person, capacity)));
}

/** The person's setup is done: their user and password exist in the user pool. */
export async function finishPersonSetup(personId: string): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: table(),
      Key: { personId },
      UpdateExpression: 'REMOVE pendingSetup',
      ConditionExpression: 'attribute_exists(personId)',
    }),
  );
}

/**
 * Saves a changed person and, together, their coach item: a coach's follows them; someone who
 * stops being a coach keeps theirs (their caseload is still counted there) marked inactive.
 * False when the person is not there (any more).
 */
export async function savePerson(
  person: Person,
  before: Pick<Person, 'role'>,
  capacity?: number,
): Promise<boolean> {
  const fields = {
    displayName: person.displayName,
    email: person.email,
    role: person.role,
    region: person.region,
    preferredLanguage: person.preferredLanguage,
    active: person.active,
    ...(person.association !== undefined ? { association: person.association } : {}),
  };
  const names = Object.fromEntries(Object.keys(fields).map((key) => [`#${key}`, key]));
  const coach =
    person.role === 'coach' && capacity !== undefined
      ? [{ Update: coachItemUpdate(person, capacity) }]
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
              UpdateExpression: `SET ${Object.keys(fields)
                .map((key) => `#${key} = :${key}`)
                .join(', ')}${person.association === undefined ? ' REMOVE #association' : ''}`,
              ConditionExpression: 'attribute_exists(personId)',
              ExpressionAttributeNames: { ...names, '#association': 'association' },
              ExpressionAttributeValues: Object.fromEntries(
                Object.entries(fields).map(([key, value]) => [`:${key}`, value]),
              ),
            },
          },
          ...coach,
        ],
      }),
    );
    return true;
  } catch (error) {
    if (canceledFirst(error) === 'ConditionalCheckFailed') return false;
    throw error;
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
