/**
 * The email that tells a training provider's person which of its offers have gone stale: each offer
 * with how long it has not been updated and the link to its form on the provider's page.
 */
import type { Lang } from '../domain/reference-data';
import { direction, translator } from '../commons/i18n';
import { escapeHtml } from '../commons/html';
import type { Email } from './coach-email';

export interface StaleOffersEmailInput {
  lang: Lang;
  /** The person emailed, as the people table names them. */
  name: string;
  providerName: string;
  /** After how many days an offer is stale (STALE_AFTER_DAYS). */
  staleAfterDays: number;
  /** Each offer: its title in the email's language, days since its last update, its form's link. */
  offers: { offerId: string; title: string; days: number; link: string }[];
}

/** The link to an offer's form on the provider's page, in the person's language. */
export function offerFormLink(publicBaseUrl: string, offerId: string, lang: Lang): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/partner/offers/${encodeURIComponent(offerId)}?lang=${lang}`;
}

export function staleOffersEmail(input: StaleOffersEmailInput): Email {
  const { lang } = input;
  const t = translator(lang);
  const intro = [
    t('staleOffers.greeting', { name: input.name }),
    t('staleOffers.body', { provider: input.providerName, days: input.staleAfterDays }),
    t('staleOffers.list'),
  ];
  const once = t('staleOffers.once', { days: input.staleAfterDays });
  const lines = input.offers.map((o) => ({
    line: t('staleOffers.offer', { title: o.title, offerId: o.offerId, days: o.days }),
    link: o.link,
  }));
  const dir = direction(lang);
  const items = lines
    .map(
      (o) =>
        `<li><a href="${escapeHtml(o.link)}" target="_blank" rel="noopener">${escapeHtml(o.line)}</a></li>`,
    )
    .join('\n');
  return {
    subject: t('staleOffers.subject', { count: input.offers.length }),
    text: [...intro, lines.map((o) => `- ${o.line}\n  ${o.link}`).join('\n'), once].join('\n\n'),
    html: `<!doctype html><html lang="${lang}" dir="${dir}"><body style="font-family:sans-serif"><div dir="${dir}" lang="${lang}">
${intro.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<ul>
${items}
</ul>
<p>${escapeHtml(once)}</p>
</div></body></html>`,
  };
}
