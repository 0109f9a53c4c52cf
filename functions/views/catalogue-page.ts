/**
 * The public training catalogue page: a search form (GET, so a search is an address one can share),
 * the offers as cards, paging links, an empty state, and the open data. In French, Arabic (right to
 * left) and English; it needs no script and no session.
 */
import { OPEN_DATA_LICENCE, STALE_AFTER_DAYS, queryParameters, type PublicOffer } from '../domain/catalogue';
import { providerKinds, trainingOutcomes } from '../domain/training-offers';
import { educationLevels, provinces, regions, sectors, type Lang } from '../domain/reference-data';
import { errorList, escapeHtml, fieldErrorMarkup, page } from '../commons/html';
import { translator, type Translate } from '../commons/i18n';

export interface CataloguePageInput {
  lang: Lang;
  /** The search as typed (the query string's values), to fill the form and the links again. */
  values: Readonly<Record<string, string | undefined>>;
  offers: readonly PublicOffer[];
  /** The cursor of the next page, when there is one. */
  next?: string;
  /** The search's errors, said in the reader's language (the page then lists no offer). */
  errors?: readonly { field: string; message: string }[];
}

/** Fields of the form, by the element that the error summary links to. */
const formFields = ['region', 'province', 'sector', 'openSeats', 'from', 'to'] as const;

/** A day as the reader reads it; the text itself when it is not a day. */
export function shownDay(lang: Lang, day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? new Date(`${day}T00:00:00Z`).toLocaleDateString(`${lang}-MA`, { dateStyle: 'long', timeZone: 'UTC' })
    : day;
}

/** Text typed by someone (a provider's name) inside an Arabic sentence: isolated, so a Latin run keeps its order. */
function isolated(lang: Lang, text: string): string {
  return lang === 'ar' ? `\u2068${text}\u2069` : text;
}

/** A code in words, from a list of named codes; the code itself when it is not in the list. */
export function nameOf(
  list: readonly { code: string; name: Record<Lang, string> }[],
  code: string,
  lang: Lang,
) {
  return list.find((item) => item.code === code)?.name[lang] ?? code;
}

/** The search's values worth keeping in a link: the known parameters that have a value. */
function searchOf(
  values: CataloguePageInput['values'],
  without: readonly string[] = [],
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of queryParameters) {
    const value = Object.hasOwn(values, name) ? values[name]?.trim() : undefined;
    if (value && !without.includes(name)) kept[name] = value;
  }
  return kept;
}

export const catalogueStyles = `<style>
  .offers { list-style: none; padding: 0; margin: 0; }
  .offers > li { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin-top: 1rem; }
  .offers h3 { margin: 0 0 .25rem; font-size: 1.15rem; overflow-wrap: anywhere; }
  .offers dl { margin: .25rem 0 0; }
  .offers dd { overflow-wrap: anywhere; }
  .stale-note { margin: .5rem 0; }
  .pages { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin-top: 1.25rem; }
  .pages a, .open-data a { display: inline-block; padding: .35rem 0; }
</style>`;

function select(
  t: Translate,
  name: string,
  label: string,
  options: string,
  errors: ReturnType<typeof fieldErrorMarkup>,
): string {
  return `<label for="${name}">${escapeHtml(label)}</label>
<select id="${name}" name="${name}"${errors.described(name)}><option value="">${escapeHtml(t('catalogue.any'))}</option>${options}</select>
${errors.fieldError(name)}`;
}

function option(code: string, name: string, current: string | undefined): string {
  return `<option value="${escapeHtml(code)}"${code === current ? ' selected' : ''}>${escapeHtml(name)}</option>`;
}

function searchForm(lang: Lang, t: Translate, input: CataloguePageInput): string {
  const value = (name: string) =>
    Object.hasOwn(input.values, name) ? input.values[name]?.trim() : undefined;
  const errors = fieldErrorMarkup(input.errors ?? []);
  const regionOptions = regions.map((r) => option(r.code, r.name[lang], value('region'))).join('');
  const provinceOptions = regions
    .map(
      (r) =>
        `<optgroup label="${escapeHtml(r.name[lang])}">${provinces
          .filter((p) => p.region === r.code)
          .map((p) => option(p.code, p.name[lang], value('province')))
          .join('')}</optgroup>`,
    )
    .join('');
  const sectorOptions = sectors.map((s) => option(s.code, s.name[lang], value('sector'))).join('');
  const date = (name: 'from' | 'to') =>
    `<label for="${name}">${escapeHtml(t(`catalogue.${name}`))}</label>
<p class="hint" id="${name}-hint">${escapeHtml(t(`catalogue.${name}Hint`))}</p>
<input type="date" id="${name}" name="${name}" value="${escapeHtml(value(name) ?? '')}"${errors.described(name, true)}>
${errors.fieldError(name)}`;
  const limit = value('limit');
  return `<section aria-labelledby="filters-title"><h2 id="filters-title">${escapeHtml(t('catalogue.filtersTitle'))}</h2>
<form method="get" action="/catalogue" role="search" aria-labelledby="filters-title">
<input type="hidden" name="lang" value="${lang}">
${limit ? `<input type="hidden" name="limit" value="${escapeHtml(limit)}">` : ''}
${select(t, 'region', t('catalogue.region'), regionOptions, errors)}
${select(t, 'province', t('catalogue.province'), provinceOptions, errors)}
${select(t, 'sector', t('catalogue.sector'), sectorOptions, errors)}
<div class="check"><input type="checkbox" id="openSeats" name="openSeats" value="true"${value('openSeats') === 'true' ? ' checked' : ''}${errors.described('openSeats')}><label for="openSeats">${escapeHtml(t('catalogue.openSeats'))}</label></div>
${errors.fieldError('openSeats')}
${date('from')}
${date('to')}
<button type="submit">${escapeHtml(t('catalogue.search'))}</button>
</form>
<p><a href="/catalogue?lang=${lang}">${escapeHtml(t('catalogue.reset'))}</a></p></section>`;
}

/** What a page adds to an offer's card: more facts, its own stale note, a link under it. */
export interface CardExtras {
  rows?: readonly [string, string][];
  /** The stale note's text (else the catalogue's, for the public). */
  staleText?: string;
  /** Markup under the card's facts (a link to edit it). */
  footer?: string;
}

/** One offer as a card: its title in the page's language, and its facts as a description list. */
export function offerCard(lang: Lang, t: Translate, offer: PublicOffer, extras: CardExtras = {}): string {
  const number = new Intl.NumberFormat(`${lang}-MA`);
  const kind = (providerKinds as readonly string[]).includes(offer.provider.kind)
    ? t(`coaching.providerKind.${offer.provider.kind}`)
    : offer.provider.kind;
  const leadsTo = (trainingOutcomes as readonly string[]).includes(offer.leadsTo)
    ? t(`coaching.leadsTo.${offer.leadsTo}`)
    : offer.leadsTo;
  const id = `offer-${offer.offerId}`;
  const seats =
    offer.openSeats > 0
      ? t('catalogue.seats', { open: number.format(offer.openSeats), seats: number.format(offer.seats) })
      : t('catalogue.full');
  const rows: [string, string][] = [
    [
      t('catalogue.providerLabel'),
      t('catalogue.provider', { provider: isolated(lang, offer.provider.name), kind }),
    ],
    [
      t('catalogue.placeLabel'),
      t('catalogue.place', {
        province: nameOf(provinces, offer.province, lang),
        region: nameOf(regions, offer.region, lang),
      }),
    ],
    [t('catalogue.sector'), nameOf(sectors, offer.sector, lang)],
    [
      t('catalogue.datesLabel'),
      t('catalogue.dates', { start: shownDay(lang, offer.startDate), end: shownDay(lang, offer.endDate) }),
    ],
    [t('catalogue.seatsLabel'), seats],
    [t('catalogue.leadsToLabel'), leadsTo],
    ...(offer.educationLevelMin !== undefined
      ? [
          [t('catalogue.levelLabel'), nameOf(educationLevels, offer.educationLevelMin, lang)] as [
            string,
            string,
          ],
        ]
      : []),
    ...(extras.rows ?? []),
  ];
  const staleText = extras.staleText ?? t('catalogue.staleText', { days: number.format(STALE_AFTER_DAYS) });
  const stale = offer.stale
    ? `<p class="stale-note" data-stale><strong class="late">${escapeHtml(t('catalogue.stale'))}</strong> ${escapeHtml(staleText)}</p>`
    : '';
  const updated = offer.updatedAt
    ? `<p class="hint">${escapeHtml(t('catalogue.updated', { date: shownDay(lang, offer.updatedAt.slice(0, 10)) }))}</p>`
    : '';
  return `<li data-offer="${escapeHtml(offer.offerId)}"><article aria-labelledby="${escapeHtml(id)}">
<h3 id="${escapeHtml(id)}">${escapeHtml(offer.title[lang])}</h3>
${stale}<dl>${rows.map(([term, text]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`).join('')}</dl>
${updated}${extras.footer ?? ''}</article></li>`;
}

function results(lang: Lang, t: Translate, input: CataloguePageInput): string {
  const number = new Intl.NumberFormat(`${lang}-MA`);
  const search = searchOf(input.values, ['next']);
  const link = (extra: Record<string, string>) =>
    escapeHtml(`/catalogue?${new URLSearchParams({ ...search, ...extra, lang }).toString()}`);
  const onLaterPage = Boolean(input.values.next?.trim());
  const paging = [
    ...(input.next
      ? [`<a href="${link({ next: input.next })}" rel="next">${escapeHtml(t('catalogue.nextPage'))}</a>`]
      : []),
    ...(onLaterPage ? [`<a href="${link({})}">${escapeHtml(t('catalogue.firstPage'))}</a>`] : []),
  ];
  const list =
    input.offers.length === 0
      ? `<p data-empty><strong>${escapeHtml(t('catalogue.empty'))}</strong></p><p>${escapeHtml(t('catalogue.emptyHint'))} <a href="/catalogue?lang=${lang}">${escapeHtml(t('catalogue.reset'))}</a></p>`
      : `<p>${escapeHtml(t('catalogue.shown', { count: number.format(input.offers.length) }))}</p>
<ul class="offers">${input.offers.map((o) => offerCard(lang, t, o)).join('\n')}</ul>`;
  return `<section aria-labelledby="results-title"><h2 id="results-title">${escapeHtml(t('catalogue.results'))}</h2>
${list}
${paging.length > 0 ? `<nav class="pages" aria-label="${escapeHtml(t('catalogue.pages'))}">${paging.join('')}</nav>` : ''}</section>`;
}

function openData(t: Translate, values: CataloguePageInput['values']): string {
  const api = new URLSearchParams(searchOf(values)).toString();
  // The licence's name is a link within the sentence, wherever the language puts it.
  const marker = '\u0000';
  const licenceLink = `<a href="${escapeHtml(OPEN_DATA_LICENCE.url)}" lang="fr" hreflang="fr">${escapeHtml(OPEN_DATA_LICENCE.name)}</a>`;
  const licenceSentence = t('catalogue.openDataText', { licence: marker })
    .split(marker)
    .map(escapeHtml)
    .join(licenceLink);
  return `<section class="open-data" aria-labelledby="open-data-title"><h2 id="open-data-title">${escapeHtml(t('catalogue.openData'))}</h2>
<p>${licenceSentence}</p>
<ul>
<li><a href="/api/open-data/training-offers.csv" download>${escapeHtml(t('catalogue.csv'))}</a></li>
<li><a href="/api/open-data/training-offers.json" download>${escapeHtml(t('catalogue.json'))}</a></li>
<li><a href="${escapeHtml(`/api/training-offers${api ? `?${api}` : ''}`)}" dir="ltr">/api/training-offers</a></li>
</ul></section>`;
}

export function cataloguePage(input: CataloguePageInput): string {
  const { lang } = input;
  const t = translator(lang);
  const errors = input.errors ?? [];
  const summary = errorList(
    t('catalogue.errorsTitle'),
    errors.map((e) => ({
      message: e.message,
      ...((formFields as readonly string[]).includes(e.field) ? { target: e.field } : {}),
    })),
  );
  const body = `${catalogueStyles}
${summary}
<p>${escapeHtml(t('catalogue.intro'))}</p>
${searchForm(lang, t, input)}
${errors.length > 0 ? '' : results(lang, t, input)}
${openData(t, errors.length > 0 ? {} : input.values)}`;
  return page({
    lang,
    title: t('catalogue.title'),
    body,
    selfPath: '/catalogue',
    selfQuery: errors.length > 0 ? {} : searchOf(input.values),
  });
}
