/**
 * A stream consumer that counts: each record of the batch in order (Powertools Batch reports the
 * first that fails, so the stream resumes there), then the counters' stamp moved, after the
 * counts and never before, so the dashboards compute their views again. A batch the stream
 * delivers again counts nothing twice (each count has its marker) and moves the stamp again.
 */
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { processPartialResponse, type BatchProcessor } from '@aws-lambda-powertools/batch';
import { moveCountersStamp } from './counters-stamp';

export async function countInOrder(
  event: DynamoDBStreamEvent,
  context: Context,
  processor: BatchProcessor,
  count: (record: unknown) => Promise<void>,
): ReturnType<typeof processPartialResponse> {
  const response = await processPartialResponse(event, count, processor, {
    context,
    processInParallel: false,
  });
  await moveCountersStamp(new Date());
  return response;
}
