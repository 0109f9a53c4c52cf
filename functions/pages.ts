/**
 * GET / (each person's start page), /intake (the intake form), /dashboard (the governance
 * dashboard) and /dashboard/export.csv (what the dashboard shows, as a CSV file: same filters,
 * same session and action). Pages need a session whose role may see them; without one, the
 * sign-in page.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { badRequest, html, json, redirect, type HttpResult } from './commons/http';
import { languageOf } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { homePathOf } from './commons/html';
import { countersStamp } from './commons/counters-stamp';
import { indicatorsView } from './commons/dashboard-views';
import { authorize, sessionOf, signInRedirect } from './commons/sessions';
import { intakeDonePage, intakeFormPage } from './views/intake-form';
import { filterParameters, governanceDashboardPage } from './views/governance-page';
import { dashboardCsv } from './views/dashboard-csv';
import { notFoundPage } from './views/not-found';
import { parseIndicatorFilters } from './domain/indicators';
import type { Action } from './domain/access';

const actionOfPage: Record<string, Action> = {
  '/intake': 'intake.create',
  '/intake/done': 'intake.create',
  '/dashboard': 'dashboard.read',
  '/dashboard/export.csv': 'dashboard.read',
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
      case '/dashboard/export.csv': {
        // The filters only (the language is the page's own): a region's board gets its region.
        const asked = event.queryStringParameters ?? {};
        const query = Object.fromEntries(filterParameters.map((name) => [name, asked[name]]));
        const parsed = parseIndicatorFilters(query, principal);
        const stamp = await countersStamp();
        if (event.rawPath === '/dashboard/export.csv') {
          if (!parsed.ok) return badRequest(parsed.errors);
          const file = dashboardCsv(lang, await indicatorsView(principal, parsed.filters, stamp), principal);
          return {
            statusCode: 200,
            headers: {
              ...json(200, {}).headers,
              'content-type': 'text/csv; charset=utf-8; header=absent',
              'content-disposition': `attachment; filename="${file.fileName}"`,
            },
            body: file.body,
          };
        }
        if (!parsed.ok) {
          // The figures without filters, and the form with what was typed and why it was refused.
          const all = await indicatorsView(principal, {}, stamp);
          const page = governanceDashboardPage(lang, all, principal, { errors: parsed.errors, query });
          return html(400, page, { ownScripts: true });
        }
        const indicators = await indicatorsView(principal, parsed.filters, stamp);
        return html(200, governanceDashboardPage(lang, indicators, principal), { ownScripts: true });
      }
      default:
        return html(200, intakeFormPage(lang, undefined, undefined, principal));
    }
  },
);
