/** Server-rendered pages: escaping and the one layout every screen shares. */
import type { Lang } from '../domain/reference-data';
import { direction, languages, translator } from './i18n';

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
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
  nav.lang a { margin-inline-start: .75rem; }
  main { max-width: 56rem; margin: 0 auto; padding: 1.25rem; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input, select, textarea { font: inherit; padding: .45rem; width: 100%; max-width: 28rem; border: 1px solid var(--line); border-radius: 4px; }
  input[type=checkbox], input[type=radio] { width: auto; }
  fieldset { border: 1px solid var(--line); border-radius: 4px; margin-top: 1rem; }
  fieldset label { display: inline; font-weight: 400; margin-inline-end: 1rem; }
  .check label { display: inline; font-weight: 400; }
  textarea { display: block; }
  button { display: block; margin-top: 1.5rem; font: inherit; font-weight: 600; padding: .6rem 1.2rem; background: var(--accent); color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  .errors { border: 2px solid var(--warn); padding: .5rem 1rem; color: var(--warn); }
  .field-error { color: var(--warn); font-size: .9rem; }
  .hint { color: #555; font-size: .9rem; }
  table { border-collapse: collapse; margin-top: 1rem; width: 100%; }
  th, td { border: 1px solid var(--line); padding: .4rem .6rem; text-align: start; }
  td.num { text-align: end; font-variant-numeric: tabular-nums; }
  .bar { display: inline-block; height: .8rem; background: var(--accent); vertical-align: middle; margin-inline-start: .4rem; }
`;

export interface PageOptions {
  lang: Lang;
  title: string;
  body: string;
  /** Path of the page itself, for the language links (query string kept apart). */
  selfPath: string;
  selfQuery?: Record<string, string>;
}

export function page({ lang, title, body, selfPath, selfQuery = {} }: PageOptions): string {
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
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

export function errorList(title: string, errors: { field: string; message: string }[]): string {
  if (errors.length === 0) return '';
  const items = errors
    .map((e) => `<li><a href="#${escapeHtml(e.field)}">${escapeHtml(e.message)}</a></li>`)
    .join('');
  return `<div class="errors" role="alert"><p>${escapeHtml(title)}</p><ul>${items}</ul></div>`;
}
