/** GET /health — the platform answers. */
import type { HttpResult } from './commons/http';
import { json } from './commons/http';

export async function handler(): Promise<HttpResult> {
  return json(200, { status: 'ok', service: 'kafaat' });
}
