/** Placeholder: filled in by the case-file work (issue 7). */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { json, type HttpResult } from './commons/http';
import { instrumented } from './commons/instrumented';

export const handler = instrumented(
  async (_event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> =>
    json(501, { message: 'Not yet' }),
);
