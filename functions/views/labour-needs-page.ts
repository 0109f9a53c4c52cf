/** An employer's labour needs page: the needs published, a form to publish one, a file to import. */
import type { Principal } from '../domain/access';
import { contractTypes } from '../domain/placement';
import { educationLevels, provinces, sectors, type Lang } from '../domain/reference-data';
import { needColumns, OCCUPATION_MAX_CHARACTERS, SKILLS_MAX_CHARACTERS } from '../domain/labour-needs';
import { errorList, escapeHtml, labelOf, page } from '../commons/html';
import { translator } from '../commons/i18n';
import type { StoredNeed } from '../commons/labour-needs';

export interface NeedsPageState {
  /** What the form sent, shown again with its errors (own properties only). */
  values?: Record<string, unknown>;
  /** Errors already in the page's language. */
  errors?: { field: string; message: string }[];
  /** A notice after a post (303 back here). */
  notice?: string;
  /** A file refused: every row and column to fix, in the page's language. */
  importErrors?: { row?: number; field: string; message: string }[];
}

export function labourNeedsPage(
  lang: Lang,
  principal: Principal,
  needs: readonly StoredNeed[],
  state: NeedsPageState = {},
): string {
  const t = translator(lang);
  const n = (key: string, params: Record<string, string | number> = {}) => t(`needs.${key}`, params);
  const values = state.values ?? {};
  const value = (name: string) => (Object.hasOwn(values, name) ? escapeHtml(values[name]) : '');
  const errors = state.errors ?? [];
  const errorOf = (name: string) => {
    const error = errors.find((e) => e.field === name);
    return error ? `<div class="field-error" id="${name}-error">${escapeHtml(error.message)}</div>` : '';
  };
  const invalid = (name: string) =>
    errors.some((e) => e.field === name) ? ` aria-invalid="true" aria-describedby="${name}-error"` : '';
  const labels: Record<string, string> = {};
  const label = (name: string, text: string, hint?: string) => {
    labels[name] = text;
    return `<label for="${name}">${escapeHtml(text)}</label>${hint ? `<p class="hint">${escapeHtml(hint)}</p>` : ''}`;
  };
  const select = (name: string, text: string, options: [string, string][], empty: string) =>
    `${label(name, text)}<select id="${name}" name="${name}"${invalid(name)}><option value="">${escapeHtml(empty)}</option>${options
      .map(
        ([code, name_]) =>
          `<option value="${escapeHtml(code)}"${values[name] === code ? ' selected' : ''}>${escapeHtml(name_)}</option>`,
      )
      .join('')}</select>${errorOf(name)}`;
  const input = (name: string, text: string, type: string, extra = '', hint?: string) =>
    `${label(name, text, hint)}<input type="${type}" id="${name}" name="${name}" value="${value(name)}"${extra}${invalid(name)}>${errorOf(name)}`;

  const ofRegion = provinces.filter((p) => p.region === principal.region);
  const provinceName = (code: string) => provinces.find((p) => p.code === code)?.name[lang] ?? code;
  const sectorName = (code: string) => sectors.find((s) => s.code === code)?.name[lang] ?? code;
  const rows = needs
    .map(
      (need) =>
        `<tr><td>${escapeHtml(need.occupation)}</td><td>${escapeHtml(sectorName(need.sector))}</td><td>${escapeHtml(provinceName(need.province))}</td><td>${escapeHtml(need.positions)}</td><td dir="ltr">${escapeHtml(need.periodStart)} → ${escapeHtml(need.periodEnd)}</td><td>${escapeHtml(t(`placement.contractTypes.${need.contractType}`))}</td><td dir="ltr">${escapeHtml(need.updatedAt.slice(0, 10))}</td></tr>`,
    )
    .join('');
  const list =
    needs.length === 0
      ? `<p>${escapeHtml(n('empty'))}</p>`
      : `<div class="table-scroll" role="region" tabindex="0" aria-labelledby="needs-title"><table><thead><tr><th scope="col">${escapeHtml(n('occupation'))}</th><th scope="col">${escapeHtml(n('sector'))}</th><th scope="col">${escapeHtml(n('province'))}</th><th scope="col">${escapeHtml(n('positions'))}</th><th scope="col">${escapeHtml(n('period'))}</th><th scope="col">${escapeHtml(n('contractType'))}</th><th scope="col">${escapeHtml(n('updatedAt'))}</th></tr></thead><tbody>${rows}</tbody></table></div>`;

  const form = [
    input(
      'occupation',
      n('occupation'),
      'text',
      ` maxlength="${OCCUPATION_MAX_CHARACTERS}" required`,
      n('occupationHint'),
    ),
    select(
      'sector',
      n('sector'),
      sectors.map((s) => [s.code, s.name[lang]]),
      n('choose'),
    ),
    select(
      'province',
      n('province'),
      ofRegion.map((p) => [p.code, p.name[lang]]),
      n('choose'),
    ),
    input('positions', n('positions'), 'number', ' min="1" max="10000" required'),
    `${label('skills', n('skills'), n('skillsHint'))}<textarea id="skills" name="skills" rows="3" maxlength="${SKILLS_MAX_CHARACTERS}"${invalid('skills')}>${value('skills')}</textarea>${errorOf('skills')}`,
    select(
      'educationLevel',
      n('educationLevel'),
      educationLevels.map((e) => [e.code, e.name[lang]]),
      n('none'),
    ),
    input('periodStart', n('periodStart'), 'date', ' required'),
    input('periodEnd', n('periodEnd'), 'date', ' required'),
    select(
      'contractType',
      n('contractType'),
      contractTypes.map((c) => [c, t(`placement.contractTypes.${c}`)]),
      n('choose'),
    ),
  ].join('\n');
  const summary = errorList(
    n('errorsTitle'),
    errors.map((e) => ({ message: `${labelOf(labels, e.field, t)} — ${e.message}`, target: e.field })),
  );
  const importErrors = state.importErrors ?? [];
  const importReport =
    importErrors.length === 0
      ? ''
      : `<div class="errors" role="alert"><p>${escapeHtml(n('importRefused'))}</p><div class="table-scroll"><table><thead><tr><th scope="col">${escapeHtml(n('row'))}</th><th scope="col">${escapeHtml(n('column'))}</th><th scope="col">${escapeHtml(n('problem'))}</th></tr></thead><tbody>${importErrors
          .map(
            (e) =>
              `<tr><td>${escapeHtml(e.row ?? '')}</td><td dir="ltr">${escapeHtml(e.field)}</td><td>${escapeHtml(e.message)}</td></tr>`,
          )
          .join('')}</tbody></table></div></div>`;
  const action = (path: string) => escapeHtml(`${path}?lang=${lang}`);
  const body = `
<p>${escapeHtml(n('intro'))}</p>
${state.notice ? `<p class="notice" role="status">${escapeHtml(state.notice)}</p>` : ''}
<h2 id="needs-title">${escapeHtml(n('listTitle'))}</h2>
${list}
<h2 id="publish-title">${escapeHtml(n('publishTitle'))}</h2>
${summary}
<form method="post" action="${action('/partner/needs')}" aria-labelledby="publish-title">
${form}
<button type="submit">${escapeHtml(n('publish'))}</button>
</form>
<h2 id="import-title">${escapeHtml(n('importTitle'))}</h2>
${importReport}
<p class="hint">${escapeHtml(n('importHint', { columns: needColumns.map((c) => c.name).join(', ') }))}</p>
<form method="post" action="${action('/partner/needs/import')}" enctype="multipart/form-data" aria-labelledby="import-title">
<label for="file">${escapeHtml(n('file'))}</label><input type="file" id="file" name="file" accept=".csv,text/csv" required>
<button type="submit">${escapeHtml(n('import'))}</button>
</form>
<p class="hint">${escapeHtml(n('openData', { csv: 'CSV', json: 'JSON' }))} <a href="/api/open-data/labour-needs.csv" dir="ltr">labour-needs.csv</a> · <a href="/api/open-data/labour-needs.json" dir="ltr">labour-needs.json</a></p>`;
  return page({ lang, title: n('title'), body, selfPath: '/partner/needs', principal });
}
