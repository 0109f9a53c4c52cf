/** Reading one beneficiary's journey events (a case file's timeline): no names, no contacts. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { dynamo } from './clients';
import { logger } from './powertools';
import { tableName } from './settings';
import type { TimelineEvent } from '../domain/timeline';

const storedEvent = z.object({
  eventId: z.string(),
  stage: z.string().min(1),
  occurredAt: z.string().min(1),
  outcome: z.string().optional(),
  occurrence: z.number().int().positive().optional(),
  reason: z.string().max(40).optional(),
  journey: z.number().int().min(2).optional(),
  work: z.looseObject({ workStatus: z.string().max(40).optional() }).optional(),
});

/** Every journey event of one beneficiary, in the table's order (by event id). */
export async function journeyEventsOf(beneficiaryId: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName('journeyEvents'),
        KeyConditionExpression: 'beneficiaryId = :id',
        ExpressionAttributeValues: { ':id': beneficiaryId },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const parsed = storedEvent.safeParse(item);
      if (!parsed.success) {
        // Events carry no personal data, but only ids go to the logs anyway.
        logger.warn('Journey event unreadable: left out of the timeline', {
          beneficiaryId,
          eventId: typeof item.eventId === 'string' ? item.eventId : null,
        });
        continue;
      }
      const { stage, occurredAt, outcome, occurrence, reason, journey, work } = parsed.data;
      events.push({
        stage,
        occurredAt,
        ...(outcome === undefined ? {} : { outcome }),
        ...(occurrence === undefined ? {} : { occurrence }),
        ...(reason === undefined ? {} : { reason }),
        ...(journey === undefined ? {} : { journey }),
        ...(work?.workStatus === undefined ? {} : { work: { workStatus: work.workStatus } }),
      });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return events;
}
