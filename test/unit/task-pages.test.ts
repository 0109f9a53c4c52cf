/**
 * The coach task forms of the coaching journey: every field of every task type drawn with its
 * label in French, Arabic and English; the training offers and the plan as the journey gives them;
 * errors linked to their fields with what was typed kept. Also the plan and consents in the case
 * file. (The governance dashboard has its own tests: governance-page.test.ts.)
 */
import {
  taskFormPage,
  taskMessagePage,
  type ProposedOffer,
  type TaskFormExtra,
} from '../../functions/views/task-pages';
import { coachTaskEmail } from '../../functions/views/coach-email';
import { caseFilePage, type CaseFile } from '../../functions/views/case-file';
import { localizeFieldErrors } from '../../functions/commons/html';
import {
  checkTaskAnswers,
  taskAnswerSchemas,
  taskTypes,
  type TaskType,
} from '../../functions/domain/coach-task';
import { CONSENT_TEXT_VERSION, PLAN_MAX_STEPS, type PersonalPlan } from '../../functions/domain/coaching';
import {
  contractTypes,
  incomeBands,
  noPlacementReasons,
  placementOutcomes,
  workStatuses,
} from '../../functions/domain/placement';
import type { Principal } from '../../functions/domain/access';
import type { CoachTask } from '../../functions/commons/coach-tasks';
import type { Lang } from '../../functions/domain/reference-data';

const now = new Date('2026-06-15T10:00:00Z');
const langs: Lang[] = ['fr', 'ar', 'en'];

const taskOf = (taskType: TaskType) =>
  ({
    taskId: 'AAAAAAAAAAAAAAAAAAAAAA',
    taskType,
    coachName: 'Nadia',
    expiresAt: now.getTime() / 1000 + 86400,
  }) as unknown as CoachTask;

const fullPlan: PersonalPlan = {
  goals: 'Travailler dans la logistique',
  barriers: ['transport'],
  agreedOn: '2026-05-02',
  steps: Array.from({ length: PLAN_MAX_STEPS }, (_, i) => ({
    step: `Étape numéro ${i + 1}`,
    targetDate: `2026-0${i + 6}-01`,
    status: i === 1 ? 'started' : 'planned',
  })),
};

const offers: ProposedOffer[] = [
  {
    offerId: 'TRN-TNG-LOG',
    title: { fr: 'Cariste logistique', ar: 'سائق رافعة في اللوجستيك', en: 'Forklift driver' },
    providerName: 'OFPPT Tanger',
    providerKind: 'public',
    province: 'Tanger-Assilah',
    startDate: '2026-09-01',
    endDate: '2026-12-15',
    openSeats: 4,
    leadsTo: 'wage-employment',
  },
  {
    offerId: 'TRN-TET-COOP',
    title: { fr: 'Gestion de coopérative', ar: 'تسيير التعاونيات', en: 'Running a cooperative' },
    providerName: 'Institut Al Amal',
    providerKind: 'private',
    province: 'Tétouan',
    startDate: '2026-10-05',
    endDate: '2027-01-30',
    openSeats: 1,
    leadsTo: 'cooperative',
  },
];

const extra: TaskFormExtra = { plan: fullPlan, offers, consentPurpose: 'training-providers' };

function formOf(entries: Record<string, string | string[]>): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, entries);
}

/** The ids of the controls named `name`, and whether each has a label (or its group a legend). */
function controlsOf(html: string, name: string): { id: string; labelled: boolean }[] {
  const controls = [
    ...html.matchAll(new RegExp(`<(?:input|select|textarea)[^>]*\\bname="${name}"[^>]*>`, 'g')),
  ];
  return controls.map((m) => {
    const id = /\bid="([^"]+)"/.exec(m[0])?.[1] ?? '';
    const label = new RegExp(`<label for="${id}">([^<]|<(?!/label>))+</label>`).test(html);
    return { id, labelled: label };
  });
}

const fieldsOf = (taskType: TaskType) =>
  Object.keys(taskAnswerSchemas[taskType].shape).filter((f) => f !== 'trainingNeeded');

describe('the task forms', () => {
  describe.each(langs)('in %s', (lang) => {
    it.each(taskTypes)('draw every field of "%s" with its label', (taskType) => {
      // Act
      const html = taskFormPage(lang, taskOf(taskType), 'Amina', {}, undefined, undefined, extra);

      // Assess
      const unlabelled = fieldsOf(taskType).filter((field) => {
        const controls = controlsOf(html, field);
        return controls.length === 0 || controls.some((c) => !c.labelled);
      });
      expect(unlabelled).toEqual([]);
      expect(html).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(html).not.toContain('name="trainingNeeded"');
      // Groups of choices carry their question as a legend.
      for (const [, group] of html.matchAll(/<fieldset id="([^"]+)"/g))
        expect(html).toMatch(new RegExp(`<fieldset id="${group}"[^>]*><legend>[^<]+</legend>`));
    });
  });

  it('keeps radio buttons and checkboxes beside their labels, as 24 px targets, and works without a script', () => {
    // Act
    const html = taskFormPage('fr', taskOf('initial-interview'), 'Amina', {});

    // Assess
    expect(html).toContain(
      '<div class="choice"><input type="checkbox" id="barriers-transport" name="barriers" value="transport"><label for="barriers-transport">Transport</label></div>',
    );
    expect(html).toContain('<form method="post"');
    expect(html).toContain('<input type="radio" id="next-none" name="next" value="" checked>');
  });

  it('says on the interview what a no-show needs, that the plan needs a step, and when a reason is asked for', () => {
    // Act
    const html = taskFormPage('en', taskOf('initial-interview'), 'Amina', {});

    // Assess
    expect(html).toContain('If the beneficiary did not come, only the date and &quot;No&quot; are needed');
    expect(html).toContain('at least one step, each with its target date');
    expect(html).toContain('<p class="hint" id="leaveReason-hint">Only if the journey ends.</p>');
    expect(controlsOf(html, 'planStep5')).toHaveLength(1);
    expect(controlsOf(html, 'planStep6')).toHaveLength(0);
  });

  it('list the offers of the training choice, in the page language, beside the other next steps', () => {
    // Act
    const fr = taskFormPage('fr', taskOf('training-choice'), 'Amina', {}, undefined, undefined, { offers });
    const ar = taskFormPage('ar', taskOf('training-choice'), 'Amina', {}, undefined, undefined, { offers });

    // Assess
    expect(fr).toContain('id="offerId-TRN-TNG-LOG" name="offerId" value="TRN-TNG-LOG"');
    expect(fr).toContain('<strong>Cariste logistique</strong>');
    expect(fr).toContain('OFPPT Tanger (partenaire public)');
    expect(fr).toContain('Institut Al Amal (partenaire privé)');
    expect(fr).toContain('Tanger-Assilah');
    expect(fr).toContain('Du 1 septembre 2026 au 15 décembre 2026');
    expect(fr).toContain('Places libres : 4');
    expect(fr).toContain('Débouché : Emploi salarié');
    expect(fr).toContain('pas les deux');
    expect(fr).toContain('<input type="radio" id="next-coaching" name="next" value="coaching">');
    expect(fr).toContain('<input type="radio" id="next-none" name="next" value="" checked>');
    expect(ar).toContain('<strong>تسيير التعاونيات</strong>');
    expect(ar).toContain('شريك خاص');
  });

  it('say when no training is offered, and offer only the next steps', () => {
    // Act
    const html = taskFormPage('en', taskOf('training-choice'), 'Amina', {}, undefined, undefined, {
      offers: [],
    });

    // Assess
    expect(html).toContain('No training is offered to this beneficiary at the moment.');
    expect(html).not.toContain('name="offerId"');
    expect(html).toContain('id="next-coaching"');
    expect(html).toContain('id="next-leave"');
  });

  it('show the plan steps of a session with their target dates and current status', () => {
    // Act
    const html = taskFormPage('fr', taskOf('coaching-session'), 'Amina', {}, undefined, undefined, {
      plan: { ...fullPlan, steps: fullPlan.steps.slice(0, 2) },
    });

    // Assess
    expect(html).toContain(
      '<label for="progress2">Étape 2 : Étape numéro 2 (visée le 1 juillet 2026)</label>',
    );
    expect(html).toMatch(
      /<select id="progress2" name="progress2">.*<option value="started" selected>Commencée<\/option>/,
    );
    expect(html).toMatch(
      /<select id="progress1" name="progress1">.*<option value="planned" selected>Prévue<\/option>/,
    );
    expect(html).not.toContain('name="progress3"');
  });

  it('say so when a session has no plan to follow', () => {
    // Act
    const html = taskFormPage('en', taskOf('coaching-session'), 'Amina', {});

    // Assess
    expect(html).toContain('No personal plan is recorded for this journey.');
    expect(html).not.toContain('name="progress1"');
  });

  it('show the consent asked for with its text version', () => {
    // Act
    const html = taskFormPage('ar', taskOf('consent'), 'Amina', {}, undefined, undefined, {});

    // Assess
    expect(html).toContain('data-consent-purpose="training-providers"');
    expect(html).toContain('المشاركة مع مؤسسات التكوين');
    expect(html).toContain(`data-consent-version="${CONSENT_TEXT_VERSION}"`);
    expect(html).toContain(CONSENT_TEXT_VERSION);
    expect(html).toContain('<input type="radio" id="next-leave" name="next" value="leave">');
  });

  it('show again what was typed, and link each error to its field', () => {
    // Prepare
    const values = formOf({
      interviewDate: '2026-06-10',
      attended: 'yes',
      goals: 'Trouver un emploi <stable>',
      barriers: ['transport', 'childcare'],
      planStep1: 'Passer le permis',
      next: 'leave',
      notes: 'RAS',
    });
    const check = checkTaskAnswers('initial-interview', values, now);
    const errors = localizeFieldErrors('fr', check.ok ? [] : check.errors, values);

    // Act
    const html = taskFormPage('fr', taskOf('initial-interview'), 'Amina', {}, { values, errors });

    // Assess
    expect(html).toContain('<a href="#planDate1">Date visée de l’étape 1 — ');
    expect(html).toContain(
      '<a href="#leaveReason">Motif de sortie — Ce champ est obligatoire avec les réponses données.</a>',
    );
    expect(html).toContain('aria-invalid="true" aria-describedby="leaveReason-error leaveReason-hint"');
    expect(html).toContain('value="Passer le permis"');
    expect(html).toContain('>Trouver un emploi &lt;stable&gt;</textarea>');
    expect(html).toContain('id="barriers-transport" name="barriers" value="transport" checked');
    expect(html).toContain('id="barriers-childcare" name="barriers" value="childcare" checked');
    expect(html).toContain('id="attended-yes" name="attended" value="yes" checked');
    expect(html).toContain('id="next-leave" name="next" value="leave" checked');
    expect(html).not.toContain('id="next-none" name="next" value="" checked');
  });

  it('name the plan fields and the step progress in the error summary, in Arabic too', () => {
    // Prepare
    const values = formOf({
      sessionDate: '2026-06-10',
      workedOn: 'cv',
      progress1: 'finished',
      next: 'coaching',
    });
    const check = checkTaskAnswers('coaching-session', values, now);
    const errors = localizeFieldErrors('ar', check.ok ? [] : check.errors, values);

    // Act
    const html = taskFormPage(
      'ar',
      taskOf('coaching-session'),
      'Amina',
      {},
      { values, errors },
      undefined,
      extra,
    );

    // Assess
    expect(html).toContain(
      '<a href="#progress1">تقدّم الخطوة 1 — اختر(ي) من القائمة حالة تقدّم هذه الخطوة.</a>',
    );
    expect(html).toContain('id="workedOn-cv" name="workedOn" value="cv" checked');
    // The wrong code sent shows the step's current status, not the list's first entry by chance.
    expect(html).toMatch(/<select id="progress1"[^>]*>.*<option value="planned" selected>/);
  });

  it('tell a training choice that names both an offer and another next step to choose one', () => {
    // Prepare
    const values = formOf({ offerId: 'TRN-TNG-LOG', next: 'coaching' });
    const check = checkTaskAnswers('training-choice', values, now);
    const errors = localizeFieldErrors('en', check.ok ? [] : check.errors, values);

    // Act
    const html = taskFormPage('en', taskOf('training-choice'), 'Amina', {}, { values, errors }, undefined, {
      offers,
    });

    // Assess
    expect(html).toContain('If no training is chosen — Choose a training or another next step, not both.');
    expect(html).toContain('id="offerId-TRN-TNG-LOG" name="offerId" value="TRN-TNG-LOG" checked');
    expect(html).toContain('id="next-coaching" name="next" value="coaching" checked');
  });
});

describe('the placement form', () => {
  /** The controls of the form, each tag whole. */
  const controls = (html: string) =>
    [...html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)].map((m) => m[0]);

  it.each(langs)('in %s offers every outcome, and groups what applies to some only', (lang) => {
    // Act
    const html = taskFormPage(lang, taskOf('placement'), 'Amina', {});

    // Assess
    for (const outcome of placementOutcomes)
      expect(html).toContain(
        `<input type="radio" id="outcome-${outcome}" name="outcome" value="${outcome}">`,
      );
    expect(html).toContain(
      '<div data-shown-when="outcome" data-shown-for="employment tpe cooperative auto-entrepreneur further-training">\n<label for="startDate">',
    );
    expect(html).toMatch(
      /<fieldset id="employmentDetails" aria-describedby="employmentDetails-hint" data-shown-when="outcome" data-shown-for="employment"><legend>[^<]+<\/legend><p class="hint" id="employmentDetails-hint">/,
    );
    expect(html).toContain(
      '<input type="text" id="employer" name="employer" value="" maxlength="120" aria-describedby="employer-hint">',
    );
    for (const contract of contractTypes) expect(html).toContain(`<option value="${contract}">`);
    expect(html).toContain(
      '<div data-shown-when="outcome" data-shown-for="cooperative">\n<fieldset id="cooperativeRole"',
    );
    expect(html).toContain(
      '<div data-shown-when="outcome" data-shown-for="no-placement">\n<label for="noPlacementReason">',
    );
    for (const reason of noPlacementReasons) expect(html).toContain(`<option value="${reason}">`);
    expect(html).toMatch(
      /<fieldset id="decentWork" aria-describedby="decentWork-hint" data-shown-when="outcome" data-shown-for="employment tpe cooperative auto-entrepreneur further-training"><legend>/,
    );
    for (const band of incomeBands) expect(html).toContain(`id="incomeBand-${band}" name="incomeBand"`);
    expect(html).toContain('id="cnssDeclared-yes" name="cnssDeclared" value="yes"');
    expect(html).toContain('id="workingTime-part-time" name="workingTime" value="part-time"');
    // What goes on or ends the journey stays.
    expect(html).toContain('<input type="radio" id="next-leave" name="next" value="leave">');
    expect(html).toContain('name="leaveReason"');
    // Required for some outcomes only: the browser requires none of them.
    expect(controls(html).filter((tag) => / required\b/.test(tag))).toEqual([]);
    expect(html).not.toMatch(/(task|placement)\.[a-z]/);
  });

  it('says in words what a wage job, a cooperative and decent work need', () => {
    // Act
    const fr = taskFormPage('fr', taskOf('placement'), 'Amina', {});
    const ar = taskFormPage('ar', taskOf('placement'), 'Amina', {});
    const en = taskFormPage('en', taskOf('placement'), 'Amina', {});

    // Assess
    expect(fr).toContain('<label for="outcome-tpe">Création d’une TPE (très petite entreprise)</label>');
    expect(fr).toContain('<option value="anapec-idmaj">Contrat d’insertion ANAPEC (Idmaj)</option>');
    expect(fr).toContain('<label for="incomeBand-2000-3499">De 2 000 à 3 499 MAD</label>');
    expect(fr).toContain('Demandé pour toute issue sauf « Sans insertion »');
    expect(fr).toContain('au plus 90 jours à l’avance');
    expect(ar).toContain('<label for="outcome-auto-entrepreneur">صفة المقاول الذاتي</label>');
    expect(ar).toContain('<label for="outcome-cooperative">تعاونية (انضمام أو تأسيس)</label>');
    expect(ar).toContain('<label for="incomeBand-under-2000">أقل من 2000 درهم</label>');
    expect(ar).toContain('الصندوق الوطني للضمان الاجتماعي (CNSS)');
    expect(en).toContain(
      '<label for="outcome-further-training">Further training (beyond the programme)</label>',
    );
    expect(en).toContain('<option value="no-written-contract">No written contract</option>');
    expect(en).toContain('<label for="incomeBand-5000-or-more">MAD 5,000 or more</label>');
  });

  it.each(langs)('in %s shows each error of a wage job on its field, the rest kept', (lang) => {
    // Prepare
    const values = formOf({ outcome: 'employment', startDate: '2026-06-01', sector: 'logistics' });
    const check = checkTaskAnswers('placement', values, now, {
      journeyStartedAt: '2026-01-10T09:00:00Z',
      fromPage: true,
    });
    const errors = localizeFieldErrors(lang, check.ok ? [] : check.errors, values);

    // Act
    const html = taskFormPage(lang, taskOf('placement'), 'Amina', {}, { values, errors });

    // Assess
    expect(errors.map((e) => e.field)).toEqual([
      'employer',
      'contractType',
      'incomeBand',
      'cnssDeclared',
      'workingTime',
    ]);
    for (const [field, target] of [
      ['employer', 'employer'],
      ['contractType', 'contractType'],
      ['incomeBand', 'incomeBand-none'],
      ['cnssDeclared', 'cnssDeclared-yes'],
      ['workingTime', 'workingTime-full-time'],
    ]) {
      expect(html).toContain(`<a href="#${target}">`);
      expect(html).toContain(`<div class="field-error" id="${field}-error">`);
      expect(html).toMatch(
        new RegExp(`id="${field}"[^>]* aria-invalid="true" aria-describedby="${field}-error`),
      );
    }
    expect(html).not.toMatch(/errors\.|\{\{/);
    expect(html).toContain('id="outcome-employment" name="outcome" value="employment" checked');
    expect(html).toContain('<option value="logistics" selected>');
  });

  it('says a start before the journey began, with the day in the reader’s language, on the start date', () => {
    // Prepare
    const values = formOf({
      outcome: 'tpe',
      startDate: '2025-12-01',
      sector: 'crafts',
      incomeBand: 'under-2000',
      cnssDeclared: 'no',
      workingTime: 'full-time',
    });
    const check = checkTaskAnswers('placement', values, now, {
      journeyStartedAt: '2026-01-10T09:00:00Z',
      fromPage: true,
    });

    // Act
    const fr = taskFormPage(
      'fr',
      taskOf('placement'),
      'Amina',
      {},
      {
        values,
        errors: localizeFieldErrors('fr', check.ok ? [] : check.errors, values),
      },
    );
    const ar = taskFormPage(
      'ar',
      taskOf('placement'),
      'Amina',
      {},
      {
        values,
        errors: localizeFieldErrors('ar', check.ok ? [] : check.errors, values),
      },
    );

    // Assess
    expect(fr).toContain(
      '<a href="#startDate">Date de début — Indiquez une date à partir du 10 janvier 2026 : le parcours a commencé ce jour-là.</a>',
    );
    expect(fr).toContain('id="incomeBand-under-2000" name="incomeBand" value="under-2000" checked');
    expect(ar).toContain('<a href="#startDate">تاريخ البدء — أدخل(ي) تاريخا ابتداء من');
  });

  it('asks the reason of no placement, and nothing of the work', () => {
    // Prepare
    const values = formOf({ outcome: 'no-placement' });
    const check = checkTaskAnswers('placement', values, now, { fromPage: true });
    const errors = localizeFieldErrors('en', check.ok ? [] : check.errors, values);

    // Act
    const html = taskFormPage('en', taskOf('placement'), 'Amina', {}, { values, errors });

    // Assess
    expect(errors.map((e) => e.field)).toEqual(['noPlacementReason']);
    expect(html).toContain(
      '<a href="#noPlacementReason">Why there is no placement — Choose why there is no placement from the list.</a>',
    );
    expect(html).toContain(
      'aria-invalid="true" aria-describedby="noPlacementReason-error noPlacementReason-hint"',
    );
  });
});

describe('the follow-up form', () => {
  const followUp = (step?: unknown) =>
    ({ ...taskOf('follow-up'), ...(step === undefined ? {} : { step }) }) as CoachTask;

  it.each([
    ['fr', 'Notez où en est \u2068Amina\u2069, 6 mois après le début de son insertion.'],
    ['ar', 'سجل(ي) وضعية \u2068Amina\u2069 بعد 6 أشهر من بداية إدماجه(ا).'],
    ['en', 'Record where \u2068Amina\u2069 stands, 6 months after their placement started.'],
  ] as [Lang, string][])(
    'in %s says which follow-up it is, and asks the contact, the work and what next',
    (lang, intro) => {
      // Act
      const html = taskFormPage(lang, followUp(6), 'Amina', {});

      // Assess
      expect(html).toContain(`<p>${intro}</p>`);
      expect(html).toContain(
        '<input type="date" id="followUpDate" name="followUpDate" value="" min="2017-01-01" required aria-describedby="followUpDate-hint">',
      );
      for (const status of workStatuses)
        expect(html).toContain(
          `<input type="radio" id="workStatus-${status}" name="workStatus" value="${status}">`,
        );
      expect(html).toContain('data-shown-when="workStatus" data-shown-for="same other"><legend>');
      expect(html).toContain(
        '<div data-shown-when="workStatus" data-shown-for="none">\n<fieldset id="next" aria-describedby="next-hint">',
      );
      expect(html).toContain('<input type="radio" id="next-reopen" name="next" value="reopen">');
      expect(html).toContain('<input type="radio" id="next-close" name="next" value="close">');
      expect(html).toContain('name="notes"');
      expect(html).not.toMatch(/(task|placement)\.[a-z]|\{\{/);
    },
  );

  it('says no month when the task does not carry one, or one that is not a follow-up’s', () => {
    // Act
    const none = taskFormPage('en', followUp(), 'Amina', {});
    const odd = taskFormPage('en', followUp(4), 'Amina', {});

    // Assess
    expect(none).toContain('<p>Record where \u2068Amina\u2069 stands since their placement.</p>');
    expect(odd).toContain('<p>Record where \u2068Amina\u2069 stands since their placement.</p>');
  });

  it('shows on their fields a missing decision, and one taken for a person in work', () => {
    // Prepare
    const notWorking = formOf({ followUpDate: '2026-06-10', workStatus: 'none' });
    const working = formOf({
      followUpDate: '2026-06-10',
      workStatus: 'same',
      incomeBand: '2000-3499',
      cnssDeclared: 'yes',
      workingTime: 'full-time',
      next: 'reopen',
    });
    const page = (lang: Lang, values: Record<string, unknown>) => {
      const check = checkTaskAnswers('follow-up', values, now);
      return taskFormPage(
        lang,
        followUp(3),
        'Amina',
        {},
        {
          values,
          errors: localizeFieldErrors(lang, check.ok ? [] : check.errors, values),
        },
      );
    };

    // Act
    const missing = page('fr', notWorking);
    const wrong = page('ar', working);

    // Assess
    expect(missing).toContain(
      '<a href="#next-reopen">Et maintenant ? — Ce champ est obligatoire avec les réponses données.</a>',
    );
    expect(missing).toContain('id="workStatus-none" name="workStatus" value="none" checked');
    expect(wrong).toContain('<a href="#next-reopen">ماذا بعد؟ — لا تُختار إعادة فتح المواكبة');
    expect(wrong).toContain('id="next-reopen" name="next" value="reopen" checked');
    expect(wrong).toContain('id="incomeBand-2000-3499" name="incomeBand" value="2000-3499" checked');
  });

  it('is emailed with its month in the subject, and confirmed with what may follow', () => {
    // Act
    const email = coachTaskEmail({
      lang: 'fr',
      taskType: 'follow-up',
      coachName: 'Nadia',
      beneficiaryFirstName: 'Amina',
      link: 'https://kafaat.example/tasks/x',
      expiresAt: now,
      followUpMonth: 12,
    });
    const plain = coachTaskEmail({
      lang: 'ar',
      taskType: 'follow-up',
      coachName: 'Nadia',
      beneficiaryFirstName: 'Amina',
      link: 'https://kafaat.example/tasks/x',
      expiresAt: now,
    });
    const done = taskMessagePage('fr', 'done', '/tasks/x', {}, 'follow-up');

    // Assess
    expect(email.subject).toBe('Suivi de Amina à 12 mois');
    expect(email.text).toContain('Suivi après l’insertion');
    expect(plain.subject).toBe('تتبع Amina بعد الإدماج');
    expect(done).toContain('Le suivi est enregistré.');
  });
});

describe('the case file', () => {
  const coach = { personId: 'COACH-TTA-1', role: 'coach', region: 'TTA' } as Principal;
  const file = (beneficiary: Partial<CaseFile['beneficiary']> = {}): CaseFile => ({
    timeline: [],
    notes: [],
    canAddNotes: false,
    beneficiary: {
      beneficiaryId: 'b-1',
      firstName: 'Amina',
      lastName: 'Tazi',
      province: 'TNG',
      birthYear: 2003,
      educationLevel: 'primary',
      stage: 'coaching-session',
      ...beneficiary,
    },
  });

  it('shows the personal plan: goals, barriers and each step with its date and status', () => {
    // Act
    const html = caseFilePage('fr', file({ plan: fullPlan }), coach);

    // Assess
    expect(html).toContain('<h2 id="plan-title">Plan personnel</h2>');
    expect(html).toContain('Travailler dans la logistique');
    expect(html).toContain('<dd>Transport</dd>');
    expect(html).toContain(
      '<li data-status="started">Étape numéro 2 : visée le 1 juillet 2026 (Commencée)</li>',
    );
  });

  it('shows each consent recorded with its date and text version, in Arabic', () => {
    // Act
    const html = caseFilePage(
      'ar',
      file({
        consents: {
          'training-providers': { given: true, date: '2026-06-01', textVersion: '2026-11', recordedBy: 'c' },
          employers: { given: false, date: '2026-06-02', textVersion: '2026-11', recordedBy: 'c' },
        },
      }),
      coach,
    );

    // Assess
    expect(html).toContain('data-consent="training-providers" data-given="true"');
    expect(html).toContain('data-consent="employers" data-given="false"');
    expect(html).toContain('(صيغة النص 2026-11)');
  });

  it('shows the placement: outcome, start, sector, employer, contract and decent-work facts', () => {
    // Act
    const html = caseFilePage(
      'fr',
      file({
        stage: 'placed',
        placement: {
          outcome: 'employment',
          startDate: '2026-07-01',
          sector: 'logistics',
          employer: 'Atlas <Logistique>',
          contractType: 'anapec-idmaj',
          incomeBand: '2000-3499',
          cnssDeclared: 'yes',
          workingTime: 'full-time',
        },
        nextFollowUp: { month: 3, dueAt: '2026-10-01T08:00:00.000Z' },
      }),
      coach,
    );

    // Assess
    expect(html).toContain('<h2 id="placement-title">Insertion et suivis</h2>');
    expect(html).toContain('<dd data-field="outcome">Emploi salarié</dd>');
    expect(html).toContain('<dd data-field="startDate">1 juillet 2026</dd>');
    expect(html).toContain('<dd data-field="sector">Logistique et transport</dd>');
    expect(html).toContain('<dd data-field="employer">Atlas &lt;Logistique&gt;</dd>');
    expect(html).toContain('<dd data-field="contractType">Contrat d’insertion ANAPEC (Idmaj)</dd>');
    expect(html).toContain('<dd data-field="incomeBand">De 2 000 à 3 499 MAD</dd>');
    expect(html).toContain('<dd data-field="cnssDeclared">Oui</dd>');
    expect(html).toContain('<dd data-field="workingTime">Temps plein</dd>');
    expect(html).toContain('Aucun suivi n’est encore enregistré.');
    // No task open yet: the follow-up to come, with its date.
    expect(html).toContain('<p data-follow-up="3">Prochain suivi : à 3 mois, prévu le 1 octobre 2026.</p>');
  });

  it('shows a journey ended without placement with its reason, and asks no follow-up of it', () => {
    // Act
    const html = caseFilePage(
      'en',
      file({ stage: 'not-placed', placement: { outcome: 'no-placement', noPlacementReason: 'mobility' } }),
      coach,
    );

    // Assess
    expect(html).toContain('<dd data-field="outcome">No placement</dd>');
    expect(html).toContain('<dd data-field="noPlacementReason">Cannot travel to work</dd>');
    expect(html).not.toContain('follow-ups-title');
  });

  it('shows each follow-up, those of a journey before a reopening too, in Arabic', () => {
    // Act
    const html = caseFilePage(
      'ar',
      file({
        stage: 'coach-assigned',
        journeyNumber: 2,
        reopenedOn: '2027-01-05T09:00:00.000Z',
        pastJourneys: [
          {
            journey: 1,
            reopenedOn: '2027-01-05T09:00:00.000Z',
            placement: { outcome: 'cooperative', cooperativeRole: 'created', startDate: '2026-04-01' },
            followUps: {
              '1-6': { month: 6, journey: 1, followUpDate: '2026-10-03', workStatus: 'none' },
            },
          },
        ],
        followUps: {
          '1-3': {
            month: 3,
            journey: 1,
            followUpDate: '2026-07-02',
            workStatus: 'same',
            incomeBand: 'under-2000',
            cnssDeclared: 'no',
            workingTime: 'part-time',
          },
        },
      }),
      coach,
    );

    // Assess
    expect(html).toContain('<p data-journey="2">المسار رقم 2، أُعيد فتح المواكبة بتاريخ');
    expect(html).toContain('لم يُسجَّل أي إدماج بعد لهذا المسار.');
    expect(html).toContain('<h3 id="journey-1-title">المسار رقم 1 (قبل إعادة الفتح بتاريخ');
    expect(html).toContain('<dd data-field="cooperativeRole">أسس(ت) تعاونية (عضو مؤسس)</dd>');
    expect(html).toContain('<li data-month="3"><strong>التتبع بعد 3 أشهر</strong>');
    expect(html).toContain('<dd data-field="workStatus">ما يزال(ت) في نفس الشغل أو النشاط</dd>');
    expect(html).toContain('<dd data-field="incomeBand">أقل من 2000 درهم</dd>');
    expect(html).toContain('<li data-month="6"><strong>التتبع بعد 6 أشهر</strong>');
    expect(html).toContain('<dd data-field="workStatus">لا يشتغل(تشتغل)</dd>');
    expect(html.indexOf('data-month="3"')).toBeLessThan(html.indexOf('data-month="6"'));
  });

  it('shows neither when the record has none, and survives a malformed plan', () => {
    // Act
    const none = caseFilePage('en', file(), coach);
    const odd = caseFilePage('en', file({ plan: { goals: 'x' } as unknown as PersonalPlan }), coach);

    // Assess
    expect(none).not.toContain('plan-title');
    expect(none).not.toContain('consents-title');
    expect(none).not.toContain('placement-title');
    expect(odd).toContain('No step.');
  });
});

describe('the coaching phase over', () => {
  it('says on a coaching task that the placement comes next, whatever is chosen; not on the placement', () => {
    // Act
    const session = taskFormPage('fr', taskOf('coaching-session'), 'Amina', {}, undefined, undefined, {
      coachingPhaseOver: true,
    });
    const placement = taskFormPage('fr', taskOf('placement'), 'Amina', {}, undefined, undefined, {
      coachingPhaseOver: true,
    });
    const early = taskFormPage('fr', taskOf('coaching-session'), 'Amina', {});

    // Assess
    expect(session).toContain('la prochaine étape sera l’insertion');
    expect(session).toContain('180 jours');
    expect(placement).not.toContain('la prochaine étape sera l’insertion');
    expect(early).not.toContain('la prochaine étape sera l’insertion');
  });
});
