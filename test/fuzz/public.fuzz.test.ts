/**
 * Hostile input (see fuzz-support.ts), on one group of routes of the app description. The public routes (no session): health, reference codes, pages and assets, signing in, the catalogue and open data, and any other path (the catch-all, every method).
 */
import {
  routesOf,
  fuzzRoute,
  fuzzTimeout,
  routeName,
  startFuzzPlatform,
  type FuzzContext,
} from './fuzz-support';

let context: FuzzContext;

beforeAll(async () => {
  context = await startFuzzPlatform('public');
}, 120_000);

afterAll(async () => {
  await context?.platform.stop();
});

const routes = routesOf('public');

test('the group has routes to fuzz', () => {
  expect(routes.length).toBeGreaterThan(0);
});

test.each(routes.map((route) => [routeName(route), route] as const))(
  '%s withstands hostile input',
  async (_name, route) => {
    await fuzzRoute(route, context);
  },
  fuzzTimeout(),
);
