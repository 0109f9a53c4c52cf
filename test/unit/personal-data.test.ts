/**
 * Erasure and retention rules: what an erasure removes and keeps, the free text of answers, the
 * retention cut-off on the platform's clock, the setting, the journey's end, the withdrawal's checks.
 */
import {
  answersErasure,
  checkWithdrawal,
  DEFAULT_RETENTION_DAYS,
  eraseDueAt,
  erasureDetail,
  journeyHasEnded,
  lastActivityOf,
  needsLastActivity,
  recordErasure,
  retentionCutoff,
  retentionDaysOf,
  withdrawalDimensions,
} from '../../functions/domain/personal-data';

const record = {
  beneficiaryId: 'b-1',
  firstName: 'Amina',
  lastName: 'Tazi',
  phone: '0612345678',
  email: 'amina@example.ma',
  birthYear: 1999,
  intakeHash: 'h',
  region: 'TTA',
  province: 'TNG',
  sex: 'F',
  educationLevel: 'baccalaureate',
  sectorOfInterest: 'logistics',
  vulnerabilityFactors: ['disability'],
  profile: { score: 40, reasons: ['no-diploma'], track: 'training-first' },
  dimensions: { region: 'TTA', province: 'TNG', sex: 'F', ageBand: '25-34', educationLevel: 'baccalaureate' },
  plan: {
    goals: 'Work at the port of Tanger Med like her brother Karim',
    barriers: ['transport'],
    steps: [{ step: 'Call Mr Benali at the cooperative', targetDate: '2026-03-01', status: 'started' }],
    agreedOn: '2026-01-10',
  },
  placement: { outcome: 'employment', employer: 'Atlas Logistique SARL', sector: 'logistics' },
  pastJourneys: [
    {
      journey: 1,
      reopenedOn: '2026-06-01',
      plan: {
        goals: 'Own shop',
        barriers: [],
        steps: [{ step: 'See Fatima', targetDate: '2026-02-01', status: 'done' }],
      },
      placement: { outcome: 'tpe', employer: 'Her own shop in Tetouan' },
    },
  ],
};

describe('recordErasure', () => {
  const erasure = recordErasure(record);
  const written = JSON.stringify(erasure.set);

  it('removes names, contacts, birth year and the intake hash', () => {
    expect(erasure.remove.sort()).toEqual([
      'birthYear',
      'email',
      'firstName',
      'intakeHash',
      'lastName',
      'phone',
    ]);
  });

  it('rewrites the plan, the placement and past journeys without a word of their free text', () => {
    for (const secret of [
      'Tanger Med',
      'Karim',
      'Benali',
      'Atlas Logistique',
      'Own shop',
      'Fatima',
      'Tetouan',
    ])
      expect(written).not.toContain(secret);
    expect(erasure.set.plan).toEqual({
      goals: '',
      barriers: ['transport'],
      steps: [{ step: '', targetDate: '2026-03-01', status: 'started' }],
      agreedOn: '2026-01-10',
    });
    expect(erasure.set.placement).toEqual({ outcome: 'employment', sector: 'logistics' });
  });

  it('keeps the anonymous dimensions out of its reach: nothing it writes touches them', () => {
    for (const kept of [
      'region',
      'province',
      'sex',
      'educationLevel',
      'sectorOfInterest',
      'vulnerabilityFactors',
      'profile',
      'dimensions',
    ])
      expect([...erasure.remove, ...Object.keys(erasure.set)]).not.toContain(kept);
  });

  it('names what it erased, by field name only', () => {
    expect(erasure.fields).toEqual(
      expect.arrayContaining(['firstName', 'phone', 'plan', 'placement.employer', 'pastJourneys']),
    );
    const detail = erasureDetail(erasure.fields, 2, 1);
    expect(detail).toContain('firstName');
    for (const value of ['Amina', 'Tazi', '0612345678', 'amina@example.ma', '1999'])
      expect(detail).not.toContain(value);
  });

  it('finds nothing to erase in an erased record: a redo changes nothing', () => {
    const erased = { ...record, ...erasure.set };
    for (const field of erasure.remove) delete (erased as Record<string, unknown>)[field];
    expect(recordErasure(erased)).toEqual({ remove: [], set: {}, fields: [] });
  });
});

describe('answersErasure', () => {
  it('takes out goals, plan steps, the employer and notes, and keeps codes, dates and choices', () => {
    const { answers, fields } = answersErasure({
      interviewDate: '2026-01-10',
      attended: 'yes',
      goals: 'Port job',
      planStep1: 'Call Karim',
      planDate1: '2026-02-01',
      employer: 'Atlas',
      notes: 'Lives with her aunt in Mghogha',
      barriers: ['transport'],
    });
    expect(answers).toEqual({
      interviewDate: '2026-01-10',
      attended: 'yes',
      planDate1: '2026-02-01',
      barriers: ['transport'],
    });
    expect(fields.sort()).toEqual(['employer', 'goals', 'notes', 'planStep1']);
  });

  it('has nothing to do for answers without free text, or none', () => {
    expect(answersErasure({ consentGiven: 'yes' }).fields).toEqual([]);
    expect(answersErasure(undefined)).toEqual({ answers: {}, fields: [] });
  });
});

describe('retention', () => {
  const now = new Date('2031-06-01T00:00:00.000Z');

  it('is due the retention period after the last activity, on the platform clock', () => {
    expect(retentionCutoff(now, 10)).toBe('2031-05-22T00:00:00.000Z');
    // At 86400 times faster, ten days pass in ten seconds.
    expect(retentionCutoff(now, 10, 86_400)).toBe('2031-05-31T23:59:50.000Z');
    expect(eraseDueAt('2026-01-01T00:00:00.000Z', 10)).toBe('2026-01-11T00:00:00.000Z');
  });

  it('a record ended five years ago is due, one ended yesterday is not', () => {
    const cutoff = retentionCutoff(now, DEFAULT_RETENTION_DAYS);
    expect('2026-05-31T00:00:00.000Z' <= cutoff).toBe(true);
    expect('2031-05-31T00:00:00.000Z' <= cutoff).toBe(false);
  });

  it('reads the setting: whole days, else the default and why', () => {
    expect(retentionDaysOf(undefined)).toEqual({ days: DEFAULT_RETENTION_DAYS });
    expect(retentionDaysOf('365')).toEqual({ days: 365 });
    for (const bad of ['0', '-3', '1.5', 'five years']) {
      const read = retentionDaysOf(bad);
      expect(read.days).toBe(DEFAULT_RETENTION_DAYS);
      expect(read.problem).toContain('RETENTION_DAYS');
    }
  });
});

describe('the journey counted ended once', () => {
  it('sees the ending event of this journey only', () => {
    const events = [{ stage: 'intake' }, { stage: 'placed' }, { stage: 'reopened', journey: 2 }];
    expect(journeyHasEnded(events, 1)).toBe(true);
    expect(journeyHasEnded(events, 2)).toBe(false);
    expect(journeyHasEnded([...events, { stage: 'dropout', journey: 2 }], 2)).toBe(true);
    expect(journeyHasEnded([{ stage: 'coach-assigned' }, { stage: 'follow-up' }], 1)).toBe(false);
  });

  it('gives the dropout the journey number of a reopened journey, and none to the first', () => {
    const stored = {
      region: 'TTA',
      province: 'TNG',
      sex: 'F' as const,
      ageBand: '25-34' as const,
      educationLevel: 'none',
      journey: 2,
    };
    expect(withdrawalDimensions(stored, () => stored, 1)).not.toHaveProperty('journey');
    expect(withdrawalDimensions(stored, () => stored, 3)).toMatchObject({ journey: 3 });
  });
});

describe('checkWithdrawal', () => {
  const context = { createdAt: '2026-01-10T09:00:00.000Z', now: new Date('2026-03-01T12:00:00Z') };

  it('takes a day from the intake to today', () => {
    expect(checkWithdrawal({ date: '2026-02-14' }, { ...context, kind: 'json' })).toEqual({
      ok: true,
      request: { date: '2026-02-14' },
    });
  });

  it('refuses a day before the intake, in the future, or that does not exist, naming `date`', () => {
    for (const date of [
      '2026-01-09',
      '2026-03-02',
      '2026-02-30',
      '2026-13-01',
      '14/02/2026',
      20260214,
      null,
    ]) {
      const checked = checkWithdrawal({ date }, { ...context, kind: 'json' });
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.errors.map((e) => e.field)).toEqual(['date']);
    }
  });

  it('asks the page for its confirmation box, not the API', () => {
    const page = checkWithdrawal({ date: '2026-02-14' }, { ...context, kind: 'form' });
    expect(page.ok).toBe(false);
    if (!page.ok) expect(page.errors.map((e) => e.field)).toEqual(['confirm']);
    expect(checkWithdrawal({ date: '2026-02-14', confirm: 'yes' }, { ...context, kind: 'form' }).ok).toBe(
      true,
    );
  });

  it('names unknown fields and a body that is not an object', () => {
    const unknown = checkWithdrawal({ date: '2026-02-14', reason: 'x' }, { ...context, kind: 'json' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.errors[0]?.field).toBe('reason');
    const notObject = checkWithdrawal('2026-02-14', { ...context, kind: 'json' });
    expect(notObject.ok).toBe(false);
    if (!notObject.ok) expect(notObject.errors[0]?.field).toBe('body');
  });
});

describe('the upgrade of records written before retention existed', () => {
  it('dates a record by its latest event, whatever their order, else by its intake', () => {
    const events = [
      { occurredAt: '2026-03-01T10:00:00.000Z' },
      { occurredAt: '2026-09-14T08:30:00.000Z' },
      { occurredAt: '2026-05-20T12:00:00.000Z' },
    ];
    expect(lastActivityOf(events, '2026-02-27T09:00:00.000Z')).toBe('2026-09-14T08:30:00.000Z');
    expect(lastActivityOf([], '2026-02-27T09:00:00.000Z')).toBe('2026-02-27T09:00:00.000Z');
  });

  it('dates only a record that holds a person and has no last activity', () => {
    const person = { firstName: 'Amina' };
    expect(needsLastActivity(person)).toBe(true);
    expect(needsLastActivity({ ...person, lastActivityAt: '2026-09-14T08:30:00.000Z' })).toBe(false);
    expect(needsLastActivity({ ...person, erasure: { startedAt: 'x' } })).toBe(false);
    expect(needsLastActivity({ erasedAt: '2026-10-01T00:00:00.000Z' })).toBe(false);
  });
});
