/**
 * GET /api/dashboard/summary — counts by region and by stage and outcome, for the governance
 * boards: a region's board sees its region (totals included), a national one every region.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { json, type HttpResult } from './commons/http';
import { instrumented } from './commons/instrumented';
import { readSummary } from './commons/aggregates';
import { authorize } from './commons/sessions';
import { summaryFor } from './domain/aggregates';

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const access = await authorize(event, 'dashboard.read');
    if (!access.ok) return access.result;
    return json(200, summaryFor(access.principal, await readSummary(new Date())));
  },
);
