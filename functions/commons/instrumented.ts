/**
 * The one wrapper every handler goes through: Logger context, the cold-start metric and the
 * handler's metrics flushed once, and a Tracer annotation — as Powertools' middy middlewares do.
 * A handler that throws is counted (`HandlerError`) and the error goes on to Lambda, its message
 * and stack scrubbed of anything that could be someone's input (`log-masking.ts`).
 */
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics, tracer } from './powertools';
import { scrubText } from './log-masking';

export function instrumented<Event, Result>(
  handler: (event: Event, context: Context) => Promise<Result>,
): (event: Event, context: Context) => Promise<Result> {
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric();
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handler(event, context);
    } catch (error) {
      // Published at once under the service alone (a single metric), whatever dimensions the
      // handler had added: one series the dashboard sums. Lambda's `Errors` counts it per function.
      metrics.singleMetric().addMetric('HandlerError', MetricUnit.Count, 1);
      // Lambda's runtime logs what a handler throws, and Step Functions keeps it as the step's
      // cause: its message and stack are scrubbed as the logger scrubs them (the name, which
      // Retry and Catch match, stays).
      if (error instanceof Error) {
        try {
          error.message = scrubText(error.message);
          if (error.stack) error.stack = scrubText(error.stack);
        } catch {
          // A read-only message (a frozen error): thrown as it is.
        }
      }
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
