/**
 * The placement and its follow-ups as plain rules: outcomes and their facts, dates against the
 * journey, the follow-ups' due dates and what follows each, and the ids a reopened journey uses.
 */
import {
  afterFollowUp,
  followUpDueAt,
  followUpExecutionName,
  isFollowedUp,
  journeyExecutionName,
  nextFollowUpMonth,
  placementDateProblem,
  placementOutcomes,
} from '../../functions/domain/placement';
import { checkTaskAnswers } from '../../functions/domain/coach-task';
import { journeyEvent } from '../../functions/domain/journey-events';
import { taskIdFor } from '../../functions/domain/task-protocol';
import { countersFor } from '../../functions/domain/aggregates';
import type { Dimensions } from '../../functions/domain/profile';

const now = new Date('2026-11-29T10:00:00Z');
const journeyStartedAt = '2026-06-01T09:00:00.000Z';
const decentWork = { incomeBand: '2000-3499', cnssDeclared: 'yes', workingTime: 'full-time' };
const dimensions: Dimensions = {
  region: 'TTA',
  province: 'TNG',
  sex: 'F',
  ageBand: '25-34',
  educationLevel: 'baccalaureate',
};

const fieldsOf = (check: ReturnType<typeof checkTaskAnswers>) =>
  check.ok ? [] : check.errors.map((e) => e.field);

describe('followUpDueAt', () => {
  it.each([
    ['2026-12-01', 3, '2027-03-01T08:00:00.000Z'],
    ['2026-12-01', 12, '2027-12-01T08:00:00.000Z'],
    ['2026-11-30', 3, '2027-02-28T08:00:00.000Z'],
    ['2027-08-31', 6, '2028-02-29T08:00:00.000Z'],
    ['2026-10-31', 6, '2027-04-30T08:00:00.000Z'],
  ])(
    '%s + %i months falls on %s (a morning in Morocco; the last day of a shorter month)',
    (start, months, due) => {
      expect(followUpDueAt(start, months)).toBe(due);
    },
  );
});

describe('what follows a follow-up', () => {
  it('chains 3 → 6 → 12, then ends', () => {
    expect(nextFollowUpMonth(3)).toBe(6);
    expect(nextFollowUpMonth(6)).toBe(12);
    expect(nextFollowUpMonth(12)).toBeUndefined();
    expect(afterFollowUp(3, { workStatus: 'same' })).toEqual({ next: 'follow-up', month: 6 });
    expect(afterFollowUp(12, { workStatus: 'other' })).toEqual({ next: 'end' });
  });

  it('reopens or closes only for a person no longer working, as the coach says', () => {
    expect(afterFollowUp(6, { workStatus: 'none', next: 'reopen' })).toEqual({ next: 'reopen' });
    expect(afterFollowUp(6, { workStatus: 'none', next: 'close' })).toEqual({ next: 'end' });
    expect(afterFollowUp(6, { workStatus: 'same', next: 'reopen' })).toEqual({
      next: 'follow-up',
      month: 12,
    });
    // Nobody answered: the next follow-up still comes.
    expect(afterFollowUp(3, {})).toEqual({ next: 'follow-up', month: 6 });
  });

  it('follows up every outcome but no placement', () => {
    expect(placementOutcomes.filter((o) => !isFollowedUp(o))).toEqual(['no-placement']);
  });
});

describe('placementDateProblem', () => {
  it('refuses a start before the journey began, or more than 90 days ahead', () => {
    expect(placementDateProblem('2026-05-31', journeyStartedAt, now)).toEqual({
      key: 'beforeJourney',
      bound: '2026-06-01',
    });
    expect(placementDateProblem('2026-06-01', journeyStartedAt, now)).toBeUndefined();
    expect(placementDateProblem('2027-02-27', journeyStartedAt, now)).toBeUndefined();
    expect(placementDateProblem('2027-02-28', journeyStartedAt, now)).toEqual({
      key: 'tooFarAhead',
      bound: '2027-02-27',
    });
  });
});

describe('the placement answer', () => {
  const wageJob = {
    outcome: 'employment',
    startDate: '2026-12-01',
    sector: 'logistics',
    employer: 'Tanger Med',
    contractType: 'cdd',
    ...decentWork,
  };

  it('takes every outcome with its facts from the page', () => {
    const outcomes = [
      wageJob,
      { outcome: 'tpe', startDate: '2026-12-01', sector: 'crafts', ...decentWork },
      {
        outcome: 'cooperative',
        startDate: '2026-12-01',
        sector: 'agri-food',
        cooperativeRole: 'joined',
        ...decentWork,
      },
      { outcome: 'auto-entrepreneur', startDate: '2026-12-01', sector: 'services', ...decentWork },
      { outcome: 'further-training', startDate: '2026-12-01', sector: 'industry', ...decentWork },
      { outcome: 'no-placement', noPlacementReason: 'not-ready' },
    ];
    for (const answers of outcomes) {
      const check = checkTaskAnswers('placement', answers, now, { journeyStartedAt, fromPage: true });
      expect({ outcome: answers.outcome, errors: fieldsOf(check) }).toEqual({
        outcome: answers.outcome,
        errors: [],
      });
    }
    const noPlacement = checkTaskAnswers(
      'placement',
      { outcome: 'no-placement', noPlacementReason: 'health' },
      now,
    );
    expect(noPlacement.ok && noPlacement.answers.next).toBe('not-placed');
    expect(checkTaskAnswers('placement', wageJob, now).ok && 'placed').toBe('placed');
  });

  it('asks on the page what the API leaves optional for clients written before', () => {
    const bare = { outcome: 'employment', startDate: '2026-12-01', sector: 'logistics' };
    expect(fieldsOf(checkTaskAnswers('placement', bare, now, { journeyStartedAt }))).toEqual([]);
    expect(fieldsOf(checkTaskAnswers('placement', bare, now, { journeyStartedAt, fromPage: true }))).toEqual([
      'employer',
      'contractType',
      'incomeBand',
      'cnssDeclared',
      'workingTime',
    ]);
    expect(
      fieldsOf(
        checkTaskAnswers(
          'placement',
          { outcome: 'cooperative', startDate: '2026-12-01', sector: 'crafts', ...decentWork },
          now,
          {
            fromPage: true,
          },
        ),
      ),
    ).toEqual(['cooperativeRole']);
  });

  it('needs the reason of no placement, and not a start date or a sector', () => {
    expect(fieldsOf(checkTaskAnswers('placement', { outcome: 'no-placement' }, now))).toEqual([
      'noPlacementReason',
    ]);
  });

  it('checks the start against the journey, on its field', () => {
    const before = checkTaskAnswers('placement', { ...wageJob, startDate: '2026-05-20' }, now, {
      journeyStartedAt,
    });
    expect(before.ok ? [] : before.errors).toEqual([
      expect.objectContaining({
        field: 'startDate',
        key: 'dateBeforeJourney',
        params: { min: '2026-06-01' },
      }),
    ]);
    const ahead = checkTaskAnswers('placement', { ...wageJob, startDate: '2027-04-01' }, now, {
      journeyStartedAt,
    });
    expect(ahead.ok ? [] : ahead.errors).toEqual([
      expect.objectContaining({ field: 'startDate', key: 'dateTooFarAhead' }),
    ]);
  });

  it('refuses codes outside the lists, naming the field', () => {
    const check = checkTaskAnswers(
      'placement',
      { ...wageJob, contractType: 'forever', incomeBand: '1000000' },
      now,
    );
    expect(fieldsOf(check).sort()).toEqual(['contractType', 'incomeBand']);
  });
});

describe('the follow-up answer', () => {
  const inWork = { followUpDate: '2026-11-28', workStatus: 'same', ...decentWork };

  it('takes a person still in work with the decent-work facts', () => {
    expect(checkTaskAnswers('follow-up', inWork, now, { journeyStartedAt })).toEqual({
      ok: true,
      answers: inWork,
    });
  });

  it('asks the decent-work facts of a person in work, and what next of one no longer working', () => {
    expect(
      fieldsOf(checkTaskAnswers('follow-up', { followUpDate: '2026-11-28', workStatus: 'other' }, now)),
    ).toEqual(['incomeBand', 'cnssDeclared', 'workingTime']);
    expect(
      fieldsOf(checkTaskAnswers('follow-up', { followUpDate: '2026-11-28', workStatus: 'none' }, now)),
    ).toEqual(['next']);
    expect(fieldsOf(checkTaskAnswers('follow-up', { ...inWork, next: 'reopen' }, now))).toEqual(['next']);
    expect(
      checkTaskAnswers('follow-up', { followUpDate: '2026-11-28', workStatus: 'none', next: 'reopen' }, now)
        .ok,
    ).toBe(true);
  });

  it('dates the contact between the journey and today', () => {
    expect(
      fieldsOf(
        checkTaskAnswers('follow-up', { ...inWork, followUpDate: '2026-11-30' }, now, { journeyStartedAt }),
      ),
    ).toEqual(['followUpDate']);
    expect(
      fieldsOf(
        checkTaskAnswers('follow-up', { ...inWork, followUpDate: '2026-05-01' }, now, { journeyStartedAt }),
      ),
    ).toEqual(['followUpDate']);
  });
});

describe('a reopened journey', () => {
  it("has its own execution, events and tasks: the first journey's stay as they were", () => {
    expect(journeyExecutionName('b-1')).toBe('b-1');
    expect(journeyExecutionName('b-1', 2)).toBe('b-1_j2');
    expect(followUpExecutionName('b-1', 1, 6)).toBe('b-1_j1_m6');
    expect(journeyEvent('b-1', 'placed', dimensions, now, 'tpe').eventId).toBe('stage#placed');
    const second = journeyEvent('b-1', 'placed', { ...dimensions, journey: 2 }, now, 'tpe');
    expect(second).toMatchObject({ eventId: 'j2#stage#placed', journey: 2 });
    expect(journeyEvent('b-1', 'follow-up', dimensions, now, { occurrence: 6 }).eventId).toBe(
      'stage#follow-up#6',
    );
    expect(taskIdFor('s', 'b-1', 'placement')).toBe(taskIdFor('s', 'b-1', 'placement', 1, 1));
    expect(taskIdFor('s', 'b-1', 'placement', 1, 2)).not.toBe(taskIdFor('s', 'b-1', 'placement'));
  });
});

describe('the counts of a placement and a follow-up', () => {
  it('count the decent-work facts and the work status by follow-up month, codes only', () => {
    const followUp = journeyEvent('b-1', 'follow-up', dimensions, now, {
      occurrence: 6,
      work: { workStatus: 'same', cnssDeclared: 'yes', workingTime: 'part-time', incomeBand: '2000-3499' },
    });
    const totals = countersFor(followUp)
      .filter((key) => key.pk === 'total')
      .map((key) => key.sk);
    expect(totals).toEqual([
      'stage#follow-up',
      'follow-up#6#status#same',
      'follow-up#6#cnss#yes',
      'follow-up#6#time#part-time',
      'follow-up#6#income#2000-3499',
    ]);
    const notPlaced = journeyEvent('b-1', 'not-placed', dimensions, now, {
      outcome: 'no-placement',
      reason: 'health',
    });
    expect(
      countersFor(notPlaced)
        .filter((k) => k.pk === 'total')
        .map((k) => k.sk),
    ).toEqual(['stage#not-placed', 'outcome#no-placement', 'not-placed#health']);
  });
});

describe('a placement keeps only the facts of its outcome', () => {
  it('drops what a form without its script sent for another outcome', () => {
    const check = checkTaskAnswers(
      'placement',
      {
        outcome: 'no-placement',
        noPlacementReason: 'health',
        startDate: '2026-12-01',
        employer: 'Tanger Med',
        ...decentWork,
      },
      now,
    );
    expect(check).toEqual({
      ok: true,
      answers: { outcome: 'no-placement', noPlacementReason: 'health', next: 'not-placed' },
    });
    const tpe = checkTaskAnswers(
      'placement',
      { outcome: 'tpe', startDate: '2026-12-01', sector: 'crafts', contractType: 'cdi', ...decentWork },
      now,
    );
    expect(tpe.ok).toBe(true);
    expect(tpe.ok ? Object.keys(tpe.answers) : []).not.toContain('contractType');
  });
});
