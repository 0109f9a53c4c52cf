/**
 * Coach tasks: the random id, the signed link (tampering told apart from age) and the answers.
 */
import { createHmac } from 'node:crypto';
import {
  checkTaskAnswers,
  checkTaskLink,
  isTaskId,
  linkGenerationOf,
  newTaskId,
  signedTaskPath,
} from '../../functions/domain/coach-task';

const secret = 'test-signing-secret';
const now = new Date('2025-06-15T10:00:00Z');
const nowSeconds = now.getTime() / 1000;
const taskId = 'AAAAAAAAAAAAAAAAAAAAAA';

/** The exp, g and sig a link carries, as the open-task handler reads them from the query string. */
function linkParts(path: string): { id: string; exp: string; sig: string; g?: string } {
  const url = new URL(path, 'https://kafaat.example');
  const g = url.searchParams.get('g');
  return {
    id: url.pathname.replace('/tasks/', ''),
    exp: url.searchParams.get('exp') ?? '',
    sig: url.searchParams.get('sig') ?? '',
    ...(g === null ? {} : { g }),
  };
}

/** A link as they were emailed before link generations: `?exp&sig`, signed over `taskId.exp`. */
function legacyPath(secret_: string, id: string, exp: number): string {
  const sig = createHmac('sha256', secret_).update(`${id}.${exp}`).digest('base64url');
  return `/tasks/${id}?exp=${exp}&sig=${sig}`;
}

describe('task ids', () => {
  it('makes ids that isTaskId accepts, different each time', () => {
    // Act
    const ids = Array.from({ length: 20 }, () => newTaskId());

    // Assess
    expect(ids.every(isTaskId)).toBe(true);
    expect(new Set(ids).size).toBe(20);
  });

  it.each([
    ['too short', 'A'.repeat(21)],
    ['too long', 'A'.repeat(23)],
    ['standard base64 characters', `${'A'.repeat(20)}+/`],
    ['a path', `../${'A'.repeat(19)}`],
    ['not a string', 42],
    ['undefined', undefined],
  ])('rejects %s', (_label, value) => {
    // Act
    const accepted = isTaskId(value);

    // Assess
    expect(accepted).toBe(false);
  });
});

describe('signed task links', () => {
  const exp = nowSeconds + 3600;

  it('builds /tasks/{id} with exp, the link generation and sig, and the link checks as valid', () => {
    // Act
    const path = signedTaskPath(secret, taskId, exp);
    const parts = linkParts(path);

    // Assess
    expect(path.startsWith(`/tasks/${taskId}?exp=${exp}&g=0&sig=`)).toBe(true);
    expect(parts.id).toBe(taskId);
    expect(checkTaskLink(secret, parts.id, parts.exp, parts.sig, now, parts.g)).toBe('valid');
  });

  it('signs the generation: a link of one generation cannot be made into another', () => {
    // Prepare
    const first = linkParts(signedTaskPath(secret, taskId, exp, 1));
    const second = linkParts(signedTaskPath(secret, taskId, exp, 2));

    // Act
    const asSigned = checkTaskLink(secret, taskId, first.exp, first.sig, now, '1');
    const pushedOn = checkTaskLink(secret, taskId, first.exp, first.sig, now, '2');
    const withoutG = checkTaskLink(secret, taskId, first.exp, first.sig, now);

    // Assess
    expect(asSigned).toBe('valid');
    expect(pushedOn).toBe('invalid');
    expect(withoutG).toBe('invalid');
    expect(second.sig).not.toBe(first.sig);
    expect(linkGenerationOf(second.g)).toBe(2);
  });

  it('still takes a link emailed before generations (no g) as generation 0', () => {
    // Prepare
    const legacy = linkParts(legacyPath(secret, taskId, exp));

    // Act
    const check = checkTaskLink(secret, taskId, legacy.exp, legacy.sig, now, legacy.g);
    const withG = checkTaskLink(secret, taskId, legacy.exp, legacy.sig, now, '0');
    const later = checkTaskLink(secret, taskId, legacy.exp, legacy.sig, new Date((exp + 1) * 1000));

    // Assess
    expect(legacy.g).toBeUndefined();
    expect(check).toBe('valid');
    expect(linkGenerationOf(legacy.g)).toBe(0);
    expect(withG).toBe('invalid');
    expect(later).toBe('expired');
  });

  it.each([['-1'], ['1.5'], ['01'], ['abc'], [''], ['1234567']])(
    'refuses a malformed generation %p without throwing',
    (g) => {
      // Prepare
      const own = linkParts(signedTaskPath(secret, taskId, exp));

      // Act
      const check = checkTaskLink(secret, taskId, own.exp, own.sig, now, g);

      // Assess
      expect(check).toBe('invalid');
    },
  );

  it('is valid up to its expiry second, expired one millisecond after', () => {
    // Prepare
    const { exp: e, sig, g } = linkParts(signedTaskPath(secret, taskId, exp));

    // Act
    const atExpiry = checkTaskLink(secret, taskId, e, sig, new Date(exp * 1000), g);
    const after = checkTaskLink(secret, taskId, e, sig, new Date(exp * 1000 + 1), g);

    // Assess
    expect(atExpiry).toBe('valid');
    expect(after).toBe('expired');
  });

  it('tells a tampered signature from an expired link', () => {
    // Prepare
    const { exp: e, sig, g } = linkParts(signedTaskPath(secret, taskId, exp));
    const tampered = `${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
    const later = new Date((exp + 60) * 1000);

    // Act
    const tamperedNow = checkTaskLink(secret, taskId, e, tampered, now, g);
    const tamperedLater = checkTaskLink(secret, taskId, e, tampered, later, g);
    const genuineLater = checkTaskLink(secret, taskId, e, sig, later, g);

    // Assess
    expect(tamperedNow).toBe('invalid');
    expect(tamperedLater).toBe('invalid');
    expect(genuineLater).toBe('expired');
  });

  it('refuses a link whose expiry was pushed back', () => {
    // Prepare
    const { sig, g } = linkParts(signedTaskPath(secret, taskId, nowSeconds - 60));

    // Act
    const check = checkTaskLink(secret, taskId, String(nowSeconds + 86400), sig, now, g);

    // Assess
    expect(check).toBe('invalid');
  });

  it('refuses a link signed with another secret or for another task', () => {
    // Prepare
    const { exp: e, sig, g } = linkParts(signedTaskPath('another-secret', taskId, exp));
    const own = linkParts(signedTaskPath(secret, taskId, exp));

    // Act
    const otherSecret = checkTaskLink(secret, taskId, e, sig, now, g);
    const otherTask = checkTaskLink(secret, 'BBBBBBBBBBBBBBBBBBBBBB', own.exp, own.sig, now, own.g);

    // Assess
    expect(otherSecret).toBe('invalid');
    expect(otherTask).toBe('invalid');
  });

  it.each([
    ['no exp', undefined, 'sig'],
    ['no sig', 'exp', undefined],
    ['a non-numeric exp', '1e12', 'sig'],
    ['a short sig', 'exp', 'abc'],
  ])('refuses a link with %s, without throwing', (_label, exp_, sig_) => {
    // Prepare
    const own = linkParts(signedTaskPath(secret, taskId, exp));
    const e = exp_ === 'exp' ? own.exp : exp_;
    const s = sig_ === 'sig' ? own.sig : sig_;

    // Act
    const check = checkTaskLink(secret, taskId, e, s, now, own.g);

    // Assess
    expect(check).toBe('invalid');
  });

  it('refuses a malformed task id even with a matching signature', () => {
    // Prepare
    const badId = 'short';
    const { exp: e, sig, g } = linkParts(signedTaskPath(secret, badId, exp));

    // Act
    const check = checkTaskLink(secret, badId, e, sig, now, g);

    // Assess
    expect(check).toBe('invalid');
  });
});

/** An interview that took place, as an older client answers it (trainingNeeded, no next). */
const heldInterview = {
  interviewDate: '2025-06-14',
  attended: 'yes',
  trainingNeeded: 'no',
  goals: 'Un emploi',
  planStep1: 'CV',
  planDate1: '2025-07-01',
};

describe('checkTaskAnswers', () => {
  const interview = { ...heldInterview, notes: '' };
  const placement = { outcome: 'cooperative', startDate: '2025-07-01', sector: 'agri-food' };

  it('accepts an initial interview and drops empty notes', () => {
    // Act
    const check = checkTaskAnswers('initial-interview', interview, now);

    // Assess
    expect(check).toEqual({
      ok: true,
      // An older client's answer (trainingNeeded, no next): the journey goes on to coaching.
      answers: {
        interviewDate: '2025-06-14',
        attended: 'yes',
        trainingNeeded: 'no',
        goals: 'Un emploi',
        planStep1: 'CV',
        planDate1: '2025-07-01',
        next: 'coaching',
      },
    });
  });

  it('accepts a placement and trims its notes', () => {
    // Act
    const check = checkTaskAnswers('placement', { ...placement, notes: '  Started well. ' }, now);

    // Assess
    expect(check).toEqual({ ok: true, answers: { ...placement, notes: 'Started well.', next: 'placed' } });
  });

  it.each([
    ['interviewDate', '2025-13-01'],
    ['interviewDate', '15/06/2025'],
    ['attended', 'maybe'],
    ['trainingNeeded', true],
    ['notes', 'x'.repeat(1001)],
  ])('refuses interview %s = %p on that field', (field, value) => {
    // Act
    const check = checkTaskAnswers('initial-interview', { ...interview, [field]: value }, now);

    // Assess
    expect(check.ok ? [] : check.errors.map((e) => e.field)).toEqual([field]);
  });

  it.each([
    ['outcome', 'unemployed'],
    ['sector', 'mining'],
    ['startDate', ''],
  ])('refuses placement %s = %p on that field', (field, value) => {
    // Act
    const check = checkTaskAnswers('placement', { ...placement, [field]: value }, now);

    // Assess
    expect(check.ok ? [] : check.errors.map((e) => e.field)).toEqual([field]);
  });

  it('refuses the answers of the other task type as unknown fields', () => {
    // Act
    const check = checkTaskAnswers('placement', { ...placement, attended: 'yes' }, now);

    // Assess
    expect(check).toEqual({
      ok: false,
      errors: [
        {
          field: 'attended',
          message:
            'Unknown field. This task takes: outcome, startDate, sector, employer, contractType, cooperativeRole, incomeBand, cnssDeclared, workingTime, noPlacementReason, next, leaveReason, notes.',
          key: 'unknownField',
        },
      ],
    });
  });

  it('accepts dates up to 366 days ahead and refuses the day after', () => {
    // Act
    const lastDay = checkTaskAnswers('initial-interview', { ...interview, interviewDate: '2026-06-16' }, now);
    const tooLate = checkTaskAnswers('initial-interview', { ...interview, interviewDate: '2026-06-17' }, now);
    const placementTooLate = checkTaskAnswers('placement', { ...placement, startDate: '2026-06-17' }, now);

    // Assess
    expect(lastDay.ok).toBe(true);
    expect(tooLate).toEqual({
      ok: false,
      errors: [
        {
          field: 'interviewDate',
          message: 'Must be a date from 2017-01-01 to 2026-06-16 (within the next year).',
          key: 'dateRange',
          params: { min: '2017-01-01', max: '2026-06-16' },
        },
      ],
    });
    expect(placementTooLate.ok ? [] : placementTooLate.errors.map((e) => e.field)).toEqual(['startDate']);
  });
});

describe('checkTaskAnswers: dates that cannot be', () => {
  const interview = heldInterview;

  it.each([
    ['year 0000', '0000-01-01'],
    ['year 0001', '0001-06-14'],
    ['a year before the programme', '2016-12-31'],
  ])('refuses %s (%s), saying between which dates', (_label, interviewDate) => {
    // Act
    const check = checkTaskAnswers('initial-interview', { ...interview, interviewDate }, now);

    // Assess
    expect(check.ok ? undefined : check.errors).toEqual([
      expect.objectContaining({
        field: 'interviewDate',
        key: 'dateRange',
        params: { min: '2017-01-01', max: '2026-06-16' },
      }),
    ]);
  });

  it.each([
    ['30 February', '2025-02-30'],
    ['29 February of a common year', '2025-02-29'],
    ['31 April', '2025-04-31'],
    ['month 00', '2025-00-10'],
    ['day 00', '2025-06-00'],
    ['a six-digit year', '+02025-06-14'],
    ['a date and time', '2025-06-14T10:00'],
  ])('refuses %s (%s) as not a date', (_label, interviewDate) => {
    // Act
    const check = checkTaskAnswers('initial-interview', { ...interview, interviewDate }, now);

    // Assess
    expect(check.ok ? undefined : check.errors).toEqual([
      expect.objectContaining({
        field: 'interviewDate',
        key: 'date',
        message: expect.stringContaining('YYYY-MM-DD'),
      }),
    ]);
  });

  it('accepts 29 February of a leap year and the first day of the programme', () => {
    // Act
    const leap = checkTaskAnswers('initial-interview', { ...interview, interviewDate: '2024-02-29' }, now);
    const first = checkTaskAnswers(
      'placement',
      { outcome: 'tpe', startDate: '2017-01-01', sector: 'crafts' },
      now,
    );

    // Assess
    expect(leap.ok).toBe(true);
    expect(first.ok).toBe(true);
  });
});

describe('checkTaskAnswers: notes', () => {
  const interview = heldInterview;
  const notesOf = (notes: string) => {
    const check = checkTaskAnswers('initial-interview', { ...interview, notes }, now);
    return check.ok && 'notes' in check.answers ? check.answers.notes : check;
  };

  it('keeps new lines (CRLF and CR become LF), turns tabs into spaces, trims and composes (NFC)', () => {
    // Act & Assess
    expect(notesOf('  Bonne motivation.\r\nA revoir\rle\tmois prochain. He\u0301le\u0300ne ')).toBe(
      'Bonne motivation.\nA revoir\nle mois prochain. Hélène',
    );
    expect(notesOf('ملاحظة أولى\nⵜⴰⵎⴰⵣⵉⵖⵜ')).toBe('ملاحظة أولى\nⵜⴰⵎⴰⵣⵉⵖⵜ');
  });

  it.each([
    ['a control character', 'ok\u0000then'],
    ['an escape sequence', 'ok\u001b[31mred'],
    ['a right-to-left override', 'price \u202e01$'],
    ['a bidirectional isolate', 'a \u2066b\u2069'],
    ['a line separator', 'a\u2028b'],
  ])('refuses notes with %s', (_label, notes) => {
    // Act
    const check = notesOf(notes);

    // Assess
    expect(check).toEqual({
      ok: false,
      errors: [expect.objectContaining({ field: 'notes', key: 'notesInvisible' })],
    });
  });

  it('refuses notes with U+FFFD (bytes that were not UTF-8) as unreadable', () => {
    // Act & Assess
    expect(notesOf('caf\ufffd')).toEqual({
      ok: false,
      errors: [expect.objectContaining({ field: 'notes', key: 'encoding' })],
    });
  });

  it('refuses more than 1000 characters, saying the limit', () => {
    // Act & Assess
    expect(notesOf('x'.repeat(1001))).toEqual({
      ok: false,
      errors: [expect.objectContaining({ field: 'notes', key: 'notesTooLong', params: { max: 1000 } })],
    });
  });
});

describe('checkTaskAnswers: what each error expects', () => {
  it.each([
    ['attended', 'maybe', 'yesNo', /"yes" or "no"/],
    ['interviewDate', '', 'date', /^Required\. .*YYYY-MM-DD/],
  ])('%s = %p: key %s', (field, value, key, message) => {
    // Act
    const check = checkTaskAnswers(
      'initial-interview',
      { interviewDate: '2025-06-14', attended: 'yes', trainingNeeded: 'no', [field]: value },
      now,
    );

    // Assess
    expect(check.ok ? undefined : check.errors[0]).toMatchObject({
      field,
      key,
      message: expect.stringMatching(message),
    });
  });

  it.each(['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'])(
    'names a field "%s" as unknown without throwing',
    (name) => {
      // Prepare
      const form = Object.create(null) as Record<string, unknown>;
      Object.assign(form, { outcome: 'tpe', startDate: '2025-07-01', sector: 'crafts' });
      form[name] = 'x';

      // Act
      const check = checkTaskAnswers('placement', form, now);

      // Assess
      expect(check.ok ? [] : check.errors.map((e) => e.field)).toEqual([name]);
    },
  );

  it('refuses a body that is not an object on the field "body"', () => {
    // Act
    const check = checkTaskAnswers('placement', ['tpe'], now);

    // Assess
    expect(check.ok ? undefined : check.errors).toEqual([
      expect.objectContaining({ field: 'body', key: 'bodyType' }),
    ]);
  });
});

describe('the coaching tasks', () => {
  const now = new Date('2026-11-29T10:00:00Z');

  it('a placement may instead end the journey, with a reason; otherwise its outcome, date and sector are required', () => {
    // Act
    const left = checkTaskAnswers('placement', { next: 'leave', leaveReason: 'health' }, now);
    const empty = checkTaskAnswers('placement', {}, now);
    const noReason = checkTaskAnswers('placement', { next: 'leave' }, now);

    // Assess
    expect(left).toEqual({ ok: true, answers: { next: 'leave', leaveReason: 'health' } });
    expect(empty.ok ? [] : empty.errors.map((e) => e.field)).toEqual(['outcome', 'startDate', 'sector']);
    expect(noReason.ok ? [] : noReason.errors.map((e) => e.field)).toEqual(['leaveReason']);
  });

  it('a placement recorded says so to the workflow (next: placed), and keeps no leaving reason', () => {
    // Act
    const placed = checkTaskAnswers(
      'placement',
      { outcome: 'tpe', startDate: '2026-12-01', sector: 'crafts', leaveReason: 'health' },
      now,
    );

    // Assess
    expect(placed).toEqual({
      ok: true,
      answers: { outcome: 'tpe', startDate: '2026-12-01', sector: 'crafts', next: 'placed' },
    });
  });

  it('an interview that took place needs goals and a plan whose every step has its date', () => {
    // Act
    const check = checkTaskAnswers(
      'initial-interview',
      { interviewDate: '2026-11-20', attended: 'yes', planDate2: '2026-12-01' },
      now,
    );

    // Assess
    expect(check.ok ? [] : check.errors.map((e) => e.field)).toEqual(['goals', 'planStep2', 'planStep1']);
  });

  it('a missed interview asks for nothing more, and says a new appointment follows', () => {
    // Act
    const check = checkTaskAnswers('initial-interview', { interviewDate: '2026-11-20', attended: 'no' }, now);

    // Assess
    expect(check).toEqual({
      ok: true,
      answers: { interviewDate: '2026-11-20', attended: 'no', next: 'new-appointment' },
    });
  });

  it('a training choice is an offer or another next step, not both', () => {
    // Act
    const both = checkTaskAnswers('training-choice', { offerId: 'TRN-TNG-LOG', next: 'coaching' }, now);
    const neither = checkTaskAnswers('training-choice', {}, now);
    const offer = checkTaskAnswers('training-choice', { offerId: 'TRN-TNG-LOG' }, now);

    // Assess
    expect(both.ok ? [] : both.errors.map((e) => e.field)).toEqual(['next']);
    expect(neither.ok ? [] : neither.errors.map((e) => e.field)).toEqual(['offerId']);
    expect(offer).toEqual({ ok: true, answers: { offerId: 'TRN-TNG-LOG', next: 'training' } });
  });

  it('a coaching session says what it worked on, unless the journey ends', () => {
    // Act
    const nothing = checkTaskAnswers(
      'coaching-session',
      { sessionDate: '2026-11-25', next: 'coaching' },
      now,
    );
    const leaving = checkTaskAnswers(
      'coaching-session',
      { sessionDate: '2026-11-25', next: 'leave', leaveReason: 'moved-away' },
      now,
    );

    // Assess
    expect(nothing.ok ? [] : nothing.errors.map((e) => e.field)).toEqual(['workedOn']);
    expect(leaving.ok).toBe(true);
  });
});
