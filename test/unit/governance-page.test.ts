/**
 * The governance dashboard page and its CSV export, from published indicators: every table with
 * its rows named in French, Arabic and English; hidden values as a neutral mark; the filters kept
 * in the form, the links and the address; the charts' data the same as the tables'; the print
 * header; and the CSV's byte order mark, quoting, formula guard and totals.
 */
import { stages } from '../../functions/domain/journey-events';
import { placementOutcomes } from '../../functions/domain/placement';
import { dropoutReasons } from '../../functions/domain/coaching';
import { provinces, type Lang } from '../../functions/domain/reference-data';
import type {
  IndicatorFilters,
  IndicatorTable,
  Indicators,
  PublishedCell,
} from '../../functions/domain/indicators';
import type { Principal } from '../../functions/domain/access';
import { html } from '../../functions/commons/http';
import { dashboardTables, governanceDashboardPage, rowLabel } from '../../functions/views/governance-page';
import { csvCell, dashboardCsv } from '../../functions/views/dashboard-csv';
import {
  DASHBOARD_SCRIPT_INTEGRITY,
  ECHARTS_INTEGRITY,
  ECHARTS_VERSION,
} from '../../functions/views/dashboard-script';

const langs: Lang[] = ['fr', 'ar', 'en'];
const H: PublishedCell = { suppressed: true };
const n = (count: number): PublishedCell => ({ count });

function tableOf(
  columns: string[],
  rows: [string, ...PublishedCell[]][],
  columnTotals: PublishedCell[] = [],
): IndicatorTable {
  return { columns, rows: rows.map(([key, ...cells]) => ({ key, cells })), columnTotals };
}

const boardOfOriental: Principal = {
  personId: 'GOVERNANCE-ORI',
  displayName: 'Instance régionale de l’Oriental',
  role: 'governance',
  region: 'ORI',
};

const nationalBoard: Principal = {
  personId: 'GOVERNANCE-NATIONAL',
  displayName: 'Instance nationale',
  role: 'governance',
  region: 'national',
};

/** A view of l'Oriental with every table filled, some values hidden. */
function indicatorsOf(filters: IndicatorFilters = { region: 'ORI' }): Indicators {
  return {
    generatedAt: '2026-06-15T10:00:00.000Z',
    smallCellMin: 5,
    filters,
    headline: {
      intakes: n(42),
      placed: n(17),
      placementRate: { rate: 54.8 },
      womenShare: { rate: 61.9 },
      youthShare: { suppressed: true },
      retention6: { rate: 80 },
      retention12: { suppressed: true },
      medianDaysToPlacement: 75,
      outcomeCompleteness: { rate: 93.5 },
    },
    funnel: tableOf(
      ['count'],
      [
        'intake',
        'coach-assigned',
        'interviewed',
        'coaching-session',
        'training-enrolled',
        'trained',
        'placed',
      ].map((stage, i): [string, PublishedCell] => [stage, i === 4 ? H : n(42 - i * 4)]),
    ),
    outcomes: tableOf(
      ['count'],
      placementOutcomes.map((o, i): [string, PublishedCell] => [o, i < 2 ? n(8) : i === 2 ? H : n(0)]),
      [H],
    ),
    dropouts: tableOf(
      ['count'],
      [...dropoutReasons, 'no-show', 'no-coach-available'].map((r, i): [string, PublishedCell] => [
        r,
        i === 0 ? n(6) : n(0),
      ]),
      [n(6)],
    ),
    monthly: tableOf(
      ['intakes', 'placed'],
      [
        ['2026-01', n(20), n(7)],
        ['2026-02', n(22), n(10)],
      ],
      [n(42), n(17)],
    ),
    breakdowns: {
      sex: tableOf(
        ['intakes', 'placed'],
        [
          ['F', n(26), n(11)],
          ['M', n(16), n(6)],
        ],
        [n(42), n(17)],
      ),
      ageBand: tableOf(
        ['intakes', 'placed'],
        [
          ['15-24', n(20), H],
          ['25-34', n(12), H],
          ['35+', n(10), n(5)],
        ],
        [n(42), n(17)],
      ),
      province: tableOf(
        ['intakes', 'placed'],
        provinces
          .filter((p) => p.region === 'ORI')
          .map((p, i): [string, ...PublishedCell[]] => [p.code, i === 0 ? n(30) : H, i === 0 ? n(12) : H]),
        [n(42), n(17)],
      ),
      education: tableOf(['intakes', 'placed'], [['baccalaureate', n(42), n(17)]], [n(42), n(17)]),
      sector: tableOf(['intakes', 'placed'], [['logistics', n(42), n(17)]], [n(42), n(17)]),
      vulnerability: tableOf(
        ['intakes', 'placed'],
        [
          ['rural-isolation', n(12), H],
          ['single-parent', n(9), n(5)],
        ],
        [n(42), n(17)],
      ),
      track: tableOf(
        ['intakes', 'placed'],
        [
          ['direct-placement', n(20), n(9)],
          ['training-first', n(15), n(6)],
          ['self-employment', n(7), H],
        ],
        [n(42), n(17)],
      ),
    },
    retention: tableOf(
      ['followed', 'inWork'],
      [
        ['3', n(15), n(13)],
        ['6', n(10), n(8)],
        ['12', H, H],
      ],
    ),
    decentWork: tableOf(
      ['placed'],
      [
        ['cnss-yes', n(12)],
        ['cnss-no', n(5)],
        ['full-time', n(14)],
        ['part-time', H],
        ['income-2000-3499', n(9)],
      ],
      [n(17)],
    ),
    timeToPlacement: tableOf(
      ['placed'],
      [
        ['0-29', H],
        ['60-89', n(9)],
        ['360+', H],
      ],
      [n(17)],
    ),
    offerDemand: tableOf(
      ['seats', 'positions', 'aspirations'],
      [
        ['logistics', n(50), n(40), n(12)],
        ['hospitality', n(12), n(0), H],
      ],
      [n(62), n(40), H],
    ),
    health: { waitingForCoach: H, overdueTasks: n(0) },
  };
}

/** The page's visible text, tags taken out, for what a reader reads. */
const textOf = (page: string) =>
  page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The rows of one table of the page: each row's key, label and cells' text. */
function rowsOf(page: string, id: string): { key: string; label: string; cells: string[] }[] {
  const table = new RegExp(`<table data-table="${id}">([\\s\\S]*?)</table>`).exec(page)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr data-key="([^"]+)"><th scope="row">([^<]*)<\/th>(.*?)<\/tr>/g)].map((m) => ({
    key: m[1] ?? '',
    label: m[2] ?? '',
    cells: [...(m[3] ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1] ?? ''),
  }));
}

const tableIds = [
  'funnel',
  'outcomes',
  'dropouts',
  'monthly',
  'breakdown-sex',
  'breakdown-ageBand',
  'breakdown-province',
  'breakdown-education',
  'breakdown-sector',
  'breakdown-vulnerability',
  'breakdown-track',
  'retention',
  'decent-work',
  'time-to-placement',
  'offer-demand',
];

describe('the governance dashboard', () => {
  it.each(langs)('shows every table, each row named, in %s, with no text key left raw', (lang) => {
    // Act
    const page = governanceDashboardPage(lang, indicatorsOf(), boardOfOriental);

    // Assess
    const indicators = indicatorsOf();
    for (const id of tableIds) {
      expect({ id, table: page.includes(`<table data-table="${id}">`) }).toEqual({ id, table: true });
      expect(page).toContain(`<div class="chart" data-chart="${id}" hidden aria-hidden="true"></div>`);
      expect(page).toMatch(
        new RegExp(`<table data-table="${id}"><caption id="caption-${id}">[^<]+</caption>`),
      );
    }
    expect(rowsOf(page, 'funnel').map((r) => r.key)).toEqual(indicators.funnel.rows.map((r) => r.key));
    expect(rowsOf(page, 'dropouts')).toHaveLength(10);
    for (const id of tableIds) {
      for (const row of rowsOf(page, id)) {
        // Every value is named in words (a month, a region, a step), never by its code alone.
        if (!['F', 'M'].includes(row.key))
          expect({ id, label: row.label }).not.toEqual({ id, label: row.key });
        expect(row.label.trim()).not.toBe('');
      }
    }
    const text = textOf(page);
    expect(text).not.toMatch(/\b(dashboard|caseload|placement|task|errors)\.[a-zA-Z]/);
    expect(page).not.toContain('NaN');
    expect(page).not.toContain('undefined');
    // A region's board: no comparison of regions, no choice of region.
    expect(page).not.toContain('data-table="regions"');
    expect(page).not.toContain('<select id="region"');
    expect(page).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
  });

  it('names the rows as the other pages do, in the three languages', () => {
    // Assess
    expect(rowLabel('ar', 'outcomes', 'cooperative')).toBe('تعاونية');
    expect(rowLabel('fr', 'funnel', 'coach-assigned')).toBe('Accompagnateur désigné');
    expect(rowLabel('en', 'province', 'OUJ')).toBe('Oujda-Angad');
    expect(rowLabel('ar', 'province', 'NAD')).toBe('الناظور');
    expect(rowLabel('fr', 'sector', 'logistics')).toBe('Logistique et transport');
    expect(rowLabel('en', 'education', 'baccalaureate')).toBe('Baccalaureate');
    expect(rowLabel('fr', 'vulnerability', 'rural-isolation')).toContain('Isolement rural');
    expect(rowLabel('fr', 'track', 'training-first')).toBe('Formation d’abord');
    expect(rowLabel('fr', 'dropouts', 'moved-away')).toBe('A déménagé hors de la région');
    expect(rowLabel('en', 'dropouts', 'no-show')).toBe('Missed the first interview too many times');
    expect(rowLabel('fr', 'monthly', '2026-01')).toBe('janvier 2026');
    expect(rowLabel('ar', 'retention', '12')).toBe('12 شهرا');
    expect(rowLabel('en', 'decentWork', 'part-time')).toBe('Part time');
    expect(rowLabel('fr', 'decentWork', 'income-2000-3499')).toBe('Revenu : De 2 000 à 3 499 MAD');
    expect(rowLabel('en', 'timeToPlacement', '30-59')).toBe('30 to 59 days');
    expect(rowLabel('en', 'timeToPlacement', '360+')).toBe('360 days or more');
    expect(rowLabel('ar', 'sex', 'F')).toBe('النساء');
    expect(rowLabel('en', 'ageBand', '35+')).toBe('35 and over');
    expect(rowLabel('fr', 'province', 'unknown')).toBe('Non renseigné');
    // A code nothing names is shown as it is (never a text key).
    expect(rowLabel('fr', 'outcomes', 'new-outcome')).toBe('new-outcome');
  });

  it('has a row, with its label, for every stage of the funnel and every outcome', () => {
    // Prepare: every stage of the journey in the funnel, every outcome listed.
    const indicators = {
      ...indicatorsOf(),
      funnel: tableOf(
        ['count'],
        stages.map((s): [string, PublishedCell] => [s, n(0)]),
      ),
    };

    // Act
    const page = governanceDashboardPage('en', indicators, boardOfOriental);

    // Assess
    for (const stage of stages) expect(page).toContain(`<tr data-key="${stage}"><th scope="row">`);
    expect(page).toContain('<th scope="row">Missed first interview</th><td class="num">0</td>');
    expect(page).toContain('<th scope="row">Accompaniment reopened</th>');
    for (const outcome of placementOutcomes)
      expect(page).toContain(`<tr data-key="${outcome}"><th scope="row">`);
    expect(page).toContain('<th scope="row">No placement</th><td class="num">0</td>');
    expect(page).toContain('<th scope="row">Further training</th>');
  });

  it.each([
    ['fr', 'masqué'],
    ['ar', 'محجوب'],
    ['en', 'hidden'],
  ] as const)(
    'shows hidden values as «%s»-style marks, explained once, never as "fewer than 5"',
    (lang, mark) => {
      // Act
      const page = governanceDashboardPage(lang, indicatorsOf(), boardOfOriental);

      // Assess
      expect(page).toContain(`<td class="num" data-suppressed="true">${mark}</td>`);
      expect(page).toContain(`<dd class="tile-value" data-suppressed="true">${mark}</dd>`);
      expect(rowsOf(page, 'offer-demand').find((r) => r.key === 'hospitality')?.cells).toEqual([
        '12',
        '0',
        mark,
      ]);
      // The outcomes' total is hidden too (a complementary value): the total row says so.
      expect(page).toMatch(
        new RegExp(
          `<table data-table="outcomes">.*<tfoot><tr data-key="total"><th scope="row">[^<]+</th><td class="num" data-suppressed="true">${mark}</td></tr></tfoot>`,
        ),
      );
      expect(page).toMatch(/id="hidden-note">[^<]*5/);
      // Every hidden value reads the same mark; only the note speaks of the threshold.
      const marks = [...page.matchAll(/data-suppressed="true">([^<]*)</g)].map((m) => m[1]);
      expect(new Set(marks)).toEqual(new Set([mark]));
      const withoutNote = page.replace(/<p class="hint" id="hidden-note">[^<]*<\/p>/, '');
      expect(textOf(withoutNote)).not.toMatch(/<\s*5|moins de 5|fewer than 5|أقل من 5/);
    },
  );

  it('shows totals only where the rows add up, and the headline figures formatted', () => {
    // Act
    const page = governanceDashboardPage('fr', indicatorsOf(), boardOfOriental);
    const tfoot = (id: string) =>
      new RegExp(`<table data-table="${id}">((?!</table>).)*<tfoot>`).test(page.replace(/\n/g, ' '));

    // Assess
    expect(tfoot('monthly')).toBe(true);
    expect(tfoot('breakdown-sex')).toBe(true);
    expect(tfoot('offer-demand')).toBe(true);
    expect(tfoot('funnel')).toBe(false);
    expect(tfoot('retention')).toBe(false);
    expect(tfoot('decent-work')).toBe(false);
    expect(tfoot('breakdown-vulnerability')).toBe(false);
    expect(page).toMatch(
      /data-tile="intakes"><dt>Personnes accueillies<\/dt><dd class="tile-value">42<\/dd>/,
    );
    expect(page).toMatch(/data-tile="placementRate">.*?<dd class="tile-value">54,8\s%<\/dd>/);
    expect(page).toMatch(/data-tile="medianDays">.*?<dd class="tile-value">75 jours<\/dd>/);
    for (const tile of [
      'intakes',
      'placed',
      'placementRate',
      'womenShare',
      'youthShare',
      'retention6',
      'retention12',
      'medianDays',
      'outcomeCompleteness',
      'waitingForCoach',
      'overdueTasks',
    ])
      expect(page).toContain(`data-tile="${tile}"`);
  });

  it('keeps the filters in the form, the export link and the language links', () => {
    // Prepare
    const filters: IndicatorFilters = {
      region: 'ORI',
      province: 'OUJ',
      from: '2026-01',
      to: '2026-03',
      sex: 'F',
      ageBand: '15-24',
    };

    // Act
    const page = governanceDashboardPage('fr', indicatorsOf(filters), boardOfOriental);

    // Assess
    expect(page).toContain('<form method="get" action="/dashboard" role="search"');
    expect(page).toContain('<option value="OUJ" selected>Oujda-Angad</option>');
    expect(page).toContain('<input type="month" id="from" name="from" value="2026-01"');
    expect(page).toContain('<input type="month" id="to" name="to" value="2026-03"');
    expect(page).toContain('<option value="F" selected>Femmes</option>');
    expect(page).toContain('<option value="15-24" selected>15 à 24 ans</option>');
    // Only the provinces of the board's region are offered.
    expect(page).not.toContain('<option value="TNG"');
    expect(page).toContain(
      'href="/dashboard/export.csv?region=ORI&amp;province=OUJ&amp;from=2026-01&amp;to=2026-03&amp;sex=F&amp;ageBand=15-24&amp;lang=fr"',
    );
    expect(page).toContain('href="/dashboard?region=ORI&amp;province=OUJ&amp;from=2026-01');
    expect(page).toContain('hreflang="ar"');
    expect(page).toContain('<a href="/dashboard?lang=fr" data-reset>');
    const scope = /<p class="scope" data-scope>(.*?)<\/p>/.exec(page)?.[1] ?? '';
    expect(textOf(scope)).toContain("L'Oriental — Oujda-Angad");
    expect(textOf(scope)).toContain('De janvier 2026 à mars 2026');
    expect(textOf(scope)).toContain('Femmes · 15 à 24 ans');
  });

  it('offers a national board every region, the regions compared, and provinces grouped by region', () => {
    // Prepare
    const indicators: Indicators = {
      ...indicatorsOf({}),
      regions: tableOf(
        ['intakes', 'placed'],
        [
          ['TTA', n(60), n(20)],
          ['ORI', n(42), n(17)],
        ],
        [n(102), n(37)],
      ),
    };

    // Act
    const page = governanceDashboardPage('ar', indicators, nationalBoard);

    // Assess
    expect(page).toContain('<select id="region" name="region"');
    expect(page).toContain('<optgroup label="الشرق" data-region="ORI">');
    expect(rowsOf(page, 'regions').map((r) => [r.label, ...r.cells])).toEqual([
      ['طنجة - تطوان - الحسيمة', '60', '20'],
      ['الشرق', '42', '17'],
    ]);
    expect(textOf(/<p class="scope" data-scope>(.*?)<\/p>/.exec(page)?.[1] ?? '')).toContain('جميع الجهات');
  });

  it('embeds what the charts draw — the tables’ own figures, hidden ones as gaps — safely', () => {
    // Prepare: a label that would end the script element, if it were not escaped.
    const indicators = indicatorsOf();
    indicators.breakdowns.sector = tableOf(['intakes', 'placed'], [['</script><b>x', n(1), H]], [n(1), H]);

    // Act
    const page = governanceDashboardPage('ar', indicators, boardOfOriental);
    const json =
      /<script type="application\/json" id="dashboard-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    const data = JSON.parse(json) as {
      locale: string;
      hidden: string;
      charts: {
        id: string;
        kind: string;
        categories: string[];
        series: { name: string; values: (number | null)[] }[];
      }[];
    };

    // Assess
    expect(json).not.toContain('</script>');
    expect(data.locale).toBe('ar-MA');
    expect(data.charts.map((c) => c.id)).toEqual(tableIds);
    const monthly = data.charts.find((c) => c.id === 'monthly');
    expect(monthly).toEqual({
      id: 'monthly',
      kind: 'line',
      categories: ['يناير 2026', 'فبراير 2026'],
      series: [
        { name: 'الاستقبال', values: [20, 22] },
        { name: 'الإدماج', values: [7, 10] },
      ],
    });
    expect(data.charts.find((c) => c.id === 'breakdown-ageBand')?.series[1]?.values).toEqual([null, null, 5]);
    expect(data.charts.find((c) => c.id === 'breakdown-sector')?.categories).toEqual(['</script><b>x']);
  });

  it('loads ECharts and the page script from the platform, pinned and with their integrity, under a strict policy', () => {
    // Act
    const page = governanceDashboardPage('fr', indicatorsOf(), boardOfOriental);
    const policy = String(html(200, page, { ownScripts: true }).headers?.['content-security-policy']);
    const other = String(html(200, '').headers?.['content-security-policy']);

    // Assess
    expect(page).toContain(
      `<script src="/assets/echarts.min.js?v=${ECHARTS_VERSION}" integrity="${ECHARTS_INTEGRITY}" defer></script>`,
    );
    expect(page).toMatch(
      new RegExp(
        `<script src="/assets/dashboard\\.js\\?v=[0-9a-f]{12}" integrity="${DASHBOARD_SCRIPT_INTEGRITY.replace(/[+/]/g, '\\$&')}" defer></script>`,
      ),
    );
    expect(page).not.toMatch(/<script src="https?:/);
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*' 'self'; /);
    expect(policy).not.toMatch(/unsafe-inline'[^;]*; style|unsafe-eval|script-src[^;]*https?:/);
    expect(other).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'; /);
  });

  it('prints as an A4 report with the scope and the date on every page, without the form', () => {
    // Act
    const page = governanceDashboardPage('fr', indicatorsOf({ region: 'ORI', sex: 'F' }), boardOfOriental);
    const ar = governanceDashboardPage('ar', indicatorsOf(), boardOfOriental);

    // Assess
    expect(page).toMatch(/@page \{\s*size: A4;\s*margin: [^;]+;/);
    expect(page).toMatch(
      /@top-left \{ content: "Kafaat — Rapport de l’instance de gouvernance — L'Oriental — Depuis le début du programme";/,
    );
    expect(page).toMatch(/@top-right \{ content: "Chiffres du 15 juin 2026[^"]*";/);
    expect(page).toContain('counter(page) " / " counter(pages)');
    expect(page).toMatch(/@media print \{[\s\S]*\.filters-box[^{]*\{ display: none !important; \}/);
    expect(page).toMatch(
      /<div class="print-header" data-print-header>.*L&#39;Oriental.*Femmes.*Chiffres du 15 juin 2026/,
    );
    // Right to left: the scope where the reader starts, on the right.
    expect(ar).toMatch(/@top-right \{ content: "Kafaat — تقرير هيئة الحكامة — الشرق/);
  });

  it('says why filters cannot be applied, keeps what was typed, and links each error to its field', () => {
    // Act
    const page = governanceDashboardPage('en', indicatorsOf({ region: 'ORI' }), boardOfOriental, {
      errors: [{ field: 'from', message: 'Must be a month written YYYY-MM (e.g. "2026-03").' }],
      query: { from: '2026-13', sex: 'M' },
    });

    // Assess
    expect(page).toContain('data-error-summary');
    expect(page).toContain('These filters cannot be applied:');
    expect(page).toContain('<a href="#from">From month: Invalid value.</a>');
    expect(page).toContain('value="2026-13"');
    expect(page).toContain('aria-invalid="true"');
    expect(page).toContain('<option value="M" selected>Men</option>');
  });
});

describe('the dashboard as CSV', () => {
  it('is UTF-8 with a byte order mark and CRLF lines, every table one after another, named in the page’s language', () => {
    // Act
    const { body, fileName } = dashboardCsv('ar', indicatorsOf(), boardOfOriental);

    // Assess
    expect(body.startsWith('\uFEFF')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(body.endsWith('\r\n')).toBe(true);
    expect(fileName).toBe('kafaat-dashboard-ORI-2026-06-15.csv');
    const lines = body.slice(1).split('\r\n');
    expect(lines[0]).toBe('كفاءات — لوحة قيادة هيئة الحكامة');
    expect(lines).toContain('النطاق,الشرق');
    for (const view of dashboardTables('ar', indicatorsOf(), false))
      expect(lines).toContain(csvCell(view.title));
    // The monthly table: its name, its header, its rows, its totals.
    const at = lines.indexOf('الاستقبال والإدماج، شهرا بشهر');
    expect(lines.slice(at, at + 5)).toEqual([
      'الاستقبال والإدماج، شهرا بشهر',
      'الشهر,الاستقبال,الإدماج',
      'يناير 2026,20,7',
      'فبراير 2026,22,10',
      'المجموع,42,17',
    ]);
  });

  it('writes hidden values as the hidden mark, totals as the data gives them, and rates in %', () => {
    // Act
    const lines = dashboardCsv('fr', indicatorsOf(), boardOfOriental).body.slice(1).split('\r\n');

    // Assess
    const at = lines.indexOf('Issues des parcours');
    expect(lines.slice(at, at + 9)).toEqual([
      'Issues des parcours',
      'Issue,Personnes',
      'Emploi salarié,8',
      'TPE,8',
      'Coopérative,masqué',
      'Auto-entrepreneur,0',
      'Formation complémentaire,0',
      'Sans insertion,0',
      'Total,masqué',
    ]);
    expect(lines).toContain('Taux d’insertion (%),54.8');
    expect(lines).toContain('Part des 15–24 ans (%),masqué');
    expect(lines).toContain('Délai médian jusqu’à l’insertion (jours),75');
    expect(lines).toContain('Personnes accueillies,42');
    expect(lines.filter((line) => /moins de 5|<5/.test(line))).toHaveLength(1);
    expect(lines.find((line) => /moins de 5/.test(line))).toMatch(/^"« masqué » : valeur non publiée/);
  });

  it('quotes fields as RFC 4180 says, and neutralises what a spreadsheet would run as a formula', () => {
    // Prepare: a code nothing names, shown as it is, that starts like a formula.
    const indicators = indicatorsOf();
    indicators.breakdowns.sector = tableOf(
      ['intakes', 'placed'],
      [['=HYPERLINK("x")', n(9), n(5)]],
      [n(9), n(5)],
    );

    // Act
    const lines = dashboardCsv('fr', indicators, boardOfOriental).body.split('\r\n');

    // Assess
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const start of ['=', '+', '-', '@', '\t'])
      expect(csvCell(`${start}1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell(-1)).toBe('-1');
    expect(lines).toContain(`"'=HYPERLINK(""x"")",9,5`);
    // A label with commas is one field.
    expect(lines).toContain('"Appui à l’auto-emploi (TPE, coopérative, auto-entrepreneur)",7,masqué');
  });

  it('names a national export and a province in its file name', () => {
    // Assess
    expect(dashboardCsv('en', indicatorsOf({}), nationalBoard).fileName).toBe(
      'kafaat-dashboard-national-2026-06-15.csv',
    );
    expect(
      dashboardCsv('en', indicatorsOf({ region: 'ORI', province: 'NAD' }), boardOfOriental).fileName,
    ).toBe('kafaat-dashboard-ORI-NAD-2026-06-15.csv');
  });
});
