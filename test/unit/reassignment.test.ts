/**
 * Supervision and reassignment as plain rules: who may take a beneficiary, which tasks move, what
 * an old link says after a move, which email a send owes, what is overdue, and coaches' loads.
 */
import { createHmac } from 'node:crypto';
import {
  checkReassignRequest,
  coachLoadRows,
  decideReassignment,
  isOverdue,
  reassignChoices,
  reassignDetail,
  tasksToMove,
  type CoachRecord,
} from '../../functions/domain/reassignment';
import { generationToEmail, linkStanding, taskEmailFor } from '../../functions/domain/task-protocol';
import { checkTaskLink, linkGenerationOf, signedTaskPath } from '../../functions/domain/coach-task';
import { DEFAULT_COACH_CAPACITY } from '../../functions/domain/reference-data';

const coach = (code: string, region: string, association: string, extra: Partial<CoachRecord> = {}) =>
  ({
    code,
    region,
    association,
    displayName: `Coach ${code}`,
    email: `${code.toLowerCase()}@coaches.example`,
    preferredLanguage: 'fr',
    ...extra,
  }) satisfies CoachRecord;

const samira = coach('COACH-TTA-1', 'TTA', 'ASSO-TNG-1', { capacity: 2, activeBeneficiaries: 3 });
const youssef = coach('COACH-TTA-2', 'TTA', 'ASSO-TET-1', { capacity: 40, activeBeneficiaries: 1 });
const nadia = coach('COACH-ORI-1', 'ORI', 'ASSO-OUJ-1', { activeBeneficiaries: 0 });

describe('checkReassignRequest', () => {
  it('takes { coachId }, trimmed', () => {
    expect(checkReassignRequest({ coachId: ' COACH-TTA-2 ' })).toEqual({ ok: true, coachId: 'COACH-TTA-2' });
  });

  it.each([
    ['no coachId', {}, 'coachId'],
    ['an empty coachId', { coachId: '  ' }, 'coachId'],
    ['a number', { coachId: 7 }, 'coachId'],
    ['another field', { coachId: 'COACH-TTA-2', region: 'TTA' }, 'region'],
    ['not an object', 'COACH-TTA-2', 'body'],
  ])('refuses %s, naming the field', (_label, input, field) => {
    const check = checkReassignRequest(input);
    expect(check.ok).toBe(false);
    expect(check.ok ? [] : check.errors.map((e) => e.field)).toEqual([field]);
  });
});

describe('decideReassignment', () => {
  const beneficiary = { region: 'TTA', coachId: 'COACH-TTA-1' };

  it('hands the beneficiary from their coach to another coach of the region', () => {
    expect(decideReassignment(beneficiary, youssef, 'COACH-TTA-2')).toEqual({
      kind: 'change',
      from: 'COACH-TTA-1',
      to: 'COACH-TTA-2',
    });
  });

  it('refuses a coach made inactive: they take no one new', () => {
    const decision = decideReassignment(beneficiary, { ...youssef, active: false }, 'COACH-TTA-2');
    expect(decision).toMatchObject({ kind: 'refused', error: { field: 'coachId', key: 'coachInactive' } });
  });

  it('refuses a coach that does not exist, or of another region, on the field coachId', () => {
    const unknown = decideReassignment(beneficiary, undefined, 'COACH-XXX');
    const otherRegion = decideReassignment(beneficiary, nadia, 'COACH-ORI-1');
    expect(unknown).toMatchObject({ kind: 'refused', error: { field: 'coachId', key: 'coachUnknown' } });
    expect(otherRegion).toMatchObject({
      kind: 'refused',
      error: { field: 'coachId', key: 'coachRegion', params: { region: 'TTA' } },
    });
  });

  it('takes the coach the beneficiary has already as a repeat (a retry goes on to the tasks)', () => {
    expect(decideReassignment(beneficiary, samira, 'COACH-TTA-1')).toEqual({
      kind: 'repeat',
      to: 'COACH-TTA-1',
    });
  });

  it('has nothing to hand over before the journey gave the beneficiary a coach', () => {
    expect(decideReassignment({ region: 'TTA' }, youssef, 'COACH-TTA-2')).toEqual({ kind: 'noCoachYet' });
  });

  it('records the move with coach codes only', () => {
    expect(reassignDetail('COACH-TTA-1', 'COACH-TTA-2')).toBe('COACH-TTA-1 → COACH-TTA-2');
  });
});

describe('tasksToMove', () => {
  it('moves the open tasks that are not with the beneficiary’s coach, and nothing else', () => {
    const tasks = [
      { taskId: 'a', status: 'open' as const, coachId: 'COACH-TTA-1' },
      { taskId: 'b', status: 'answered' as const, coachId: 'COACH-TTA-1' },
      { taskId: 'c', status: 'open' as const, coachId: 'COACH-TTA-2' },
      { taskId: 'd', status: 'closed' as const, coachId: 'COACH-TTA-1' },
    ];
    expect(tasksToMove(tasks, 'COACH-TTA-2').map((t) => t.taskId)).toEqual(['a']);
    // A retry after the move finds nothing left to move.
    expect(tasksToMove([{ ...tasks[0]!, coachId: 'COACH-TTA-2' }], 'COACH-TTA-2')).toEqual([]);
  });
});

describe('links after a move', () => {
  const secret = 'test-signing-secret';
  const taskId = 'AAAAAAAAAAAAAAAAAAAAAA';
  const now = new Date('2026-01-10T10:00:00Z');
  const exp = now.getTime() / 1000 + 3600;

  it('a link of the current generation speaks for the task; an older one says it was reassigned', () => {
    expect(linkStanding(0, undefined)).toBe('current');
    expect(linkStanding(1, 1)).toBe('current');
    expect(linkStanding(0, 1)).toBe('reassigned');
    expect(linkStanding(2, 1)).toBe('unknown');
  });

  it('an old-format link (no g) checks, as generation 0: after a move it says reassigned', () => {
    // Prepare: a link as emailed before generations, signed over taskId.exp.
    const sig = createHmac('sha256', secret).update(`${taskId}.${exp}`).digest('base64url');

    // Act
    const check = checkTaskLink(secret, taskId, String(exp), sig, now);
    const generation = linkGenerationOf(undefined);

    // Assess
    expect(check).toBe('valid');
    expect(linkStanding(generation, 0)).toBe('current');
    expect(linkStanding(generation, 1)).toBe('reassigned');
  });

  it('the new coach’s link is signed for the new generation, and works only as that', () => {
    const url = new URL(signedTaskPath(secret, taskId, exp, 1), 'https://kafaat.example');
    const [e, g, s] = ['exp', 'g', 'sig'].map((k) => url.searchParams.get(k) ?? '');
    expect(g).toBe('1');
    expect(checkTaskLink(secret, taskId, e, s, now, g)).toBe('valid');
    expect(checkTaskLink(secret, taskId, e, s, now, '0')).toBe('invalid');
  });
});

describe('which email a send owes', () => {
  it('the send’s own email first (it carries the current generation’s link)', () => {
    expect(taskEmailFor('reminder', { status: 'open', linkGeneration: 1 })).toBe('reminder');
    expect(taskEmailFor('first', { status: 'open' })).toBe('first');
  });

  it('a moved task whose generation was not emailed yet (the move stopped short): the move’s email', () => {
    expect(taskEmailFor('none', { status: 'open', linkGeneration: 1 })).toBe('reassigned');
    expect(generationToEmail({ status: 'open', linkGeneration: 1 })).toBe(1);
  });

  it('nothing twice: not for a generation already emailed, nor for a task no longer open', () => {
    expect(taskEmailFor('none', { status: 'open', linkGeneration: 1, emailedGeneration: 1 })).toBe('none');
    expect(taskEmailFor('none', { status: 'answered', linkGeneration: 1 })).toBe('none');
    expect(taskEmailFor('none', { status: 'open' })).toBe('none');
    expect(generationToEmail({ status: 'open', linkGeneration: 2, emailedGeneration: 1 })).toBe(2);
  });
});

describe('isOverdue', () => {
  const now = new Date('2026-01-10T10:00:00Z');

  it('an open task past its due date, or escalated', () => {
    expect(isOverdue({ status: 'open', dueAt: '2026-01-10T09:59:59Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'open', dueAt: '2026-01-11T00:00:00Z', escalatedAt: '2026-01-09' }, now)).toBe(
      true,
    );
  });

  it('not a task still in time, without a due date, or no longer open', () => {
    expect(isOverdue({ status: 'open', dueAt: '2026-01-10T10:00:01Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'open' }, now)).toBe(false);
    expect(isOverdue({ status: 'answered', dueAt: '2026-01-01T00:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'closed', escalatedAt: '2026-01-09' }, now)).toBe(false);
  });
});

describe('coachLoadRows', () => {
  it('the association’s coaches and any other holding its beneficiaries, load against capacity', () => {
    // Prepare: Youssef (another association) holds one of ASSO-TNG-1's beneficiaries.
    const legacy = coach('COACH-TTA-3', 'TTA', 'ASSO-TNG-1', { activeBeneficiaries: 1 });
    const held = new Map([
      ['COACH-TTA-1', ['b1', 'b2']],
      ['COACH-TTA-2', ['b3']],
    ]);

    // Act
    const rows = coachLoadRows([youssef, nadia, samira, legacy], 'ASSO-TNG-1', held);

    // Assess
    expect(rows.map((r) => r.coachId)).toEqual(['COACH-TTA-1', 'COACH-TTA-3', 'COACH-TTA-2']);
    expect(rows[0]).toMatchObject({ load: 3, capacity: 2, overCapacity: true, ofAssociation: 2 });
    expect(rows[1]).toMatchObject({ load: 1, capacity: DEFAULT_COACH_CAPACITY, overCapacity: false });
    expect(rows[2]).toMatchObject({ association: 'ASSO-TET-1', ofAssociation: 1, overCapacity: false });
  });
});

describe('reassignChoices', () => {
  it('offers the region’s other coaches, least loaded first', () => {
    const third = coach('COACH-TTA-3', 'TTA', 'ASSO-TNG-1', { activeBeneficiaries: 0 });
    expect(reassignChoices([samira, youssef, nadia, third], 'TTA', 'COACH-TTA-1').map((c) => c.code)).toEqual(
      ['COACH-TTA-3', 'COACH-TTA-2'],
    );
  });
});
