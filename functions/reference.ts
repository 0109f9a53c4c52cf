/**
 * GET /api/reference — the codes the intake API accepts, with their names in three languages, and
 * (added later, so optional for clients) the birth years accepted this year, the partner
 * associations (code, region, name: the codes the development sign-in takes), and the codes of the
 * first interview's optional fields: situations, vulnerability factors, aspirations, sectors.
 */
import type { HttpResult } from './commons/http';
import { instrumented } from './commons/instrumented';
import { json } from './commons/http';
import {
  aspirations,
  associations,
  educationLevels,
  provinces,
  regions,
  sectors,
  situations,
  vulnerabilityFactors,
} from './domain/reference-data';
import { birthYearRange } from './domain/intake';

export const handler = instrumented(async (): Promise<HttpResult> => {
  return json(200, {
    regions,
    provinces,
    educationLevels,
    sexes: ['F', 'M'],
    birthYears: birthYearRange(new Date()),
    associations: associations.map(({ code, region, name }) => ({ code, region, name })),
    situations,
    vulnerabilityFactors,
    aspirations,
    sectors,
  });
});
