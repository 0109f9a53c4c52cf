/**
 * Tasks-stream consumer (the outbox): every task that became `answered` has its answer handed to
 * the workflow. The stream only says which task changed; the task is read again, so a stale or
 * repeated record does what the current state asks and nothing more. A token already closed is
 * not an error here: either the workflow already took the answer (its next step marks the task
 * delivered), or a reminder will bring a new token and hand the answer to it, or the journey
 * ended and the sweep closes the task.
 */
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { DynamoDBStreamRecord } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { DynamoDBMarshalled } from '@aws-lambda-powertools/parser/helpers/dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { getTask } from './commons/coach-tasks';
import { deliverAnswer } from './commons/task-delivery';

const changedTask = z.looseObject({ taskId: z.string(), status: z.string() });
const recordSchema = DynamoDBStreamRecord.extend({
  dynamodb: z.looseObject({
    NewImage: DynamoDBMarshalled(changedTask).optional(),
    SequenceNumber: z.string(),
  }),
});
type ChangedTaskRecord = z.infer<typeof recordSchema>;

const processor = new BatchProcessor(EventType.DynamoDBStreams, { parser, schema: recordSchema, logger });

async function deliverIfAnswered(record: ChangedTaskRecord): Promise<void> {
  const image = record.dynamodb.NewImage;
  if (!image || image.status !== 'answered') return;
  const task = await getTask(image.taskId);
  if (!task || task.status !== 'answered') return;
  const delivery = await deliverAnswer(task);
  metrics.addMetric(delivery === 'sent' ? 'AnswerDelivered' : 'AnswerTokenClosed', MetricUnit.Count, 1);
  logger.info('Coach answer handed to the workflow', { taskId: task.taskId, delivery });
}

/**
 * The records of a batch are handed over at once, not one after another: each answer waits on its
 * own workflow, and a batch of 25 answers handed in turn made the last wait for the 24 before it.
 * Order does not matter here: each record reads its task again and a second hand-over of the same
 * answer finds the token closed. A failed record is still reported alone (partial batch response),
 * and the stream resumes from the first that failed.
 */
export const handler = instrumented((event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, deliverIfAnswered as (record: unknown) => Promise<void>, processor, {
    context,
    processInParallel: true,
  }),
);
