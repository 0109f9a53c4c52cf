/** The intake form page, with the values and errors of a previous attempt. */
import type { Lang } from '../domain/reference-data';
import type { Principal } from '../domain/access';
import {
  aspirations,
  educationLevels,
  provinces,
  regions,
  sectors,
  situations,
  vulnerabilityFactors,
} from '../domain/reference-data';
import { birthYearRange } from '../domain/intake';
import type { DuplicateReason } from '../domain/duplicates';
import { consentPurposes, CONSENT_TEXT_VERSION } from '../domain/coaching';
import { errorList, escapeHtml, fieldErrorMarkup, labelOf, page } from '../commons/html';
import { translator } from '../commons/i18n';
import { newFormKey } from '../commons/idempotency';

/** The form's idempotency key: the one it was sent with (a page redrawn with errors), else new. */
function formKey(sent: unknown): string {
  return typeof sent === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(sent) ? sent : newFormKey();
}

export interface FormState {
  /** The values sent; read through own properties only (a field may be named `toString`). */
  values: Record<string, unknown>;
  /** Errors already said in the page's language (see localizeFieldErrors in commons/html.ts). */
  errors: { field: string; message: string }[];
  /** Beneficiaries of the association this intake may repeat: the worker decides. */
  duplicates?: DuplicateShown[];
}

export interface DuplicateShown {
  beneficiaryId: string;
  firstName: string;
  lastName: string;
  province: string;
  birthYear: number;
  createdAt: string;
  reasons: DuplicateReason[];
}

/** The warning above a form whose person may already be registered, and the box that confirms not. */
function duplicateWarning(lang: Lang, duplicates: readonly DuplicateShown[]): string {
  if (duplicates.length === 0) return '';
  const t = translator(lang);
  const items = duplicates
    .map((d) => {
      const province = provinces.find((p) => p.code === d.province)?.name[lang] ?? d.province;
      const date = new Date(d.createdAt).toLocaleDateString(`${lang}-MA`, {
        dateStyle: 'long',
        timeZone: 'UTC',
      });
      const reasons = d.reasons.map((r) => t(`intake.duplicateReason_${r}`)).join(', ');
      return `<li><a href="/beneficiaries/${escapeHtml(d.beneficiaryId)}?lang=${lang}">${escapeHtml(`${d.firstName} ${d.lastName}`)}</a> — ${escapeHtml(`${d.birthYear}, ${province}`)} — ${escapeHtml(t('intake.duplicateSince', { date }))} (${escapeHtml(reasons)})</li>`;
    })
    .join('');
  return `<div class="late" role="alert" id="duplicates"><p><strong>${escapeHtml(t('intake.duplicateTitle'))}</strong></p><p>${escapeHtml(t('intake.duplicateText'))}</p><ul>${items}</ul></div>`;
}

/** The element each field's error links to: the field itself, or the first choice of a group. */
const targets: Record<string, string> = {
  firstName: 'firstName',
  lastName: 'lastName',
  sex: 'sex-F',
  birthYear: 'birthYear',
  region: 'region',
  province: 'province',
  phone: 'phone',
  email: 'email',
  educationLevel: 'educationLevel',
  consent: 'consent',
  situation: 'situation',
  vulnerabilityFactors: `vulnerabilityFactors-${vulnerabilityFactors[0].code}`,
  aspiration: 'aspiration',
  sectorOfInterest: 'sectorOfInterest',
  sharingConsents: `sharingConsents-${consentPurposes[0]}`,
};

export function intakeFormPage(
  lang: Lang,
  state: FormState = { values: {}, errors: [] },
  now: Date = new Date(),
  principal?: Principal,
): string {
  const t = translator(lang);
  const own = (name: string): unknown => (Object.hasOwn(state.values, name) ? state.values[name] : undefined);
  const value = (name: string) => escapeHtml(own(name));
  const { fieldError, described } = fieldErrorMarkup(state.errors);
  const hintOf = (name: string, text: string) => `<p class="hint" id="${name}-hint">${escapeHtml(text)}</p>`;
  const text = (name: string, label: string, type: string, extra: string, hint?: string) =>
    `<label for="${name}">${escapeHtml(label)}</label>${hint ? hintOf(name, hint) : ''}<input id="${name}" name="${name}" type="${type}" value="${value(name)}"${extra}${described(name, hint !== undefined)}>${fieldError(name)}`;
  const options = (items: readonly { code: string; name: Record<Lang, string> }[], selected: unknown) =>
    `<option value="">${escapeHtml(t('intake.choose'))}</option>` +
    items
      .map(
        (i) =>
          `<option value="${escapeHtml(i.code)}"${i.code === selected ? ' selected' : ''}>${escapeHtml(i.name[lang])}</option>`,
      )
      .join('');
  // One group per region: without JavaScript the list still says which region each belongs to;
  // with it, the page script keeps only the chosen region's group. The server checks either way.
  const provinceGroups = regions
    .map(
      (r) =>
        `<optgroup label="${escapeHtml(r.name[lang])}" data-region="${escapeHtml(r.code)}">${provinces
          .filter((p) => p.region === r.code)
          .map(
            (p) =>
              `<option value="${escapeHtml(p.code)}"${p.code === own('province') ? ' selected' : ''}>${escapeHtml(p.name[lang])}</option>`,
          )
          .join('')}</optgroup>`,
    )
    .join('');
  const labels: Record<string, string> = {
    firstName: t('intake.firstName'),
    lastName: t('intake.lastName'),
    sex: t('intake.sex'),
    birthYear: t('intake.birthYear'),
    region: t('intake.region'),
    province: t('intake.province'),
    phone: t('intake.phone'),
    email: t('intake.email'),
    educationLevel: t('intake.educationLevel'),
    consent: t('intake.consent'),
    situation: t('intake.situation'),
    vulnerabilityFactors: t('intake.vulnerabilityFactors'),
    aspiration: t('intake.aspiration'),
    sectorOfInterest: t('intake.sectorOfInterest'),
    sharingConsents: t('intake.sharingConsents'),
  };
  const label = (name: keyof typeof targets) => labels[name] ?? name;
  const errorsForHumans = state.errors.map((e) => ({
    message: `${labelOf(labels, e.field, t)} — ${e.message}`,
    ...(Object.hasOwn(targets, e.field) ? { target: targets[e.field] } : {}),
  }));
  const radio = (name: string, choice: string, text: string) =>
    `<div class="choice"><input type="radio" id="${name}-${choice}" name="${name}" value="${choice}"${own(name) === choice ? ' checked' : ''}><label for="${name}-${choice}">${escapeHtml(text)}</label></div>`;
  const select = (name: string, items: Parameters<typeof options>[0]) =>
    `<label for="${name}">${escapeHtml(label(name))}</label><select id="${name}" name="${name}"${described(name)}>${options(items, own(name))}</select>${fieldError(name)}`;
  // Ticked boxes come back as one value (a string) or several (an array).
  const ticked = ((sent: unknown) => (Array.isArray(sent) ? sent : [sent]))(own('vulnerabilityFactors'));
  const factor = (code: string, text: string) => {
    const id = escapeHtml(`vulnerabilityFactors-${code}`);
    return `<div class="choice"><input type="checkbox" id="${id}" name="vulnerabilityFactors" value="${escapeHtml(code)}"${ticked.includes(code) ? ' checked' : ''}><label for="${id}">${escapeHtml(text)}</label></div>`;
  };
  // What the first interview needs: optional here, said so, and the sensitive factor asked with consent.
  const firstInterview = `<h2 id="first-interview">${escapeHtml(t('intake.firstInterviewTitle'))}</h2>
<p class="hint">${escapeHtml(t('intake.firstInterviewHint'))}</p>
${select('situation', situations)}
<fieldset id="vulnerabilityFactors"${described('vulnerabilityFactors', true)}><legend>${escapeHtml(label('vulnerabilityFactors'))}</legend>
${hintOf('vulnerabilityFactors', t('intake.vulnerabilityFactorsHint'))}
${vulnerabilityFactors.map((f) => factor(f.code, f.name[lang])).join('')}
${fieldError('vulnerabilityFactors')}</fieldset>
${select('aspiration', aspirations)}
${select('sectorOfInterest', sectors)}`;
  // What the person agrees to share, beyond the programme: each purpose its own box.
  const shared = ((sent: unknown) => (Array.isArray(sent) ? sent : [sent]))(own('sharingConsents'));
  const sharing = `<fieldset id="sharingConsents"${described('sharingConsents', true)}><legend>${escapeHtml(label('sharingConsents'))}</legend>
${hintOf('sharingConsents', t('intake.sharingConsentsHint', { version: CONSENT_TEXT_VERSION }))}
${consentPurposes
  .map((purpose) => {
    const id = `sharingConsents-${purpose}`;
    return `<div class="check"><input type="checkbox" id="${id}" name="sharingConsents" value="${purpose}"${shared.includes(purpose) ? ' checked' : ''}><label for="${id}">${escapeHtml(t(`intake.sharingPurposes.${purpose}`))}</label></div>`;
  })
  .join('')}
${fieldError('sharingConsents')}</fieldset>`;
  const consent = own('consent');
  const years = birthYearRange(now);
  const body = `
<p>${escapeHtml(t('intake.intro'))}</p>
${errorList(t('intake.errorsTitle'), errorsForHumans)}
${duplicateWarning(lang, state.duplicates ?? [])}
<form method="post" action="/api/intake?lang=${lang}" novalidate>
<input type="hidden" name="idempotencyKey" value="${escapeHtml(formKey(own('idempotencyKey')))}">
${text('firstName', label('firstName'), 'text', ' autocomplete="given-name" maxlength="100" required')}
${text('lastName', label('lastName'), 'text', ' autocomplete="family-name" maxlength="100" required')}
<fieldset id="sex"${described('sex')}><legend>${escapeHtml(label('sex'))}</legend>
<div class="choices">${radio('sex', 'F', t('intake.sexF'))}${radio('sex', 'M', t('intake.sexM'))}</div>
${fieldError('sex')}</fieldset>
${text('birthYear', label('birthYear'), 'text', ` inputmode="numeric" autocomplete="bday-year" maxlength="4" required`, t('intake.birthYearHint', years))}
<label for="region">${escapeHtml(label('region'))}</label><select id="region" name="region" required${described('region')}>${options(regions, own('region'))}</select>${fieldError('region')}
<label for="province">${escapeHtml(label('province'))}</label><select id="province" name="province" required${described('province')}><option value="">${escapeHtml(t('intake.choose'))}</option>${provinceGroups}</select>${fieldError('province')}
<p class="hint">${escapeHtml(t('intake.contactHint'))}</p>
${text('phone', label('phone'), 'tel', ' autocomplete="tel" dir="ltr"', t('intake.phoneHint'))}
${text('email', label('email'), 'email', ' autocomplete="email" dir="ltr"', t('intake.emailHint'))}
<label for="educationLevel">${escapeHtml(label('educationLevel'))}</label><select id="educationLevel" name="educationLevel" required${described('educationLevel')}>${options(educationLevels, own('educationLevel'))}</select>${fieldError('educationLevel')}
${firstInterview}
<div class="check"><input type="checkbox" id="consent" name="consent" value="true"${consent === true || consent === 'true' || consent === 'on' ? ' checked' : ''}${described('consent')}><label for="consent">${escapeHtml(label('consent'))}</label></div>${fieldError('consent')}
${sharing}
${(state.duplicates ?? []).length > 0 ? `<div class="check"><input type="checkbox" id="notDuplicate" name="notDuplicate" value="true"><label for="notDuplicate">${escapeHtml(t('intake.duplicateConfirm'))}</label></div>` : ''}
<button type="submit">${escapeHtml(t('intake.submit'))}</button>
</form>`;
  return page({
    lang,
    title: t('intake.title'),
    body,
    selfPath: '/intake',
    ...(principal ? { principal } : {}),
  });
}

export function intakeDonePage(lang: Lang, beneficiaryId: string, principal?: Principal): string {
  const t = translator(lang);
  const body = `<p role="status">${escapeHtml(t('intake.doneText'))}</p>
<p>${escapeHtml(t('intake.doneReference'))} : <code>${escapeHtml(beneficiaryId)}</code></p>
<p><a href="/intake?lang=${lang}">${escapeHtml(t('intake.another'))}</a></p>
<p><a href="/beneficiaries/${escapeHtml(beneficiaryId)}?lang=${lang}">${escapeHtml(t('records.openRecord'))}</a></p>`;
  return page({
    lang,
    title: t('intake.doneTitle'),
    body,
    selfPath: '/intake',
    ...(principal ? { principal } : {}),
  });
}

/** The form's post could not be taken: its key served another intake, or the service is down. */
export function intakeNoticePage(lang: Lang, kind: 'alreadySent' | 'unavailable'): string {
  const t = translator(lang);
  const body = `<p role="alert">${escapeHtml(t(`intake.${kind}Text`))}</p>
<p><a href="/intake?lang=${lang}">${escapeHtml(t('intake.another'))}</a></p>`;
  return page({ lang, title: t(`intake.${kind}Title`), body, selfPath: '/intake' });
}

/** 403 to a browser whose form post came from another site: nothing was recorded. */
export function intakeCrossSitePage(lang: Lang): string {
  const t = translator(lang);
  const body = `<p role="alert">${escapeHtml(t('errors.crossSiteText'))}</p>
<p><a href="/intake?lang=${lang}">${escapeHtml(t('errors.crossSiteLink'))}</a></p>`;
  return page({ lang, title: t('errors.crossSiteTitle'), body, selfPath: '/intake' });
}
