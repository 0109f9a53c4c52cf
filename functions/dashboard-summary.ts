/**
 * The governance boards' data, for API clients:
 * - GET /api/dashboard/summary — counts by region and by stage and outcome (the foundation's
 *   shape, fields added beside it): a region's board sees its region, a national one every region;
 * - GET /api/dashboard/indicators — the indicators of a view (filters in the query: region,
 *   province, from, to, sex, ageBand), every count of people through disclosure control.
 * The counters' stamp is read with the session check (one BatchGetItem), and a view computed under
 * it is given again (commons/dashboard-views.ts): a read of counters unchanged costs that one request.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { badRequest, keptJson, type HttpResult } from './commons/http';
import { instrumented } from './commons/instrumented';
import { countersStampRead, stampOf } from './commons/counters-stamp';
import { indicatorsView, summaryView } from './commons/dashboard-views';
import { authorizeBeside } from './commons/sessions';
import { summaryInScope } from './domain/aggregates';
import { parseIndicatorFilters } from './domain/indicators';

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const access = await authorizeBeside(event, 'dashboard.read', countersStampRead());
    if (!access.ok) return access.result;
    const { principal } = access;
    const stamp = stampOf(access.item);
    if (event.rawPath === '/api/dashboard/indicators') {
      const parsed = parseIndicatorFilters(event.queryStringParameters ?? {}, principal);
      if (!parsed.ok) return badRequest(parsed.errors);
      return keptJson(200, await indicatorsView(principal, parsed.filters, stamp));
    }
    // A national board gets the view itself (kept, serialized once); a region's, its part of it.
    return keptJson(200, summaryInScope(principal, await summaryView(stamp)));
  },
);
