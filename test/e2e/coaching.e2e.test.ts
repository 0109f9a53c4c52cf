/**
 * The coaching journey as a coach lives it, in a real browser, from the emailed links: the first
 * interview with its personal plan (in French), a coaching session that updates the plan (in
 * Arabic, right to left), the consent a training needs, and the training choice on a phone-sized
 * screen. Each page is checked for serious accessibility problems.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { seriousViolations } from '../support/accessibility';
import {
  executionArnOf,
  executionEnded,
  intakeWorker,
  openTaskOf,
  postJson,
  startTestPlatform,
  validIntake,
  type TestPlatform,
} from '../support/platform';

let platform: TestPlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startTestPlatform('coaching-e2e');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** The link emailed for the beneficiary's open task of this type. */
async function linkOf(beneficiaryId: string, taskType: string, ended: () => Promise<string | undefined>) {
  return (await openTaskOf(platform, beneficiaryId, taskType, { failFast: ended })).link;
}

async function accessible(page: Page, what: string): Promise<void> {
  expect({ what, violations: await seriousViolations(page) }).toEqual({ what, violations: [] });
}

test('a coach completes an interview, a coaching session, a consent and a training choice from their links', async () => {
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    { ...validIntake, sectorOfInterest: 'logistics', aspiration: 'training-first' },
    await intakeWorker(platform),
  );
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const ended = executionEnded(platform, executionArnOf(platform, beneficiaryId));

  // The interview, in French: a plan left without its date comes back with the error, as typed.
  const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await page.goto(await linkOf(beneficiaryId, 'initial-interview', ended));
  expect(await page.locator('h1').textContent()).toBe('Premier entretien');
  await accessible(page, 'interview form');
  await page.locator('#interviewDate').fill('2026-11-20');
  await page.locator('#attended-yes').check();
  await page.locator('#goals').fill('Travailler dans la logistique portuaire');
  await page.locator('#barriers-transport').check();
  await page.locator('#planStep1').fill('Obtenir le permis de conduire');
  await page.locator('#next-coaching').check();
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('.errors');
  expect(await page.locator('#planStep1').inputValue()).toBe('Obtenir le permis de conduire');
  expect(await page.locator('#barriers-transport').isChecked()).toBe(true);
  expect(await page.locator('#planDate1-error').count()).toBe(1);
  await page.locator('#planDate1').fill('2027-03-01');
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('p[role=status]');
  expect(await page.locator('h1').textContent()).toContain('Merci');

  // A coaching session, in Arabic: the plan's step is there with its status, right to left.
  const arabic = await (await browser.newContext({ locale: 'ar-MA' })).newPage();
  await arabic.goto(`${await linkOf(beneficiaryId, 'coaching-session', ended)}&lang=ar`);
  expect(await arabic.getAttribute('html', 'dir')).toBe('rtl');
  expect(await arabic.locator('form').textContent()).toContain('Obtenir le permis de conduire');
  await accessible(arabic, 'coaching session form (ar)');
  await arabic.locator('#sessionDate').fill('2026-11-27');
  await arabic.locator('#workedOn-cv').check();
  await arabic.locator('#progress1').selectOption('started');
  await arabic.locator('#next-training').check();
  await arabic.locator('button[type=submit]').click();
  await arabic.waitForSelector('p[role=status]');

  // The consent the training needs, then the choice on a phone.
  await page.goto(await linkOf(beneficiaryId, 'consent', ended));
  await accessible(page, 'consent form');
  expect(await page.locator('main').textContent()).toContain('2026-11');
  await page.locator('#consentGiven-yes').check();
  await page.locator('#consentDate').fill('2026-11-27');
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('p[role=status]');

  const phone = await (
    await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 } })
  ).newPage();
  await phone.goto(await linkOf(beneficiaryId, 'training-choice', ended));
  await accessible(phone, 'training choice on a phone');
  expect(await phone.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBe(0);
  const offer = phone.locator('#offerId-TRN-TNG-LOG');
  expect(await offer.count()).toBe(1);
  await offer.check();
  await phone.locator('button[type=submit]').click();
  await phone.waitForSelector('p[role=status]');

  // The seat is taken: the enrolment task is emailed.
  expect(await linkOf(beneficiaryId, 'training-enrolment', ended)).toContain('/tasks/');
});
