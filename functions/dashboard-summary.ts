/**
 * The governance boards' data, for API clients:
 * - GET /api/dashboard/summary — counts by region and by stage and outcome (the foundation's
 *   shape, fields added beside it): a region's board sees its region, a national one every region;
 * - GET /api/dashboard/indicators — the indicators of a view (filters in the query: region,
 *   province, from, to, sex, ageBand), every count of people through disclosure control.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { badRequest, json, type HttpResult } from './commons/http';
import { instrumented } from './commons/instrumented';
import { readSummary } from './commons/aggregates';
import { readIndicators } from './commons/indicators';
import { authorize } from './commons/sessions';
import { summaryFor } from './domain/aggregates';
import { parseIndicatorFilters } from './domain/indicators';

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const access = await authorize(event, 'dashboard.read');
    if (!access.ok) return access.result;
    const { principal } = access;
    if (event.rawPath === '/api/dashboard/indicators') {
      const parsed = parseIndicatorFilters(event.queryStringParameters ?? {}, principal);
      if (!parsed.ok) return badRequest(parsed.errors);
      return json(200, await readIndicators(principal, parsed.filters, new Date()));
    }
    return json(200, summaryFor(principal, await readSummary(new Date())));
  },
);
