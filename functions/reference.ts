/**
 * GET /api/reference — the codes the intake API accepts, with their names in three languages, and
 * (added later, so optional for clients) the birth years accepted this year.
 */
import type { HttpResult } from './commons/http';
import { instrumented } from './commons/instrumented';
import { json } from './commons/http';
import { educationLevels, provinces, regions } from './domain/reference-data';
import { birthYearRange } from './domain/intake';

export const handler = instrumented(async (): Promise<HttpResult> => {
  return json(200, {
    regions,
    provinces,
    educationLevels,
    sexes: ['F', 'M'],
    birthYears: birthYearRange(new Date()),
  });
});
