/** GET /health — the platform answers. */
import type { HttpResult } from './commons/http';
import { json } from './commons/http';
import { instrumented } from './commons/instrumented';

export const handler = instrumented(async (): Promise<HttpResult> => {
  return json(200, { status: 'ok', service: 'kafaat' });
});
