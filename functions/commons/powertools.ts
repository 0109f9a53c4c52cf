/** One Powertools module: logger, metrics and tracer shared by every handler. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { MaskingLogFormatter } from './log-masking';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'kafaat';

/** Every entry goes through the allow-list of `log-masking.ts`: no personal field reaches the logs. */
export const logger = new Logger({ serviceName, logFormatter: new MaskingLogFormatter() });
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Kafaat',
});
export const tracer = new Tracer({ serviceName });
