/**
 * Any request no other route takes (the catch-all route `ANY /{proxy+}`): 404 in the reader's
 * language (?lang=, else Accept-Language) for a browser that asks for HTML, and API Gateway's own
 * `{"message":"Not Found"}` for API clients, as before.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { html, json, prefersHtml, type HttpResult } from './commons/http';
import { languageOf } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { notFoundPage } from './views/not-found';

export const handler = instrumented(async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
  if (!prefersHtml(event)) return json(404, { message: 'Not Found' });
  return html(404, notFoundPage(languageOf(event), event.rawPath ?? '/'));
});
