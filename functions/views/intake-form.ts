/** The intake form page, with the values and errors of a previous attempt. */
import type { Lang } from '../domain/reference-data';
import { educationLevels, provinces, regions } from '../domain/reference-data';
import { errorList, escapeHtml, page } from '../commons/html';
import { translator } from '../commons/i18n';

export interface FormState {
  values: Record<string, unknown>;
  errors: { field: string; message: string }[];
}

export function intakeFormPage(lang: Lang, state: FormState = { values: {}, errors: [] }): string {
  const t = translator(lang);
  const value = (name: string) => escapeHtml(state.values[name] ?? '');
  const fieldError = (name: string) => {
    const error = state.errors.find((e) => e.field === name);
    return error ? `<div class="field-error" id="${name}-error">${escapeHtml(error.message)}</div>` : '';
  };
  const described = (name: string) =>
    state.errors.some((e) => e.field === name) ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
  const text = (name: string, label: string, type = 'text', extra = '') =>
    `<label for="${name}">${escapeHtml(label)}</label><input id="${name}" name="${name}" type="${type}" value="${value(name)}"${extra}${described(name)}>${fieldError(name)}`;
  const options = (items: readonly { code: string; name: Record<Lang, string> }[], selected: unknown) =>
    `<option value="">${escapeHtml(t('intake.choose'))}</option>` +
    items
      .map(
        (i) =>
          `<option value="${escapeHtml(i.code)}"${i.code === selected ? ' selected' : ''}>${escapeHtml(i.name[lang])}</option>`,
      )
      .join('');
  const provinceGroups = regions
    .map(
      (r) =>
        `<optgroup label="${escapeHtml(r.name[lang])}">${provinces
          .filter((p) => p.region === r.code)
          .map(
            (p) =>
              `<option value="${p.code}"${p.code === state.values.province ? ' selected' : ''}>${escapeHtml(p.name[lang])}</option>`,
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
  };
  const errorsForHumans = state.errors.map((e) => ({
    field: e.field,
    message: `${(labels[e.field] ?? e.field).replace(/\s*\*$/, '')} — ${e.message}`,
  }));
  const body = `
<p>${escapeHtml(t('intake.intro'))}</p>
${errorList(t('intake.errorsTitle'), errorsForHumans)}
<form method="post" action="/api/intake?lang=${lang}" novalidate>
${text('firstName', labels.firstName ?? '', 'text', ' autocomplete="given-name" maxlength="100" required')}
${text('lastName', labels.lastName ?? '', 'text', ' autocomplete="family-name" maxlength="100" required')}
<fieldset id="sex"${described('sex')}><legend>${escapeHtml(labels.sex)}</legend>
<input type="radio" id="sex-F" name="sex" value="F"${state.values.sex === 'F' ? ' checked' : ''}><label for="sex-F">${escapeHtml(t('intake.sexF'))}</label>
<input type="radio" id="sex-M" name="sex" value="M"${state.values.sex === 'M' ? ' checked' : ''}><label for="sex-M">${escapeHtml(t('intake.sexM'))}</label>
${fieldError('sex')}</fieldset>
${text('birthYear', labels.birthYear ?? '', 'number', ' inputmode="numeric" min="1940" max="2015" required')}
<label for="region">${escapeHtml(labels.region)}</label><select id="region" name="region" required${described('region')}>${options(regions, state.values.region)}</select>${fieldError('region')}
<label for="province">${escapeHtml(labels.province)}</label><select id="province" name="province" required${described('province')}><option value="">${escapeHtml(t('intake.choose'))}</option>${provinceGroups}</select>${fieldError('province')}
<p class="hint">${escapeHtml(t('intake.contactHint'))}</p>
${text('phone', labels.phone ?? '', 'tel', ' autocomplete="tel" dir="ltr"')}
${text('email', labels.email ?? '', 'email', ' autocomplete="email" dir="ltr"')}
<label for="educationLevel">${escapeHtml(labels.educationLevel)}</label><select id="educationLevel" name="educationLevel" required${described('educationLevel')}>${options(educationLevels, state.values.educationLevel)}</select>${fieldError('educationLevel')}
<div class="check"><input type="checkbox" id="consent" name="consent" value="true"${state.values.consent === true || state.values.consent === 'true' ? ' checked' : ''}${described('consent')}> <label for="consent">${escapeHtml(labels.consent)}</label>${fieldError('consent')}</div>
<button type="submit">${escapeHtml(t('intake.submit'))}</button>
</form>`;
  return page({ lang, title: t('intake.title'), body, selfPath: '/intake' });
}

export function intakeDonePage(lang: Lang, beneficiaryId: string): string {
  const t = translator(lang);
  const body = `<p role="status">${escapeHtml(t('intake.doneText'))}</p>
<p>${escapeHtml(t('intake.doneReference'))} : <code>${escapeHtml(beneficiaryId)}</code></p>
<p><a href="/intake?lang=${lang}">${escapeHtml(t('intake.another'))}</a></p>`;
  return page({ lang, title: t('intake.doneTitle'), body, selfPath: '/intake' });
}
