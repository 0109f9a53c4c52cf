/**
 * The local API Gateway: which route a request takes, and the payload 2.0 event it becomes.
 * The request is a plain object with what the gateway reads: url, headers, httpVersion, socket.
 */
import type { IncomingMessage } from 'node:http';
import { matchRoute, requestUrl, toApiGatewayEvent } from '../../infra/local/http-gateway';
import type { RouteSpec } from '../../infra/app-description';

const completeTask: RouteSpec = { method: 'POST', path: '/tasks/{taskId}', function: 'completeTask' };

function request(url: string, headers: Record<string, string | string[]> = {}): IncomingMessage {
  return {
    url,
    headers,
    httpVersion: '1.1',
    socket: { remoteAddress: '10.1.2.3' },
  } as unknown as IncomingMessage;
}

describe('matchRoute', () => {
  it.each([
    ['GET', '/health', 'health'],
    ['GET', '/', 'pages'],
    ['GET', '/dashboard', 'pages'],
    ['POST', '/api/intake', 'intake'],
    ['GET', '/tasks/abc', 'openTask'],
    ['POST', '/tasks/abc', 'completeTask'],
    ['GET', '/api/dashboard/summary', 'dashboardSummary'],
  ])('sends %s %s to %s', (method, path, fn) => {
    // Act
    const matched = matchRoute(method, path);

    // Assess
    expect(matched?.route.function).toBe(fn);
  });

  it('takes the path parameter, decoded', () => {
    // Act
    const matched = matchRoute('GET', '/tasks/a%20b-_C');

    // Assess
    expect(matched?.pathParameters).toEqual({ taskId: 'a b-_C' });
  });

  it.each([
    ['PUT', '/health'],
    ['GET', '/api/intake'],
    ['GET', '/health/'],
    ['GET', '/tasks/'],
    ['GET', '/tasks/a/b'],
    ['GET', '/healthz'],
    ['GET', '/x/health'],
  ])(
    'sends %s %s to the not-found page (the catch-all ANY /{proxy+}), after every specific route',
    (method, path) => {
      // Act
      const matched = matchRoute(method, path);

      // Assess
      expect(matched?.route.function).toBe('notFound');
    },
  );
});

describe('matchRoute with a broken escape', () => {
  it('matches no specific route (the not-found page answers) instead of throwing', () => {
    expect(matchRoute('GET', '/tasks/%ZZ')?.route.function).not.toBe('openTask');
  });
});

describe('toApiGatewayEvent', () => {
  it('keeps query names like toString as plain parameters', () => {
    const event = toApiGatewayEvent(
      request('/tasks/abc?toString=a&constructor=b'),
      Buffer.alloc(0),
      completeTask,
      {
        taskId: 'abc',
      },
    );
    expect(event.queryStringParameters).toEqual({ toString: 'a', constructor: 'b' });
  });

  it('carries the route, path, decoded query (repeats joined by commas) and path parameters', () => {
    // Prepare
    const req = request('/tasks/abc?exp=17&sig=a%2Bb&lang=ar&lang=en', { host: 'localhost:3000' });

    // Act
    const event = toApiGatewayEvent(req, Buffer.alloc(0), completeTask, { taskId: 'abc' });

    // Assess
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /tasks/{taskId}');
    expect(event.rawPath).toBe('/tasks/abc');
    expect(event.rawQueryString).toBe('exp=17&sig=a%2Bb&lang=ar&lang=en');
    expect(event.queryStringParameters).toEqual({ exp: '17', sig: 'a+b', lang: 'ar,en' });
    expect(event.pathParameters).toEqual({ taskId: 'abc' });
    expect(event.requestContext.http).toEqual({
      method: 'POST',
      path: '/tasks/abc',
      protocol: 'HTTP/1.1',
      sourceIp: '10.1.2.3',
      userAgent: '',
    });
    expect(event.requestContext.stage).toBe('$default');
    expect(event.requestContext.domainName).toBe('localhost:3000');
  });

  it('moves cookies out of the headers and joins repeated headers', () => {
    // Prepare
    const req = request('/tasks/abc', {
      cookie: 'a=1; b=2',
      'user-agent': 'jest',
      'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
    });

    // Act
    const event = toApiGatewayEvent(req, Buffer.alloc(0), completeTask, {});

    // Assess
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.headers['x-forwarded-for']).toBe('10.0.0.1,10.0.0.2');
    expect(event.requestContext.http.userAgent).toBe('jest');
  });

  it('leaves out the keys API Gateway leaves out when there is nothing to carry', () => {
    // Act
    const event = toApiGatewayEvent(request('/health'), Buffer.alloc(0), completeTask, {});

    // Assess
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('body');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('passes a form or JSON body as text', () => {
    // Prepare
    const body = Buffer.from('note=caf%C3%A9&name=فاطمة', 'utf8');
    const req = request('/tasks/abc', { 'content-type': 'application/x-www-form-urlencoded' });

    // Act
    const event = toApiGatewayEvent(req, body, completeTask, {});

    // Assess
    expect(event.body).toBe('note=caf%C3%A9&name=فاطمة');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('passes a binary body as base64', () => {
    // Prepare
    const body = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
    const req = request('/tasks/abc', { 'content-type': 'image/png' });

    // Act
    const event = toApiGatewayEvent(req, body, completeTask, {});

    // Assess
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(body);
  });
});

describe('requestUrl', () => {
  // Found by the fuzzer: `new URL('//[', base)` reads `[` as a host and throws, which took the
  // whole local gateway's request down instead of answering.
  test.each(['//[', '//a b/x', '//ab:cd/', '//%zz'])('reads %s as a path, as API Gateway does', (target) => {
    expect(requestUrl(target)?.pathname.startsWith('//')).toBe(true);
  });
  test('keeps the query string apart', () => {
    const url = requestUrl('/api/training-offers?region=TTA');
    expect([url?.pathname, url?.searchParams.get('region')]).toEqual(['/api/training-offers', 'TTA']);
  });
});
