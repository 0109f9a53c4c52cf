/**
 * Disclosure control, attacked on what is actually published: GET /api/dashboard/summary (the
 * national board's and each region's board's), GET /api/dashboard/indicators (national and a
 * region's board, several filters) and the CSV export, read over HTTP from the local platform.
 * Every published table becomes linear equations (a list and its total, the same count published
 * in several tables of a view — the headline, the funnel, each breakdown's total —, a region's
 * summary beside the national one); an attacker written here, independent of
 * functions/domain/disclosure.ts (Gauss-Jordan elimination over the hidden values), must recover
 * none. The same attacker recovers hidden cells from the same figures published with their small
 * cells hidden and nothing else (no complementary hiding): it is strong enough to matter.
 *
 * The counters are loaded straight into the aggregates table (through DynamoDB Local), computed by
 * the consumer's own functions from a synthetic cohort's events: this tests the publication, not
 * the counting (test/integration/indicators.test.ts and aggregates.test.ts test that).
 *
 * Scope (README, "Disclosure control"): views with different filters (a region's board beside the
 * national view, sex F beside all, one month beside a period) are each attacked on their own and
 * with the view that repeats them exactly; differencing two different filters is a known limit.
 */
import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { stampMove } from '../../functions/commons/counters-stamp';
import { signIn, startTestPlatform, type TestPlatform } from '../support/platform';
import { journeyEvent, type JourneyEvent } from '../../functions/domain/journey-events';
import {
  countedIndicatorKeys,
  viewCounts,
  type IndicatorFilters,
  type Indicators,
  type IndicatorTable,
} from '../../functions/domain/indicators';
import { buildIndicators, type IndicatorReading } from '../../functions/domain/indicator-tables';
import {
  counterItem,
  countersFor,
  summarize,
  type Counter,
  type PublishedSummary,
} from '../../functions/domain/aggregates';
import type { PublishedCell } from '../../functions/domain/disclosure';
import { placementOutcomes } from '../../functions/domain/placement';
import { stages } from '../../functions/domain/journey-events';
import { regions } from '../../functions/domain/reference-data';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('disclosure-attack');
});

afterAll(async () => {
  await platform?.stop();
});

// ------------------------------------------------------------------------------------------------
// The cohort: many small cells (a small region, rare outcomes and reasons, a few long waits).

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(511);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;

function cohort(): JourneyEvent[] {
  const events: JourneyEvent[] = [];
  for (let i = 0; i < 90; i += 1) {
    const region = i % 4 === 0 ? 'ORI' : 'TTA';
    const dimensions = {
      region,
      province: region === 'TTA' ? pick(['TNG', 'TNG', 'TET', 'LAR']) : pick(['OUJ', 'NAD']),
      sex: pick(['F', 'F', 'M'] as const),
      ageBand: pick(['18-24', '18-24', '25-34', '35-44'] as const),
      educationLevel: pick(['primary', 'baccalaureate', 'none']),
      sector: pick(['logistics', 'hospitality', 'agriculture']),
    };
    const id = `attack-${i}`;
    const at = (month: string, day = 15) =>
      new Date(`2026-${month}-${String(day).padStart(2, '0')}T10:00:00Z`);
    const intake = pick(['09', '10']);
    events.push(
      journeyEvent(id, 'intake', dimensions, at(intake, 2), {
        vulnerability: pick([[], ['single-parent'], ['disability']]),
        track: pick(['training-first', 'direct-placement']),
      }),
      {
        ...journeyEvent(id, 'coach-assigned', dimensions, at(intake, 20)),
        leftPhase: 'waiting-for-coach',
        daysInPhase: random() < 0.1 ? 40 : Math.floor(random() * 20),
      },
    );
    const end = random();
    if (end < 0.55) {
      events.push({
        ...journeyEvent(id, 'placed', dimensions, at('11'), {
          outcome: pick([
            'employment',
            'employment',
            'employment',
            'tpe',
            'cooperative',
            'auto-entrepreneur',
          ]),
          work: {
            cnssDeclared: pick(['yes', 'yes', 'no'] as const),
            workingTime: pick(['full-time', 'part-time']),
            incomeBand: pick(['2000-3499', '3500-4999', 'under-2000']),
          },
          daysToPlacement: 40 + Math.floor(random() * 80),
        }),
        leftPhase: 'coaching',
        daysInPhase: 20 + Math.floor(random() * 90),
      });
    } else if (end < 0.65) {
      events.push(
        journeyEvent(id, 'not-placed', dimensions, at('11'), { outcome: 'no-placement', reason: 'other' }),
      );
    } else {
      events.push(
        journeyEvent(id, 'dropout', dimensions, at('11'), {
          reason: pick(['health', 'moved-away', 'found-work-alone']),
        }),
      );
    }
  }
  return events;
}

const events = cohort();

/** Every counter the consumer would keep for these events (its own functions), with its count. */
function countersOf(list: readonly JourneyEvent[]): Map<string, Counter> {
  const counters = new Map<string, Counter>();
  for (const event of list) {
    for (const key of [...countersFor(event), ...countedIndicatorKeys(event)]) {
      const id = `${key.pk}|${key.sk}`;
      const counter = counters.get(id) ?? { pk: key.pk as Counter['pk'], sk: key.sk, count: 0 };
      counter.count += 1;
      counters.set(id, counter);
    }
  }
  return counters;
}
const counters = countersOf(events);

// ------------------------------------------------------------------------------------------------
// The attacker: unknowns are the hidden values; equations say what adds up to what.

class Attack {
  /** Every value a publication gave, by name. */
  readonly known = new Map<string, number>();
  /** Every name some publication hid. */
  readonly hidden = new Set<string>();
  readonly equations: { parts: string[]; total: string }[] = [];
  /** Names published with two different values (a publication contradicting another). */
  readonly contradictions: string[] = [];

  see(name: string, cell: PublishedCell | number | null | undefined): void {
    if (cell === undefined) return;
    const value =
      cell === null ? undefined : typeof cell === 'number' ? cell : 'count' in cell ? cell.count : undefined;
    if (value === undefined) {
      this.hidden.add(name);
      return;
    }
    const before = this.known.get(name);
    if (before !== undefined && before !== value) this.contradictions.push(`${name}: ${before} and ${value}`);
    this.known.set(name, value);
  }

  sum(parts: string[], total: string): void {
    this.equations.push({ parts, total });
  }

  /** The hidden values the published ones fix exactly: published elsewhere, or solved for. */
  recovered(): Map<string, number> {
    const found = new Map<string, number>();
    for (const name of this.hidden) {
      const value = this.known.get(name);
      if (value !== undefined) found.set(name, value);
    }
    const unknowns = [...new Set(this.equations.flatMap((e) => [...e.parts, e.total]))].filter(
      (name) => !this.known.has(name),
    );
    const index = new Map(unknowns.map((name, i) => [name, i]));
    // Each equation: Σ parts − total = 0, the known values moved to the constant.
    const rows = this.equations.map(({ parts, total }) => {
      const row = new Array<number>(unknowns.length + 1).fill(0);
      for (const [name, sign] of [...parts.map((p) => [p, 1] as const), [total, -1] as const]) {
        const known = this.known.get(name);
        if (known !== undefined) row[unknowns.length] = (row[unknowns.length] ?? 0) - sign * known;
        else {
          const i = index.get(name) ?? -1;
          row[i] = (row[i] ?? 0) + sign;
        }
      }
      return row;
    });
    const epsilon = 1e-9;
    let pivotRow = 0;
    for (let column = 0; column < unknowns.length && pivotRow < rows.length; column += 1) {
      let best = -1;
      for (let r = pivotRow; r < rows.length; r += 1)
        if (
          Math.abs(rows[r]?.[column] ?? 0) > epsilon &&
          (best < 0 || Math.abs(rows[r]?.[column] ?? 0) > Math.abs(rows[best]?.[column] ?? 0))
        )
          best = r;
      if (best < 0) continue;
      const pivot = rows[best] as number[];
      rows[best] = rows[pivotRow] as number[];
      rows[pivotRow] = pivot;
      const scale = pivot[column] ?? 1;
      for (let c = 0; c < pivot.length; c += 1) pivot[c] = (pivot[c] ?? 0) / scale;
      for (const row of rows) {
        const factor = row[column] ?? 0;
        if (row === pivot || Math.abs(factor) <= epsilon) continue;
        for (let c = 0; c < row.length; c += 1) row[c] = (row[c] ?? 0) - factor * (pivot[c] ?? 0);
      }
      pivotRow += 1;
    }
    for (const row of rows) {
      const nonZero = unknowns.flatMap((_, i) => (Math.abs(row[i] ?? 0) > epsilon ? [i] : []));
      if (nonZero.length !== 1) continue;
      const i = nonZero[0] ?? 0;
      const name = unknowns[i] ?? '';
      if (this.hidden.has(name)) found.set(name, Math.round((row[unknowns.length] ?? 0) / (row[i] ?? 1)));
    }
    return found;
  }
}

// ------------------------------------------------------------------------------------------------
// Publications as equations.

/** The summary: per stage and outcome, the regions add up to the totals; per region, the placed outcomes to its placements. */
function summaryEquations(attack: Attack, summary: PublishedSummary, national: boolean): void {
  const name = (scope: string, kind: string, key: string) => `summary|${scope}|${kind}|${key}`;
  for (const region of summary.byRegion) {
    for (const stage of stages) attack.see(name(region.region, 'stage', stage), region.stages[stage]);
    for (const outcome of placementOutcomes)
      attack.see(name(region.region, 'outcome', outcome), region.outcomes[outcome]);
  }
  // A region's board: its totals are its region's counts.
  const totalScope = national ? 'total' : (summary.byRegion[0]?.region ?? 'total');
  for (const stage of stages) attack.see(name(totalScope, 'stage', stage), summary.totals.stages[stage]);
  for (const outcome of placementOutcomes)
    attack.see(name(totalScope, 'outcome', outcome), summary.totals.outcomes[outcome]);
  if (!national) return;
  const scopes = summary.byRegion.map((r) => r.region);
  for (const stage of stages)
    attack.sum(
      scopes.map((r) => name(r, 'stage', stage)),
      name('total', 'stage', stage),
    );
  for (const outcome of placementOutcomes)
    attack.sum(
      scopes.map((r) => name(r, 'outcome', outcome)),
      name('total', 'outcome', outcome),
    );
  for (const scope of [...scopes, 'total']) {
    attack.sum(
      placementOutcomes.filter((o) => o !== 'no-placement').map((o) => name(scope, 'outcome', o)),
      name(scope, 'stage', 'placed'),
    );
    attack.sum([name(scope, 'outcome', 'no-placement')], name(scope, 'stage', 'not-placed'));
  }
}

/** A view's name: its filters, whoever asked (a region's board and a national view of that region are one view). */
const viewOf = (filters: IndicatorFilters) =>
  (['region', 'province', 'from', 'to', 'sex', 'ageBand'] as const)
    .map((k) => `${k}=${filters[k] ?? ''}`)
    .join('&');

/** A list (one column of a table) and its total, when published. */
function listEquations(
  attack: Attack,
  table: IndicatorTable,
  column: number,
  cellName: (key: string) => string,
  totalName?: string,
): void {
  for (const row of table.rows) attack.see(cellName(row.key), row.cells[column]);
  if (totalName === undefined) return;
  attack.see(totalName, table.columnTotals[column]);
  attack.sum(
    table.rows.map((row) => cellName(row.key)),
    totalName,
  );
}

/** Every table of a view: the same count in several tables has one name (the view's intakes, placements). */
function indicatorEquations(attack: Attack, published: Indicators): void {
  const v = viewOf(published.filters);
  const n = (what: string) => `ind|${v}|${what}`;
  const measure = (column: string) => n(column === 'intakes' ? 'intakes' : 'placed');
  attack.see(n('intakes'), published.headline.intakes);
  attack.see(n('placed'), published.headline.placed);
  for (const row of published.funnel.rows)
    attack.see(row.key === 'intake' ? n('intakes') : n(`reached#${row.key}`), row.cells[0]);
  listEquations(attack, published.outcomes, 0, (k) => n(`outcome#${k}`), n('outcomes'));
  listEquations(attack, published.dropouts, 0, (k) => n(`dropout#${k}`), n('dropouts'));
  published.monthly.columns.forEach((column, i) =>
    listEquations(attack, published.monthly, i, (k) => n(`month#${k}#${column}`), measure(column)),
  );
  for (const [dimension, table] of Object.entries(published.breakdowns)) {
    table.columns.forEach((column, i) =>
      listEquations(
        attack,
        table,
        i,
        (k) => n(`by#${dimension}#${k}#${column}`),
        // A breakdown adds up to its own total (the events that carry the dimension: a placement
        // may carry no track); the vulnerability factors (several a person) add up to nothing.
        dimension === 'vulnerability' ? undefined : n(`by#${dimension}#total#${column}`),
      ),
    );
    if (dimension === 'vulnerability')
      table.columns.forEach((column, i) => attack.see(measure(column), table.columnTotals[i]));
  }
  if (published.regions)
    published.regions.columns.forEach((column, i) =>
      listEquations(
        attack,
        published.regions as IndicatorTable,
        i,
        (k) => n(`region#${k}#${column}`),
        measure(column),
      ),
    );
  published.retention.columns.forEach((column, i) =>
    listEquations(attack, published.retention, i, (k) => n(`${column}#${k}`)),
  );
  // Decent work: each group (CNSS, working time, income) adds up to a count not published.
  const groups = [['cnss-'], ['full-time', 'part-time'], ['income-']];
  for (const [g, prefixes] of groups.entries()) {
    const rows = published.decentWork.rows.filter((r) => prefixes.some((p) => r.key.startsWith(p)));
    for (const row of rows) attack.see(n(`decent#${row.key}`), row.cells[0]);
    attack.sum(
      rows.map((r) => n(`decent#${r.key}`)),
      n(`decent-group#${g}`),
    );
  }
  attack.see(n('placed'), published.decentWork.columnTotals[0]);
  listEquations(attack, published.timeToPlacement, 0, (k) => n(`ttp#${k}`), n('ttp'));
  listEquations(attack, published.offerDemand, 2, (k) => n(`aspirations#${k}`), n('aspirations'));
  for (const row of published.stageTimes?.rows ?? []) {
    row.cells.forEach((cell, i) =>
      attack.see(n(`phase#${row.key}#${published.stageTimes?.columns[i]}`), cell),
    );
    attack.see(n(`phase#${row.key}`), row.total);
    attack.sum(
      (published.stageTimes?.columns ?? []).map((step) => n(`phase#${row.key}#${step}`)),
      n(`phase#${row.key}`),
    );
  }
  attack.see(n('waiting'), published.health.waitingForCoach);
  attack.see(n('overdue'), published.health.overdueTasks);
}

/** A CSV export's tables: each with a Total line adds up by column; the time in each stage by row. */
function csvEquations(attack: Attack, csv: string, scope: string): number {
  const hiddenMark = 'hidden';
  const blocks = csv
    .replace(/^\uFEFF/, '')
    .split('\r\n\r\n')
    .slice(1);
  let tables = 0;
  for (const block of blocks) {
    const lines = block.split('\r\n').filter((l) => l !== '');
    const title = lines[0] ?? '';
    const header = (lines[1] ?? '').split(',');
    // Its rows: a label, then counts or the hidden mark (a note under the table is not a row).
    const body = lines
      .slice(2)
      .filter((l) => l.split(',').length === header.length)
      .filter((l) =>
        l
          .split(',')
          .slice(1)
          .every((text) => text === hiddenMark || /^\d+(\.\d+)?$/.test(text)),
      );
    if (header.length < 2 || body.length === 0) continue;
    tables += 1;
    const cells = body.map((l) => l.split(','));
    const name = (row: string, column: number) => `csv|${scope}|${title}|${row}|${header[column]}`;
    const value = (text: string) => (text === hiddenMark ? null : Number(text));
    for (const row of cells)
      for (let c = 1; c < row.length; c += 1) attack.see(name(row[0] ?? '', c), value(row[c] ?? ''));
    const total = cells.find((row) => row[0] === 'Total');
    if (total) {
      for (let c = 1; c < header.length; c += 1)
        attack.sum(
          cells.filter((row) => row !== total).map((row) => name(row[0] ?? '', c)),
          name('Total', c),
        );
    }
    if (title.startsWith('Time in each stage')) {
      const journeys = header.indexOf('Journeys');
      for (const row of cells)
        attack.sum(
          header.slice(1, journeys).map((_, i) => name(row[0] ?? '', i + 1)),
          name(row[0] ?? '', journeys),
        );
    }
  }
  return tables;
}

// ------------------------------------------------------------------------------------------------

async function get(path: string, role: string, region: string, as: 'bearer' | 'cookie' = 'bearer') {
  const session = await signIn(platform, role, region);
  const response = await fetch(`${platform.urls.app}${path}`, { headers: session[as] });
  expect([path, response.status]).toEqual([path, 200]);
  return response;
}

const views: [query: string, region: string][] = [
  ['', 'national'],
  ['?sex=F', 'national'],
  ['?ageBand=35%2B', 'national'],
  ['?from=2026-11&to=2026-11', 'national'],
  ['?region=ORI', 'national'],
  ['', 'ORI'],
  ['?sex=M', 'ORI'],
  ['?province=TET', 'TTA'],
];

test('no hidden value of the published summary, indicators or CSV is recovered by solving their equations', async () => {
  // Prepare: the counters, loaded into the aggregates table.
  const items = [...counters.values()].map(counterItem);
  for (let i = 0; i < items.length; i += 25) {
    await platform.db.send(
      new BatchWriteCommand({
        RequestItems: {
          [platform.tableNames.aggregates]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
  // As every writer of counters does: the dashboards compute their views again.
  await platform.db.send(new UpdateCommand(stampMove(platform.tableNames.aggregates, new Date())));
  const attack = new Attack();

  // Act: read every publication as a reader would, and write its equations.
  for (const region of ['national', 'ORI', 'TTA']) {
    const summary = (await (
      await get('/api/dashboard/summary', 'governance', region)
    ).json()) as PublishedSummary;
    // The foundation's shape: every key present, a number or null.
    expect(Object.keys(summary.totals.stages).sort()).toEqual([...stages].sort());
    expect(summary.hidden.length).toBeGreaterThan(0);
    summaryEquations(attack, summary, region === 'national');
  }
  const published: Indicators[] = [];
  for (const [query, region] of views) {
    const body = (await (
      await get(`/api/dashboard/indicators${query}`, 'governance', region)
    ).json()) as Indicators;
    published.push(body);
    indicatorEquations(attack, body);
  }
  let csvTables = 0;
  for (const [query, region] of [
    ['?lang=en', 'national'],
    ['?lang=en&sex=F', 'national'],
    ['?lang=en', 'ORI'],
  ] as const) {
    const csv = await (await get(`/dashboard/export.csv${query}`, 'governance', region, 'cookie')).text();
    csvTables += csvEquations(attack, csv, `${region}${query}`);
  }

  // Assess: there were hidden values to attack, in every kind of publication…
  const hidden = [...attack.hidden];
  expect(hidden.filter((n) => n.startsWith('summary|')).length).toBeGreaterThanOrEqual(5);
  expect(hidden.filter((n) => n.startsWith('ind|')).length).toBeGreaterThanOrEqual(20);
  expect(hidden.filter((n) => n.startsWith('csv|')).length).toBeGreaterThanOrEqual(10);
  expect(hidden.some((n) => n.includes('|phase#'))).toBe(true);
  expect(csvTables).toBeGreaterThanOrEqual(30);
  expect(published.find((p) => p.filters.region === undefined)?.regions).toBeDefined();
  // …the publications agree where they repeat a count (the national view of ORI and ORI's board)…
  expect(attack.contradictions).toEqual([]);
  // …and none of them comes back.
  expect(Object.fromEntries(attack.recovered())).toEqual({});
}, 180_000);

test('the same attacker recovers hidden values when only the small cells are hidden (no complements)', () => {
  // Prepare: the same counts, published with their values from 1 to 4 hidden and nothing else.
  const raw = summarize(
    [...counters.values()].filter((c) => c.pk === 'total' || c.pk === 'region'),
    new Date(),
  );
  const small = (count: number) => (count > 0 && count < 5 ? null : count);
  const naive: PublishedSummary = {
    ...raw,
    totals: {
      stages: Object.fromEntries(
        Object.entries(raw.totals.stages).map(([k, v]) => [k, small(v)]),
      ) as PublishedSummary['totals']['stages'],
      outcomes: Object.fromEntries(
        Object.entries(raw.totals.outcomes).map(([k, v]) => [k, small(v)]),
      ) as PublishedSummary['totals']['outcomes'],
    },
    byRegion: raw.byRegion.map((r) => ({
      ...r,
      stages: Object.fromEntries(
        Object.entries(r.stages).map(([k, v]) => [k, small(v)]),
      ) as PublishedSummary['totals']['stages'],
      outcomes: Object.fromEntries(
        Object.entries(r.outcomes).map(([k, v]) => [k, small(v)]),
      ) as PublishedSummary['totals']['outcomes'],
    })),
    hidden: [],
  };
  // The indicators of the national view, built with no hiding, then their small cells hidden.
  const reading: IndicatorReading = {
    cells: regions.flatMap((r) =>
      ['2026-09', '2026-10', '2026-11'].map((month) => ({
        region: r.code,
        month,
        counts: viewCounts(
          [...counters.values()].filter((c) => c.pk === `ind#${r.code}#${month}`),
          {},
        ),
      })),
    ),
    offerDemand: [...counters.values()].filter((c) => c.pk === 'offerDemand'),
    waitingForCoach: 0,
    overdueTasks: 0,
  };
  const open = buildIndicators(reading, {}, 1, new Date());
  const hideSmall = (cell: PublishedCell): PublishedCell =>
    'count' in cell && cell.count > 0 && cell.count < 5 ? { suppressed: true } : cell;
  const hideTable = <T extends IndicatorTable>(table: T): T => ({
    ...table,
    rows: table.rows.map((row) => ({ ...row, cells: row.cells.map(hideSmall) })),
    columnTotals: table.columnTotals.map(hideSmall),
  });
  const naiveIndicators: Indicators = {
    ...open,
    outcomes: hideTable(open.outcomes),
    dropouts: hideTable(open.dropouts),
    breakdowns: Object.fromEntries(Object.entries(open.breakdowns).map(([k, t]) => [k, hideTable(t)])),
    timeToPlacement: hideTable(open.timeToPlacement),
  };

  // Act
  const summaryAttack = new Attack();
  summaryEquations(summaryAttack, naive, true);
  const indicatorAttack = new Attack();
  indicatorEquations(indicatorAttack, naiveIndicators);

  // Assess: hidden values recovered, each its true value.
  const fromSummary = summaryAttack.recovered();
  expect(fromSummary.size).toBeGreaterThan(0);
  for (const [name, value] of fromSummary) {
    const [, scope, kind, key] = name.split('|');
    const counts = scope === 'total' ? raw.totals : raw.byRegion.find((r) => r.region === scope);
    const truth =
      kind === 'stage'
        ? counts?.stages[key as (typeof stages)[number]]
        : counts?.outcomes[key as (typeof placementOutcomes)[number]];
    expect([name, value]).toEqual([name, truth]);
  }
  const fromIndicators = indicatorAttack.recovered();
  expect(fromIndicators.size).toBeGreaterThan(0);
  const truth = (name: string): number | undefined => {
    const fact = name.split('|')[2] ?? '';
    const [kind, key] = fact.split('#');
    if (kind === 'outcome') return events.filter((e) => e.outcome === key).length;
    if (kind === 'dropout') return events.filter((e) => e.stage === 'dropout' && e.reason === key).length;
    if (kind === 'ttp') return undefined;
    return undefined;
  };
  for (const [name, value] of fromIndicators) {
    const expected = truth(name);
    if (expected !== undefined) expect([name, value]).toEqual([name, expected]);
  }
});
