/**
 * GET / (each person's start page), /intake (the intake form) and /dashboard (the governance
 * dashboard). Pages need a session whose role may see them; without one, the sign-in page.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { html, redirect, type HttpResult } from './commons/http';
import { languageOf } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { homePathOf } from './commons/html';
import { readSummary } from './commons/aggregates';
import { authorize, sessionOf, signInRedirect } from './commons/sessions';
import { intakeDonePage, intakeFormPage } from './views/intake-form';
import { governanceDashboardPage } from './views/governance-page';
import { notFoundPage } from './views/not-found';
import { summaryFor } from './domain/aggregates';
import type { Action } from './domain/access';

const actionOfPage: Record<string, Action> = {
  '/intake': 'intake.create',
  '/intake/done': 'intake.create',
  '/dashboard': 'dashboard.read',
};

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    if (event.rawPath === '/') {
      const principal = await sessionOf(event);
      return principal ? redirect(`${homePathOf[principal.role]}?lang=${lang}`) : signInRedirect(event);
    }
    const action = actionOfPage[event.rawPath];
    if (!action) return html(404, notFoundPage(lang, event.rawPath));
    const access = await authorize(event, action);
    if (!access.ok) return access.result;
    const { principal } = access;
    switch (event.rawPath) {
      case '/intake/done': {
        // Where the form's POST/redirect/GET lands: the reference is a random id, nothing personal.
        const ref = event.queryStringParameters?.ref ?? '';
        if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(ref)) {
          return html(200, intakeDonePage(lang, ref, principal));
        }
        return html(200, intakeFormPage(lang, undefined, undefined, principal));
      }
      case '/dashboard':
        return html(
          200,
          governanceDashboardPage(lang, summaryFor(principal, await readSummary(new Date())), principal),
        );
      default:
        return html(200, intakeFormPage(lang, undefined, undefined, principal));
    }
  },
);
