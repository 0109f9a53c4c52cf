/**
 * Counterexamples the fuzzer (test/fuzz) found, kept as plain tests of the rules they broke: a
 * rejection always names its field, and a page's redirect to sign in stays short whatever the
 * request carried.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseCatalogueQuery } from '../../functions/domain/catalogue';
import { apiError, fieldErrorsOf, keysAsField } from '../../functions/domain/errors';
import { signInRedirect } from '../../functions/commons/sessions';

test('a query parameter with no name (`?=x`) is refused naming it, never with a blank field', () => {
  const parsed = parseCatalogueQuery({ '': '<script>kfz(1)</script>' });
  expect(parsed.ok).toBe(false);
  expect(!parsed.ok && parsed.errors.map((e) => e.field)).toEqual(['""']);
  const both = parseCatalogueQuery({ '': 'x', colour: 'red' });
  expect(!both.ok && both.errors.map((e) => e.field)).toEqual(['"", colour']);
});

test('unknown keys with no name are named `""`; the JSON API never sends a blank field', () => {
  expect(keysAsField(['', 'x'])).toBe('"", x');
  expect(
    fieldErrorsOf({
      issues: [{ code: 'unrecognized_keys', keys: [''], path: [], message: 'Unrecognized key' }],
    }),
  ).toEqual([{ field: '""', message: 'This field is not expected here.' }]);
  expect(apiError({ field: '', message: 'Bad.' })).toEqual({ field: 'body', message: 'Bad.' });
  expect(apiError({ field: 'phone', message: 'Bad.' })).toEqual({ field: 'phone', message: 'Bad.' });
});

function pageRequest(rawPath: string, rawQueryString: string, lang?: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `GET ${rawPath}`,
    rawPath,
    rawQueryString,
    headers: { host: 'localhost' },
    ...(lang !== undefined ? { queryStringParameters: { lang } } : {}),
    requestContext: { http: { method: 'GET', path: rawPath } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

test('the redirect to sign in keeps a page address the sign-in page takes back, and only then', () => {
  const short = signInRedirect(pageRequest('/intake', 'lang=ar', 'ar'));
  expect(short.headers?.location).toBe('/sign-in?next=%2Fintake%3Flang%3Dar&lang=ar');

  // An 8 KB query made a 24 KB Location header (each `<` escaped twice), which clients refuse.
  const query = '%3C'.repeat(3000);
  const long = signInRedirect(pageRequest('/intake', query));
  const location = String(long.headers?.location);
  expect(location).toBe('/sign-in?next=%2Fintake');

  const hostileLang = signInRedirect(pageRequest('/intake', 'lang=x', '\u202e"><script>'));
  expect(hostileLang.headers?.location).toBe('/sign-in?next=%2Fintake%3Flang%3Dx');
});
