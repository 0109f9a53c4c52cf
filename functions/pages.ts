/** GET / and /intake (the intake form) and GET /dashboard (the governance dashboard). */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { html, type HttpResult } from './commons/http';
import { languageOf, translator } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { escapeHtml, page } from './commons/html';
import { readSummary } from './commons/aggregates';
import { intakeDonePage, intakeFormPage } from './views/intake-form';
import { governanceDashboardPage } from './views/governance-page';

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    switch (event.rawPath) {
      case '/':
      case '/intake':
        return html(200, intakeFormPage(lang));
      case '/intake/done': {
        // Where the form's POST/redirect/GET lands: the reference is a random id, nothing personal.
        const ref = event.queryStringParameters?.ref ?? '';
        if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(ref)) {
          return html(200, intakeDonePage(lang, ref));
        }
        return html(200, intakeFormPage(lang));
      }
      case '/dashboard':
        return html(200, governanceDashboardPage(lang, await readSummary(new Date())));
      default: {
        const t = translator(lang);
        const body = `<p>${escapeHtml(t('errors.notFoundText'))}</p>`;
        return html(404, page({ lang, title: t('errors.notFoundTitle'), body, selfPath: event.rawPath }));
      }
    }
  },
);
