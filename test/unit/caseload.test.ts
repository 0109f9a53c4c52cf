/**
 * The caseload with follow-ups: a placed beneficiary whose follow-up waits (no task yet) shows it
 * with its due date, after the beneficiaries with tasks, the soonest due first; an open follow-up
 * task shows as tasks do. The waiting follow-up is read from the record defensively.
 */
import { byUrgency, waitingFollowUpOf, type CaseloadRow } from '../../functions/domain/caseload';
import { caseloadPage, type CaseloadItem } from '../../functions/views/caseload';
import type { Principal } from '../../functions/domain/access';

const coach = { personId: 'COACH-TTA-1', role: 'coach', region: 'TTA' } as Principal;

describe('waitingFollowUpOf', () => {
  it('takes a follow-up of 3, 6 or 12 months with a date that parses', () => {
    // Act & Assess
    expect(waitingFollowUpOf({ month: 6, dueAt: '2026-12-01T08:00:00Z' })).toEqual({
      month: 6,
      dueAt: '2026-12-01T08:00:00.000Z',
    });
  });

  it.each([
    ['nothing', undefined],
    ['a string', '2026-12-01'],
    ['another month', { month: 4, dueAt: '2026-12-01T08:00:00Z' }],
    ['a month as text', { month: '6', dueAt: '2026-12-01T08:00:00Z' }],
    ['no date', { month: 3 }],
    ['a date that is not one', { month: 3, dueAt: 'soon' }],
  ])('leaves out %s', (_what, value) => {
    // Act & Assess
    expect(waitingFollowUpOf(value)).toBeUndefined();
  });
});

describe('byUrgency with follow-ups', () => {
  it('puts the follow-ups to come after the tasks, the soonest due first, before those who wait on nothing', () => {
    // Prepare
    const rows: CaseloadRow[] = [
      { firstName: 'Zineb', lastName: 'Alami' },
      {
        firstName: 'Salma',
        lastName: 'Later',
        nextFollowUp: { month: 12, dueAt: '2027-03-01T08:00:00.000Z' },
      },
      {
        firstName: 'Omar',
        lastName: 'Task',
        nextTask: { taskType: 'coaching-session', dueAt: '2026-09-20T00:00:00Z', late: false },
      },
      {
        firstName: 'Youssef',
        lastName: 'Soon',
        nextFollowUp: { month: 3, dueAt: '2026-08-01T08:00:00.000Z' },
      },
      {
        firstName: 'Hind',
        lastName: 'Late',
        nextTask: { taskType: 'follow-up', dueAt: '2026-03-05T00:00:00Z', late: true },
        nextFollowUp: { month: 6, dueAt: '2026-03-01T08:00:00.000Z' },
      },
    ];

    // Act
    const order = byUrgency(rows).map((r) => r.firstName);

    // Assess: a follow-up due before a task still comes after it (no task is waiting yet).
    expect(order).toEqual(['Hind', 'Omar', 'Youssef', 'Salma', 'Zineb']);
  });
});

describe('the caseload page with follow-ups', () => {
  const item = (more: Partial<CaseloadItem>): CaseloadItem => ({
    beneficiaryId: 'b-1',
    firstName: 'Amina',
    lastName: 'Tazi',
    province: 'TNG',
    stage: 'placed',
    ...more,
  });

  it.each([
    ['fr', 'Suivi à 3 mois', '1 octobre 2026', 'Inséré·e'],
    ['ar', 'التتبع بعد 3 أشهر', '2026', 'تم الإدماج'],
    ['en', 'Follow-up at 3 months', 'October 1, 2026', 'Placed'],
  ] as const)('in %s shows the follow-up to come with its due date', (lang, followUp, date, stage) => {
    // Act
    const html = caseloadPage(
      lang,
      [item({ nextFollowUp: { month: 3, dueAt: '2026-10-01T08:00:00.000Z' } })],
      coach,
    );

    // Assess
    expect(html).toContain(`<td data-follow-up="3">${followUp} <span class="hint">`);
    expect(html).toMatch(new RegExp(`<time datetime="2026-10-01T08:00:00.000Z">[^<]*${date}[^<]*</time>`));
    expect(html).toContain(`<td>${stage}</td>`);
    expect(html).not.toMatch(/caseload\.|placement\.|\{\{/);
  });

  it('shows an open follow-up task as tasks show, not the follow-up to come', () => {
    // Act
    const html = caseloadPage(
      'fr',
      [
        item({
          stage: 'follow-up',
          nextTask: { taskType: 'follow-up', dueAt: '2026-10-03T08:00:00.000Z', late: true },
          nextFollowUp: { month: 6, dueAt: '2027-01-01T08:00:00.000Z' },
        }),
      ],
      coach,
    );

    // Assess
    expect(html).toContain('<td>Suivi après l’insertion <strong class="late">En retard</strong></td>');
    expect(html).not.toContain('data-follow-up');
    expect(html).toContain('<td>Inséré·e, suivi en cours</td>');
  });

  it('says nothing is waiting when neither a task nor a follow-up is', () => {
    // Act
    const html = caseloadPage('en', [item({ stage: 'not-placed' })], coach);

    // Assess
    expect(html).toContain('<td colspan="2">No task waiting</td>');
    expect(html).toContain('<td>Journey ended without placement</td>');
  });
});
