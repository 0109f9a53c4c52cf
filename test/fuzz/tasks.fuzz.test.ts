/**
 * Hostile input (see fuzz-support.ts), on one group of routes of the app description. A coach's signed task link: its id and signature mutated, and its form posted broken.
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
  context = await startFuzzPlatform('tasks');
}, 120_000);

afterAll(async () => {
  await context?.platform.stop();
});

const routes = routesOf('tasks');

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
