/**
 * Coach tasks: the random id, the signed link (tampering told apart from age) and the answers.
 */
import {
  checkTaskAnswers,
  checkTaskLink,
  isTaskId,
  newTaskId,
  signedTaskPath,
} from '../../functions/domain/coach-task';

const secret = 'test-signing-secret';
const now = new Date('2025-06-15T10:00:00Z');
const nowSeconds = now.getTime() / 1000;
const taskId = 'AAAAAAAAAAAAAAAAAAAAAA';

/** The exp and sig a link carries, as the open-task handler reads them from the query string. */
function linkParts(path: string): { id: string; exp: string; sig: string } {
  const url = new URL(path, 'https://kafaat.example');
  return {
    id: url.pathname.replace('/tasks/', ''),
    exp: url.searchParams.get('exp') ?? '',
    sig: url.searchParams.get('sig') ?? '',
  };
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

  it('builds /tasks/{id} with exp and sig, and the link checks as valid', () => {
    // Act
    const path = signedTaskPath(secret, taskId, exp);
    const parts = linkParts(path);

    // Assess
    expect(path.startsWith(`/tasks/${taskId}?exp=${exp}&sig=`)).toBe(true);
    expect(parts.id).toBe(taskId);
    expect(checkTaskLink(secret, parts.id, parts.exp, parts.sig, now)).toBe('valid');
  });

  it('is valid up to its expiry second, expired one millisecond after', () => {
    // Prepare
    const { exp: e, sig } = linkParts(signedTaskPath(secret, taskId, exp));

    // Act
    const atExpiry = checkTaskLink(secret, taskId, e, sig, new Date(exp * 1000));
    const after = checkTaskLink(secret, taskId, e, sig, new Date(exp * 1000 + 1));

    // Assess
    expect(atExpiry).toBe('valid');
    expect(after).toBe('expired');
  });

  it('tells a tampered signature from an expired link', () => {
    // Prepare
    const { exp: e, sig } = linkParts(signedTaskPath(secret, taskId, exp));
    const tampered = `${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
    const later = new Date((exp + 60) * 1000);

    // Act
    const tamperedNow = checkTaskLink(secret, taskId, e, tampered, now);
    const tamperedLater = checkTaskLink(secret, taskId, e, tampered, later);
    const genuineLater = checkTaskLink(secret, taskId, e, sig, later);

    // Assess
    expect(tamperedNow).toBe('invalid');
    expect(tamperedLater).toBe('invalid');
    expect(genuineLater).toBe('expired');
  });

  it('refuses a link whose expiry was pushed back', () => {
    // Prepare
    const { sig } = linkParts(signedTaskPath(secret, taskId, nowSeconds - 60));

    // Act
    const check = checkTaskLink(secret, taskId, String(nowSeconds + 86400), sig, now);

    // Assess
    expect(check).toBe('invalid');
  });

  it('refuses a link signed with another secret or for another task', () => {
    // Prepare
    const { exp: e, sig } = linkParts(signedTaskPath('another-secret', taskId, exp));
    const own = linkParts(signedTaskPath(secret, taskId, exp));

    // Act
    const otherSecret = checkTaskLink(secret, taskId, e, sig, now);
    const otherTask = checkTaskLink(secret, 'BBBBBBBBBBBBBBBBBBBBBB', own.exp, own.sig, now);

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
    const check = checkTaskLink(secret, taskId, e, s, now);

    // Assess
    expect(check).toBe('invalid');
  });

  it('refuses a malformed task id even with a matching signature', () => {
    // Prepare
    const badId = 'short';
    const { exp: e, sig } = linkParts(signedTaskPath(secret, badId, exp));

    // Act
    const check = checkTaskLink(secret, badId, e, sig, now);

    // Assess
    expect(check).toBe('invalid');
  });
});

describe('checkTaskAnswers', () => {
  const interview = { interviewDate: '2025-06-14', attended: 'yes', trainingNeeded: 'no', notes: '' };
  const placement = { outcome: 'cooperative', startDate: '2025-07-01', sector: 'agri-food' };

  it('accepts an initial interview and drops empty notes', () => {
    // Act
    const check = checkTaskAnswers('initial-interview', interview, now);

    // Assess
    expect(check).toEqual({
      ok: true,
      answers: { interviewDate: '2025-06-14', attended: 'yes', trainingNeeded: 'no' },
    });
  });

  it('accepts a placement and trims its notes', () => {
    // Act
    const check = checkTaskAnswers('placement', { ...placement, notes: '  Started well. ' }, now);

    // Assess
    expect(check).toEqual({ ok: true, answers: { ...placement, notes: 'Started well.' } });
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
    expect(check).toEqual({ ok: false, errors: [{ field: 'attended', message: 'Unknown field.' }] });
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
      errors: [{ field: 'interviewDate', message: 'Must be within the next year.' }],
    });
    expect(placementTooLate.ok ? [] : placementTooLate.errors.map((e) => e.field)).toEqual(['startDate']);
  });
});
