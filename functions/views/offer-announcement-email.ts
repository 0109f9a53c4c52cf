/**
 * The email that tells a coach a new training offer suits beneficiaries of theirs waiting for a
 * training: the offer, then each of them with the link to their open training choice.
 */
import type { Lang } from '../domain/reference-data';
import { direction, translator } from '../commons/i18n';
import { escapeHtml } from '../commons/html';
import type { Email } from './coach-email';

export interface OfferAnnouncementInput {
  lang: Lang;
  coachName: string;
  offer: {
    title: string;
    providerName: string;
    province: string;
    startDate: string;
    endDate: string;
    openSeats: number;
  };
  /** Each beneficiary as the coach knows them (first name) and the link to their training choice. */
  waiting: { firstName: string; link: string }[];
}

function longDate(lang: Lang, isoDate: string): string {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(`${lang}-MA`, {
    dateStyle: 'long',
    timeZone: 'UTC',
  });
}

export function offerAnnouncementEmail(input: OfferAnnouncementInput): Email {
  const { lang, offer } = input;
  const t = translator(lang);
  const paragraphs = [
    t('offerAnnouncement.greeting', { name: input.coachName }),
    t('offerAnnouncement.body', { provider: offer.providerName }),
    t('offerAnnouncement.offer', {
      title: offer.title,
      province: offer.province,
      start: longDate(lang, offer.startDate),
      end: longDate(lang, offer.endDate),
      seats: offer.openSeats,
    }),
    t('offerAnnouncement.list'),
  ];
  const action = t('offerAnnouncement.action');
  const dir = direction(lang);
  const items = input.waiting
    .map(
      (w) =>
        `<li><a href="${escapeHtml(w.link)}" target="_blank" rel="noopener">${escapeHtml(w.firstName)}</a></li>`,
    )
    .join('\n');
  return {
    subject: t('offerAnnouncement.subject', { count: input.waiting.length, title: offer.title }),
    text: [...paragraphs, ...input.waiting.map((w) => `- ${w.firstName}: ${w.link}`), action].join('\n\n'),
    html: `<!doctype html><html lang="${lang}" dir="${dir}"><body style="font-family:sans-serif"><div dir="${dir}" lang="${lang}">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<ul>
${items}
</ul>
<p>${escapeHtml(action)}</p>
</div></body></html>`,
  };
}
