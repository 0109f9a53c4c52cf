/**
 * Reading request bodies (JSON, HTML forms, base64, size limit, UTF-8), refusing cross-site posts,
 * the headers of pages, and escaping text for HTML.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  badRequest,
  checkSameOrigin,
  formValues,
  header,
  html,
  prefersHtml,
  readBody,
} from '../../functions/commons/http';
import { escapeHtml, page } from '../../functions/commons/html';

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

function event(
  contentType: string | undefined,
  body: string | undefined,
  base64 = false,
): APIGatewayProxyEventV2 {
  return {
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    ...(body === undefined ? {} : { body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body }),
    isBase64Encoded: base64,
  } as unknown as APIGatewayProxyEventV2;
}

describe('readBody', () => {
  it('parses JSON, with a charset and whatever the header case', () => {
    // Prepare
    const request = {
      ...event(undefined, '{"firstName":"Fatima","birthYear":1998}'),
      headers: { 'Content-Type': 'Application/JSON; charset=utf-8' },
    } as APIGatewayProxyEventV2;

    // Act
    const read = readBody(request, 1024);

    // Assess
    expect(read).toEqual({ ok: true, kind: 'json', value: { firstName: 'Fatima', birthYear: 1998 } });
  });

  it('refuses JSON that does not parse, on the field "body"', () => {
    // Act
    const read = readBody(event(JSON_TYPE, '{"firstName":'), 1024);

    // Assess
    expect(read).toMatchObject({ ok: false, status: 400, error: { field: 'body' } });
  });

  it('reads a form as strings, decoded, and repeated names as arrays in order', () => {
    // Act
    const read = readBody(
      event(FORM_TYPE, 'firstName=Fatima+Zahra&note=caf%C3%A9&lang=ar&lang=en&lang=fr'),
      1024,
    );

    // Assess
    expect(read).toEqual({
      ok: true,
      kind: 'form',
      value: { firstName: 'Fatima Zahra', note: 'café', lang: ['ar', 'en', 'fr'] },
    });
  });

  it('decodes base64 bodies before reading them', () => {
    // Act
    const json = readBody(event(JSON_TYPE, '{"name":"فاطمة"}', true), 1024);
    const form = readBody(event(FORM_TYPE, 'consent=on', true), 1024);

    // Assess
    expect(json).toEqual({ ok: true, kind: 'json', value: { name: 'فاطمة' } });
    expect(form).toEqual({ ok: true, kind: 'form', value: { consent: 'on' } });
  });

  it('accepts a body of exactly the limit and refuses one byte more, counting bytes not characters', () => {
    // Prepare: "é" is two bytes in UTF-8.
    const atLimit = `{"a":"${'é'.repeat(5)}"}`; // 8 + 10 = 18 bytes
    const overLimit = `{"a":"${'é'.repeat(5)}x"}`; // 19 bytes, 15 characters

    // Act
    const accepted = readBody(event(JSON_TYPE, atLimit), 18);
    const refused = readBody(event(JSON_TYPE, overLimit), 18);

    // Assess
    expect(accepted.ok).toBe(true);
    expect(refused).toMatchObject({
      ok: false,
      status: 400,
      error: { field: 'body', message: 'The body is larger than 18 bytes.', key: 'bodyTooLarge' },
    });
  });

  it('applies the limit to the decoded size of a base64 body, not its encoded one', () => {
    // Prepare: 12 bytes decoded, 16 characters encoded.
    const body = '{"a":"abcd"}';

    // Act
    const read = readBody(event(JSON_TYPE, body, true), 12);

    // Assess
    expect(read).toEqual({ ok: true, kind: 'json', value: { a: 'abcd' } });
  });

  it.each([
    ['text/plain', 'firstName=Fatima'],
    ['multipart/form-data; boundary=x', '--x'],
    [undefined, '{"a":1}'],
  ])('refuses a %s body with 400 on the field "body"', (contentType, body) => {
    // Act
    const read = readBody(event(contentType, body), 1024);

    // Assess
    expect(read).toMatchObject({ ok: false, status: 400, error: { field: 'body' } });
  });

  it('treats a missing JSON body as invalid JSON, not as an empty object', () => {
    // Act
    const read = readBody(event(JSON_TYPE, undefined), 1024);

    // Assess
    expect(read.ok).toBe(false);
  });
});

describe('readBody and names of Object.prototype', () => {
  it('reads form fields named like built-in properties as plain fields', () => {
    // Act
    const read = readBody(event(FORM_TYPE, 'toString=x&constructor=y&__proto__=z'), 1024);

    // Assess
    expect(read.ok).toBe(true);
    const value = (read as { value: Record<string, unknown> }).value;
    expect({ ...value }).toEqual({ toString: 'x', constructor: 'y', ['__proto__']: 'z' });
  });
});

describe('header', () => {
  it('finds a header whatever its case, and says undefined when it is absent', () => {
    // Prepare
    const request = { headers: { 'X-Forwarded-For': '10.0.0.1' } } as unknown as APIGatewayProxyEventV2;

    // Act & Assess
    expect(header(request, 'x-forwarded-for')).toBe('10.0.0.1');
    expect(header(request, 'cookie')).toBeUndefined();
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    // Act
    const escaped = escapeHtml(`<script>alert("x" + 'y')</script> & co`);

    // Assess
    expect(escaped).toBe('&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt; &amp; co');
  });

  it('escapes an ampersand already in the text, so entities show as typed', () => {
    // Act
    const escaped = escapeHtml('&lt;b&gt;');

    // Assess
    expect(escaped).toBe('&amp;lt;b&amp;gt;');
  });

  it('writes nothing for an object or an array, whatever its own toString', () => {
    // Prepare: what JSON.parse makes of {"notes": {"toString": 1}}.
    const hostile = JSON.parse('{"toString": 1, "valueOf": 2}') as unknown;

    // Act & Assess
    expect(escapeHtml(hostile)).toBe('');
    expect(escapeHtml([hostile])).toBe('');
    expect(escapeHtml(true)).toBe('true');
  });

  it('writes nothing for null or undefined, and numbers as text', () => {
    // Act & Assess
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(1998)).toBe('1998');
    expect(escapeHtml('العربية')).toBe('العربية');
  });
});

describe('readBody and UTF-8', () => {
  it('refuses a base64 body whose bytes are not UTF-8, on the field "body"', () => {
    // Prepare: "Fat" then a lone 0xFF byte, as a client with the wrong encoding sends it.
    const bytes = Buffer.concat([Buffer.from('{"firstName":"Fat'), Buffer.from([0xff]), Buffer.from('"}')]);
    const request = { ...event(JSON_TYPE, undefined), body: bytes.toString('base64'), isBase64Encoded: true };

    // Act
    const read = readBody(request as APIGatewayProxyEventV2, 1024);

    // Assess
    expect(read).toMatchObject({
      ok: false,
      status: 400,
      kind: 'json',
      error: { field: 'body', key: 'bodyEncoding' },
    });
  });

  it('refuses a text body that holds U+FFFD, the mark of bytes already lost on the way', () => {
    // Act
    const read = readBody(event(JSON_TYPE, '{"firstName":"Fat\ufffdma"}'), 1024);

    // Assess
    expect(read).toMatchObject({ ok: false, status: 400, error: { field: 'body', key: 'bodyEncoding' } });
  });

  it('refuses a form value percent-encoded from bytes that are not UTF-8, naming its field', () => {
    // Act
    const read = readBody(event(FORM_TYPE, 'lastName=Tazi&firstName=Fat%FFma&sex=F'), 1024);

    // Assess
    expect(read).toMatchObject({
      ok: false,
      status: 400,
      kind: 'form',
      error: { field: 'firstName', key: 'encoding' },
      value: { lastName: 'Tazi', sex: 'F' },
    });
  });

  it('refuses a form field name that is not UTF-8, on the field "body"', () => {
    // Act
    const read = readBody(event(FORM_TYPE, 'first%C3Name=Amina'), 1024);

    // Assess
    expect(read).toMatchObject({ ok: false, status: 400, error: { field: 'body', key: 'encoding' } });
  });

  it('decodes a form as browsers encode it: + as space, %XX as UTF-8, broken escapes kept as typed', () => {
    // Act
    const read = readBody(event(FORM_TYPE, 'a=%D9%81%D8%A7%D8%B7%D9%85%D8%A9&b=x+y&c=100%&d=%zz&e&=f'), 1024);

    // Assess
    expect(read).toEqual({
      ok: true,
      kind: 'form',
      value: { a: 'فاطمة', b: 'x y', c: '100%', d: '%zz', e: '', '': 'f' },
    });
  });
});

describe('formValues', () => {
  it('copies own fields into a record with no prototype, and makes nothing of a non-object', () => {
    // Act
    const values = formValues(JSON.parse('{"toString":"x","firstName":"Amina"}'));

    // Assess
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect({ ...values }).toEqual({ toString: 'x', firstName: 'Amina' });
    expect(values.constructor).toBeUndefined();
    expect({ ...formValues([1, 2]) }).toEqual({});
    expect({ ...formValues('text') }).toEqual({});
  });
});

describe('badRequest', () => {
  it('sends each error as {field, message} only, as the JSON contract says', () => {
    // Act
    const result = badRequest([{ field: 'phone', message: 'Must be…', key: 'phone', params: { a: 1 } }]);

    // Assess
    expect(JSON.parse(result.body ?? '')).toEqual({ errors: [{ field: 'phone', message: 'Must be…' }] });
  });
});

function post(headers: Record<string, string>, method = 'POST', domainName = 'kafaat.example.ma') {
  return {
    headers: { host: domainName, ...headers },
    requestContext: { domainName, http: { method } },
  } as unknown as APIGatewayProxyEventV2;
}

describe('checkSameOrigin', () => {
  it.each([
    ['no browser headers at all (curl, SDKs, servers)', {}],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site: none (typed or bookmarked)', { 'sec-fetch-site': 'none' }],
    ['the own origin', { origin: 'https://kafaat.example.ma', 'sec-fetch-site': 'same-origin' }],
    ['the own origin with its default port', { origin: 'https://kafaat.example.ma:443' }],
    ['the own origin, header names in capitals', { Origin: 'https://KAFAAT.example.ma' }],
    [
      'Origin "null" but Sec-Fetch-Site: same-origin (a page of ours under a no-referrer policy)',
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    ],
  ])('lets through a POST with %s', (_label, headers) => {
    // Act
    const check = checkSameOrigin(post(headers));

    // Assess
    expect(check).toEqual({ ok: true });
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: cross-site and no Origin', { 'Sec-Fetch-Site': 'Cross-Site' }],
    ['an Origin of another site', { origin: 'https://evil.example' }],
    [
      'an Origin of a sibling subdomain',
      { origin: 'https://evil.example.ma', 'sec-fetch-site': 'same-site' },
    ],
    ['an Origin with another port', { origin: 'https://kafaat.example.ma:8443' }],
    ['an opaque Origin "null" (sandboxed frame)', { origin: 'null' }],
    ['Origin "null" with Sec-Fetch-Site: same-site', { origin: 'null', 'sec-fetch-site': 'same-site' }],
    ['Origin "null" with Sec-Fetch-Site: none', { origin: 'null', 'sec-fetch-site': 'none' }],
    ['Origin "Null" in capitals, without Sec-Fetch-Site', { Origin: ' Null ' }],
    ['an Origin that is not a URL', { origin: 'kafaat.example.ma' }],
  ])('refuses a POST with %s, on the field "origin"', (_label, headers) => {
    // Act
    const check = checkSameOrigin(post(headers));

    // Assess
    expect(check).toMatchObject({ ok: false, error: { field: 'origin', key: 'crossSite' } });
  });

  it('compares with the host and port a local server answers on', () => {
    // Act
    const same = checkSameOrigin(post({ origin: 'http://localhost:3000' }, 'POST', 'localhost:3000'));
    const other = checkSameOrigin(post({ origin: 'http://localhost:4000' }, 'POST', 'localhost:3000'));

    // Assess
    expect(same.ok).toBe(true);
    expect(other.ok).toBe(false);
  });

  it('lets an origin named in allowedOrigins through (a CDN in front that changes Host)', () => {
    // Act
    const check = checkSameOrigin(post({ origin: 'https://www.kafaat.ma' }), ['https://www.kafaat.ma/']);

    // Assess
    expect(check).toEqual({ ok: true });
  });

  it('takes Origin "null" only with Sec-Fetch-Site: same-origin (a task page posting under no-referrer)', () => {
    // Act
    const vouched = checkSameOrigin(post({ origin: 'null', 'sec-fetch-site': 'same-origin' }));
    const alone = checkSameOrigin(post({ origin: 'null' }));
    const crossSite = checkSameOrigin(post({ origin: 'null', 'sec-fetch-site': 'cross-site' }));

    // Assess
    expect(vouched).toEqual({ ok: true });
    expect(alone.ok).toBe(false);
    expect(crossSite.ok).toBe(false);
  });

  it('never refuses a GET', () => {
    // Act
    const check = checkSameOrigin(post({ 'sec-fetch-site': 'cross-site' }, 'GET'));

    // Assess
    expect(check).toEqual({ ok: true });
  });
});

describe('prefersHtml', () => {
  const accept = (value: string | undefined, contentType?: string) =>
    ({
      headers: {
        ...(value === undefined ? {} : { accept: value }),
        ...(contentType ? { 'content-type': contentType } : {}),
      },
    }) as unknown as APIGatewayProxyEventV2;

  it.each([
    ['a browser navigation', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['text/* first', 'text/*, application/json;q=0.5', true],
    ['curl and fetch (*/*)', '*/*', false],
    ['no Accept header', undefined, false],
    ['JSON asked', 'application/json', false],
    ['JSON preferred to HTML', 'application/json, text/html;q=0.5', false],
    ['HTML refused', 'text/html;q=0, */*', false],
  ])('%s → %p', (_label, value, expected) => {
    // Act & Assess
    expect(prefersHtml(accept(value))).toBe(expected);
  });

  it('answers a form post with a page', () => {
    // Act & Assess
    expect(prefersHtml(accept('*/*', 'application/x-www-form-urlencoded'))).toBe(true);
  });
});

describe('html', () => {
  it('sends no Referer at all from a page that asks for it (a task link holds its signature)', () => {
    // Act
    const task = html(200, '<p>x</p>', { referrerPolicy: 'no-referrer' });
    const other = html(200, '<p>x</p>');

    // Assess
    expect(task.headers?.['referrer-policy']).toBe('no-referrer');
    expect(task.headers?.['cache-control']).toBe('no-store');
    expect(other.headers?.['referrer-policy']).toBe('same-origin');
  });

  it('forbids framing, and runs no script but the page script, allowed by its hash', () => {
    // Prepare
    const body = page({ lang: 'fr', title: 'T', body: '<p>x</p>', selfPath: '/intake' });

    // Act
    const result = html(200, body);

    // Assess
    const csp = String(result.headers?.['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("'unsafe-inline' 'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(result.headers?.['x-frame-options']).toBe('DENY');
    // Our forms' posts then carry their real Origin (under no-referrer, browsers send "null").
    expect(result.headers?.['referrer-policy']).toBe('same-origin');
    const scripts = [...body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256')
      .update(scripts[0] ?? '', 'utf8')
      .digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
  });
});
