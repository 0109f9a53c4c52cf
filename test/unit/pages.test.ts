/**
 * The pages: errors said in the user's language and linked to their fields, fields named like
 * built-in properties, the intake form's province list and tap targets, the task confirmation,
 * and the not-found answer (a page for browsers, JSON for API clients).
 */
import { runInNewContext } from 'node:vm';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { intakeFormPage } from '../../functions/views/intake-form';
import { taskFormPage, taskMessagePage } from '../../functions/views/task-pages';
import { notFoundPage } from '../../functions/views/not-found';
import { localizeFieldErrors, page } from '../../functions/commons/html';
import { PAGE_SCRIPT } from '../../functions/commons/page-script';
import { checkIntake } from '../../functions/domain/intake';
import { checkTaskAnswers } from '../../functions/domain/coach-task';
import { handler as notFound } from '../../functions/not-found';
import { routes } from '../../infra/app-description';
import type { CoachTask } from '../../functions/commons/coach-tasks';

const now = new Date('2025-06-15T10:00:00Z');
const builtIns = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'];

const task = {
  taskId: 'AAAAAAAAAAAAAAAAAAAAAA',
  taskType: 'placement',
  coachName: 'Nadia',
  expiresAt: now.getTime() / 1000 + 86400,
} as unknown as CoachTask;

/** A record with no prototype, as readBody gives a form. */
function formOf(entries: Record<string, string>): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, entries);
}

describe('pages and fields named like built-in properties', () => {
  it.each(builtIns)('the intake form shows an error on a field "%s" instead of failing', (name) => {
    // Prepare
    const values = formOf({ firstName: 'Amina', [name]: 'x' });
    const decision = checkIntake(values, now, 'form');
    const errors = localizeFieldErrors('fr', decision.ok ? [] : decision.errors, values);

    // Act
    const html = intakeFormPage('fr', { values, errors }, now);

    // Assess
    expect(html).toContain(`${name} — Ce champ ne fait pas partie du formulaire.`);
    expect(html).toContain('value="Amina"');
  });

  it.each(builtIns)('the task form shows an error on a field "%s" instead of failing', (name) => {
    // Prepare: JSON bodies reach the task page too, with a prototype.
    const values = JSON.parse(`{"outcome":"tpe","${name}":"x"}`) as Record<string, unknown>;
    const check = checkTaskAnswers('placement', values, now);
    const errors = localizeFieldErrors('ar', check.ok ? [] : check.errors, values);

    // Act
    const html = taskFormPage('ar', task, 'Amina', { exp: '1', sig: 's' }, { values, errors });

    // Assess
    expect(html).toContain(`${name} — هذه الخانة ليست من خانات الاستمارة.`);
  });

  it('shows nothing for values that are objects with their own toString', () => {
    // Prepare
    const values = JSON.parse('{"notes":{"toString":1},"sector":["a"]}') as Record<string, unknown>;

    // Act
    const html = taskFormPage('fr', task, 'Amina', {}, { values, errors: [] });

    // Assess
    expect(html).toContain('maxlength="1000"></textarea>');
  });

  it('says "required" or "invalid" for an error without a key, reading values by own properties only', () => {
    // Prepare
    const errors = [
      { field: 'toString', message: '' },
      { field: 'notes', message: '' },
    ];

    // Act
    const said = localizeFieldErrors('en', errors, { notes: 'x' });

    // Assess
    expect(said).toEqual([
      { field: 'toString', message: 'This field is required.' },
      { field: 'notes', message: 'Invalid value.' },
    ]);
  });
});

describe('localizeFieldErrors', () => {
  it('says what is expected, in French, Arabic and English', () => {
    // Prepare
    const decision = checkIntake(
      { phone: '123', region: 'TTA', province: 'OUJ', birthYear: 1900 },
      now,
      'json',
    );
    const errors = decision.ok ? [] : decision.errors;

    // Act
    const byLang = Object.fromEntries(
      (['fr', 'ar', 'en'] as const).map((lang) => [
        lang,
        Object.fromEntries(localizeFieldErrors(lang, errors).map((e) => [e.field, e.message])),
      ]),
    );

    // Assess
    expect(byLang.fr?.birthYear).toBe(
      'Indiquez l’année de naissance en 4 chiffres, entre 1945 et 2010 (par exemple 1998) : le programme accueille les personnes de 15 à 80 ans.',
    );
    expect(byLang.fr?.phone).toContain('06 12 34 56 78 ou +212 6 12 34 56 78');
    expect(byLang.en?.phone).toContain('Moroccan phone number, for example 06 12 34 56 78');
    expect(byLang.ar?.phone).toContain('رقم هاتف مغربيا');
    expect(byLang.ar?.birthYear).toContain('بين 1945 و2010');
    expect(byLang.en?.sex).toBe('Choose "Female" or "Male".');
    expect(byLang.en?.consent).toContain('Tick the consent box');
  });

  it('names the chosen region in the reader’s language for a province of another region', () => {
    // Prepare
    const decision = checkIntake(
      {
        firstName: 'Amina',
        lastName: 'Tazi',
        sex: 'F',
        birthYear: 1999,
        region: 'TTA',
        province: 'OUJ',
        phone: '0612345678',
        educationLevel: 'primary',
        consent: true,
      },
      now,
    );

    // Act
    const [ar] = localizeFieldErrors('ar', decision.ok ? [] : decision.errors);
    const [fr] = localizeFieldErrors('fr', decision.ok ? [] : decision.errors);

    // Assess
    expect(ar?.message).toBe('اختر(ي) إقليما أو عمالة تابعة لجهة طنجة - تطوان - الحسيمة.');
    expect(fr?.message).toBe('Choisissez une province ou préfecture de la région Tanger-Tétouan-Al Hoceïma.');
  });

  it('writes the dates of a range as the reader reads them', () => {
    // Prepare
    const check = checkTaskAnswers(
      'placement',
      { outcome: 'tpe', startDate: '0000-01-01', sector: 'crafts' },
      now,
    );

    // Act
    const [fr] = localizeFieldErrors('fr', check.ok ? [] : check.errors);

    // Assess
    expect(fr?.message).toBe('Indiquez une date entre le 1 janvier 2017 et le 16 juin 2026.');
  });

  it('translates the errors of the body as a whole, and names it on the page', () => {
    // Prepare
    const errors = localizeFieldErrors('ar', [
      {
        field: 'body',
        message: 'The body is larger than 16384 bytes.',
        key: 'bodyTooLarge',
        params: { max: 16 },
      },
    ]);

    // Act
    const html = intakeFormPage('ar', { values: {}, errors }, now);

    // Assess
    expect(html).toContain('الاستمارة — الاستمارة المرسَلة كبيرة جدا (الحد الأقصى 16 كيلوبايت).');
    expect(html).not.toContain('>body —');
  });
});

describe('the intake form page', () => {
  const withErrors = () => {
    const values = formOf({ firstName: '', sex: '', nickname: 'x' });
    const decision = checkIntake(values, now, 'form');
    return intakeFormPage(
      'fr',
      { values, errors: localizeFieldErrors('fr', decision.ok ? [] : decision.errors, values) },
      now,
    );
  };

  it('puts the focus on the error summary, and links each error to its field', () => {
    // Act
    const html = withErrors();

    // Assess
    expect(html).toMatch(/<div class="errors" role="alert" tabindex="-1" autofocus data-error-summary/);
    expect(html).toContain('<a href="#firstName">Prénom — Ce champ est obligatoire.</a>');
    expect(html).toContain('<a href="#sex-F">Sexe — Choisissez « Femme » ou « Homme ».</a>');
    expect(html).toContain('<a href="#consent">');
    expect(html).toContain('<li>nickname — Ce champ ne fait pas partie du formulaire.</li>');
    expect(html).toContain('id="sex-F"');
  });

  it('groups the provinces by region, marked for the page script, so that it works without it', () => {
    // Act
    const html = intakeFormPage('en', undefined, now);

    // Assess
    const groups = [...html.matchAll(/<optgroup label="([^"]+)" data-region="(\w+)">(.*?)<\/optgroup>/g)];
    expect(groups.map((g) => [g[1], g[2]])).toEqual([
      ['Tangier-Tetouan-Al Hoceima', 'TTA'],
      ['Oriental', 'ORI'],
    ]);
    expect(groups[1]?.[3]).toContain('<option value="OUJ">Oujda-Angad</option>');
    expect(groups[1]?.[3]).not.toContain('TNG');
  });

  it('keeps each radio button and checkbox with its label, as 24 px targets', () => {
    // Act
    const html = intakeFormPage('ar', undefined, now);

    // Assess
    expect(html).toContain(
      '<div class="choice"><input type="radio" id="sex-F" name="sex" value="F"><label for="sex-F">أنثى</label></div>',
    );
    expect(html).toMatch(/<div class="check"><input type="checkbox" id="consent"[^>]*><label for="consent">/);
    expect(html).toMatch(/input\[type=checkbox\], input\[type=radio\] \{ width: 1\.5rem; height: 1\.5rem;/);
    expect(html).toMatch(/\.choice \{ display: flex; align-items: center;/);
  });

  it('says what the birth year and the phone number look like before any error', () => {
    // Act
    const html = intakeFormPage('fr', undefined, now);

    // Assess
    expect(html).toContain(
      '<p class="hint" id="birthYear-hint">Quatre chiffres, entre 1945 et 2010 (par exemple 1998).</p>',
    );
    expect(html).toMatch(/id="birthYear" name="birthYear" type="text" value="" inputmode="numeric"/);
    expect(html).toContain('aria-describedby="phone-hint"');
  });
});

/** Just enough of a DOM for the page script: elements, a select's value, change events. */
class FakeElement {
  children: FakeElement[] = [];
  parentNode: FakeElement | null = null;
  selected = false;
  listeners: Record<string, (() => void)[]> = {};
  constructor(
    readonly tagName: string,
    readonly attributes: Record<string, string> = {},
  ) {}
  get id(): string {
    return this.attributes.id ?? '';
  }
  getAttribute(name: string) {
    return this.attributes[name] ?? null;
  }
  appendChild(child: FakeElement) {
    child.parentNode?.removeChild(child);
    child.parentNode = this;
    this.children.push(child);
    return child;
  }
  removeChild(child: FakeElement) {
    this.children = this.children.filter((c) => c !== child);
    child.parentNode = null;
    return child;
  }
  querySelectorAll(selector: string) {
    return selector === 'optgroup[data-region]'
      ? this.children.filter((c) => c.tagName === 'OPTGROUP' && c.attributes['data-region'])
      : [];
  }
  addEventListener(type: string, listener: () => void) {
    (this.listeners[type] ??= []).push(listener);
  }
  /** The options in the list now, groups opened. */
  get options(): FakeElement[] {
    return this.children.flatMap((c) => (c.tagName === 'OPTION' ? [c] : c.children));
  }
  get selectedOptions(): FakeElement[] {
    const options = this.options;
    const chosen = options.find((o) => o.selected) ?? options[0];
    return chosen ? [chosen] : [];
  }
  get value(): string {
    return this.selectedOptions[0]?.attributes.value ?? '';
  }
  set value(value: string) {
    for (const option of this.options) option.selected = option.attributes.value === value;
  }
  choose(value: string) {
    this.value = value;
    for (const listener of this.listeners.change ?? []) listener();
  }
}

/** The region and province lists of the page, built from its HTML, with the page script run on them. */
function runPageScript(html: string) {
  const select = (id: string) => {
    const element = new FakeElement('SELECT', { id });
    const inner = new RegExp(`<select id="${id}"[^>]*>(.*?)</select>`).exec(html)?.[1] ?? '';
    const option = (value = '', selected = '') => {
      const element = new FakeElement('OPTION', { value });
      element.selected = selected !== '';
      return element;
    };
    const pattern = /<optgroup[^>]*data-region="(\w+)">(.*?)<\/optgroup>|<option value="(\w*)"( selected)?/g;
    for (const part of inner.matchAll(pattern)) {
      if (part[1] === undefined) {
        element.appendChild(option(part[3], part[4]));
        continue;
      }
      const group = element.appendChild(new FakeElement('OPTGROUP', { 'data-region': part[1] }));
      for (const o of (part[2] ?? '').matchAll(/<option value="(\w+)"( selected)?/g))
        group.appendChild(option(o[1], o[2]));
    }
    return element;
  };
  const region = select('region');
  const province = select('province');
  const document = {
    activeElement: null,
    querySelector: () => null,
    getElementById: (id: string) => ({ region, province })[id] ?? null,
  };
  runInNewContext(PAGE_SCRIPT, { document });
  const shown = () => province.options.map((o) => o.attributes.value).filter((v) => v !== '');
  return { region, province, shown };
}

describe('the page script on the intake form', () => {
  it('shows only the provinces of the chosen region, and lets a province from another region go', () => {
    // Prepare
    const { region, province, shown } = runPageScript(intakeFormPage('fr', undefined, now));
    const all = shown();

    // Act & Assess
    expect(all).toHaveLength(16);
    region.choose('ORI');
    expect(shown()).toEqual(['OUJ', 'NAD', 'DRI', 'JER', 'BER', 'TAO', 'GUE', 'FIG']);
    province.choose('NAD');
    region.choose('TTA');
    expect(shown()).toEqual(['TNG', 'MDF', 'TET', 'FAH', 'LAR', 'HOC', 'CHE', 'OUZ']);
    expect(province.value).toBe('');
    region.choose('');
    expect(shown()).toEqual(all);
  });

  it('keeps the province chosen when its region stays, and fills in the region of a province chosen first', () => {
    // Prepare
    const { region, province, shown } = runPageScript(intakeFormPage('fr', undefined, now));

    // Act
    province.choose('TET');

    // Assess
    expect(region.value).toBe('TTA');
    expect(province.value).toBe('TET');
    expect(shown()).not.toContain('OUJ');
  });

  it('keeps the values a page with errors shows again', () => {
    // Prepare
    const values = formOf({ region: 'ORI', province: 'BER' });

    // Act
    const { province, shown } = runPageScript(intakeFormPage('fr', { values, errors: [] }, now));

    // Assess
    expect(province.value).toBe('BER');
    expect(shown()).toHaveLength(8);
  });
});

/** A form control for the page script: its name, value, state and change listeners. */
interface FakeControl {
  tagName: string;
  name: string;
  value: string;
  checked: boolean;
  disabled: boolean;
  invalid: boolean;
  listeners: (() => void)[];
  addEventListener(type: string, listener: () => void): void;
}

/** A part of a form shown for some choices only (`data-shown-when`), with the controls inside it. */
interface FakePart {
  attributes: Record<string, string>;
  hidden: boolean;
  controls: FakeControl[];
  getAttribute(name: string): string | null;
  querySelector(selector: string): FakeControl | null;
  querySelectorAll(selector: string): FakeControl[];
}

/** The task form's parts and controls, read from its HTML in document order, with the page script run on them. */
function runPartsScript(html: string) {
  const form = /<form[\s\S]*<\/form>/.exec(html)?.[0] ?? '';
  const controls: FakeControl[] = [];
  const parts: FakePart[] = [];
  const open: (FakePart | undefined)[] = [];
  const attributesOf = (tag: string) =>
    Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
  for (const [tag, closing, element] of form.matchAll(
    /<(\/?)(div|fieldset|input|select|textarea)\b[^>]*>/g,
  )) {
    if (closing) {
      open.pop();
      continue;
    }
    const attributes = attributesOf(tag);
    if (element === 'div' || element === 'fieldset') {
      const part: FakePart | undefined = attributes['data-shown-when']
        ? {
            attributes,
            hidden: false,
            controls: [],
            getAttribute: (name) => attributes[name] ?? null,
            querySelector: (selector) =>
              selector === '[aria-invalid="true"]' ? (part?.controls.find((c) => c.invalid) ?? null) : null,
            querySelectorAll: () => part?.controls ?? [],
          }
        : undefined;
      if (part) parts.push(part);
      open.push(part);
      continue;
    }
    const control: FakeControl = {
      tagName: (element ?? '').toUpperCase(),
      name: attributes.name ?? '',
      value: attributes.value ?? '',
      checked: / checked/.test(tag),
      disabled: false,
      invalid: attributes['aria-invalid'] === 'true',
      listeners: [],
      addEventListener(_type, listener) {
        this.listeners.push(listener);
      },
    };
    controls.push(control);
    for (const part of open) part?.controls.push(control);
  }
  const document = {
    activeElement: null,
    querySelector: () => null,
    getElementById: () => null,
    querySelectorAll: (selector: string) => {
      if (selector === '[data-shown-when]') return parts;
      const name = /^input\[name="(\w+)"\]$/.exec(selector)?.[1];
      return controls.filter((c) => c.tagName === 'INPUT' && c.name === name);
    },
  };
  runInNewContext(PAGE_SCRIPT, { document });
  const choose = (name: string, value: string) => {
    const group = controls.filter((c) => c.name === name);
    for (const c of group) c.checked = c.value === value;
    for (const listener of group.find((c) => c.value === value)?.listeners ?? []) listener();
  };
  /** The names of the fields shown and sent (a hidden part's fields are disabled). */
  const sent = () => [...new Set(controls.filter((c) => !c.disabled).map((c) => c.name))];
  const shownParts = () => parts.filter((p) => !p.hidden).map((p) => p.attributes['data-shown-for']);
  return { choose, sent, shownParts };
}

describe('the page script on the placement and follow-up forms', () => {
  const taskOf = (taskType: string) => ({ ...task, taskType }) as unknown as CoachTask;

  it('shows the placement fields of the chosen outcome only, and sends no others', () => {
    // Prepare
    const { choose, sent } = runPartsScript(taskFormPage('fr', taskOf('placement'), 'Amina', {}));

    // Act & Assess: nothing chosen, only what every outcome has.
    expect(sent()).toEqual(['outcome', 'next', 'leaveReason', 'notes']);
    choose('outcome', 'employment');
    expect(sent()).toEqual([
      'outcome',
      'startDate',
      'sector',
      'employer',
      'contractType',
      'incomeBand',
      'cnssDeclared',
      'workingTime',
      'next',
      'leaveReason',
      'notes',
    ]);
    choose('outcome', 'cooperative');
    expect(sent()).toContain('cooperativeRole');
    expect(sent()).not.toContain('employer');
    choose('outcome', 'no-placement');
    expect(sent()).toEqual(['outcome', 'noPlacementReason', 'next', 'leaveReason', 'notes']);
  });

  it('keeps a part with an error in view until the outcome changes', () => {
    // Prepare
    const values = formOf({ outcome: '', employer: 'Atlas Logistique' });
    const errors = [{ field: 'employer', message: 'Ce champ est obligatoire avec les réponses données.' }];
    const { choose, shownParts } = runPartsScript(
      taskFormPage('fr', taskOf('placement'), 'Amina', {}, { values, errors }),
    );

    // Act & Assess
    expect(shownParts()).toEqual(['employment']);
    choose('outcome', 'tpe');
    expect(shownParts()).not.toContain('employment');
  });

  it('asks a follow-up the decent-work facts in work, and what next only when not working', () => {
    // Prepare
    const { choose, sent } = runPartsScript(taskFormPage('en', taskOf('follow-up'), 'Amina', {}));

    // Act & Assess
    expect(sent()).toEqual(['followUpDate', 'workStatus', 'notes']);
    choose('workStatus', 'other');
    expect(sent()).toEqual([
      'followUpDate',
      'workStatus',
      'incomeBand',
      'cnssDeclared',
      'workingTime',
      'notes',
    ]);
    choose('workStatus', 'training');
    expect(sent()).toEqual(['followUpDate', 'workStatus', 'notes']);
    choose('workStatus', 'none');
    expect(sent()).toEqual(['followUpDate', 'workStatus', 'next', 'notes']);
  });
});

describe('the task pages', () => {
  it('link each error to its field, the first choice of a group', () => {
    // Prepare
    const values = formOf({ outcome: 'nothing', startDate: '0000-01-01' });
    const check = checkTaskAnswers('placement', values, now);

    // Act
    const html = taskFormPage(
      'en',
      task,
      'Amina',
      {},
      {
        values,
        errors: localizeFieldErrors('en', check.ok ? [] : check.errors, values),
      },
    );

    // Assess
    expect(html).toContain(
      '<a href="#outcome-employment">Outcome of the journey — Choose the outcome of the journey from the list.</a>',
    );
    expect(html).toContain(
      '<a href="#sector">Sector of activity — Choose a sector of activity from the list.</a>',
    );
    expect(html).toContain('<div class="choice"><input type="radio" id="outcome-employment"');
  });

  it('confirm the placement with the follow-ups it leads to, and the interview without promising the placement', () => {
    // Act
    const placement = taskMessagePage('fr', 'done', '/tasks/x', {}, 'placement');
    const followUp = taskMessagePage('en', 'done', '/tasks/x', {}, 'follow-up');
    const interview = taskMessagePage('fr', 'done', '/tasks/x', {}, 'initial-interview');
    const unknown = taskMessagePage('en', 'done', '/tasks/x', {});

    // Assess
    expect(placement).toContain('l’accompagnement est terminé');
    expect(placement).toContain('un suivi vous sera demandé 3, 6 puis 12 mois après son début');
    expect(placement).toContain('sans insertion, ou si la personne quitte le programme, aucune autre tâche');
    expect(placement).not.toMatch(/étape suivante|Vous recevrez un message/);
    expect(followUp).toContain('<h1>Thank you, it is recorded</h1>');
    expect(followUp).toContain('If you reopened accompaniment, a new journey starts');
    // The interview's answer decides what follows: the page names the possibilities, promises none.
    expect(interview).toContain('Si le parcours continue, vous recevrez un message pour la tâche suivante');
    expect(interview).toContain('une séance d’accompagnement, une formation ou l’insertion');
    expect(unknown).not.toContain('You will receive a message for the next step');
  });

  it('tell a coach whose form came from another site that nothing was recorded', () => {
    // Act
    const html = taskMessagePage('ar', 'crossSite', '/tasks/x', {});

    // Assess
    expect(html).toContain('<h1>تم رفض الإرسال</h1>');
  });
});

describe('not found', () => {
  const lambdaContext = { functionName: 'kafaat-notFound', awsRequestId: 'test' } as Context;
  const request = (headers: Record<string, string>, query?: Record<string, string>, rawPath = '/nowhere') =>
    ({
      rawPath,
      headers,
      ...(query ? { queryStringParameters: query } : {}),
    }) as unknown as APIGatewayProxyEventV2;

  it('answers a browser with a page in its language: ?lang= first, then Accept-Language', async () => {
    // Act
    const arabic = await notFound(
      request({ accept: 'text/html', 'accept-language': 'fr' }, { lang: 'ar' }),
      lambdaContext,
    );
    const english = await notFound(
      request({ accept: 'text/html,*/*;q=0.8', 'accept-language': 'en-GB,en' }),
      lambdaContext,
    );

    // Assess
    expect(arabic.statusCode).toBe(404);
    expect(arabic.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(arabic.body).toContain('<html lang="ar" dir="rtl">');
    expect(arabic.body).toContain('<h1>الصفحة غير موجودة</h1>');
    expect(english.body).toContain('<h1>Page not found</h1>');
    expect(String(arabic.headers?.['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('answers API clients as API Gateway does: {"message":"Not Found"}', async () => {
    // Act
    const curl = await notFound(request({ accept: '*/*' }), lambdaContext);
    const bare = await notFound(request({}), lambdaContext);

    // Assess
    expect(curl).toMatchObject({ statusCode: 404, body: '{"message":"Not Found"}' });
    expect(curl.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(bare.body).toBe('{"message":"Not Found"}');
  });

  it('links the languages to the same path only when it is a plain local one', () => {
    // Act
    const plain = notFoundPage('fr', '/a/b');
    const protocolRelative = notFoundPage('fr', '//evil.example/x');
    const backslash = notFoundPage('fr', '/\\evil.example');

    // Assess
    expect(plain).toContain('href="/a/b?lang=ar"');
    expect(protocolRelative).not.toContain('evil.example');
    expect(backslash).not.toContain('evil.example');
  });

  it('is the catch-all route of the app description, after every other route', () => {
    // Act
    const last = routes[routes.length - 1];

    // Assess
    expect(last).toEqual({ method: 'ANY', path: '/{proxy+}', function: 'notFound' });
    expect(routes.filter((r) => r.function === 'notFound')).toHaveLength(1);
  });
});

describe('the layout', () => {
  it('carries the page script once, at the end of the body', () => {
    // Act
    const html = page({ lang: 'fr', title: 'T', body: '', selfPath: '/' });

    // Assess
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toMatch(/<script>[\s\S]*<\/script>\n<\/body>/);
  });
});
