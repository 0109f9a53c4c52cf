/**
 * People at work, in a real browser: a coach signs in with the keyboard alone, opens their caseload
 * and a case file, and completes the next task from it; a supervisor gives a beneficiary to
 * another coach, whose new email works while the old link says to whom it went. Every page is
 * checked with axe (no serious violation), in French and Arabic, and on a phone.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { seriousViolations } from '../support/accessibility';
import {
  eventually,
  executionArnOf,
  executionEnded,
  inbox,
  intakeWorker,
  postJson,
  signIn,
  startTestPlatform,
  validIntake,
  waitForTaskLink,
  type TestPlatform,
} from '../support/platform';
import { LOCAL_PEOPLE_PASSWORD } from '../../functions/domain/people';

let platform: TestPlatform;
let browser: Browser;
const contexts: BrowserContext[] = [];
const screenshots = join(__dirname, '..', '..', '.kafaat', 'screenshots');
const samira = 'samira.benali@coaches.kafaat.example';
const youssef = 'youssef.elidrissi@coaches.kafaat.example';

beforeAll(async () => {
  platform = await startTestPlatform('people-e2e');
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await platform?.stop();
});

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', ...options });
  contexts.push(context);
  return context.newPage();
}

/** A beneficiary taken in by the intake worker of ASSO-TNG-1, and their interview link (Samira's). */
async function takeIn(firstName: string, lastName: string): Promise<{ beneficiaryId: string; link: string }> {
  const response = await postJson(
    `${platform.urls.app}/api/intake`,
    { ...validIntake, firstName, lastName, phone: '0661234567' },
    await intakeWorker(platform),
  );
  expect(response.status).toBe(201);
  const { beneficiaryId } = (await response.json()) as { beneficiaryId: string };
  const failed = executionEnded(platform, executionArnOf(platform, beneficiaryId));
  return { beneficiaryId, link: await waitForTaskLink(platform, samira, firstName, failed) };
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect({ what, violations: await seriousViolations(page) }).toEqual({ what, violations: [] });
}

test('a coach signs in with the keyboard, opens the caseload and a case file, and completes the next task', async () => {
  const { beneficiaryId } = await takeIn('Hajar', 'Ziani');
  const page = await newPage();

  // Signing in with the keyboard alone: the caseload sends a visitor to sign in, then back.
  await page.goto(`${platform.urls.app}/caseload`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await expectAccessible(page, 'sign-in page');
  await page.getByLabel('Identifiant').focus();
  await page.keyboard.type('coach-tta-1');
  await page.keyboard.press('Tab');
  await page.keyboard.type(LOCAL_PEOPLE_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/caseload$/);

  // The caseload: the beneficiary and their open interview.
  await expectAccessible(page, 'caseload');
  const row = page.getByRole('link', { name: 'Hajar Ziani' });
  await row.focus();
  await page.screenshot({ path: join(screenshots, 'caseload-fr.png'), fullPage: true });
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/cases/${beneficiaryId}`));

  // The case file: how to reach her, the journey so far, and the task to do now.
  await expectAccessible(page, 'case file');
  expect(await page.locator('a[href="tel:0661234567"]').count()).toBe(1);
  await page.screenshot({ path: join(screenshots, 'case-file-fr.png'), fullPage: true });
  await page.getByRole('link', { name: 'Remplir cette tâche' }).click();
  expect(await page.locator('h1').textContent()).toBe('Premier entretien');
  await expectAccessible(page, 'task page');
  expect(await page.content()).toContain('Hajar Ziani');
  await page.getByLabel('Date de l’entretien *').fill('2026-11-20');
  await page.locator('#attended-yes').check();
  await page.locator('#goals').fill('Un emploi stable');
  await page.locator('#planStep1').fill('CV à jour');
  await page.locator('#planDate1').fill('2026-12-15');
  await page.locator('#next-placement').check();
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.waitForSelector('text=Merci, c’est enregistré');

  // The journey goes on: the next task is the placement, and the case file says so.
  const coach = await signIn(platform, 'coach', 'TTA');
  await eventually('the placement as the next task', async () => {
    const response = await fetch(`${platform.urls.app}/api/caseload`, { headers: coach.bearer });
    const { items } = (await response.json()) as {
      items: { beneficiaryId: string; nextTask?: { taskType: string } }[];
    };
    return items.find((i) => i.beneficiaryId === beneficiaryId)?.nextTask?.taskType === 'placement'
      ? true
      : undefined;
  });
  await page.goto(`${platform.urls.app}/cases/${beneficiaryId}`);
  expect(await page.locator('#open-task-title + p').textContent()).toContain('Insertion');
});

test('a supervisor reassigns a beneficiary: the new coach gets a working link, the old link says to whom', async () => {
  const { beneficiaryId, link: oldLink } = await takeIn('Loubna', 'Fassi');
  const page = await newPage({ locale: 'ar-MA' });

  await page.goto(`${platform.urls.app}/sign-in?lang=ar`);
  await expectAccessible(page, 'sign-in page (ar)');
  await page.getByLabel('اسم المستخدم').fill('SUPERVISOR-ASSO-TNG-1');
  await page.getByLabel('كلمة المرور').fill(LOCAL_PEOPLE_PASSWORD);
  await page.getByRole('button', { name: 'دخول' }).click();
  await page.waitForURL(/\/supervision/);
  expect(await page.getAttribute('html', 'dir')).toBe('rtl');
  await expectAccessible(page, 'supervision (ar)');

  // From the beneficiary's record: give her to Youssef, a coach of the same region.
  await page.goto(`${platform.urls.app}/beneficiaries/${beneficiaryId}?lang=ar`);
  await expectAccessible(page, 'record (ar)');
  await page.locator('#reassign-coach').selectOption('COACH-TTA-2');
  await page.locator('form:has(#reassign-coach) button[type="submit"]').click();
  await page.waitForURL(/\/supervision/);
  expect(await page.locator('main').textContent()).toContain('Youssef El Idrissi');
  await page.screenshot({ path: join(screenshots, 'supervision-reassigned-ar.png'), fullPage: true });

  // Youssef's email: a new link, which opens the task (in his language, Arabic).
  const newLink = await eventually('the email to Youssef', async () => {
    const emails = (await inbox(platform)).filter(
      (e) => e.destination.to.includes(youssef) && e.subject.includes('Loubna'),
    );
    return /https?:\/\/\S+\/tasks\/\S+/.exec(emails[emails.length - 1]?.body.text ?? '')?.[0];
  });
  expect(newLink).not.toBe(oldLink);
  const coachPage = await newPage({ locale: 'ar-MA' });
  await coachPage.goto(newLink);
  expect(await coachPage.locator('form[method="post"]').count()).toBe(1);

  // Samira's old link says the task went to Youssef, and takes no answer.
  const old = await newPage();
  await old.goto(oldLink);
  expect(await old.locator('main').textContent()).toContain('Youssef El Idrissi');
  expect(await old.locator('form[method="post"]').count()).toBe(0);
  await expectAccessible(old, 'reassigned task page');
});

test('on a phone (390 px) the caseload, a case file, supervision and the record fit the screen', async () => {
  const { beneficiaryId } = await takeIn('Soukaina', 'Amrani');
  const coach = await signIn(platform, 'coach', 'TTA');
  const supervisor = await signIn(platform, 'supervisor', 'TTA');
  const phone = { viewport: { width: 390, height: 844 }, locale: 'ar-MA' };
  const coachPage = await newPage(phone);
  await coachPage
    .context()
    .addCookies([{ name: 'kafaat_session', value: coach.token, url: platform.urls.app }]);
  const supervisorPage = await newPage(phone);
  await supervisorPage
    .context()
    .addCookies([{ name: 'kafaat_session', value: supervisor.token, url: platform.urls.app }]);
  const overflow = (p: Page) =>
    p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

  for (const [p, path] of [
    [coachPage, '/caseload?lang=ar'],
    [coachPage, `/cases/${beneficiaryId}?lang=ar`],
    [supervisorPage, '/supervision?lang=ar'],
    [supervisorPage, `/beneficiaries/${beneficiaryId}?lang=ar`],
    [supervisorPage, `/supervision/beneficiaries/${beneficiaryId}/audit?lang=ar`],
    [supervisorPage, '/beneficiaries?lang=ar'],
  ] as const) {
    const response = await p.goto(`${platform.urls.app}${path}`);
    expect({ path, status: response?.status() }).toEqual({ path, status: 200 });
    expect({ path, overflow: await overflow(p) }).toEqual({ path, overflow: 0 });
    await expectAccessible(p, `${path} on a phone`);
  }
  await coachPage.goto(`${platform.urls.app}/cases/${beneficiaryId}?lang=ar`);
  await coachPage.screenshot({ path: join(screenshots, 'case-file-ar-phone.png'), fullPage: true });
});

test('every page of every role has no serious accessibility violation, in French and in Arabic', async () => {
  const { beneficiaryId } = await takeIn('Ikram', 'Bennis');
  const pagesOf: [string, string, string[]][] = [
    ['intake-worker', 'TTA', ['/intake', '/beneficiaries', `/beneficiaries/${beneficiaryId}`]],
    ['coach', 'TTA', ['/caseload', `/cases/${beneficiaryId}`]],
    ['supervisor', 'TTA', ['/supervision', `/supervision/beneficiaries/${beneficiaryId}/audit`]],
    ['governance', 'TTA', ['/dashboard']],
    ['admin', 'national', ['/admin/people', '/admin/reference']],
  ];
  for (const [role, region, paths] of pagesOf) {
    const session = await signIn(platform, role, region);
    const page = await newPage();
    await page
      .context()
      .addCookies([{ name: 'kafaat_session', value: session.token, url: platform.urls.app }]);
    for (const path of paths) {
      for (const lang of ['fr', 'ar']) {
        const response = await page.goto(`${platform.urls.app}${path}?lang=${lang}`);
        expect({ path, lang, status: response?.status() }).toEqual({ path, lang, status: 200 });
        await expectAccessible(page, `${role} ${path} (${lang})`);
      }
    }
  }
});
