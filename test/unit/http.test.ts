/**
 * Reading request bodies (JSON, HTML forms, base64, size limit) and escaping text for HTML.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header, readBody } from '../../functions/commons/http';
import { escapeHtml } from '../../functions/commons/html';

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
    expect(refused).toEqual({
      ok: false,
      status: 400,
      error: { field: 'body', message: 'The body is larger than 18 bytes.' },
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

  it('writes nothing for null or undefined, and numbers as text', () => {
    // Act & Assess
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(1998)).toBe('1998');
    expect(escapeHtml('العربية')).toBe('العربية');
  });
});
