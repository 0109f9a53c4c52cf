/**
 * POST /api/dev/sign-in `{ "role", "region", "association"?, "partner"? }` — local runtime only (the CDK stack
 * leaves this function out): a session as the seeded person of that role, region and association
 * (else the region's first association), for scripts and tests. It signs in through the user pool
 * like anyone else, so the token is the same as a real sign-in's and goes through the same checks.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { checkSameOrigin, json, readBody, type HttpResult } from './commons/http';
import { instrumented } from './commons/instrumented';
import { setting } from './commons/settings';
import { openSession, sessionResponse } from './sign-in';
import { NATIONAL, roles } from './domain/access';
import { fieldErrorsOf } from './domain/errors';
import { LOCAL_PEOPLE_PASSWORD, seededPeople, seededPersonFor } from './domain/people';
import { associations, partners, regions } from './domain/reference-data';

const secureCookies = setting('PUBLIC_BASE_URL').startsWith('https://');
const regionCodes: [string, ...string[]] = [NATIONAL, ...regions.map((r) => r.code)];
const associationCodes: string[] = associations.map((a) => a.code);
const partnerCodes: string[] = partners.map((p) => p.code);

const devSignInRequest = z.strictObject({
  role: z.enum(roles, { error: `Expected one of ${roles.join(', ')}.` }),
  region: z.enum(regionCodes, { error: `Expected a region code of /api/reference, or ${NATIONAL}.` }),
  association: z
    .string()
    .refine((code) => associationCodes.includes(code), 'Expected an association code of /api/reference.')
    .optional(),
  /** A training provider's or an employer's organisation (else the region's first of that role). */
  partner: z
    .string()
    .refine((code) => partnerCodes.includes(code), 'Expected a partner code (README lists them).')
    .optional(),
});

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    // Scripts send JSON; a browser's cross-site post may not open a session.
    const origin = checkSameOrigin(event);
    if (!origin.ok)
      return json(403, { errors: [{ field: origin.error.field, message: origin.error.message }] });
    const body = readBody(event, 4096);
    if (!body.ok)
      return json(body.status, { errors: [{ field: body.error.field, message: body.error.message }] });
    const parsed = devSignInRequest.safeParse(body.value);
    if (!parsed.success) return json(400, { errors: fieldErrorsOf(parsed.error) });
    const { role, region, association, partner } = parsed.data;
    const person = seededPersonFor(seededPeople(), role, region, association, partner);
    if (!person) {
      const field = association ? 'association' : partner ? 'partner' : 'region';
      return json(400, {
        errors: [
          {
            field,
            message: `No seeded ${role} for ${association ?? partner ?? region}: see the people README lists.`,
          },
        ],
      });
    }
    const session = await openSession(person.personId, LOCAL_PEOPLE_PASSWORD);
    if (!session.ok) {
      return session.reason === 'refused'
        ? json(409, { message: `${person.personId} could not sign in: its password or status was changed.` })
        : json(503, { message: 'Signing in is unavailable for a moment.' });
    }
    return sessionResponse(session, secureCookies);
  },
);
