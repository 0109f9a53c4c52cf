/**
 * Counterexamples the fuzzer (test/fuzz) found on the running platform, kept as plain tests: an
 * id longer than DynamoDB takes as a key is an unknown record (404), not a 500; a nameless query
 * parameter is refused naming it; a long address sends to sign in with a short Location.
 */
import { request as httpRequest } from 'node:http';
import { signIn, startTestPlatform, type TestPlatform } from '../support/platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('hostile-input');
});

afterAll(async () => {
  await platform?.stop();
});

const url = (path: string) => `${platform.urls.app}${path}`;

test('an offer id past the 1,024 bytes of a DynamoDB sort key is no offer: 404 for the page and its form', async () => {
  const provider = await signIn(platform, 'training-provider', 'TTA');
  for (const id of ['x'.repeat(1025), encodeURIComponent('ع'.repeat(600))]) {
    const page = await fetch(url(`/partner/offers/${id}`), { headers: provider.cookie });
    expect(page.status).toBe(404);
    const post = await fetch(url(`/partner/offers/${id}`), {
      method: 'POST',
      headers: { ...provider.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'title_fr=Soudure',
      redirect: 'manual',
    });
    expect(post.status).toBe(404);
  }
});

test('the catalogue refuses a query parameter with no name, naming it `""`', async () => {
  const response = await fetch(url('/api/training-offers?=%3Cscript%3E'));
  expect(response.status).toBe(400);
  const { errors } = (await response.json()) as { errors: { field: string }[] };
  expect(errors.map((e) => e.field)).toEqual(['""']);
});

test('a page asked with an 8 KB query and no session sends to sign in with a short Location', async () => {
  const response = await fetch(url(`/intake?${'%3C'.repeat(2500)}`), { redirect: 'manual' });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/sign-in?next=%2Fintake');
});

/** A raw request, its target sent as written (fetch would normalise it). */
function rawStatus(target: string): Promise<number> {
  const { hostname, port } = new URL(platform.urls.app);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path: target, method: 'GET' }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

test('a request target that reads as a host (`//[`) is a path that matches no route, and the gateway goes on serving', async () => {
  for (const target of ['//[', '//%zz', '//ab:cd/']) expect(await rawStatus(target)).toBe(404);
  expect(await rawStatus('/health')).toBe(200);
});
