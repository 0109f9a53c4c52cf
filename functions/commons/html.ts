/** Server-rendered pages: escaping, the one layout every screen shares, and errors for people. */
import type { FieldError } from '../domain/errors';
import type { Principal, Role } from '../domain/access';
import { regions, type Lang } from '../domain/reference-data';
import { direction, languages, translator } from './i18n';
import { fr } from './messages';
import { PAGE_SCRIPT } from './page-script';

/**
 * Text for HTML, escaped. Only strings, numbers and booleans are shown: anything else (an object or
 * array sent in a JSON body, whose own `toString` may be anything) shows as nothing.
 */
export function escapeHtml(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : '';
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const languageNames: Record<Lang, string> = { fr: 'Français', ar: 'العربية', en: 'English' };

const styles = `
  :root { color-scheme: light; --ink: #1d2733; --accent: #0b6e4f; --warn: #a4262c; --line: #d0d7de; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, "Segoe UI", "Noto Sans Arabic", Tahoma, sans-serif; color: var(--ink); }
  header { background: var(--accent); color: #fff; padding: .75rem 1.25rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; justify-content: space-between; }
  header a { color: #fff; }
  header .brand { font-weight: 700; font-size: 1.2rem; }
  nav.lang a { margin-inline-start: .75rem; display: inline-block; padding: .25rem 0; }
  main { max-width: 56rem; margin: 0 auto; padding: 1.25rem; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input, select, textarea { font: inherit; padding: .45rem; width: 100%; max-width: 28rem; border: 1px solid var(--line); border-radius: 4px; }
  /* Radio buttons and checkboxes: 24 px targets (WCAG 2.5.8), each label kept beside its box. */
  input[type=checkbox], input[type=radio] { width: 1.5rem; height: 1.5rem; margin: 0; flex: none; accent-color: var(--accent); }
  fieldset { border: 1px solid var(--line); border-radius: 4px; margin-top: 1rem; min-width: 0; }
  .choices { display: flex; flex-wrap: wrap; column-gap: 1.5rem; }
  .choice { display: flex; align-items: center; gap: .5rem; min-height: 2.75rem; }
  .choice label { margin: 0; font-weight: 400; }
  .check { display: flex; align-items: flex-start; gap: .6rem; margin-top: 1.25rem; }
  .check label { margin: 0; font-weight: 400; }
  .hint + input, .hint + select { margin-top: .25rem; }
  label + .hint { margin: 0; }
  textarea { display: block; }
  button { display: block; margin-top: 1.5rem; font: inherit; font-weight: 600; padding: .6rem 1.2rem; background: var(--accent); color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  .errors { border: 2px solid var(--warn); padding: .5rem 1rem; color: var(--warn); }
  .errors:focus { outline: 3px solid var(--ink); outline-offset: 2px; }
  .errors a { color: var(--warn); }
  code { overflow-wrap: anywhere; }
  .field-error { color: var(--warn); font-size: .9rem; }
  .hint { color: #555; font-size: .9rem; }
  table { border-collapse: collapse; margin-top: 1rem; width: 100%; }
  th, td { border: 1px solid var(--line); padding: .4rem .6rem; text-align: start; }
  td.num { text-align: end; font-variant-numeric: tabular-nums; }
  .bar { display: block; height: .6rem; max-inline-size: 8rem; background: var(--accent); margin-block-start: .25rem; }
  .table-wrap { max-inline-size: 100%; overflow-x: auto; }
  .table-wrap:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }
  /* Tables of long free values (an access request's export): cells wrap rather than run off the screen. */
  .wrap-cells td { overflow-wrap: anywhere; min-inline-size: 6em; }
  dt { font-weight: 600; margin-top: .6rem; }
  dd { margin-inline-start: 0; }
  .late { border-inline-start: 4px solid var(--warn); padding: .4rem .8rem; background: #fdf3f3; }
  nav.people { background: #e8f3ef; padding: .4rem 1.25rem; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; align-items: center; }
  nav.people a { display: inline-block; padding: .35rem 0; color: var(--ink); }
  nav.people form { margin-inline-start: auto; display: flex; align-items: center; gap: .75rem; flex-wrap: wrap; }
  nav.people button { margin: 0; padding: .35rem .8rem; }
  button.secondary { background: #fff; color: var(--accent); border: 1px solid var(--accent); }
`;

/** Where each role lands after signing in, and the pages its navigation offers. */
export const homePathOf: Record<Role, string> = {
  'intake-worker': '/beneficiaries',
  coach: '/caseload',
  supervisor: '/supervision',
  governance: '/dashboard',
  admin: '/admin/people',
  'training-provider': '/partner/offers',
  employer: '/partner/needs',
};

const navigationOf: Record<Role, { path: string; key: string }[]> = {
  'intake-worker': [
    { path: '/beneficiaries', key: 'people.navBeneficiaries' },
    { path: '/intake', key: 'people.navIntake' },
  ],
  coach: [{ path: '/caseload', key: 'people.navCaseload' }],
  supervisor: [
    { path: '/supervision', key: 'people.navSupervision' },
    { path: '/beneficiaries', key: 'people.navBeneficiaries' },
  ],
  governance: [{ path: '/dashboard', key: 'people.navDashboard' }],
  admin: [
    { path: '/admin/people', key: 'people.navPeople' },
    { path: '/admin/reference', key: 'people.navReference' },
    { path: '/dashboard', key: 'people.navDashboard' },
  ],
  'training-provider': [
    { path: '/partner/offers', key: 'people.navOffers' },
    { path: '/catalogue', key: 'people.navCatalogue' },
  ],
  employer: [
    { path: '/partner/needs', key: 'people.navNeeds' },
    { path: '/catalogue', key: 'people.navCatalogue' },
  ],
};

/** The signed-in person's navigation: their pages, who they are, and signing out. */
function peopleNavigation(lang: Lang, principal: Principal): string {
  const t = translator(lang);
  const links = navigationOf[principal.role]
    .map((item) => `<a href="${escapeHtml(`${item.path}?lang=${lang}`)}">${escapeHtml(t(item.key))}</a>`)
    .join('');
  const who = t('people.signedInAs', {
    name: principal.displayName,
    role: t(`people.roles.${principal.role}`),
  });
  return `<nav class="people" aria-label="${escapeHtml(t('people.home'))}">${links}<form method="post" action="/sign-out?lang=${lang}"><span>${escapeHtml(who)}</span><button type="submit" class="secondary">${escapeHtml(t('people.signOut'))}</button></form></nav>`;
}

export interface PageOptions {
  lang: Lang;
  title: string;
  body: string;
  /** Path of the page itself, for the language links (query string kept apart). */
  selfPath: string;
  selfQuery?: Record<string, string>;
  /** The signed-in person: the page shows their navigation and a way to sign out. */
  principal?: Principal;
}

export function page({ lang, title, body, selfPath, selfQuery = {}, principal }: PageOptions): string {
  const t = translator(lang);
  const links = languages
    .map((code) => {
      const query = new URLSearchParams({ ...selfQuery, lang: code }).toString();
      const current = code === lang ? ' aria-current="true"' : '';
      return `<a href="${escapeHtml(`${selfPath}?${query}`)}" lang="${code}" hreflang="${code}"${current}>${languageNames[code]}</a>`;
    })
    .join('');
  return `<!doctype html>
<html lang="${lang}" dir="${direction(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${escapeHtml(t('app.name'))}</title>
<style>${styles}</style>
</head>
<body>
<header><span class="brand">${escapeHtml(t('app.name'))}</span><span>${escapeHtml(t('app.tagline'))}</span>
<nav class="lang" aria-label="${escapeHtml(t('app.languages'))}">${links}</nav></header>
${principal ? peopleNavigation(lang, principal) : ''}
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>`;
}

/** One error of the summary at the top of a form; `target` is the id of the element it links to. */
export interface SummaryError {
  message: string;
  target?: string;
}

/**
 * The error summary: it takes the focus when the page opens (autofocus, and the page script), and
 * each error links to its field.
 */
export function errorList(title: string, errors: readonly SummaryError[]): string {
  if (errors.length === 0) return '';
  const items = errors
    .map((e) =>
      e.target === undefined
        ? `<li>${escapeHtml(e.message)}</li>`
        : `<li><a href="#${escapeHtml(e.target)}">${escapeHtml(e.message)}</a></li>`,
    )
    .join('');
  return `<div class="errors" role="alert" tabindex="-1" autofocus data-error-summary aria-labelledby="error-summary-title"><p id="error-summary-title">${escapeHtml(title)}</p><ul>${items}</ul></div>`;
}

/** The own value of `field` in `values`, never one inherited from Object.prototype. */
function ownValue(values: unknown, field: string): unknown {
  return typeof values === 'object' && values !== null && Object.hasOwn(values, field)
    ? (values as Record<string, unknown>)[field]
    : undefined;
}

const errorTexts: Record<string, unknown> = fr.errors;
const isErrorKey = (key: string | undefined): key is string =>
  key !== undefined && Object.hasOwn(errorTexts, key) && typeof errorTexts[key] === 'string';

/** Values an error text shows, as the reader reads them: a region's name, a date in their language. */
function readableParams(lang: Lang, params: FieldError['params'] = {}): Record<string, string | number> {
  const shown: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    const region = regions.find((r) => r.code === value);
    shown[name] =
      name === 'region' && region
        ? region.name[lang]
        : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
          ? new Date(`${value}T00:00:00Z`).toLocaleDateString(`${lang}-MA`, {
              dateStyle: 'long',
              timeZone: 'UTC',
            })
          : value;
  }
  return shown;
}

/**
 * Field errors said in the user's language, for a page: each error's `key` (see `errors` in
 * messages.ts) with its values; an error without a known key says "required" when its field has
 * no value in `values`, "invalid" otherwise. `values` is read through own properties only, so a
 * field named `toString` or `__proto__` is harmless. The result keeps `{ field, message }`.
 */
export function localizeFieldErrors(
  lang: Lang,
  errors: readonly FieldError[],
  values: unknown = {},
): { field: string; message: string }[] {
  const t = translator(lang);
  return errors.map((e) => {
    if (isErrorKey(e.key))
      return { field: e.field, message: t(`errors.${e.key}`, readableParams(lang, e.params)) };
    const value = ownValue(values, e.field);
    const missing = value === undefined || (typeof value === 'string' && value.trim() === '');
    return { field: e.field, message: t(missing ? 'errors.required' : 'errors.invalid') };
  });
}

/** A field's label for the error summary, looked up among own properties only. */
export function labelOf(
  labels: Readonly<Record<string, string>>,
  field: string,
  t: (key: string) => string,
): string {
  if (field === 'body') return t('errors.bodyField');
  const label = Object.hasOwn(labels, field) ? labels[field] : undefined;
  return (typeof label === 'string' ? label : field).replace(/\s*\*$/, '');
}

/** The page for a person whose role or scope does not reach what they asked (403). */
export function forbiddenPageHtml(lang: Lang, principal: Principal, selfPath: string): string {
  const t = translator(lang);
  const body = `<p>${escapeHtml(t('people.forbiddenText', { role: t(`people.roles.${principal.role}`) }))}</p><p><a href="${escapeHtml(`${homePathOf[principal.role]}?lang=${lang}`)}">${escapeHtml(t('people.home'))}</a></p>`;
  return page({ lang, title: t('people.forbiddenTitle'), body, selfPath, principal });
}

/**
 * A form's field errors as markup, one way for every form: the error under its field, and the
 * field's `aria-invalid` and `aria-describedby` (the error first, then the hint). `idOf` gives a
 * field's element id (a page with several forms prefixes them).
 */
export function fieldErrorMarkup(
  errors: readonly { field: string; message: string }[],
  idOf: (name: string) => string = (name) => name,
) {
  const errorOf = (name: string) => errors.find((e) => e.field === name);
  const fieldError = (name: string) => {
    const error = errorOf(name);
    return error
      ? `<div class="field-error" id="${idOf(name)}-error">${escapeHtml(error.message)}</div>`
      : '';
  };
  const described = (name: string, hint = false) => {
    const ids = [...(errorOf(name) ? [`${idOf(name)}-error`] : []), ...(hint ? [`${idOf(name)}-hint`] : [])];
    return `${errorOf(name) ? ' aria-invalid="true"' : ''}${ids.length > 0 ? ` aria-describedby="${ids.join(' ')}"` : ''}`;
  };
  return { errorOf, fieldError, described };
}
