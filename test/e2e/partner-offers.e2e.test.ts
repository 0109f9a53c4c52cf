/**
 * A training provider's offers page as the provider lives it, in a real browser, in Arabic on a
 * phone (390 px): right to left, its offers with their seats, a new offer refused with its errors on
 * their fields, then created through the form and listed; no serious accessibility problem, and
 * nothing wider than the screen.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { seriousViolations } from '../support/accessibility';
import { signIn, startTestPlatform, type TestPlatform } from '../support/platform';

let platform: TestPlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startTestPlatform('partner-offers-e2e');
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

/** The provider PRV-TTA-OFPPT (the region's first) on a phone, in Arabic, with its session cookie. */
async function providerPhone(): Promise<Page> {
  const session = await signIn(platform, 'training-provider', 'TTA');
  const context = await browser.newContext({ locale: 'ar-MA', viewport: { width: 390, height: 844 } });
  await context.addCookies([{ name: 'kafaat_session', value: session.token, url: platform.urls.app }]);
  return context.newPage();
}

test('a provider opens its offers in Arabic on a phone and publishes a new one through the form', async () => {
  // Prepare
  const phone = await providerPhone();

  // Act: its home page is its offers.
  await phone.goto(`${platform.urls.app}/?lang=ar`);

  // Assess
  expect(new URL(phone.url()).pathname).toBe('/partner/offers');
  expect(await phone.getAttribute('html', 'dir')).toBe('rtl');
  expect(await phone.locator('h1').textContent()).toBe('عروض التكوين الخاصة بي');
  expect(await phone.locator('li[data-offer="TRN-TNG-LOG"] dl').textContent()).toContain('المقاعد المحجوزة');
  await accessible(phone, 'the offers page (ar)');
  await fitsTheScreen(phone, 'the offers page (ar)');

  // Act: a new offer, sent without its required fields.
  await Promise.all([
    phone.waitForURL(/\/partner\/offers\/new/),
    phone.locator('a[href^="/partner/offers/new"]').click(),
  ]);
  await phone.locator('#title_fr').fill('Couture industrielle');
  await Promise.all([
    phone.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 400),
    phone.locator('main form[method=post] button[type=submit]').click(),
  ]);
  await phone.waitForLoadState('load');

  // Assess: the form again, each error on its field, in Arabic.
  expect(await phone.locator('[data-error-summary]').count()).toBe(1);
  expect(await phone.getAttribute('#title_ar', 'aria-invalid')).toBe('true');
  expect(await phone.locator('#title_ar-error').textContent()).toBe('إلزامي: لا يجوز أن يبقى فارغًا.');
  expect(await phone.locator('#title_fr').inputValue()).toBe('Couture industrielle');
  expect(await phone.getAttribute('html', 'dir')).toBe('rtl');
  await accessible(phone, 'the offer form with its errors (ar)');
  await fitsTheScreen(phone, 'the offer form with its errors (ar)');

  // Act: the form filled in.
  await phone.locator('#title_ar').fill('الخياطة الصناعية');
  await phone.locator('#title_en').fill('Industrial sewing');
  await phone.locator('#province').selectOption('TET');
  await phone.locator('#sector').selectOption('industry');
  await phone.locator('#occupation').fill('Opératrice de couture');
  await phone.locator('#start_date').fill('2027-10-04');
  await phone.locator('#end_date').fill('2028-01-28');
  await phone.locator('#duration_hours').fill('360');
  await phone.locator('#seats').fill('14');
  await phone.locator('#cost_mad').fill('0');
  await phone.locator('input[name=language][value=ar]').check();
  await phone.locator('input[name=language][value=fr]').check();
  await phone.locator('#place').fill('تطوان، المنطقة الصناعية');
  await phone.locator('#leads_to').selectOption('wage-employment');
  await phone.locator('input[name=tracks][value=training-first]').check();
  await Promise.all([
    phone.waitForURL(/notice=created/),
    phone.locator('main form[method=post] button[type=submit]').click(),
  ]);

  // Assess: back on the list, with the notice and the new offer's card in Arabic.
  expect(new URL(phone.url()).pathname).toBe('/partner/offers');
  expect(await phone.locator('p[role=status]').textContent()).toBe('نُشر العرض في الدليل.');
  const card = phone.locator('li[data-offer]', { hasText: 'الخياطة الصناعية' });
  expect(await card.count()).toBe(1);
  expect(await card.locator('dl').textContent()).toContain('14');
  expect(await phone.getAttribute('html', 'dir')).toBe('rtl');
  await accessible(phone, 'the offers page after publishing (ar)');
  await fitsTheScreen(phone, 'the offers page after publishing (ar)');

  // The edit form opens from the card, filled in.
  await Promise.all([phone.waitForURL(/\/partner\/offers\/TRN-/), card.locator('a.edit-link').click()]);
  expect(await phone.locator('#seats').inputValue()).toBe('14');
  expect(await phone.locator('input[name=language][value=ar]').isChecked()).toBe(true);
  await accessible(phone, 'the edit form (ar)');
  await fitsTheScreen(phone, 'the edit form (ar)');
});
