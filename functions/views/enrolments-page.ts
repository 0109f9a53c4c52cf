/** A training provider's enrolments in one offer: the counts, and the people who share their contacts. */
import type { Principal } from '../domain/access';
import { provinces, type Label, type Lang } from '../domain/reference-data';
import { escapeHtml, page } from '../commons/html';
import { translator } from '../commons/i18n';

export interface EnrolmentsView {
  offerId: string;
  title: Label;
  seats: number;
  seatsTaken: number;
  /** Every enrolment, counted whatever the consent. */
  enrolments: number;
  /** Enrolled, but not agreeing to share with training providers: counted, never named. */
  withheld: number;
  shared: {
    firstName: string;
    lastName: string;
    phone?: string;
    email?: string;
    province: string;
    status: string;
    since: string;
  }[];
}

export function enrolmentsPage(lang: Lang, principal: Principal, view: EnrolmentsView): string {
  const t = translator(lang);
  const e = (key: string, params: Record<string, string | number> = {}) => t(`enrolments.${key}`, params);
  const number = new Intl.NumberFormat(`${lang}-MA`);
  const provinceName = (code: string) => provinces.find((p) => p.code === code)?.name[lang] ?? code;
  const rows = view.shared
    .map(
      (p) =>
        `<tr><td>${escapeHtml(`${p.firstName} ${p.lastName}`)}</td><td>${p.phone ? `<a href="tel:${escapeHtml(p.phone.replace(/[^\d+]/g, ''))}" dir="ltr">${escapeHtml(p.phone)}</a>` : ''}</td><td>${p.email ? `<a href="mailto:${escapeHtml(p.email)}" dir="ltr">${escapeHtml(p.email)}</a>` : ''}</td><td>${escapeHtml(provinceName(p.province))}</td><td>${escapeHtml(e(`statuses.${p.status}`))}</td><td dir="ltr">${escapeHtml(p.since.slice(0, 10))}</td></tr>`,
    )
    .join('');
  const table =
    view.shared.length === 0
      ? `<p>${escapeHtml(e('none'))}</p>`
      : `<div class="table-scroll" role="region" tabindex="0" aria-labelledby="shared-title"><table><thead><tr><th scope="col">${escapeHtml(e('name'))}</th><th scope="col">${escapeHtml(e('phone'))}</th><th scope="col">${escapeHtml(e('email'))}</th><th scope="col">${escapeHtml(e('province'))}</th><th scope="col">${escapeHtml(e('status'))}</th><th scope="col">${escapeHtml(e('since'))}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  const body = `
<p><strong>${escapeHtml(view.title[lang])}</strong> <span dir="ltr">(${escapeHtml(view.offerId)})</span></p>
<p>${escapeHtml(e('counts', { enrolments: number.format(view.enrolments), seats: number.format(view.seats) }))}</p>
${view.withheld > 0 ? `<p class="hint">${escapeHtml(e('withheld', { count: number.format(view.withheld) }))}</p>` : ''}
<h2 id="shared-title">${escapeHtml(e('sharedTitle'))}</h2>
<p class="hint">${escapeHtml(e('auditNote'))}</p>
${table}
<p><a href="${escapeHtml(`/partner/offers?lang=${lang}`)}">${escapeHtml(e('back'))}</a></p>`;
  return page({
    lang,
    title: e('title'),
    body,
    selfPath: `/partner/offers/${view.offerId}/enrolments`,
    principal,
  });
}
