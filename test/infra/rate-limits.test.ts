/**
 * The public routes' throttle on AWS: the HTTP API's `$default` stage gives each public route
 * (intake, sign-in, coach task links, catalogue and open data) its own route settings, tighter than
 * the stage's default, and is deployed after those routes (a stage naming a route that does not
 * exist yet fails to deploy). Checked on the synthesized template (no AWS account here).
 */
import { routesOn } from '../../infra/app-description';
import { PUBLIC_ROUTE_LIMIT, rateLimitGroupOf } from '../../infra/rate-limits';
import { synthesize } from './synth';

const { template } = synthesize();
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }
>;
const stages = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Stage');
const routeKeys = Object.fromEntries(
  Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route')
    .map(([id, r]) => [String(r.Properties.RouteKey), id]),
);

test('the public routes, and only they, have their own throttle on the default stage', () => {
  expect(stages).toHaveLength(1);
  const [, stage] = stages[0] ?? [];
  const settings = stage?.Properties.RouteSettings as Record<
    string,
    { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
  >;
  const publicKeys = routesOn('aws')
    .filter((route) => rateLimitGroupOf(route))
    .map((route) => `${route.method} ${route.path}`);
  // Every group the issue names is there.
  for (const key of [
    'POST /api/intake',
    'POST /api/sign-in',
    'POST /sign-in',
    'GET /tasks/{taskId}',
    'POST /tasks/{taskId}',
    'GET /catalogue',
    'GET /api/training-offers',
    'GET /api/open-data/training-offers.csv',
    'GET /api/open-data/labour-needs.json',
  ])
    expect(publicKeys).toContain(key);
  expect(Object.keys(settings).sort()).toEqual([...publicKeys].sort());
  for (const key of publicKeys) {
    expect(settings[key]).toEqual({
      ThrottlingRateLimit: PUBLIC_ROUTE_LIMIT.rateLimit,
      ThrottlingBurstLimit: PUBLIC_ROUTE_LIMIT.burstLimit,
    });
  }
  // Routes behind a session or the JWT authorizer keep the stage's default only.
  expect(Object.keys(settings)).not.toContain('GET /api/dashboard/summary');
  expect(Object.keys(settings)).not.toContain('POST /api/labour-needs');
  expect(Object.keys(settings)).not.toContain('GET /health');
  // The stage's own default stays, above the routes' limits.
  expect(stage?.Properties.DefaultRouteSettings).toEqual({
    ThrottlingBurstLimit: 100,
    ThrottlingRateLimit: 50,
  });
  expect(PUBLIC_ROUTE_LIMIT.rateLimit).toBeLessThan(50);
});

test('the stage is deployed after every route its settings name', () => {
  const [, stage] = stages[0] ?? [];
  const settings = stage?.Properties.RouteSettings as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    const routeId = routeKeys[key];
    expect([key, routeId !== undefined]).toEqual([key, true]);
    expect(stage?.DependsOn ?? []).toContain(routeId);
  }
});
