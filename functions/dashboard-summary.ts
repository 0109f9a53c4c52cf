/**
 * The governance boards' data, for API clients:
 * - GET /api/dashboard/summary — counts by region and by stage and outcome (the foundation's
 *   shape, fields added beside it): a region's board sees its region, a national one every region;
 * - GET /api/dashboard/indicators — the indicators of a view (filters in the query: region,
 *   province, from, to, sex, ageBand), every count of people through disclosure control.
 * The counters' stamp is read beside the session check, and a view computed under it is given
 * again (commons/dashboard-views.ts): a read of counters unchanged costs the session's read and the
 * stamp's, side by side.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { badRequest, json, type HttpResult } from './commons/http';
import { instrumented } from './commons/instrumented';
import { countersStamp } from './commons/counters-stamp';
import { indicatorsView, summaryView } from './commons/dashboard-views';
import { authorizeBeside } from './commons/sessions';
import { summaryInScope } from './domain/aggregates';
import { parseIndicatorFilters } from './domain/indicators';

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const access = await authorizeBeside(event, 'dashboard.read', countersStamp);
    if (!access.ok) return access.result;
    const { principal, read: stamp } = access;
    if (event.rawPath === '/api/dashboard/indicators') {
      const parsed = parseIndicatorFilters(event.queryStringParameters ?? {}, principal);
      if (!parsed.ok) return badRequest(parsed.errors);
      return json(200, await indicatorsView(principal, parsed.filters, stamp));
    }
    return json(200, summaryInScope(principal, await summaryView(stamp)));
  },
);
