/** The page of a request the rate limit turned away (429), in the reader's language. */
import type { Lang } from '../domain/reference-data';
import { escapeHtml, page } from '../commons/html';
import { translator } from '../commons/i18n';

export function tooManyRequestsPage(lang: Lang, retryAfterSeconds: number): string {
  const t = translator(lang);
  const body = `<p>${escapeHtml(t('errors.tooManyRequestsText', { seconds: retryAfterSeconds }))}</p>
<p><a href="/?lang=${lang}">${escapeHtml(t('people.home'))}</a></p>`;
  // The language links lead home: the address refused may be a coach's signed link, kept out of pages.
  return page({ lang, title: t('errors.tooManyRequestsTitle'), body, selfPath: '/' });
}
