/**
 * The governance dashboard as the board of l'Oriental reads it, in a real browser: six women taken
 * in (two of them placed) in l'Oriental and one person in Tanger-Tétouan-Al Hoceïma, counted through
 * the journey events' stream. The charts are drawn; filtering by sex changes the address and the
 * figures; the CSV the page exports says what the API says; the other region is neither offered
 * nor shown when asked for; Arabic reads right to left (the charts too); printed, the form is gone
 * and the scope and date head the report.
 */
import type { Browser, Page } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../support/browser';
import { seriousViolations } from '../support/accessibility';
import {
  dayFromToday,
  eventually,
  executionArnOf,
  executionEnded,
  intakeWorker,
  openTaskOf,
  postJson,
  signIn,
  startTestPlatform,
  validIntake,
  type TestPlatform,
} from '../support/platform';
import type { Indicators, PublishedCell } from '../../functions/domain/indicators';
import { countOf, dashboardTables } from '../../functions/views/governance-page';
import { provinces } from '../../functions/domain/reference-data';

let platform: TestPlatform;
let browser: Browser;
let intakes = 0;
const screenshots = join(__dirname, '..', '..', '.kafaat', 'screenshots');

/** A new beneficiary of the region (each its own phone); her journey's id. */
async function takeIn(region: 'ORI' | 'TTA', province: string): Promise<string> {
  intakes += 1;
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    {
      ...validIntake,
      firstName: `Nadia${'abcdefghij'[intakes % 10]}`,
      sex: 'F',
      region,
      province,
      phone: `06${String(31_000_000 + intakes * 7919).padStart(8, '0')}`,
      sectorOfInterest: 'agri-food',
    },
    await intakeWorker(platform, region),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { beneficiaryId: string }).beneficiaryId;
}

/** The coach holds the first interview and records a job: the journey ends placed. */
async function place(beneficiaryId: string): Promise<void> {
  const failFast = executionEnded(platform, executionArnOf(platform, beneficiaryId));
  const answer = async (taskType: string, answers: Record<string, unknown>) => {
    const task = await openTaskOf(platform, beneficiaryId, taskType, { failFast });
    const response = await postJson(task.link, answers);
    if (response.status !== 200) throw new Error(`${taskType}: ${response.status} ${await response.text()}`);
  };
  await answer('initial-interview', {
    interviewDate: dayFromToday(0),
    attended: 'yes',
    goals: 'Un emploi stable dans l’agroalimentaire',
    barriers: ['transport'],
    planStep1: 'CV à jour',
    planDate1: dayFromToday(20),
    next: 'placement',
  });
  await answer('placement', { outcome: 'employment', startDate: dayFromToday(2), sector: 'agri-food' });
}

/** The board of l'Oriental's view, as the API gives it. */
async function apiIndicators(query = ''): Promise<Indicators> {
  const board = await signIn(platform, 'governance', 'ORI');
  const response = await fetch(`${platform.urls.app}/api/dashboard/indicators${query}`, {
    headers: board.bearer,
  });
  if (response.status !== 200) throw new Error(`indicators: ${response.status} ${await response.text()}`);
  return (await response.json()) as Indicators;
}

/** A page of the board of l'Oriental (signed in with its session cookie). */
async function boardPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const session = await signIn(platform, 'governance', 'ORI');
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  await context.addCookies([{ name: 'kafaat_session', value: session.token, url: platform.urls.app }]);
  return context.newPage();
}

const tileValue = (page: Page, tile: string) =>
  page.locator(`[data-tile="${tile}"] .tile-value`).textContent();

/** Every chart box of the page has its chart drawn (an SVG, or a canvas). */
async function chartsDrawn(page: Page): Promise<void> {
  await page.waitForSelector('[data-chart][data-drawn="true"]');
  const boxes = await page
    .locator('[data-chart]')
    .evaluateAll((charts) =>
      charts.map((chart) => [
        chart.getAttribute('data-chart'),
        chart.querySelectorAll('svg, canvas').length > 0 && !chart.hasAttribute('hidden'),
      ]),
    );
  expect(boxes.length).toBeGreaterThanOrEqual(12);
  expect(boxes.filter(([, drawn]) => !drawn)).toEqual([]);
}

beforeAll(async () => {
  platform = await startTestPlatform('dashboard-e2e');
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
  // Prepare: six women in l'Oriental, two placed; one person in the other region.
  const oriental = await Promise.all(
    ['OUJ', 'OUJ', 'OUJ', 'NAD', 'NAD', 'NAD'].map((province) => takeIn('ORI', province)),
  );
  await takeIn('TTA', 'TNG');
  await Promise.all(oriental.slice(0, 2).map((id) => place(id)));
  // The counts arrive through the journey events' stream: six intakes, and placements (two: hidden).
  await eventually(
    'the six intakes and the placements on the board of l’Oriental',
    async () => {
      const view = await apiIndicators();
      return countOf(view.headline.intakes) === 6 && 'suppressed' in view.headline.placed ? view : undefined;
    },
    { timeoutMs: 60_000 },
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

test('the board of l’Oriental sees its charts drawn, filters by sex in the address, and its region only', async () => {
  const page = await boardPage({ locale: 'fr-FR' });
  try {
    // Act
    await page.goto(`${platform.urls.app}/dashboard?lang=fr`);

    // Assess: the charts, the figures, no choice of region and no province of the other one.
    await chartsDrawn(page);
    // The time in each stage: its chart (the phases' median days) drawn, its table beside it.
    expect(await page.locator('[data-chart="stage-times"] svg text').allTextContents()).toContain(
      'Attente d’un coach',
    );
    expect(await page.locator('table[data-table="stage-times"] tbody tr').count()).toBe(4);
    expect(await tileValue(page, 'intakes')).toBe('6');
    expect(await tileValue(page, 'placed')).toBe('masqué');
    expect(await page.locator('#region').count()).toBe(0);
    const offered = await page
      .locator('#province option')
      .evaluateAll((o) => o.map((x) => x.getAttribute('value')));
    expect(offered).toEqual(['', ...provinces.filter((p) => p.region === 'ORI').map((p) => p.code)]);
    expect(await page.locator('[data-scope]').textContent()).toContain("L'Oriental");
    expect({ violations: await seriousViolations(page) }).toEqual({ violations: [] });
    await page.screenshot({ path: join(screenshots, 'dashboard-fr.png'), fullPage: true });

    // Act: men only, through the form.
    await page.locator('#sex').selectOption('M');
    await Promise.all([
      page.waitForURL(/sex=M/),
      page.getByRole('button', { name: 'Appliquer les filtres' }).click(),
    ]);

    // Assess: the address carries the filter alone (no empty ones), and the figures changed.
    const url = new URL(page.url());
    expect([...url.searchParams.keys()].sort()).toEqual(['lang', 'sex']);
    expect(await tileValue(page, 'intakes')).toBe('0');
    expect(await page.locator('#sex').inputValue()).toBe('M');
    expect(await page.locator('[data-export="csv"]').getAttribute('href')).toContain('sex=M');
    await chartsDrawn(page);

    // Act: the other region asked for by address.
    await page.goto(`${platform.urls.app}/dashboard?lang=fr&region=TTA`);

    // Assess: still l'Oriental, its figures, nothing of Tanger-Tétouan-Al Hoceïma.
    const scope = (await page.locator('[data-scope]').textContent()) ?? '';
    expect(scope).toContain("L'Oriental");
    expect(scope).not.toContain('Tanger');
    expect(await tileValue(page, 'intakes')).toBe('6');
    expect(await page.locator('main').textContent()).not.toContain('Tanger');
    expect(await page.locator('[data-export="csv"]').getAttribute('href')).toContain('region=ORI');
  } finally {
    await page.context().close();
  }
}, 120_000);

test('the exported CSV says what the API says: the totals of every table, and the headline figures', async () => {
  const page = await boardPage({ locale: 'en-GB' });
  try {
    // Prepare: the women of l'Oriental, in English.
    await page.goto(`${platform.urls.app}/dashboard?lang=en&sex=F`);
    const api = await apiIndicators('?sex=F');

    // Act: the page's own export link, as a download.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-export="csv"]').click(),
    ]);
    const path = await download.path();
    const bytes = readFileSync(path);

    // Assess: UTF-8 with a byte order mark, CRLF, named with the scope and the day.
    expect(download.suggestedFilename()).toMatch(/^kafaat-dashboard-ORI-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines).toContain('Filters applied,Women');
    const shown = (cell: PublishedCell | undefined) => String(countOf(cell) ?? 'hidden');
    expect(lines).toContain(`People taken in,${shown(api.headline.intakes)}`);
    expect(lines).toContain(`People placed,${shown(api.headline.placed)}`);
    expect(lines).toContain(`Waiting for a coach,${shown(api.health.waitingForCoach)}`);
    const withTotals = dashboardTables('en', api, false).filter(
      (view) => view.totals && view.rows.length > 0,
    );
    expect(withTotals.map((view) => view.id)).toEqual(
      expect.arrayContaining([
        'outcomes',
        'monthly',
        'breakdown-sex',
        'breakdown-province',
        'time-to-placement',
      ]),
    );
    for (const view of withTotals) {
      const at = lines.findIndex((line) => line === view.title || line === `"${view.title}"`);
      const total = lines.slice(at).find((line) => line.startsWith('Total,'));
      expect({ table: view.id, total }).toEqual({
        table: view.id,
        total: ['Total', ...(view.totals ?? []).map(shown)].join(','),
      });
    }
    const sex = lines.slice(lines.indexOf('By sex'));
    expect(sex.slice(0, 5)).toEqual([
      'By sex',
      'Sex,Intakes,Placements',
      `Women,6,hidden`,
      'Men,0,0',
      'Total,6,hidden',
    ]);
  } finally {
    await page.context().close();
  }
}, 120_000);

test('in Arabic the page and its charts read right to left, fit a phone, and print as a report', async () => {
  const phone = await boardPage({ locale: 'ar-MA', viewport: { width: 390, height: 844 } });
  try {
    // Act
    await phone.goto(`${platform.urls.app}/dashboard?lang=ar`);

    // Assess: right to left, and the funnel's step names on the right of its bars.
    expect(await phone.getAttribute('html', 'dir')).toBe('rtl');
    await chartsDrawn(phone);
    const funnel = phone.locator('[data-chart="funnel"]');
    const box = await funnel.boundingBox();
    const label = await funnel.locator('svg text', { hasText: 'الاستقبال' }).first().boundingBox();
    expect(box && label && label.x + label.width / 2 > box.x + box.width / 2).toBe(true);
    expect(await phone.locator('[data-chart="funnel"] svg text').allTextContents()).toContain('الاستقبال');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBe(0);
    expect({ violations: await seriousViolations(phone) }).toEqual({ violations: [] });
    await phone.screenshot({ path: join(screenshots, 'dashboard-ar-phone.png'), fullPage: true });

    // Act: the print view.
    await phone.emulateMedia({ media: 'print' });

    // Assess: no form, no navigation; the scope and the date at the top; the charts kept.
    expect(await phone.locator('form[data-filters]').isVisible()).toBe(false);
    expect(await phone.locator('nav.people').isVisible()).toBe(false);
    const header = phone.locator('[data-print-header]');
    expect(await header.isVisible()).toBe(true);
    const headerText = (await header.textContent()) ?? '';
    expect(headerText).toContain('الشرق');
    expect(headerText).toMatch(/أرقام بتاريخ \d+/);
    expect(await phone.locator('[data-chart="monthly"] svg').isVisible()).toBe(true);

    // A4 pages, several of them (the scope and date repeat in each page's margin: @page boxes).
    const pdf = await phone.pdf({ format: 'A4', preferCSSPageSize: true });
    writeFileSync(join(screenshots, 'dashboard-ar.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThan(1);
  } finally {
    await phone.context().close();
  }
}, 120_000);

test('without JavaScript every table is there, and no empty chart box shows', async () => {
  const page = await boardPage({ locale: 'fr-FR', javaScriptEnabled: false });
  try {
    // Act
    await page.goto(`${platform.urls.app}/dashboard?lang=fr`);

    // Assess
    const tables = await page.locator('table[data-table]').count();
    expect(tables).toBeGreaterThanOrEqual(14);
    expect(await page.locator('[data-chart]').count()).toBe(tables);
    for (const chart of await page.locator('[data-chart]').all()) expect(await chart.isVisible()).toBe(false);
    expect(await page.locator('[data-tile="intakes"] .tile-value').textContent()).toBe('6');
    expect(await page.locator('[data-export="csv"]').isVisible()).toBe(true);
  } finally {
    await page.context().close();
  }
}, 60_000);
