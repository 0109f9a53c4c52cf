/**
 * The public training catalogue as a visitor lives it, in a real browser, in Arabic on a phone
 * (390 px): right to left, a search made with the form shows in the address (so it can be shared),
 * the next page, an empty search; no serious accessibility problem, and nothing wider than the screen.
 */
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../support/browser';
import { seriousViolations } from '../support/accessibility';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const fileOffers = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'data', 'training-offers.json'), 'utf8')) as {
    offers: { offerId: string; region: string; title: { ar: string } }[];
  }
).offers;

let platform: TestPlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startTestPlatform('catalogue-e2e');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function accessible(page: Page, what: string): Promise<void> {
  expect({ what, violations: await seriousViolations(page) }).toEqual({ what, violations: [] });
}

async function fitsTheScreen(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect({ what, overflow }).toEqual({ what, overflow: 0 });
}

const shownOffers = (page: Page) =>
  page.locator('li[data-offer]').evaluateAll((items) => items.map((li) => li.getAttribute('data-offer')));

test('a visitor searches the catalogue in Arabic on a phone, and the search is in the address', async () => {
  // Prepare
  const phone = await (
    await browser.newContext({ locale: 'ar-MA', viewport: { width: 390, height: 844 } })
  ).newPage();

  // Act: the catalogue, without a session.
  await phone.goto(`${platform.urls.app}/catalogue?lang=ar`);

  // Assess
  expect(await phone.getAttribute('html', 'dir')).toBe('rtl');
  expect(await phone.locator('h1').textContent()).toBe('دليل التكوينات');
  await accessible(phone, 'the catalogue (ar)');
  await fitsTheScreen(phone, 'the catalogue (ar)');

  // Act: the region of l'Oriental, open seats only, through the form.
  await phone.locator('#region').selectOption('ORI');
  await phone.locator('#openSeats').check();
  await Promise.all([phone.waitForURL(/region=ORI/), phone.locator('form[role=search] button').click()]);

  // Assess
  const url = new URL(phone.url());
  expect(url.pathname).toBe('/catalogue');
  expect(url.searchParams.get('region')).toBe('ORI');
  expect(url.searchParams.get('openSeats')).toBe('true');
  expect(url.searchParams.get('lang')).toBe('ar');
  const inOriental = fileOffers.filter((o) => o.region === 'ORI');
  expect(await shownOffers(phone)).toEqual(inOriental.map((o) => o.offerId).sort());
  expect(await phone.locator('main').textContent()).toContain(inOriental[0]?.title.ar);
  expect(await phone.locator('#region').inputValue()).toBe('ORI');
  expect(await phone.locator('#openSeats').isChecked()).toBe(true);
  expect(await phone.getAttribute('html', 'dir')).toBe('rtl');
  await accessible(phone, 'a search (ar)');
  await fitsTheScreen(phone, 'a search (ar)');

  // The shared address opens the same search in another browser.
  const other = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await other.goto(url.toString());
  expect(await shownOffers(other)).toEqual(await shownOffers(phone));
});

test('pages follow one another, and a search with no offer says so', async () => {
  // Prepare
  const phone = await (
    await browser.newContext({ locale: 'ar-MA', viewport: { width: 390, height: 844 } })
  ).newPage();
  await phone.goto(`${platform.urls.app}/catalogue?lang=ar&region=TTA&limit=4`);
  const first = await shownOffers(phone);

  // Act
  await Promise.all([phone.waitForURL(/next=/), phone.locator('a[rel=next]').click()]);

  // Assess
  const second = await shownOffers(phone);
  expect(first).toHaveLength(4);
  expect(second.length).toBeGreaterThan(0);
  expect(second.filter((id) => first.includes(id))).toEqual([]);
  expect(new URL(phone.url()).searchParams.get('region')).toBe('TTA');
  await accessible(phone, 'a second page (ar)');

  // Act: a sector no offer of the region has.
  await phone.goto(`${platform.urls.app}/catalogue?lang=ar`);
  await phone.locator('#region').selectOption('TTA');
  await phone.locator('#sector').selectOption('agriculture');
  await Promise.all([
    phone.waitForURL(/sector=agriculture/),
    phone.locator('form[role=search] button').click(),
  ]);

  // Assess
  expect(await phone.locator('[data-empty]').count()).toBe(1);
  await accessible(phone, 'an empty search (ar)');
  await fitsTheScreen(phone, 'an empty search (ar)');
});
