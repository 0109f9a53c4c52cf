/**
 * The administrators' pages: people and roles (with their forms: change, new password, add), a
 * password shown once (a person added, a new password), the notices of a repeated request, the
 * reference data (with a form per association).
 */
import { NATIONAL, roles, type Principal } from '../domain/access';
import type { FieldError } from '../domain/errors';
import {
  ASSOCIATION_TEXT_MAX_CHARACTERS,
  associationCodePattern,
  associationOfItem,
  type ManagedAssociation,
} from '../domain/association-admin';
import {
  KEY_FIELD,
  MAX_CAPACITY,
  MIN_CAPACITY,
  NEW_PASSWORD_FIELD,
  personLanguages,
  VERSION_FIELD,
  type ManagedPerson,
} from '../domain/people-admin';
import {
  associations,
  DEFAULT_COACH_CAPACITY,
  educationLevels,
  partnerKinds,
  partners,
  regions,
  type Lang,
} from '../domain/reference-data';
import { errorList, escapeHtml, fieldErrorMarkup, labelOf, localizeFieldErrors, page } from '../commons/html';
import { translator } from '../commons/i18n';
import { newFormKey } from '../commons/idempotency';
import { fr as adminTexts } from '../commons/texts/admin';

/** One person as the page lists them: the people item, and a coach's capacity and load. */
export interface PersonRow extends ManagedPerson {
  pendingSetup?: boolean;
  load?: number;
  /** The version of their people item (absent = 0), which their change form carries. */
  version?: number;
}

/** A form's idempotency key: the one it was sent with (a page drawn again with errors), else new. */
function formKey(sent: unknown): string {
  return typeof sent === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(sent) ? sent : newFormKey();
}

const hidden = (name: string, value: unknown) =>
  `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

export interface FormState {
  values: Record<string, unknown>;
  errors: { field: string; message: string }[];
}

/**
 * Field errors in the page's language: the administration's own keys (admin.errors.*), else the
 * shared ones (errors.*) as every form says them.
 */
export function localizeAdminErrors(
  lang: Lang,
  errors: readonly FieldError[],
  values: unknown,
): { field: string; message: string }[] {
  const t = translator(lang);
  return errors.map((e) =>
    e.key !== undefined && Object.hasOwn(adminTexts.errors, e.key)
      ? {
          field: e.field,
          message: t(`admin.errors.${e.key}`, { min: MIN_CAPACITY, max: MAX_CAPACITY, ...(e.params ?? {}) }),
        }
      : (localizeFieldErrors(lang, [e], values)[0] ?? { field: e.field, message: e.message }),
  );
}

const regionLabel = (code: string, lang: Lang, national: string) =>
  code === NATIONAL ? national : (regions.find((r) => r.code === code)?.name[lang] ?? code);

/**
 * Labelled inputs and lists of one form, their ids prefixed so several forms fit on one page, each
 * with its hint and its error tied to it (aria-describedby).
 */
function formFields(prefix: string, state: FormState) {
  const own = (name: string): unknown => (Object.hasOwn(state.values, name) ? state.values[name] : undefined);
  const id = (name: string) => `${prefix}-${name}`;
  const { fieldError, described } = fieldErrorMarkup(state.errors, id);
  const label = (name: string, text: string, hint?: string) =>
    `<label for="${id(name)}">${escapeHtml(text)}</label>${hint ? `<p class="hint" id="${id(name)}-hint">${escapeHtml(hint)}</p>` : ''}`;
  const input = (name: string, text: string, type: string, extra = '', hint?: string) =>
    `${label(name, text, hint)}<input id="${id(name)}" name="${name}" type="${type}" value="${escapeHtml(own(name))}"${extra}${described(name, hint !== undefined)}>${fieldError(name)}`;
  const option = (name: string, [value, shown]: [string, string]) =>
    `<option value="${escapeHtml(value)}"${String(own(name) ?? '') === value ? ' selected' : ''}>${escapeHtml(shown)}</option>`;
  /** A list; options may come in groups (`<optgroup>`, each with its label). */
  const select = (
    name: string,
    text: string,
    options: [string, string][],
    hint?: string,
    groups: { label: string; options: [string, string][] }[] = [],
  ) =>
    `${label(name, text, hint)}<select id="${id(name)}" name="${name}"${described(name, hint !== undefined)}>${options
      .map((o) => option(name, o))
      .join('')}${groups
      .map(
        (g) =>
          `<optgroup label="${escapeHtml(g.label)}">${g.options.map((o) => option(name, o)).join('')}</optgroup>`,
      )
      .join('')}</select>${fieldError(name)}`;
  return { own, input, select };
}

/**
 * The partner organisations of a person's form, a group per region and kind ("Training providers
 * — Tangier-Tetouan-Al Hoceima"): without a script the list cannot follow the role and region
 * chosen, so each partner's group says which they fit.
 */
function partnerGroups(lang: Lang): { label: string; options: [string, string][] }[] {
  const t = translator(lang);
  return regions.flatMap((region) =>
    partnerKinds
      .map((kind) => ({
        label: t(kind === 'employer' ? 'admin.employersOf' : 'admin.providersOf', {
          region: region.name[lang],
        }),
        options: partners
          .filter((p) => p.region === region.code && p.kind === kind)
          .map((p): [string, string] => [p.code, `${p.name} (${p.code})`]),
      }))
      .filter((group) => group.options.length > 0),
  );
}

/** A person's organisation as the list shows it: their association's code, or their partner's name. */
function organisationOf(person: ManagedPerson): string {
  if (person.partner !== undefined)
    return partners.find((p) => p.code === person.partner)?.name ?? person.partner;
  return person.association ?? '';
}

/** The fields of a person's form (add or change). */
function personFields(lang: Lang, prefix: string, state: FormState, kind: 'add' | 'change'): string {
  const t = translator(lang);
  const { own, input, select } = formFields(prefix, state);
  const roleOptions = roles.map((r): [string, string] => [r, t(`people.roles.${r}`)]);
  const regionOptions = [...regions.map((r) => r.code), NATIONAL].map((code): [string, string] => [
    code,
    regionLabel(code, lang, t('admin.national')),
  ]);
  const associationOptions: [string, string][] = [
    ['', t('admin.noAssociation')],
    ...associations.map((a): [string, string] => [a.code, `${a.name} (${a.code})`]),
  ];
  const languageOptions = personLanguages.map((l): [string, string] => [l, t(`admin.languages.${l}`)]);
  const showCapacity = kind === 'add' || own('role') === 'coach';
  return [
    // The add's idempotency key (a double submission adds once); the version a change is based on.
    kind === 'add'
      ? hidden(KEY_FIELD, formKey(own(KEY_FIELD)))
      : hidden(VERSION_FIELD, own(VERSION_FIELD) ?? ''),
    kind === 'add'
      ? input(
          'personId',
          t('admin.personId'),
          'text',
          ' autocomplete="off" maxlength="64" dir="ltr" required',
          t('admin.personIdHint'),
        )
      : '',
    input('displayName', t('admin.displayName'), 'text', ' autocomplete="off" maxlength="100" required'),
    input('email', t('admin.email'), 'email', ' autocomplete="off" dir="ltr" required'),
    select('role', t('admin.role'), roleOptions),
    select('region', t('admin.region'), regionOptions, t('admin.regionHint')),
    select('association', t('admin.association'), associationOptions, t('admin.associationHint')),
    select(
      'partner',
      t('admin.partner'),
      [['', t('admin.noPartner')]],
      t('admin.partnerHint'),
      partnerGroups(lang),
    ),
    select('preferredLanguage', t('admin.language'), languageOptions),
    kind === 'change'
      ? select('active', t('admin.active'), [
          ['true', t('admin.yes')],
          ['false', t('admin.no')],
        ])
      : '',
    showCapacity
      ? input(
          'capacity',
          t('admin.capacity'),
          'text',
          ' inputmode="numeric" maxlength="3"',
          t('admin.capacityHint', { min: MIN_CAPACITY, max: MAX_CAPACITY, default: DEFAULT_COACH_CAPACITY }),
        )
      : '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

const personLabels = (lang: Lang): Record<string, string> => {
  const t = translator(lang);
  return {
    personId: t('admin.personId'),
    displayName: t('admin.displayName'),
    email: t('admin.email'),
    role: t('admin.role'),
    region: t('admin.region'),
    association: t('admin.association'),
    partner: t('admin.partner'),
    preferredLanguage: t('admin.language'),
    active: t('admin.active'),
    capacity: t('admin.capacity'),
  };
};

/** A form's errors at its top, each linked to its field. */
function summaryOf(
  lang: Lang,
  prefix: string,
  state: FormState,
  labels: Record<string, string> = personLabels(lang),
): string {
  const t = translator(lang);
  return errorList(
    t('admin.errorsTitle'),
    state.errors.map((e) => ({
      message: `${labelOf(labels, e.field, t)} — ${e.message}`,
      ...(Object.hasOwn(labels, e.field) ? { target: `${prefix}-${e.field}` } : {}),
    })),
  );
}

/** A person's values as their change form shows them. */
export function formValuesOf(person: PersonRow): Record<string, unknown> {
  return {
    displayName: person.displayName,
    email: person.email,
    role: person.role,
    region: person.region,
    association: person.association ?? '',
    partner: person.partner ?? '',
    preferredLanguage: person.preferredLanguage,
    active: person.active ? 'true' : 'false',
    ...(person.capacity !== undefined ? { capacity: person.capacity } : {}),
    [VERSION_FIELD]: person.version ?? 0,
  };
}

/** The button that sets a person a new password (shown once), with its own idempotency key. */
function newPasswordForm(lang: Lang, personId: string): string {
  const t = translator(lang);
  return `<form method="post" action="/admin/people/${escapeHtml(encodeURIComponent(personId))}?lang=${lang}" novalidate>
${hidden(NEW_PASSWORD_FIELD, 'true')}${hidden(KEY_FIELD, newFormKey())}
<p class="hint">${escapeHtml(t('admin.newPasswordHint'))}</p>
<button type="submit">${escapeHtml(t('admin.newPasswordSubmit'))}</button>
</form>`;
}

export interface PeoplePageState {
  principal: Principal;
  people: PersonRow[];
  /** A person just changed. */
  saved?: string;
  /** The add form sent with errors. */
  add?: FormState;
  /** A person's change form sent with errors. */
  change?: { personId: string; state: FormState };
  /** A person's change form sent on an older version: nothing saved, their form shows them as they are. */
  stale?: string;
}

export function peoplePage(lang: Lang, state: PeoplePageState): string {
  const t = translator(lang);
  const number = new Intl.NumberFormat(`${lang}-MA`);
  const head = [
    'personId',
    'displayName',
    'email',
    'role',
    'region',
    'organisation',
    'language',
    'active',
    'capacity',
    'load',
  ]
    .map((key) => `<th scope="col">${escapeHtml(t(`admin.${key}`))}</th>`)
    .join('');
  const rows = state.people
    .map((p) => {
      const cells = [
        `<a href="#person-${escapeHtml(p.personId)}">${escapeHtml(p.personId)}</a>${p.pendingSetup ? ` <em>(${escapeHtml(t('admin.pendingSetup'))})</em>` : ''}`,
        escapeHtml(p.displayName),
        `<span dir="ltr">${escapeHtml(p.email)}</span>`,
        escapeHtml(t(`people.roles.${p.role}`)),
        escapeHtml(regionLabel(p.region, lang, t('admin.national'))),
        escapeHtml(organisationOf(p)),
        escapeHtml(t(`admin.languages.${p.preferredLanguage}`)),
        escapeHtml(p.active ? t('admin.yes') : t('admin.no')),
      ]
        .map((cell) => `<td>${cell}</td>`)
        .join('');
      const capacity = p.capacity !== undefined ? number.format(p.capacity) : '';
      const load = p.load !== undefined ? number.format(p.load) : '';
      return `<tr data-person="${escapeHtml(p.personId)}">${cells}<td class="num">${capacity}</td><td class="num">${load}</td></tr>`;
    })
    .join('');
  const forms = state.people
    .map((p) => {
      const prefix = `person-${p.personId}`;
      const sent = state.change?.personId === p.personId ? state.change.state : undefined;
      const form = sent ?? { values: formValuesOf(p), errors: [] };
      const stale = state.stale === p.personId;
      return `<details id="${escapeHtml(prefix)}"${sent || stale ? ' open' : ''}><summary>${escapeHtml(t('admin.change', { id: p.personId }))} — ${escapeHtml(p.displayName)}</summary>
${p.pendingSetup ? `<p class="hint">${escapeHtml(t('admin.pendingHint'))}</p>` : ''}
${stale ? `<p class="late">${escapeHtml(t('admin.stale', { id: p.personId }))}</p>` : ''}
${summaryOf(lang, prefix, form)}
<form method="post" action="/admin/people/${escapeHtml(encodeURIComponent(p.personId))}?lang=${lang}" novalidate>
${personFields(lang, prefix, form, 'change')}
<p class="hint">${escapeHtml(t('admin.nextSignIn'))}</p>
<button type="submit">${escapeHtml(t('admin.changeSubmit'))}</button>
</form>
${newPasswordForm(lang, p.personId)}</details>`;
    })
    .join('\n');
  const add = state.add ?? { values: {}, errors: [] };
  const stalePerson = state.people.find((p) => p.personId === state.stale);
  const body = `${state.saved ? `<p role="status">${escapeHtml(t('admin.saved', { id: state.saved }))}</p>` : ''}
${stalePerson ? `<p role="alert" class="late">${escapeHtml(t('admin.stale', { id: stalePerson.personId }))} <a href="#person-${escapeHtml(stalePerson.personId)}">${escapeHtml(t('admin.change', { id: stalePerson.personId }))}</a></p>` : ''}
<p>${escapeHtml(t('admin.peopleIntro'))}</p>
<div class="table-wrap" tabindex="0"><table><caption>${escapeHtml(t('admin.peopleTitle'))}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>
<h2>${escapeHtml(t('admin.changeTitle'))}</h2>
${forms}
<h2 id="add">${escapeHtml(t('admin.addTitle'))}</h2>
<p>${escapeHtml(t('admin.addIntro'))}</p>
${summaryOf(lang, 'new', add)}
<form method="post" action="/admin/people?lang=${lang}" novalidate>
${personFields(lang, 'new', add, 'add')}
<button type="submit">${escapeHtml(t('admin.addSubmit'))}</button>
</form>`;
  return page({
    lang,
    title: t('admin.peopleTitle'),
    body,
    selfPath: '/admin/people',
    principal: state.principal,
  });
}

/**
 * The one page that shows a password — a new person's first, or a new one — which is never shown
 * again.
 */
export function passwordPage(
  lang: Lang,
  principal: Principal,
  person: ManagedPerson,
  password: string,
  kind: 'added' | 'newPassword',
): string {
  const t = translator(lang);
  const [title, text] =
    kind === 'added'
      ? [t('admin.addedTitle'), t('admin.addedText', { name: person.displayName, id: person.personId })]
      : [
          t('admin.newPasswordTitle'),
          t('admin.newPasswordText', { name: person.displayName, id: person.personId }),
        ];
  const body = `<p role="status">${escapeHtml(text)}</p>
<dl>
<dt>${escapeHtml(t('admin.personId'))}</dt><dd><code dir="ltr">${escapeHtml(person.personId)}</code></dd>
<dt>${escapeHtml(t('admin.password'))}</dt><dd><code dir="ltr" data-password>${escapeHtml(password)}</code></dd>
</dl>
${kind === 'added' ? `<p class="hint">${escapeHtml(t('admin.nextSignIn'))}</p>` : ''}
<p><a href="/admin/people?lang=${lang}#person-${escapeHtml(encodeURIComponent(person.personId))}">${escapeHtml(t('admin.backToPeople'))}</a></p>`;
  return page({ lang, title, body, selfPath: '/admin/people', principal });
}

/**
 * A request repeated (the same form sent twice): the person was already added, or already given
 * a new password, and that password went to the first request only — with the button for
 * another. Or their setup is under way in another request.
 */
export function passwordNoticePage(
  lang: Lang,
  principal: Principal,
  person: ManagedPerson,
  kind: 'alreadyAdded' | 'passwordAlreadySet' | 'setupBusy',
): string {
  const t = translator(lang);
  const params = { name: person.displayName, id: person.personId };
  const notices: Record<typeof kind, [title: string, text: string]> = {
    alreadyAdded: [t('admin.alreadyAddedTitle'), t('admin.alreadyAdded', params)],
    passwordAlreadySet: [t('admin.passwordAlreadySetTitle'), t('admin.passwordAlreadySet', params)],
    setupBusy: [t('admin.setupBusyTitle'), t('admin.setupBusy', params)],
  };
  const [title, text] = notices[kind];
  const body = `<p role="${kind === 'setupBusy' ? 'alert' : 'status'}">${escapeHtml(text)}</p>
${kind === 'setupBusy' ? '' : newPasswordForm(lang, person.personId)}
<p><a href="/admin/people?lang=${lang}#person-${escapeHtml(encodeURIComponent(person.personId))}">${escapeHtml(t('admin.backToPeople'))}</a></p>`;
  return page({ lang, title, body, selfPath: '/admin/people', principal });
}

/**
 * A person's id already taken (409), an unknown person or association (404), a form from another
 * site (403); with a link back to the page the form was on.
 */
export function adminNoticePage(
  lang: Lang,
  principal: Principal,
  kind: 'exists' | 'notFound' | 'associationNotFound' | 'crossSite',
  personId = '',
  back: 'people' | 'reference' = kind === 'associationNotFound' ? 'reference' : 'people',
): string {
  const t = translator(lang);
  const notices: Record<typeof kind, [title: string, text: string]> = {
    exists: [t('admin.existsTitle'), t('admin.exists', { id: personId })],
    notFound: [t('admin.notFoundTitle'), t('admin.notFound')],
    associationNotFound: [t('admin.associationNotFoundTitle'), t('admin.associationNotFound')],
    crossSite: [t('errors.crossSiteTitle'), t('admin.crossSiteText')],
  };
  const [title, text] = notices[kind];
  const backLink =
    back === 'reference'
      ? `<a href="/admin/reference?lang=${lang}">${escapeHtml(t('admin.backToReference'))}</a>`
      : `<a href="/admin/people?lang=${lang}">${escapeHtml(t('admin.backToPeople'))}</a>`;
  const body = `<p role="alert">${escapeHtml(text)}</p>
<p>${backLink}</p>`;
  return page({ lang, title, body, selfPath: `/admin/${back}`, principal });
}

/** The reference table's items, by kind, as the reference page shows them. */
export interface ReferenceData {
  regions: Record<string, unknown>[];
  provinces: Record<string, unknown>[];
  associations: Record<string, unknown>[];
  coaches: Record<string, unknown>[];
  trainingOffers: Record<string, unknown>[];
  educationLevels: Record<string, unknown>[];
}

/** The reference page's state beyond its data: an association just changed, or a change refused. */
export interface ReferencePageState {
  /** An association just changed (its code). */
  saved?: string;
  /** An association's change form sent with errors. */
  change?: { code: string; state: FormState };
}

/** An association's values as its change form shows them. */
function associationFormValues(association: ManagedAssociation): Record<string, unknown> {
  return {
    name: association.name,
    supervisorName: association.supervisorName,
    supervisorEmail: association.supervisorEmail,
    preferredLanguage: association.preferredLanguage,
  };
}

/** An association's change form, folded under its code and name (open when it came back with errors). */
function associationForm(lang: Lang, association: ManagedAssociation, sent: FormState | undefined): string {
  const t = translator(lang);
  const prefix = `association-${association.code}`;
  const state = sent ?? { values: associationFormValues(association), errors: [] };
  const { input, select } = formFields(prefix, state);
  const max = ` maxlength="${ASSOCIATION_TEXT_MAX_CHARACTERS}"`;
  const labels = {
    name: t('admin.associationName'),
    supervisorName: t('admin.supervisorName'),
    supervisorEmail: t('admin.supervisorEmail'),
    preferredLanguage: t('admin.associationLanguage'),
  };
  const languageOptions = personLanguages.map((l): [string, string] => [l, t(`admin.languages.${l}`)]);
  return `<details id="${prefix}"${sent ? ' open' : ''}><summary>${escapeHtml(t('admin.changeAssociation', { code: association.code }))} — ${escapeHtml(association.name)}</summary>
${summaryOf(lang, prefix, state, labels)}
<form method="post" action="/admin/associations/${escapeHtml(encodeURIComponent(association.code))}?lang=${lang}" novalidate>
${input('name', labels.name, 'text', ` autocomplete="off"${max} required`)}
${input('supervisorName', labels.supervisorName, 'text', ` autocomplete="off"${max} required`)}
${input('supervisorEmail', labels.supervisorEmail, 'email', ' autocomplete="off" dir="ltr" maxlength="254" required', t('admin.supervisorEmailHint'))}
${select('preferredLanguage', labels.preferredLanguage, languageOptions)}
<p class="hint">${escapeHtml(t('admin.associationAtOnce'))}</p>
<button type="submit">${escapeHtml(t('admin.changeSubmit'))}</button>
</form></details>`;
}

const levelOrder = (code: string) => {
  const index = educationLevels.findIndex((e) => e.code === code);
  return index === -1 ? educationLevels.length : index;
};

export function referencePage(
  lang: Lang,
  principal: Principal,
  data: ReferenceData,
  state: ReferencePageState = {},
): string {
  const t = translator(lang);
  const number = new Intl.NumberFormat(`${lang}-MA`);
  const text = (item: Record<string, unknown>, key: string): string => {
    const value = item[key];
    return typeof value === 'string' ? value : typeof value === 'number' ? number.format(value) : '';
  };
  const label = (item: Record<string, unknown>, key: string): string => {
    const value = item[key];
    if (typeof value !== 'object' || value === null) return '';
    const shown = (value as Record<string, unknown>)[lang];
    return typeof shown === 'string' ? shown : '';
  };
  const byCode = (items: Record<string, unknown>[]) =>
    [...items].sort((a, b) => text(a, 'code').localeCompare(text(b, 'code')));
  const table = (id: string, caption: string, columns: string[], rows: string[][], numeric: number[] = []) =>
    `<h2 id="${id}">${escapeHtml(caption)}</h2><div class="table-wrap" tabindex="0"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${columns
      .map((c) => `<th scope="col">${escapeHtml(c)}</th>`)
      .join('')}</tr></thead><tbody>${rows
      .map(
        (row) =>
          `<tr>${row.map((cell, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
      )
      .join('')}</tbody></table></div>`;
  const code = t('admin.code');
  const name = t('admin.name');
  // Only items that read as associations, with a code as the reference data writes them, get a form.
  const editable = byCode(data.associations)
    .map((item) => associationOfItem(item))
    .filter((a): a is ManagedAssociation => a !== undefined && associationCodePattern.test(a.code));
  const saved = editable.find((a) => a.code === state.saved);
  const body = `${saved ? `<p role="status">${escapeHtml(t('admin.associationSaved', { code: saved.code }))}</p>` : ''}
<p>${escapeHtml(t('admin.referenceIntro'))}</p>
<p class="late">${escapeHtml(t('admin.referenceRelease'))}</p>
${table(
  'regions',
  t('admin.regions'),
  [code, name],
  byCode(data.regions).map((r) => [text(r, 'code'), label(r, 'name')]),
)}
${table(
  'provinces',
  t('admin.provinces'),
  [code, name, t('admin.region')],
  byCode(data.provinces).map((p) => [text(p, 'code'), label(p, 'name'), text(p, 'region')]),
)}
${table(
  'associations',
  t('admin.associations'),
  [code, name, t('admin.region'), t('admin.supervisor'), t('admin.supervisorEmail'), t('admin.language')],
  byCode(data.associations).map((a) => [
    text(a, 'code'),
    text(a, 'name'),
    text(a, 'region'),
    text(a, 'supervisorName'),
    text(a, 'supervisorEmail'),
    text(a, 'preferredLanguage') ? t(`admin.languages.${text(a, 'preferredLanguage')}`) : '',
  ]),
)}
<h3 id="change-association">${escapeHtml(t('admin.associationsChangeTitle'))}</h3>
<p>${escapeHtml(t('admin.associationsChangeIntro'))}</p>
${editable
  .map((a) => associationForm(lang, a, state.change?.code === a.code ? state.change.state : undefined))
  .join('\n')}
${table(
  'coaches',
  t('admin.coaches'),
  [
    code,
    name,
    t('admin.region'),
    t('admin.association'),
    t('admin.language'),
    t('admin.capacity'),
    t('admin.load'),
  ],
  byCode(data.coaches).map((c) => [
    text(c, 'code'),
    `${text(c, 'displayName')}${c.active === false ? ` (${t('admin.inactive')})` : ''}`,
    text(c, 'region'),
    text(c, 'association'),
    text(c, 'preferredLanguage') ? t(`admin.languages.${text(c, 'preferredLanguage')}`) : '',
    typeof c.capacity === 'number' ? number.format(c.capacity) : number.format(DEFAULT_COACH_CAPACITY),
    typeof c.activeBeneficiaries === 'number' ? number.format(c.activeBeneficiaries) : number.format(0),
  ]),
  [5, 6],
)}
${table(
  'training-offers',
  t('admin.trainingOffers'),
  [code, name, t('admin.region'), t('admin.province'), t('admin.sector'), t('admin.seats')],
  byCode(data.trainingOffers).map((o) => [
    text(o, 'code'),
    label(o, 'title'),
    text(o, 'region'),
    text(o, 'province'),
    text(o, 'sector'),
    `${number.format(typeof o.seatsTaken === 'number' ? o.seatsTaken : 0)} / ${number.format(typeof o.seats === 'number' ? o.seats : 0)}`,
  ]),
  [5],
)}
${table(
  'education-levels',
  t('admin.educationLevels'),
  [code, name],
  // In the order of schooling, as the intake form lists them.
  [...data.educationLevels]
    .sort((a, b) => levelOrder(text(a, 'code')) - levelOrder(text(b, 'code')))
    .map((e) => [text(e, 'code'), label(e, 'name')]),
)}`;
  return page({ lang, title: t('admin.referenceTitle'), body, selfPath: '/admin/reference', principal });
}
