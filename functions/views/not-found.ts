/** The page of a path that leads nowhere, in the reader's language. */
import type { Lang } from '../domain/reference-data';
import { escapeHtml, page } from '../commons/html';
import { translator } from '../commons/i18n';

/**
 * The language links point back to the same path, when it is a plain local one: never `//host` or
 * `/\host` (which browsers would follow to another site), nor anything with unusual characters.
 */
function safeSelfPath(path: string): string {
  return /^\/(?![/\\])[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*$/.test(path) ? path : '/';
}

export function notFoundPage(lang: Lang, path: string): string {
  const t = translator(lang);
  const body = `<p>${escapeHtml(t('errors.notFoundText'))}</p>
<p><a href="/?lang=${lang}">${escapeHtml(t('people.home'))}</a></p>`;
  return page({ lang, title: t('errors.notFoundTitle'), body, selfPath: safeSelfPath(path) });
}
