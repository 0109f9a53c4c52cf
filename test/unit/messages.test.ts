/**
 * Screen and email texts: every French text has an Arabic and an English one with the same
 * placeholders; the language is chosen from ?lang=, then Accept-Language, else French.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ar, en, fr } from '../../functions/commons/messages';
import { direction, languageOf, translator } from '../../functions/commons/i18n';
import { taskTypes } from '../../functions/domain/coach-task';
import { stages } from '../../functions/domain/journey-events';
import {
  contractTypes,
  cooperativeRoles,
  followUpMonths,
  incomeBands,
  noPlacementReasons,
  placementOutcomes,
  workingTimes,
  workStatuses,
} from '../../functions/domain/placement';

type Tree = { [key: string]: string | Tree };

/** Every leaf of a message tree, by its dotted key. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else for (const [k, v] of leaves(value, path)) found.set(k, v);
  }
  return found;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '');

const french = leaves(fr);

describe.each([
  ['ar', ar],
  ['en', en],
])('%s messages', (_lang, messages) => {
  const translated = leaves(messages);

  it('have a non-empty text for every French key, and no key French lacks', () => {
    // Act
    const missing = [...french.keys()].filter((key) => !translated.get(key)?.trim());
    const extra = [...translated.keys()].filter((key) => !french.has(key));

    // Assess
    expect(french.size).toBeGreaterThan(50);
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
  });

  it('use every placeholder the French text uses', () => {
    // Act
    const lacking = [...french].flatMap(([key, text]) =>
      placeholders(text)
        .filter((name) => !placeholders(translated.get(key) ?? '').includes(name))
        .map((name) => `${key}: {{${name}}}`),
    );

    // Assess
    expect(lacking).toEqual([]);
  });
});

function event(query?: Record<string, string>, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return { headers, ...(query ? { queryStringParameters: query } : {}) } as unknown as APIGatewayProxyEventV2;
}

describe('languageOf', () => {
  it('takes ?lang= before Accept-Language', () => {
    // Act
    const lang = languageOf(event({ lang: 'en' }, { 'accept-language': 'ar-MA,ar;q=0.9' }));

    // Assess
    expect(lang).toBe('en');
  });

  it('ignores an unsupported ?lang= and reads Accept-Language instead', () => {
    // Act
    const lang = languageOf(event({ lang: 'de' }, { 'accept-language': 'ar-MA,ar;q=0.9' }));

    // Assess
    expect(lang).toBe('ar');
  });

  it('takes the first supported language of Accept-Language, whatever the header case', () => {
    // Act
    const lang = languageOf(
      event(undefined, { 'Accept-Language': 'de-DE, es;q=0.9, EN-GB;q=0.8, ar;q=0.7' }),
    );

    // Assess
    expect(lang).toBe('en');
  });

  it('follows the q values of Accept-Language and leaves out a language refused with q=0', () => {
    // Act
    const preferred = languageOf(event(undefined, { 'accept-language': 'en;q=0.1, ar;q=0.9' }));
    const refused = languageOf(event(undefined, { 'accept-language': 'ar;q=0, en' }));

    // Assess
    expect(preferred).toBe('ar');
    expect(refused).toBe('en');
  });

  it('falls back to French', () => {
    // Act
    const none = languageOf(event());
    const unsupported = languageOf(event(undefined, { 'accept-language': 'de, es;q=0.5' }));

    // Assess
    expect(none).toBe('fr');
    expect(unsupported).toBe('fr');
  });
});

describe('direction and translation', () => {
  it('writes Arabic right to left, French and English left to right', () => {
    // Act & Assess
    expect(direction('ar')).toBe('rtl');
    expect(direction('fr')).toBe('ltr');
    expect(direction('en')).toBe('ltr');
  });

  it('translates and fills placeholders without HTML-escaping them (pages escape on output)', () => {
    // Act
    const arabic = translator('ar')('app.name');
    const greeting = translator('en')('task.emailGreeting', { coach: 'Nadia & Karim' });

    // Assess
    expect(arabic).toBe(ar.app.name);
    expect(greeting).toBe('Hello Nadia & Karim,');
  });
});

describe('error texts', () => {
  /** Every key that the intake and task rules, and the reading of bodies, give their errors. */
  const keys = [
    'required',
    'invalid',
    'unknownField',
    'encoding',
    'name',
    'nameInvisible',
    'nameTooLong',
    'sex',
    'birthYear',
    'region',
    'province',
    'provinceOfRegion',
    'phone',
    'email',
    'contact',
    'educationLevel',
    'consent',
    'date',
    'dateRange',
    'yesNo',
    'outcome',
    'sector',
    'notesTooLong',
    'notesInvisible',
    'bodyTooLarge',
    'bodyType',
    'bodyJson',
    'bodyEncoding',
    'crossSite',
    'textTooLong',
    'requiredHere',
    'planStepStatus',
    'codeList',
    'next',
    'leaveReason',
    'offerId',
    'nextAfterNoShow',
    'offerOrNext',
    'certifiedNotCompleted',
    'dateBeforeJourney',
    'dateTooFarAhead',
    'contractType',
    'cooperativeRole',
    'incomeBand',
    'workingTime',
    'noPlacementReason',
    'workStatus',
    'nextOnlyWhenNotWorking',
  ];

  it.each([
    ['fr', fr],
    ['ar', ar],
    ['en', en],
  ])('exist in %s for every key the rules give, and for the field "body"', (_lang, messages) => {
    // Act
    const texts = messages.errors as Record<string, unknown>;
    const missing = [...keys, 'bodyField'].filter(
      (key) => typeof texts[key] !== 'string' || texts[key] === '',
    );

    // Assess
    expect(missing).toEqual([]);
  });

  it('are written in Arabic script in Arabic, with left-to-right examples kept in isolates', () => {
    // Act
    const notArabic = keys.filter(
      (key) => !/[\u0600-\u06FF]/.test((ar.errors as Record<string, string>)[key] ?? ''),
    );
    const phone = ar.errors.phone;

    // Assess
    expect(notArabic).toEqual([]);
    expect(phone).toContain('\u206606 12 34 56 78\u2069');
    expect(phone).toContain('\u2066+212 6 12 34 56 78\u2069');
  });

  it('say what is expected, not only that a value is wrong', () => {
    // Act & Assess
    expect(fr.errors.phone).toContain('06 12 34 56 78');
    expect(fr.errors.email).toContain('@');
    expect(fr.errors.birthYear).toContain('{{min}}');
    expect(fr.errors.provinceOfRegion).toContain('{{region}}');
    expect(en.errors.dateRange).toContain('{{max}}');
  });
});

describe('task confirmations', () => {
  it('after the interview name what may follow without promising one, and promise nothing after the placement', () => {
    // Act & Assess
    expect(fr.task['initial-interview'].doneText).toContain('Si le parcours continue');
    expect(en.task['initial-interview'].doneText).not.toContain('to record the placement');
    expect(fr.task.placement.doneText).toContain('terminé');
    expect(en.task.placement.doneText).not.toMatch(/next step|you will receive/i);
    expect(en.task.doneText).not.toContain('You will receive a message for the next step');
  });
});

describe('texts of the journey', () => {
  it.each([
    ['fr', fr],
    ['ar', ar],
    ['en', en],
  ])(
    'in %s, name every task type (title, intro, subject, confirmation) and every stage',
    (_lang, messages) => {
      // Act
      const tasks = messages.task as unknown as Record<string, Record<string, string> | undefined>;
      const missingTasks = taskTypes.flatMap((type) =>
        (['title', 'intro', 'emailSubject', 'doneText'] as const)
          .filter((key) => !tasks[type]?.[key])
          .map((key) => `${type}.${key}`),
      );
      const stageLabels = messages.dashboard.stage as Record<string, string | undefined>;
      const missingStages = stages.filter((stage) => !stageLabels[stage]);

      // Assess
      expect(missingTasks).toEqual([]);
      expect(missingStages).toEqual([]);
      expect(taskTypes.filter((type) => !tasks[type]?.intro?.includes('{{name}}'))).toEqual([]);
    },
  );
});

describe('texts of the placement and the follow-ups', () => {
  const languages = [
    ['fr', fr],
    ['ar', ar],
    ['en', en],
  ] as const;

  it.each(languages)(
    'in %s, name every code of the placement and of a follow-up, each differently',
    (_lang, messages) => {
      // Prepare
      const lists: [string, Record<string, string>, readonly (string | number)[]][] = [
        ['placement.outcome', messages.placement.outcome, placementOutcomes],
        ['dashboard.outcome', messages.dashboard.outcome, placementOutcomes],
        ['placement.contractTypes', messages.placement.contractTypes, contractTypes],
        ['placement.cooperativeRoles', messages.placement.cooperativeRoles, cooperativeRoles],
        ['placement.incomeBands', messages.placement.incomeBands, incomeBands],
        ['placement.workingTimes', messages.placement.workingTimes, workingTimes],
        ['placement.noPlacementReasons', messages.placement.noPlacementReasons, noPlacementReasons],
        [
          'caseload.entries.noPlacementReasons',
          messages.caseload.entries.noPlacementReasons,
          noPlacementReasons,
        ],
        ['placement.workStatuses', messages.placement.workStatuses, workStatuses],
        ['caseload.entries.workStatuses', messages.caseload.entries.workStatuses, workStatuses],
        ['placement.months', messages.placement.months, followUpMonths],
        ['caseload.stages', messages.caseload.stages, stages],
      ];

      // Act
      const missing = lists.flatMap(([key, texts, codes]) =>
        codes.filter((code) => !texts[String(code)]?.trim()).map((code) => `${key}.${code}`),
      );
      const alike = lists.filter(
        ([, texts, codes]) => new Set(codes.map((c) => texts[String(c)])).size !== codes.length,
      );

      // Assess
      expect(missing).toEqual([]);
      expect(alike.map(([key]) => key)).toEqual([]);
    },
  );

  it.each(languages)(
    'in %s, say income bands in dirhams and which follow-up an email is for',
    (_lang, messages) => {
      // Act & Assess
      expect(messages.placement.incomeBands['under-2000']).toMatch(/2[\s,]?000/);
      expect(messages.placement.incomeBands['under-2000']).toMatch(/MAD|درهم/);
      expect(messages.task['follow-up'].introMonths).toContain('{{months}}');
      expect(messages.task['follow-up'].emailSubjectMonths).toContain('{{months}}');
      for (const month of followUpMonths) expect(messages.placement.months[month]).toContain(String(month));
    },
  );

  it('write the Moroccan names in Arabic: TPE, auto-entrepreneur, cooperative, CNSS', () => {
    // Act & Assess
    expect(ar.placement.outcome.tpe).toContain('مقاولة صغيرة جدا');
    expect(ar.placement.outcome['auto-entrepreneur']).toContain('المقاول الذاتي');
    expect(ar.placement.outcome.cooperative).toContain('تعاونية');
    expect(ar.placement.cnssDeclared).toContain('الصندوق الوطني للضمان الاجتماعي');
    expect(fr.placement.contractTypes['anapec-idmaj']).toContain('ANAPEC');
  });
});
