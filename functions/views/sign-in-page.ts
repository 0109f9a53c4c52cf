/** The sign-in page, in French, Arabic and English. */
import { escapeHtml, page } from '../commons/html';
import { translator } from '../commons/i18n';
import type { Lang } from '../domain/reference-data';

export interface SignInPageInput {
  lang: Lang;
  /** The local path to go back to once signed in. */
  next?: string;
  userName?: string;
  error?: 'badCredentials' | 'signInUnavailable';
}

export function signInPage({ lang, next, userName, error }: SignInPageInput): string {
  const t = translator(lang);
  // The one error there is, said at the top and given the focus, as the other forms' summaries are.
  const errors = error
    ? `<div class="errors" role="alert" tabindex="-1" autofocus data-error-summary><p>${escapeHtml(t(`people.${error}`))}</p></div>`
    : '';
  const body = `${errors}<p>${escapeHtml(t('people.signInIntro'))}</p>
<form method="post" action="/sign-in?lang=${lang}" novalidate>
${next ? `<input type="hidden" name="next" value="${escapeHtml(next)}">` : ''}
<label for="userName">${escapeHtml(t('people.userName'))}</label>
<input id="userName" name="userName" autocomplete="username" autocapitalize="characters" spellcheck="false" required value="${escapeHtml(userName ?? '')}" dir="ltr">
<label for="password">${escapeHtml(t('people.password'))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required dir="ltr">
<button type="submit">${escapeHtml(t('people.signIn'))}</button>
</form>
<p><a href="/catalogue?lang=${lang}">${escapeHtml(t('catalogue.signInLink'))}</a></p>`;
  return page({
    lang,
    title: t('people.signInTitle'),
    body,
    selfPath: '/sign-in',
    selfQuery: next ? { next } : {},
  });
}
