/**
 * An association's beneficiaries: the list with its search, a record, and its correction form.
 * Every value shown is escaped; the page itself never holds a search term in a link it offers to
 * another site (the list is served with `referrer-policy: no-referrer`).
 */
import type { Principal } from '../domain/access';
import { decideAccess } from '../domain/access';
import { birthYearRange } from '../domain/intake';
import {
  aspirations,
  associations,
  educationLevels,
  provinces,
  regions,
  sectors,
  situations,
  vulnerabilityFactors,
  type Lang,
  type Named,
} from '../domain/reference-data';
import { FACTORS_LISTED } from '../domain/record-corrections';
import { MAX_SEARCH_CHARACTERS, shortReference } from '../domain/record-search';
import type { Beneficiary } from '../commons/beneficiaries';
import { errorList, escapeHtml, fieldErrorMarkup, labelOf, page } from '../commons/html';
import { translator, type Translate } from '../commons/i18n';

const provinceName = (code: string, lang: Lang) => provinces.find((p) => p.code === code)?.name[lang] ?? code;
const regionName = (code: string, lang: Lang) => regions.find((r) => r.code === code)?.name[lang] ?? code;
const associationName = (code: string | undefined) =>
  associations.find((a) => a.code === code)?.name ?? code ?? '';
const levelName = (code: string, lang: Lang) =>
  educationLevels.find((e) => e.code === code)?.name[lang] ?? code;
const nameIn = (items: readonly Named[], code: string, lang: Lang) =>
  items.find((i) => i.code === code)?.name[lang] ?? code;

/** A form label without its "required" star, for a table that only shows the value. */
const plain = (label: string) => label.replace(/\s*\*$/, '');

function stageName(t: Translate, stage: string): string {
  const key = `dashboard.stage.${stage}`;
  const text = t(key);
  return text === key ? stage : text;
}

export function intakeDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleDateString(`${lang}-MA`, { dateStyle: 'medium', timeZone: 'Africa/Casablanca' });
}

const q = (params: Record<string, string | undefined>) =>
  new URLSearchParams(
    Object.entries(params).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  ).toString();

export interface ListState {
  principal: Principal;
  rows: Beneficiary[];
  coachNames: ReadonlyMap<string, string>;
  /** The search term, as typed. */
  query: string;
  /** The page's own cursor (not the first page) and the next page's. */
  cursor?: string;
  next?: string;
  /** Errors already said in the page's language (a search too long, a stale page link). */
  errors?: string[];
}

export function beneficiaryListPage(lang: Lang, state: ListState): string {
  const t = translator(lang);
  const { principal, rows, query } = state;
  const searching = query.trim() !== '';
  const search = `<form method="get" action="/beneficiaries" role="search">
<input type="hidden" name="lang" value="${lang}">
<label for="q">${escapeHtml(t('records.searchLabel'))}</label>
<p class="hint" id="q-hint">${escapeHtml(t('records.searchHint'))}</p>
<input id="q" name="q" type="search" value="${escapeHtml(query)}" maxlength="${MAX_SEARCH_CHARACTERS}" autocomplete="off" aria-describedby="q-hint">
<button type="submit">${escapeHtml(t('records.searchSubmit'))}</button>
</form>
${searching ? `<p><a href="/beneficiaries?lang=${lang}">${escapeHtml(t('records.showAll'))}</a></p>` : ''}`;
  const head = ['reference', 'name', 'province', 'stage', 'coach', 'intakeDate']
    .map((key) => `<th scope="col">${escapeHtml(t(`records.${key}`))}</th>`)
    .join('');
  const body = rows
    .map((b) => {
      const coach = b.coachId ? (state.coachNames.get(b.coachId) ?? b.coachId) : t('records.noCoach');
      // An erased record holds no name: the list says so (its reference still leads to it).
      const name = b.erasedAt !== undefined ? t('personalData.erasedTitle') : `${b.firstName} ${b.lastName}`;
      return `<tr><td><code>${escapeHtml(shortReference(b.beneficiaryId))}</code></td><td><a href="/beneficiaries/${escapeHtml(encodeURIComponent(b.beneficiaryId))}?lang=${lang}">${escapeHtml(name)}</a></td><td>${escapeHtml(provinceName(b.province, lang))}</td><td>${escapeHtml(stageName(t, b.stage))}</td><td>${escapeHtml(coach)}</td><td>${escapeHtml(intakeDate(b.createdAt, lang))}</td></tr>`;
    })
    .join('');
  const caption = searching ? t('records.searchResults') : t('records.listTitle');
  const table =
    rows.length === 0
      ? `<p role="status">${escapeHtml(t(searching ? 'records.noMatch' : 'records.empty'))}</p>`
      : `<div class="table-wrap" tabindex="0"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
  const paging = [
    state.next
      ? `<a href="/beneficiaries?${escapeHtml(q({ q: query.trim(), cursor: state.next, lang }))}" rel="next">${escapeHtml(t('records.nextPage'))}</a>`
      : '',
    state.cursor
      ? `<a href="/beneficiaries?${escapeHtml(q({ q: query.trim(), lang }))}">${escapeHtml(t('records.firstPage'))}</a>`
      : '',
  ]
    .filter((link) => link !== '')
    .map((link) => `<p>${link}</p>`)
    .join('');
  const intake = decideAccess(principal, 'intake.create')
    ? `<p><a href="/intake?lang=${lang}">${escapeHtml(t('people.navIntake'))}</a></p>`
    : '';
  const errors = errorList(
    t('records.listErrorsTitle'),
    (state.errors ?? []).map((message) => ({ message, target: 'q' })),
  );
  const html = `${errors}
<p>${escapeHtml(t('records.listIntro', { association: associationName(principal.association) }))}</p>
${intake}
${search}
${table}
${paging}`;
  return page({
    lang,
    title: t('records.listTitle'),
    body: html,
    selfPath: '/beneficiaries',
    selfQuery: Object.fromEntries(
      Object.entries({ q: query.trim(), cursor: state.cursor ?? '' }).filter(([, v]) => v !== ''),
    ),
    principal,
  });
}

/** Where the page's correction form stands: the values to show, the errors, a notice. */
export interface CorrectionFormState {
  /** The values to put in the fields: the record's, or those just sent (read through own properties). */
  values: Record<string, unknown>;
  errors: { field: string; message: string }[];
}

export type RecordNotice = 'saved' | 'unchanged' | 'stale' | 'withdrawn' | undefined;

export interface RecordState {
  principal: Principal;
  record: Beneficiary;
  version: number;
  coachName?: string;
  notice?: RecordNotice;
  form?: CorrectionFormState;
  now: Date;
  /** For a supervisor: the coaches of the region who may take the beneficiary over. */
  coachChoices?: { code: string; name: string }[];
  /** The withdrawal form sent back with its errors (a bad day, the box not ticked). */
  withdrawal?: {
    values: Record<string, unknown>;
    errors: { field: string; message: string; key?: string }[];
  };
}

const fieldTargets: Record<string, string> = {
  firstName: 'firstName',
  lastName: 'lastName',
  sex: 'sex-F',
  birthYear: 'birthYear',
  province: 'province',
  phone: 'phone',
  email: 'email',
  educationLevel: 'educationLevel',
  situation: 'situation',
  vulnerabilityFactors: `vulnerabilityFactors-${vulnerabilityFactors[0].code}`,
  aspiration: 'aspiration',
  sectorOfInterest: 'sectorOfInterest',
};

export function beneficiaryRecordPage(lang: Lang, state: RecordState): string {
  const { record } = state;
  if (record.erasedAt !== undefined) return erasedRecordPage(lang, state);
  const t = translator(lang);
  const { principal } = state;
  const target = { region: record.region, association: record.association, coachId: record.coachId };
  const canCorrect = decideAccess(principal, 'beneficiary.correct', target);
  const row = (label: string, value: string, ltr = false) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td${ltr ? ' dir="ltr"' : ''}>${escapeHtml(value)}</td></tr>`;
  const none = t('records.none');
  const identity = [
    row(plain(t('intake.firstName')), record.firstName),
    row(plain(t('intake.lastName')), record.lastName),
    row(plain(t('intake.sex')), record.sex === 'F' ? t('intake.sexF') : t('intake.sexM')),
    row(plain(t('intake.birthYear')), String(record.birthYear)),
    row(t('records.region'), regionName(record.region, lang)),
    row(plain(t('intake.province')), provinceName(record.province, lang)),
    row(t('intake.phone'), record.phone ?? none, true),
    row(t('intake.email'), record.email ?? none, true),
    row(plain(t('intake.educationLevel')), levelName(record.educationLevel, lang)),
  ].join('');
  const chosen = (items: readonly Named[], code: string | undefined) =>
    code === undefined ? none : nameIn(items, code, lang);
  const factors = record.vulnerabilityFactors;
  const firstInterview = [
    row(t('intake.situation'), chosen(situations, record.situation)),
    row(
      t('intake.vulnerabilityFactors'),
      factors === undefined
        ? none
        : factors.length === 0
          ? t('records.noFactors')
          : factors.map((f) => nameIn(vulnerabilityFactors, f, lang)).join(', '),
    ),
    row(t('intake.aspiration'), chosen(aspirations, record.aspiration)),
    row(t('intake.sectorOfInterest'), chosen(sectors, record.sectorOfInterest)),
  ].join('');
  const journey = [
    row(t('records.reference'), record.beneficiaryId, true),
    row(t('records.association'), associationName(record.association)),
    row(t('records.stage'), stageName(t, record.stage)),
    row(t('records.coach'), record.coachId ? (state.coachName ?? record.coachId) : t('records.noCoach')),
    row(t('records.intakeDate'), intakeDate(record.createdAt, lang)),
  ].join('');
  const table = (caption: string, rows: string) =>
    `<div class="table-wrap" tabindex="0"><table><caption>${escapeHtml(caption)}</caption><tbody>${rows}</tbody></table></div>`;
  const notice =
    state.notice === 'saved' || state.notice === 'unchanged'
      ? `<p role="status">${escapeHtml(t(`records.${state.notice}`))}</p>`
      : state.notice === 'stale'
        ? `<div class="late" role="alert"><p><strong>${escapeHtml(t('records.staleTitle'))}</strong></p><p>${escapeHtml(t('records.stale'))}</p></div>`
        : '';
  const id = encodeURIComponent(record.beneficiaryId);
  const links = [
    decideAccess(principal, 'beneficiary.read', target) && principal.role !== 'intake-worker'
      ? `<a href="/cases/${escapeHtml(id)}?lang=${lang}">${escapeHtml(t('records.caseFile'))}</a>`
      : '',
    decideAccess(principal, 'audit.read', target)
      ? `<a href="/supervision/beneficiaries/${escapeHtml(id)}/audit?lang=${lang}">${escapeHtml(t('records.auditTrail'))}</a>`
      : '',
    exportLink(lang, principal, record),
    decideAccess(principal, 'beneficiaries.list')
      ? `<a href="/beneficiaries?lang=${lang}">${escapeHtml(t('records.backToList'))}</a>`
      : '',
  ]
    .filter((link) => link !== '')
    .map((link) => `<li>${link}</li>`)
    .join('');
  const body = `${notice}
<h2>${escapeHtml(`${record.firstName} ${record.lastName}`)}</h2>
${table(t('records.identity'), identity)}
${table(t('records.firstInterview'), firstInterview)}
${table(t('records.journey'), journey)}
${canCorrect ? correctionForm(lang, state) : `<p class="hint">${escapeHtml(t('records.readOnly'))}</p>`}
${reassignForm(lang, record.beneficiaryId, state.coachChoices ?? [])}
${decideAccess(principal, 'consent.withdraw', target) ? withdrawalForm(lang, state) : ''}
${links ? `<ul>${links}</ul>` : ''}`;
  return page({
    lang,
    title: t('records.recordTitle'),
    body,
    selfPath: `/beneficiaries/${id}`,
    principal,
  });
}

/** The link to everything held on the person (an access request), for those who may export it. */
function exportLink(lang: Lang, principal: Principal, record: Beneficiary): string {
  const target = { region: record.region, association: record.association, coachId: record.coachId };
  if (!decideAccess(principal, 'beneficiary.export', target)) return '';
  const t = translator(lang);
  return `<a href="/beneficiaries/${escapeHtml(encodeURIComponent(record.beneficiaryId))}/export?lang=${lang}">${escapeHtml(t('personalData.exportLink'))}</a>`;
}

/**
 * The withdrawal of consent: the day it was said and a box to tick (erasure cannot be undone). The
 * form posts to the personal-data route, same-origin as every form (checked there).
 */
function withdrawalForm(lang: Lang, state: RecordState): string {
  const t = translator(lang);
  const e = (key: string) => t(`personalData.${key}`);
  const sent = state.withdrawal;
  const errors = sent?.errors ?? [];
  const date = typeof sent?.values.date === 'string' ? sent.values.date : '';
  const errorOf = (field: string) => {
    const error = errors.find((x) => x.field === field);
    return error
      ? `<p class="error" id="withdraw-${field}-error">${escapeHtml(e(error.key ?? 'withdrawalBody'))}</p>`
      : '';
  };
  const summary = errorList(
    e('withdrawErrors'),
    errors.map((x) => ({
      message: e(x.key ?? 'withdrawalBody'),
      ...(x.field === 'date' || x.field === 'confirm' ? { target: `withdraw-${x.field}` } : {}),
    })),
  );
  const invalid = (field: string) =>
    errors.some((x) => x.field === field)
      ? ` aria-invalid="true" aria-describedby="withdraw-${field}-hint withdraw-${field}-error"`
      : field === 'date'
        ? ' aria-describedby="withdraw-date-hint"'
        : '';
  const action = `/beneficiaries/${encodeURIComponent(state.record.beneficiaryId)}/consent-withdrawal?lang=${lang}`;
  return `<h2 id="withdraw">${escapeHtml(e('withdrawTitle'))}</h2>
<p>${escapeHtml(e('withdrawIntro'))}</p>
${summary}
<form method="post" action="${escapeHtml(action)}" novalidate>
<label for="withdraw-date">${escapeHtml(e('withdrawDate'))}</label>
<p class="hint" id="withdraw-date-hint">${escapeHtml(e('withdrawDateHint'))}</p>
<input id="withdraw-date" name="date" type="date" value="${escapeHtml(date)}" required dir="ltr"${invalid('date')}>${errorOf('date')}
<div class="choice"><input type="checkbox" id="withdraw-confirm" name="confirm" value="yes" required${invalid('confirm')}><label for="withdraw-confirm">${escapeHtml(e('withdrawConfirm'))}</label></div>${errorOf('confirm')}
<button type="submit">${escapeHtml(e('withdrawSubmit'))}</button>
</form>`;
}

/**
 * An erased record: the day and who (a person, or the retention rule) instead of the personal
 * fields, and what remains; no correction or withdrawal form (there is nothing left to act on).
 */
function erasedRecordPage(lang: Lang, state: RecordState): string {
  const t = translator(lang);
  const { principal, record } = state;
  const e = (key: string, params?: Record<string, string>) => t(`personalData.${key}`, params ?? {});
  const by =
    record.erasure?.by === 'retention' || record.erasure === undefined
      ? e('erasedByRetention')
      : e('erasedByPerson', { person: record.erasure.by });
  const row = (label: string, value: string, ltr = false) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td${ltr ? ' dir="ltr"' : ''}>${escapeHtml(value)}</td></tr>`;
  const rows = [
    row(t('records.reference'), record.beneficiaryId, true),
    row(t('records.region'), regionName(record.region, lang)),
    row(plain(t('intake.province')), provinceName(record.province, lang)),
    row(t('records.association'), associationName(record.association)),
    row(t('records.stage'), stageName(t, record.stage)),
    row(t('records.intakeDate'), intakeDate(record.createdAt, lang)),
  ].join('');
  const id = encodeURIComponent(record.beneficiaryId);
  const notice = state.notice === 'withdrawn' ? `<p role="status">${escapeHtml(e('withdrawn'))}</p>` : '';
  const withdrawal = record.consentWithdrawal
    ? `<p>${escapeHtml(e('withdrawalRecorded', { date: record.consentWithdrawal.on }))}</p>`
    : '';
  const links = [
    exportLink(lang, principal, record),
    decideAccess(principal, 'beneficiaries.list')
      ? `<a href="/beneficiaries?lang=${lang}">${escapeHtml(t('records.backToList'))}</a>`
      : '',
  ]
    .filter((link) => link !== '')
    .map((link) => `<li>${link}</li>`)
    .join('');
  const body = `${notice}
<h2>${escapeHtml(e('erasedTitle'))}</h2>
<p class="erased">${escapeHtml(e('erasedOn', { date: intakeDate(record.erasedAt ?? '', lang), by }))}</p>
${withdrawal}
<p>${escapeHtml(e('erasedKept'))}</p>
<div class="table-wrap" tabindex="0"><table><caption>${escapeHtml(t('records.journey'))}</caption><tbody>${rows}</tbody></table></div>
${links ? `<ul>${links}</ul>` : ''}`;
  return page({ lang, title: t('records.recordTitle'), body, selfPath: `/beneficiaries/${id}`, principal });
}

/** A supervisor's form to give the beneficiary another coach (the supervision route takes it). */
function reassignForm(
  lang: Lang,
  beneficiaryId: string,
  choices: readonly { code: string; name: string }[],
): string {
  if (choices.length === 0) return '';
  const t = translator(lang);
  const action = `/supervision/beneficiaries/${encodeURIComponent(beneficiaryId)}/reassign?lang=${lang}`;
  const options = choices
    .map((c) => `<option value="${escapeHtml(c.code)}">${escapeHtml(c.name)}</option>`)
    .join('');
  return `<form method="post" action="${escapeHtml(action)}"><h2>${escapeHtml(t('supervision.reassign'))}</h2><label for="reassign-coach">${escapeHtml(t('supervision.reassignTo'))}</label><select id="reassign-coach" name="coachId" required><option value="">${escapeHtml(t('supervision.choose'))}</option>${options}</select><button type="submit">${escapeHtml(t('supervision.reassign'))}</button></form>`;
}

/** The correction form, pre-filled with the record (or what was just sent), with its errors. */
function correctionForm(lang: Lang, state: RecordState): string {
  const t = translator(lang);
  const { record } = state;
  const form = state.form ?? { values: {}, errors: [] };
  const own = (name: string): unknown => {
    if (Object.hasOwn(form.values, name)) return form.values[name];
    return (record as unknown as Record<string, unknown>)[name];
  };
  const value = (name: string) => escapeHtml(own(name));
  const { fieldError, described } = fieldErrorMarkup(form.errors);
  const labels: Record<string, string> = {
    firstName: t('intake.firstName'),
    lastName: t('intake.lastName'),
    sex: t('intake.sex'),
    birthYear: t('intake.birthYear'),
    province: t('intake.province'),
    phone: t('intake.phone'),
    email: t('intake.email'),
    educationLevel: t('intake.educationLevel'),
    situation: t('intake.situation'),
    vulnerabilityFactors: t('intake.vulnerabilityFactors'),
    aspiration: t('intake.aspiration'),
    sectorOfInterest: t('intake.sectorOfInterest'),
  };
  const label = (name: string) => labels[name] ?? name;
  const hint = (name: string, text: string) => `<p class="hint" id="${name}-hint">${escapeHtml(text)}</p>`;
  const input = (name: string, type: string, extra: string, hintText?: string) =>
    `<label for="${name}">${escapeHtml(label(name))}</label>${hintText ? hint(name, hintText) : ''}<input id="${name}" name="${name}" type="${type}" value="${value(name)}"${extra}${described(name, hintText !== undefined)}>${fieldError(name)}`;
  const radio = (choice: 'F' | 'M', text: string) =>
    `<div class="choice"><input type="radio" id="sex-${choice}" name="sex" value="${choice}"${own('sex') === choice ? ' checked' : ''}><label for="sex-${choice}">${escapeHtml(text)}</label></div>`;
  const select = (name: string, items: readonly { code: string; name: Record<Lang, string> }[]) =>
    `<label for="${name}">${escapeHtml(label(name))}</label><select id="${name}" name="${name}" required${described(name)}>${items
      .map(
        (i) =>
          `<option value="${escapeHtml(i.code)}"${i.code === own(name) ? ' selected' : ''}>${escapeHtml(i.name[lang])}</option>`,
      )
      .join('')}</select>${fieldError(name)}`;
  /** A first-interview choice: the empty one takes it out of the record. */
  const optionalSelect = (name: string, items: readonly Named[]) =>
    `<label for="${name}">${escapeHtml(label(name))}</label><select id="${name}" name="${name}"${described(name)}><option value="">${escapeHtml(t('intake.choose'))}</option>${items
      .map(
        (i) =>
          `<option value="${escapeHtml(i.code)}"${i.code === own(name) ? ' selected' : ''}>${escapeHtml(i.name[lang])}</option>`,
      )
      .join('')}</select>${fieldError(name)}`;
  // The boxes as sent (none ticked: none, since the marker says they were shown) or as recorded.
  const sentFactors = Object.hasOwn(form.values, FACTORS_LISTED)
    ? (form.values.vulnerabilityFactors ?? [])
    : own('vulnerabilityFactors');
  const ticked: unknown[] = Array.isArray(sentFactors) ? sentFactors : [sentFactors];
  const factor = (code: string, text: string) => {
    const id = escapeHtml(`vulnerabilityFactors-${code}`);
    return `<div class="choice"><input type="checkbox" id="${id}" name="vulnerabilityFactors" value="${escapeHtml(code)}"${ticked.includes(code) ? ' checked' : ''}><label for="${id}">${escapeHtml(text)}</label></div>`;
  };
  const errors = errorList(
    t('records.errorsTitle'),
    form.errors.map((e) => ({
      message: `${labelOf(labels, e.field, t)} — ${e.message}`,
      ...(Object.hasOwn(fieldTargets, e.field) ? { target: fieldTargets[e.field] } : {}),
    })),
  );
  const years = birthYearRange(state.now);
  const version = Object.hasOwn(form.values, 'version') ? form.values.version : state.version;
  return `<h2 id="correct">${escapeHtml(t('records.correctTitle'))}</h2>
<p>${escapeHtml(t('records.correctIntro'))}</p>
${errors}
<form method="post" action="/beneficiaries/${escapeHtml(encodeURIComponent(record.beneficiaryId))}?lang=${lang}" novalidate>
<input type="hidden" name="version" value="${escapeHtml(version)}">
${input('firstName', 'text', ' autocomplete="off" maxlength="100" required')}
${input('lastName', 'text', ' autocomplete="off" maxlength="100" required')}
<fieldset id="sex"${described('sex')}><legend>${escapeHtml(label('sex'))}</legend>
<div class="choices">${radio('F', t('intake.sexF'))}${radio('M', t('intake.sexM'))}</div>${fieldError('sex')}</fieldset>
${input('birthYear', 'text', ' inputmode="numeric" autocomplete="off" maxlength="4" required', t('intake.birthYearHint', years))}
<p class="hint">${escapeHtml(t('records.regionFixed', { region: regionName(record.region, lang) }))}</p>
${select(
  'province',
  provinces.filter((p) => p.region === record.region),
)}
<p class="hint">${escapeHtml(t('intake.contactHint'))}</p>
${input('phone', 'tel', ' autocomplete="off" dir="ltr"', t('intake.phoneHint'))}
${input('email', 'email', ' autocomplete="off" dir="ltr"', t('intake.emailHint'))}
${select('educationLevel', educationLevels)}
${optionalSelect('situation', situations)}
<fieldset id="vulnerabilityFactors"${described('vulnerabilityFactors', true)}><legend>${escapeHtml(label('vulnerabilityFactors'))}</legend>
${hint('vulnerabilityFactors', t('records.factorsHint'))}
<input type="hidden" name="${FACTORS_LISTED}" value="1">
${vulnerabilityFactors.map((f) => factor(f.code, f.name[lang])).join('')}
${fieldError('vulnerabilityFactors')}</fieldset>
${optionalSelect('aspiration', aspirations)}
${optionalSelect('sectorOfInterest', sectors)}
<button type="submit">${escapeHtml(t('records.correctSubmit'))}</button>
</form>`;
}

/** A record that is not there (or a reference that cannot be one). */
export function recordNotFoundPage(lang: Lang, principal: Principal, selfPath: string): string {
  const t = translator(lang);
  const body = `<p>${escapeHtml(t('records.notFoundText'))}</p>
<p><a href="/beneficiaries?lang=${lang}">${escapeHtml(t('records.backToList'))}</a></p>`;
  return page({ lang, title: t('records.notFoundTitle'), body, selfPath, principal });
}

/** 403 to a browser whose correction came from another site: nothing was written. */
export function recordCrossSitePage(lang: Lang, principal: Principal, beneficiaryId: string): string {
  const t = translator(lang);
  const id = encodeURIComponent(beneficiaryId);
  const body = `<p role="alert">${escapeHtml(t('records.crossSiteText'))}</p>
<p><a href="/beneficiaries/${escapeHtml(id)}?lang=${lang}">${escapeHtml(t('records.openRecord'))}</a></p>`;
  return page({
    lang,
    title: t('errors.crossSiteTitle'),
    body,
    selfPath: `/beneficiaries/${id}`,
    principal,
  });
}
