/**
 * The journey store: one business write, "the beneficiary reached a stage", used by every step.
 * Two plain writes, each idempotent, in an order that converges when redone after a crash at any
 * point: the journey event first (written once: its id is the stage), then the beneficiary's
 * stage. Plain writes, not a transaction: DynamoDB Local can lose the last acknowledged
 * transaction when killed, never a plain write.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { BeneficiaryNotFound } from './beneficiaries';
import { dynamo } from './clients';
import { tableName, timeScale } from './settings';
import { phaseChange, type JourneyEvent, type PhaseMark } from '../domain/journey-events';
import { ENDING_STAGES } from '../domain/personal-data';

/**
 * Writes a journey event once, and stamps the record's last activity (the retention index's key:
 * personal data is erased a set time after the journey's last move).
 */
export async function putJourneyEvent(event: JourneyEvent): Promise<'written' | 'alreadyThere'> {
  const written = await writeEvent(event);
  await stampLastActivity(event);
  return written;
}

/** The record's last activity moves forward only (a late redo of an old step does not move it back). */
async function stampLastActivity(event: JourneyEvent): Promise<void> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName('beneficiaries'),
        Key: { beneficiaryId: event.beneficiaryId },
        UpdateExpression: 'SET lastActivityAt = :at',
        ConditionExpression:
          'attribute_exists(beneficiaryId) AND attribute_not_exists(erasedAt) AND (attribute_not_exists(lastActivityAt) OR lastActivityAt < :at)',
        ExpressionAttributeValues: { ':at': event.occurredAt },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

async function writeEvent(event: JourneyEvent): Promise<'written' | 'alreadyThere'> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName('journeyEvents'),
        Item: event,
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
    return 'written';
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return 'alreadyThere';
    throw error;
  }
}

/**
 * Records that a beneficiary reached `event.stage`, with any facts of that stage (`set`). With
 * `keepFirst`, a fact already stored is kept (two runs of one step at once converge on the first).
 * An ending stage (placed, not placed, dropout, unanswered) is recorded only if it is the
 * journey's end (`claimJourneyEnd`): otherwise nothing is written and the answer says so.
 */
export async function recordStage(
  event: JourneyEvent,
  set: Record<string, unknown> = {},
  keepFirst = false,
): Promise<'recorded' | 'journeyEndedBefore'> {
  if (ENDING_STAGES.includes(event.stage) && !(await claimJourneyEnd(event))) return 'journeyEndedBefore';
  // Time in each stage: an event that moves the journey into another phase carries the days spent
  // in the phase it leaves, from the record's mark (domain/journey-events.ts `phaseChange`).
  const phased = phaseChange(event, await phaseMarkOf(event.beneficiaryId), timeScale());
  const written = await writeEvent(phased.event);
  // The last activity (retention's key) moves with the stage, in the same write. (A step that ends
  // after an erasure puts the key back: the next retention run finds nothing left and removes it.)
  const names: Record<string, string> = { '#stage': 'stage', '#lastActivityAt': 'lastActivityAt' };
  const values: Record<string, unknown> = { ':stage': event.stage, ':at': event.occurredAt };
  const assignments = ['#stage = :stage', '#lastActivityAt = :at'];
  Object.entries(set).forEach(([field, value], index) => {
    names[`#f${index}`] = field;
    values[`:f${index}`] = value;
    assignments.push(
      keepFirst ? `#f${index} = if_not_exists(#f${index}, :f${index})` : `#f${index} = :f${index}`,
    );
  });
  if (phased.mark) {
    // The mark moves to the stored event's time: a redo converges on the first run's.
    names['#phase'] = 'phase';
    names['#phaseSince'] = 'phaseSince';
    values[':phase'] = phased.mark.phase;
    values[':phaseSince'] = written === 'written' ? phased.mark.phaseSince : await storedTimeOf(event);
    assignments.push('#phase = :phase', '#phaseSince = :phaseSince');
  }
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName('beneficiaries'),
      Key: { beneficiaryId: event.beneficiaryId },
      UpdateExpression: `SET ${assignments.join(', ')} REMOVE lateSince`,
      ConditionExpression: 'attribute_exists(beneficiaryId)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
  return 'recorded';
}

/**
 * A journey ends once. Two steps may each end it at the same moment — a withdrawal of consent
 * while the placement step runs, which StopExecution does not interrupt — and each, reading the
 * events first, would find none and write its own: the journey counted placed and dropped out.
 * So the end is claimed on the record first, in one conditional write: the journey's number and
 * the ending stage (`journeyEndOf`, `journeyEndStage`). The claim holds when no end was claimed,
 * or only an earlier journey's (a reopened journey ends again), or this very end (a redo after a
 * crash between the claim and the event converges). Anonymous: kept after an erasure.
 */
async function claimJourneyEnd(event: JourneyEvent): Promise<boolean> {
  const journey = event.journey ?? 1;
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName('beneficiaries'),
        Key: { beneficiaryId: event.beneficiaryId },
        UpdateExpression: 'SET journeyEndOf = :journey, journeyEndStage = :stage',
        ConditionExpression:
          'attribute_exists(beneficiaryId) AND (attribute_not_exists(journeyEndOf) OR journeyEndOf < :journey OR (journeyEndOf = :journey AND journeyEndStage = :stage))',
        ExpressionAttributeValues: { ':journey': journey, ':stage': event.stage },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
  // Refused: another end of this journey, or no record at all (which is not for this step to hide).
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: tableName('beneficiaries'),
      Key: { beneficiaryId: event.beneficiaryId },
      ProjectionExpression: 'beneficiaryId',
      ConsistentRead: true,
    }),
  );
  if (!Item) throw new BeneficiaryNotFound(event.beneficiaryId);
  return false;
}

/** Marks the journey late (a task escalated); cleared by the next stage recorded. */
export async function markLate(beneficiaryId: string, since: Date, taskType: string): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName('beneficiaries'),
      Key: { beneficiaryId },
      UpdateExpression: 'SET lateSince = if_not_exists(lateSince, :since), lateTask = :task',
      ConditionExpression: 'attribute_exists(beneficiaryId)',
      ExpressionAttributeValues: { ':since': since.toISOString(), ':task': taskType },
    }),
  );
}

/** The journey's phase and since when, as its record keeps them (none for a record before phases). */
async function phaseMarkOf(beneficiaryId: string): Promise<PhaseMark | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: tableName('beneficiaries'),
      Key: { beneficiaryId },
      ProjectionExpression: 'phase, phaseSince',
      ConsistentRead: true,
    }),
  );
  return Item as PhaseMark | undefined;
}

/** When an event already written happened (its first write's time). */
async function storedTimeOf(event: JourneyEvent): Promise<string> {
  const { Item } = await dynamo.send(
    new GetCommand({
      TableName: tableName('journeyEvents'),
      Key: { beneficiaryId: event.beneficiaryId, eventId: event.eventId },
      ProjectionExpression: 'occurredAt',
      ConsistentRead: true,
    }),
  );
  return typeof Item?.occurredAt === 'string' ? Item.occurredAt : event.occurredAt;
}
