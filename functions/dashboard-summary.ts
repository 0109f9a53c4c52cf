/** GET /api/dashboard/summary — counts by region and by stage and outcome, for the governance boards. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { json, type HttpResult } from './commons/http';
import { logger } from './commons/powertools';
import { readSummary } from './commons/aggregates';

export async function handler(_event: APIGatewayProxyEventV2, context: Context): Promise<HttpResult> {
  logger.addContext(context);
  return json(200, await readSummary(new Date()));
}
