/**
 * The region's queue of journeys waiting for a coach with room. A waiting journey is one item of
 * the reference table (`coach-queue`, `<region>#<beneficiaryId>`) holding its workflow's task
 * token: waking it is SendTaskSuccess on that token, after which the journey tries the
 * assignment again (which alone takes a place, atomically). A wake-up is only a hint: one lost to
 * a crash is made up by the waiting state's daily time-out, which tries the assignment again.
 */
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { dynamo, stepFunctions } from './clients';
import { tableName } from './settings';
import { logger } from './powertools';
import { coachesWithLoad } from './coach-loads';
import { wakeCount } from '../domain/coach-assignment';

export interface QueuedJourney {
  kind: 'coach-queue';
  code: string;
  region: string;
  association?: string;
  beneficiaryId: string;
  taskToken: string;
  /** When the journey first joined the queue (kept across its daily retries): its place. */
  queuedAt: string;
  /** Set once the association's supervisor has been told. */
  supervisorToldAt?: string;
}

const queueKey = (region: string, beneficiaryId: string) => ({
  kind: 'coach-queue',
  code: `${region}#${beneficiaryId}`,
});

/** Puts the journey in its region's queue with its new token; its place is kept from the first time. */
export async function enqueue(
  beneficiaryId: string,
  region: string,
  association: string | undefined,
  taskToken: string,
  now: Date,
): Promise<QueuedJourney> {
  const { Attributes } = await dynamo.send(
    new UpdateCommand({
      TableName: tableName('reference'),
      Key: queueKey(region, beneficiaryId),
      UpdateExpression:
        'SET taskToken = :token, #region = :region, beneficiaryId = :id, queuedAt = if_not_exists(queuedAt, :now)' +
        (association ? ', association = :association' : ''),
      ExpressionAttributeNames: { '#region': 'region' },
      ExpressionAttributeValues: {
        ':token': taskToken,
        ':region': region,
        ':id': beneficiaryId,
        ':now': now.toISOString(),
        ...(association ? { ':association': association } : {}),
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return Attributes as QueuedJourney;
}

/** Marks the supervisor told; false if another run told them already (one email per wait). */
export async function markSupervisorTold(region: string, beneficiaryId: string, now: Date): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName('reference'),
        Key: queueKey(region, beneficiaryId),
        UpdateExpression: 'SET supervisorToldAt = :now',
        ConditionExpression: 'attribute_exists(code) AND attribute_not_exists(supervisorToldAt)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** When the journey joined the queue, if it is in it. */
export async function queuedSince(region: string, beneficiaryId: string): Promise<string | undefined> {
  const journeys = await queuedJourneys(region);
  return journeys.find((j) => j.beneficiaryId === beneficiaryId)?.queuedAt;
}

export async function dequeue(region: string, beneficiaryId: string): Promise<void> {
  await dynamo.send(
    new DeleteCommand({ TableName: tableName('reference'), Key: queueKey(region, beneficiaryId) }),
  );
}

/** The region's waiting journeys, first come first. */
export async function queuedJourneys(region: string): Promise<QueuedJourney[]> {
  const items: QueuedJourney[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('reference'),
        KeyConditionExpression: 'kind = :kind AND begins_with(code, :region)',
        ExpressionAttributeValues: { ':kind': 'coach-queue', ':region': `${region}#` },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((page.Items ?? []) as QueuedJourney[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.code.localeCompare(b.code));
}

/** The token was closed: the journey's wait timed out (it retries by itself) or it ended. */
const CLOSED_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Wakes as many of the region's waiting journeys as its coaches have places free, first come
 * first; each then tries the assignment again. Returns how many were woken.
 */
export async function wakeCoachQueue(region: string): Promise<number> {
  const waiting = await queuedJourneys(region);
  if (waiting.length === 0) return 0;
  const places = wakeCount(await coachesWithLoad(), region);
  let woken = 0;
  for (const journey of waiting.slice(0, places)) {
    try {
      await stepFunctions.send(new SendTaskSuccessCommand({ taskToken: journey.taskToken, output: '{}' }));
      woken += 1;
    } catch (error) {
      if (!CLOSED_TOKEN_ERRORS.has((error as Error).name)) throw error;
    }
  }
  if (woken > 0) logger.info('Coach queue woken', { region, woken, waiting: waiting.length });
  return woken;
}
