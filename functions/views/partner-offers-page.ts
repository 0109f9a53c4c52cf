/**
 * A training provider's pages: its offers as the catalogue's cards with their seats taken (live),
 * the stale flag and a link to edit each; the offer form (new or edit) with its errors on their
 * fields; the CSV import form and, when a file is refused, its report as a table (row, column, what
 * to fix). In French, Arabic (right to left) and English.
 */
import type { Principal } from '../domain/access';
import { publicOffer } from '../domain/catalogue';
import { offerColumns, offerLanguages } from '../domain/offer-import';
import type { ProviderOfferRow, SignedInProvider } from '../domain/partner-offers';
import { tracks } from '../domain/profiling-rules';
import { educationLevels, provinces, regions, sectors, type Lang } from '../domain/reference-data';
import { trainingOutcomes } from '../domain/training-offers';
import { errorList, escapeHtml, fieldErrorMarkup, page } from '../commons/html';
import { translator, type Translate } from '../commons/i18n';
import { catalogueStyles, nameOf, offerCard } from './catalogue-page';

/** An error said in the page's language: on a field of the form, or of a row of a file. */
export interface ShownError {
  field: string;
  message: string;
  /** For an import's report: the row (the header is row 1); none for the file as a whole. */
  row?: number;
}

export interface OffersPageInput {
  lang: Lang;
  principal: Principal;
  provider: SignedInProvider;
  rows: readonly ProviderOfferRow[];
  now: Date;
  timeScale: number;
  notice?: string;
  /** A refused import's report, in the page's language. */
  report?: readonly ShownError[];
}

const pageStyles = `<style>
  .actions { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
  .actions a { display: inline-block; padding: .35rem 0; }
  .notice { border-inline-start: 4px solid var(--accent); padding: .4rem .8rem; background: #eef7f3; }
  .edit-link { display: inline-block; padding: .35rem 0; font-weight: 600; }
  input[type=file] { border: 0; padding: .45rem 0; }
</style>`;

function offersList(lang: Lang, t: Translate, input: OffersPageInput): string {
  if (input.rows.length === 0) return `<p data-empty>${escapeHtml(t('partnerOffers.empty'))}</p>`;
  const number = new Intl.NumberFormat(`${lang}-MA`);
  const cards = input.rows.map((row) => {
    const offer = row.offer;
    const edit = `/partner/offers/${encodeURIComponent(offer.offerId)}?lang=${lang}`;
    const label = t('partnerOffers.editLabel', { title: offer.title[lang] });
    return offerCard(lang, t, publicOffer(offer, input.now, input.timeScale), {
      rows: [
        [t('partnerOffers.seatsLabel'), number.format(offer.seats)],
        [t('partnerOffers.seatsTakenLabel'), number.format(offer.seatsTaken)],
      ],
      staleText: t('partnerOffers.staleText', { days: number.format(row.daysSinceUpdate) }),
      footer: `<p><a class="edit-link" href="${escapeHtml(edit)}" aria-label="${escapeHtml(label)}">${escapeHtml(t('partnerOffers.edit'))}</a> · <a href="${escapeHtml(`/partner/offers/${encodeURIComponent(offer.offerId)}/enrolments?lang=${lang}`)}" aria-label="${escapeHtml(`${t('enrolments.title')} — ${offer.title[lang]}`)}">${escapeHtml(t('enrolments.title'))}</a></p>`,
    });
  });
  return `<ul class="offers">${cards.join('\n')}</ul>`;
}

function reportTable(t: Translate, report: readonly ShownError[]): string {
  const rows = report
    .map(
      (e) =>
        `<tr><td class="num">${e.row === undefined ? escapeHtml(t('partnerOffers.wholeFile')) : e.row}</td><td dir="ltr">${escapeHtml(e.field)}</td><td>${escapeHtml(e.message)}</td></tr>`,
    )
    .join('');
  return `<div class="table-wrap" id="import-report" tabindex="0" role="region" aria-labelledby="report-caption"><table data-import-report><caption id="report-caption">${escapeHtml(t('partnerOffers.reportCaption'))}</caption><thead><tr><th scope="col">${escapeHtml(t('partnerOffers.row'))}</th><th scope="col">${escapeHtml(t('partnerOffers.column'))}</th><th scope="col">${escapeHtml(t('partnerOffers.fix'))}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function importForm(lang: Lang, t: Translate, report: readonly ShownError[] | undefined): string {
  const columns = offerColumns.map((c) => c.name).join(', ');
  const failed = report !== undefined && report.length > 0;
  return `<section aria-labelledby="import-title"><h2 id="import-title">${escapeHtml(t('partnerOffers.importTitle'))}</h2>
<p id="file-hint" class="hint">${escapeHtml(t('partnerOffers.importIntro', { columns }))}</p>
${failed ? reportTable(t, report) : ''}
<form method="post" action="/partner/offers/import?lang=${lang}" enctype="multipart/form-data">
<label for="file">${escapeHtml(t('partnerOffers.file'))}</label>
<input type="file" id="file" name="file" accept=".csv,text/csv" required aria-describedby="file-hint"${failed ? ' aria-invalid="true"' : ''}>
<button type="submit">${escapeHtml(t('partnerOffers.import'))}</button>
</form></section>`;
}

export function offersPage(input: OffersPageInput): string {
  const { lang } = input;
  const t = translator(lang);
  const report = input.report ?? [];
  // The summary takes the focus and leads to the report's table, which says every row and field.
  const summary = errorList(
    t('partnerOffers.reportTitle'),
    report.length > 0 ? [{ message: t('partnerOffers.reportCaption'), target: 'import-report' }] : [],
  );
  const body = `${catalogueStyles}${pageStyles}
${summary}
${input.notice ? `<p role="status" class="notice">${escapeHtml(input.notice)}</p>` : ''}
<p>${escapeHtml(t('partnerOffers.intro', { provider: input.provider.partner.name }))}</p>
<p class="actions"><a href="/partner/offers/new?lang=${lang}">${escapeHtml(t('partnerOffers.newOffer'))}</a></p>
<section aria-labelledby="list-title"><h2 id="list-title">${escapeHtml(t('partnerOffers.listTitle'))}</h2>
${offersList(lang, t, input)}</section>
${importForm(lang, t, input.report)}`;
  return page({
    lang,
    title: t('partnerOffers.title'),
    body,
    selfPath: '/partner/offers',
    principal: input.principal,
  });
}

export interface OfferFormInput {
  lang: Lang;
  principal: Principal;
  provider: SignedInProvider;
  /** The offer being edited; none for a new one. */
  offerId?: string;
  /** The seats already taken (the seats' lower bound). */
  seatsTaken: number;
  /** The values as the form shows them, named as the file's columns; lists joined by `|`. */
  values: Readonly<Record<string, string>>;
  errors?: readonly { field: string; message: string }[];
}

/** The form's fields in order: where the error summary links to. */
const formFields = offerColumns.map((c) => c.name).filter((name) => name !== 'offerId' && name !== 'region');

export function offerFormPage(input: OfferFormInput): string {
  const { lang, values } = input;
  const t = translator(lang);
  const errors = input.errors ?? [];
  const marks = fieldErrorMarkup(errors);
  const value = (name: string) => (Object.hasOwn(values, name) ? (values[name] ?? '') : '');
  const label = (name: string) => `<label for="${name}">${escapeHtml(t(`partnerOffers.${name}`))}</label>`;
  const hint = (name: string, key: string, params: Record<string, string | number> = {}) =>
    `<p class="hint" id="${name}-hint">${escapeHtml(t(key, params))}</p>`;
  const text = (name: string, attributes = '', hintKey?: string) =>
    `${label(name)}${hintKey ? hint(name, hintKey) : ''}<input type="text" id="${name}" name="${name}" value="${escapeHtml(value(name))}"${attributes}${marks.described(name, Boolean(hintKey))}>${marks.fieldError(name)}`;
  const numberField = (name: string, min: number, hintKey?: string, params?: Record<string, number>) =>
    `${label(name)}${hintKey ? hint(name, hintKey, params) : ''}<input type="number" inputmode="numeric" min="${min}" step="1" id="${name}" name="${name}" value="${escapeHtml(value(name))}" dir="ltr"${marks.described(name, Boolean(hintKey))}>${marks.fieldError(name)}`;
  const option = (code: string, name: string, current: string) =>
    `<option value="${escapeHtml(code)}"${code === current ? ' selected' : ''}>${escapeHtml(name)}</option>`;
  const select = (name: string, options: string, empty: string) =>
    `${label(name)}<select id="${name}" name="${name}"${marks.described(name)}><option value="">${escapeHtml(empty)}</option>${options}</select>${marks.fieldError(name)}`;
  const checkboxes = (name: string, choices: readonly { code: string; name: string }[]) => {
    const chosen = value(name).split('|');
    const boxes = choices
      .map(
        (c, i) =>
          `<div class="choice"><input type="checkbox" id="${name}-${i}" name="${name}" value="${escapeHtml(c.code)}"${chosen.includes(c.code) ? ' checked' : ''}><label for="${name}-${i}">${escapeHtml(c.name)}</label></div>`,
      )
      .join('');
    return `<fieldset id="${name}"${marks.described(name)}><legend>${escapeHtml(t(`partnerOffers.${name}`))}</legend><div class="choices">${boxes}</div>${marks.fieldError(name)}</fieldset>`;
  };
  const region = input.provider.partner.region;
  const provinceOptions = provinces
    .filter((p) => p.region === region)
    .map((p) => option(p.code, p.name[lang], value('province')))
    .join('');
  const sectorOptions = sectors.map((s) => option(s.code, s.name[lang], value('sector'))).join('');
  const levelOptions = educationLevels
    .map((e) => option(e.code, e.name[lang], value('education_level_min')))
    .join('');
  const outcomeOptions = trainingOutcomes
    .map((o) => option(o, t(`coaching.leadsTo.${o}`), value('leads_to')))
    .join('');
  const action = input.offerId
    ? `/partner/offers/${encodeURIComponent(input.offerId)}?lang=${lang}`
    : `/partner/offers?lang=${lang}`;
  const summary = errorList(
    t('partnerOffers.errorsTitle'),
    errors.map((e) => ({
      message: e.message,
      ...(formFields.includes(e.field)
        ? { target: e.field === 'language' || e.field === 'tracks' ? `${e.field}-0` : e.field }
        : {}),
    })),
  );
  const form = `<form method="post" action="${escapeHtml(action)}" novalidate>
<p class="hint">${escapeHtml(t('partnerOffers.formIntro'))}</p>
${text('title_fr', ' lang="fr" dir="ltr" maxlength="120"')}
${text('title_ar', ' lang="ar" dir="rtl" maxlength="120"')}
${text('title_en', ' lang="en" dir="ltr" maxlength="120"')}
<p><strong>${escapeHtml(t('partnerOffers.region'))}</strong> : ${escapeHtml(t('partnerOffers.regionFixed', { region: nameOf(regions, region, lang) }))}</p>
${select('province', provinceOptions, t('partnerOffers.choose'))}
${select('sector', sectorOptions, t('partnerOffers.choose'))}
${text('occupation', ' dir="auto" maxlength="120"', 'partnerOffers.occupationHint')}
${label('start_date')}<input type="date" id="start_date" name="start_date" value="${escapeHtml(value('start_date'))}"${marks.described('start_date')}>${marks.fieldError('start_date')}
${label('end_date')}<input type="date" id="end_date" name="end_date" value="${escapeHtml(value('end_date'))}"${marks.described('end_date')}>${marks.fieldError('end_date')}
${numberField('duration_hours', 1)}
${numberField('seats', input.seatsTaken, 'partnerOffers.seatsHint', { taken: input.seatsTaken })}
${select('education_level_min', levelOptions, t('partnerOffers.none'))}
${text('certification', ' dir="auto" maxlength="120"', 'partnerOffers.certificationHint')}
${numberField('cost_mad', 0, 'partnerOffers.costHint')}
${checkboxes(
  'language',
  offerLanguages.map((code) => ({ code, name: t(`partnerOffers.languages.${code}`) })),
)}
${text('place', ' dir="auto" maxlength="120"', 'partnerOffers.placeHint')}
${select('leads_to', outcomeOptions, t('partnerOffers.choose'))}
${checkboxes(
  'tracks',
  tracks.map((code) => ({ code, name: t(`caseload.profile.tracks.${code}`) })),
)}
<button type="submit">${escapeHtml(t('partnerOffers.save'))}</button>
</form>
<p><a href="/partner/offers?lang=${lang}">${escapeHtml(t('partnerOffers.back'))}</a></p>`;
  const title = input.offerId
    ? t('partnerOffers.editTitle', { offerId: input.offerId })
    : t('partnerOffers.newTitle');
  return page({
    lang,
    title,
    body: `${pageStyles}${summary}${form}`,
    selfPath: input.offerId ? `/partner/offers/${encodeURIComponent(input.offerId)}` : '/partner/offers/new',
    principal: input.principal,
  });
}
