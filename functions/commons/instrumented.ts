/**
 * The one wrapper every handler goes through: Logger context, the cold-start metric and the
 * handler's metrics flushed once, and a Tracer annotation — as Powertools' middy middlewares do.
 * A handler that throws is counted (`HandlerError`) and the error goes on to Lambda unchanged.
 */
import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
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
    } catch (error) {
      // Published at once under the service alone (a single metric), whatever dimensions the
      // handler had added: one series the dashboard sums. Lambda's `Errors` counts it per function.
      metrics.singleMetric().addMetric('HandlerError', MetricUnit.Count, 1);
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
