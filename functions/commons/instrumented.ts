/**
 * The one wrapper every handler goes through: Logger context, the cold-start metric and the
 * handler's metrics flushed once, and a Tracer annotation — as Powertools' middy middlewares do.
 */
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from './powertools';

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
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
