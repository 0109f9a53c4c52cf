/** The people table: who works the journeys, with their role and scope. */
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';
import { tableName } from './settings';
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
