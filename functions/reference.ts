/** GET /api/reference — the codes the intake API accepts, with their names in three languages. */
import type { HttpResult } from './commons/http';
import { json } from './commons/http';
import { educationLevels, provinces, regions } from './domain/reference-data';

export async function handler(): Promise<HttpResult> {
  return json(200, { regions, provinces, educationLevels, sexes: ['F', 'M'] });
}
