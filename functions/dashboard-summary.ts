/** GET /api/dashboard/summary — counts by region and by stage and outcome, for the governance boards. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { json, type HttpResult } from './commons/http';
import { instrumented } from './commons/instrumented';
import { readSummary } from './commons/aggregates';

export const handler = instrumented(
  async (_event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    return json(200, await readSummary(new Date()));
  },
);
