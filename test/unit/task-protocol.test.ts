/** The coach task's rules, without AWS: its stable id, its link's life, and what each send does. */
import {
  decideSend,
  linkExpiresAt,
  linkView,
  MAX_REMINDERS,
  taskIdFor,
  workflowOutput,
} from '../../functions/domain/task-protocol';
import { isTaskId } from '../../functions/domain/coach-task';

describe('taskIdFor', () => {
  it('gives every send of one task the same id, a link-shaped one, and another task another id', () => {
    const id = taskIdFor('secret', 'b-1', 'initial-interview');
    expect(taskIdFor('secret', 'b-1', 'initial-interview')).toBe(id);
    expect(isTaskId(id)).toBe(true);
    expect(taskIdFor('secret', 'b-1', 'placement')).not.toBe(id);
    expect(taskIdFor('secret', 'b-2', 'initial-interview')).not.toBe(id);
  });

  it('cannot be worked out without the secret', () => {
    expect(taskIdFor('another secret', 'b-1', 'initial-interview')).not.toBe(
      taskIdFor('secret', 'b-1', 'initial-interview'),
    );
  });
});

describe('linkExpiresAt', () => {
  const now = new Date('2026-11-29T10:00:00Z');
  const nowSeconds = now.getTime() / 1000;

  it('outlives every period the task can wait: first, reminders, escalation', () => {
    const expires = linkExpiresAt(now, 14 * 86400);
    expect(expires - nowSeconds).toBeGreaterThan((MAX_REMINDERS + 2) * 14 * 86400);
  });

  it('runs on the scaled clock when time runs faster locally', () => {
    const real = linkExpiresAt(now, 45 * 86400) - nowSeconds;
    const fast = linkExpiresAt(now, 45 * 86400, 86400) - nowSeconds;
    expect(Math.round(real / fast)).toBe(86400);
  });
});

describe('decideSend', () => {
  const open = { status: 'open' as const, taskToken: 't1', emailedFor: 0 };

  it('creates the task and emails the coach the first time', () => {
    expect(decideSend(undefined, 't1', 0)).toEqual({ record: 'create', email: 'first' });
  });

  it('sends nothing twice when the same send is retried after its email went out', () => {
    expect(decideSend(open, 't1', 0)).toEqual({ record: 'keep', email: 'none' });
  });

  it('sends the email a retried send had not sent yet', () => {
    expect(decideSend({ ...open, emailedFor: undefined }, 't1', 0)).toEqual({
      record: 'keep',
      email: 'first',
    });
  });

  it('keeps the link and sends a reminder when the task timed out', () => {
    expect(decideSend(open, 't2', 1)).toEqual({ record: 'renew', email: 'reminder' });
  });

  it('tells the supervisor instead of the coach after the last reminder', () => {
    expect(decideSend({ ...open, emailedFor: MAX_REMINDERS }, 't9', MAX_REMINDERS + 1)).toEqual({
      record: 'renew',
      email: 'none',
    });
  });

  it('hands an answer that came in as the token closed to the new token, without an email', () => {
    expect(decideSend({ ...open, status: 'answered' }, 't2', 1)).toEqual({ record: 'renew', email: 'none' });
  });

  it('leaves a delivered or closed task alone', () => {
    expect(decideSend({ ...open, status: 'delivered' }, 't2', 1)).toEqual({ record: 'keep', email: 'none' });
    expect(decideSend({ ...open, status: 'closed' }, 't2', 1)).toEqual({ record: 'keep', email: 'none' });
  });
});

describe('linkView', () => {
  it('shows the form only while the task is open', () => {
    expect(linkView('open')).toBe('form');
    expect(linkView('answered')).toBe('alreadyDone');
    expect(linkView('delivered')).toBe('alreadyDone');
    expect(linkView('closed')).toBe('closed');
  });
});

describe('workflowOutput', () => {
  it('gives the workflow the decisions, never the free-text notes', () => {
    expect(
      workflowOutput('t', 'initial-interview', { attended: 'yes', notes: 'lives with her aunt' }),
    ).toEqual({
      taskId: 't',
      taskType: 'initial-interview',
      attended: 'yes',
    });
  });
});
