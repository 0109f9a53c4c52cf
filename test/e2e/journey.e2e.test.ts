/**
 * The journey as its users see it, in a real browser: an intake worker fills the French form, the
 * coach opens the emailed link and fills the interview; a board member reads the dashboard in Arabic.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import {
  executionArnOf,
  executionEnded,
  signIn,
  startTestPlatform,
  waitForTaskLink,
  type TestPlatform,
} from '../support/platform';
import { LOCAL_PEOPLE_PASSWORD } from '../../functions/domain/people';

let platform: TestPlatform;
let browser: Browser;
let page: Page;
const screenshots = join(__dirname, '..', '..', '.kafaat', 'screenshots');

beforeAll(async () => {
  platform = await startTestPlatform('e2e');
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'fr-FR' });
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** A page of a browser signed in (through the dev sign-in's token) as that seeded person. */
async function pageSignedInAs(role: string, region: string, options: Parameters<Browser['newPage']>[0] = {}) {
  const session = await signIn(platform, role, region);
  const context = await browser.newContext(options);
  await context.addCookies([{ name: 'kafaat_session', value: session.token, url: platform.urls.app }]);
  return context.newPage();
}

test('an intake worker signs in, fills the form; the coach completes the interview from the emailed link', async () => {
  // Signing in: the form page sends a visitor to the sign-in page, and back once signed in.
  await page.goto(`${platform.urls.app}/intake`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.getByLabel('Identifiant').fill('intake-asso-tng-1');
  await page.getByLabel('Mot de passe').fill('not the password');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForSelector('.errors');
  expect(await page.locator('.errors').textContent()).toContain('Identifiant ou mot de passe incorrect');
  await page.getByLabel('Mot de passe').fill(LOCAL_PEOPLE_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/intake$/);
  expect(await page.getAttribute('html', 'lang')).toBe('fr');
  expect(await page.locator('nav.people').textContent()).toContain('Accueil Association Al Amal Tanger');

  // A form sent incomplete comes back with the errors and what was typed.
  await page.getByLabel('Prénom *').fill('Amina');
  await page.getByRole('button', { name: 'Enregistrer et démarrer le parcours' }).click();
  await page.waitForSelector('.errors');
  expect(await page.getByLabel('Prénom *').inputValue()).toBe('Amina');
  expect(await page.locator('#lastName-error').textContent()).toBe('Ce champ est obligatoire.');
  await page.screenshot({ path: join(screenshots, 'intake-errors-fr.png'), fullPage: true });

  await page.getByLabel('Nom *', { exact: true }).fill('Tazi');
  await page.getByLabel('Femme').check();
  await page.getByLabel('Année de naissance *').fill('1999');
  await page.getByLabel('Région *').selectOption('TTA');
  await page.getByLabel('Province ou préfecture *').selectOption('TET');
  await page.getByLabel('Téléphone').fill('+212 6 12 34 56 78');
  await page.getByLabel('Niveau d’études *').selectOption('vocational');
  await page.locator('#consent').check();
  await page.getByRole('button', { name: 'Enregistrer et démarrer le parcours' }).click();
  await page.waitForSelector('text=Parcours démarré');
  const beneficiaryId = (await page.locator('code').textContent()) ?? '';
  expect(beneficiaryId).toMatch(/^[0-9a-f-]{36}$/);

  const link = await waitForTaskLink(
    platform,
    'samira.benali@coaches.kafaat.example',
    'Amina',
    executionEnded(platform, executionArnOf(platform, beneficiaryId)),
  );
  await page.goto(link);
  expect(await page.locator('h1').textContent()).toBe('Premier entretien');
  await page.getByLabel('Date de l’entretien *').fill('2026-11-20');
  await page.locator('#attended-yes').check();
  await page.locator('#goals').fill('Un emploi stable');
  await page.locator('#planStep1').fill('CV à jour');
  await page.locator('#planDate1').fill('2026-12-15');
  await page.locator('#next-placement').check();
  await page.screenshot({ path: join(screenshots, 'task-interview-fr.png'), fullPage: true });
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.waitForSelector('text=Merci, c’est enregistré');

  // Reopening the link says the task is done; nothing more can be submitted.
  await page.goto(link);
  expect(await page.locator('h1').textContent()).toBe('Tâche déjà terminée');
  expect(await page.locator('form').count()).toBe(0);
});

test('the dashboard reads right to left in Arabic, and switches language from its header', async () => {
  // The intake worker's role does not reach the dashboard: refused, in their language.
  const refused = await page.goto(`${platform.urls.app}/dashboard`);
  expect(refused?.status()).toBe(403);
  const board = await pageSignedInAs('governance', 'TTA');
  await board.goto(`${platform.urls.app}/dashboard?lang=ar`);
  expect(await board.getAttribute('html', 'dir')).toBe('rtl');
  expect(await board.locator('h1').textContent()).toBe('لوحة قيادة الهيئة الجهوية');
  await board.screenshot({ path: join(screenshots, 'dashboard-ar.png'), fullPage: true });
  await board.getByRole('link', { name: 'English' }).click();
  expect(await board.getAttribute('html', 'dir')).toBe('ltr');
  expect(await board.locator('h1').textContent()).toBe('Regional governance board dashboard');
  await board.context().close();
});

test('on a phone (390 px) the form, a task and the dashboard fit the screen, with tap targets of 24 px', async () => {
  const phoneSize = { viewport: { width: 390, height: 844 }, locale: 'ar-MA' };
  const phone = await pageSignedInAs('intake-worker', 'TTA', phoneSize);
  const boardPhone = await pageSignedInAs('governance', 'national', phoneSize);
  const overflow = (p: Page) =>
    p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  try {
    await phone.goto(`${platform.urls.app}/intake?lang=ar`);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    const radio = await phone.locator('#sex-F').boundingBox();
    expect(radio?.width).toBeGreaterThanOrEqual(24);
    expect(radio?.height).toBeGreaterThanOrEqual(24);

    await boardPhone.goto(`${platform.urls.app}/dashboard?lang=ar`);
    expect(await overflow(boardPhone)).toBeLessThanOrEqual(0);
    await boardPhone.screenshot({ path: join(screenshots, 'dashboard-ar-phone.png'), fullPage: true });
  } finally {
    await phone.context().close();
    await boardPhone.context().close();
  }
});
