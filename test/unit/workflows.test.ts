/**
 * The ASL files: valid Amazon States Language once their placeholders are bound, placeholders
 * matching the app description, retries on Lambda errors, time-outs on coach tasks, names in words.
 */
import validator from 'asl-validator';
import journey from '../../workflows/journey.asl.json';
import followUp from '../../workflows/follow-up.asl.json';
import timing from '../fixtures/timing.asl.json';
import { workflows } from '../../infra/app-description';
import { placeholdersOf, substitute } from '../../infra/local/step-functions/asl';
import { ACCOMPANIMENT_DAYS, MAX_NO_SHOWS } from '../../functions/domain/coaching';
import { taskTypes } from '../../functions/domain/coach-task';
import { followUpMonths, PLACEMENT_MAX_DAYS_AHEAD } from '../../functions/domain/placement';
import {
  CoachNotFound,
  InvalidStepInput,
  notRetriedErrors,
  StepInputMismatch,
} from '../../functions/domain/step-inputs';
import { BeneficiaryNotFound } from '../../functions/commons/beneficiaries';

interface State {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Next?: string;
}

interface Definition {
  StartAt: string;
  States: Record<string, State>;
}

/** A coach task: a wait for a token that the create-coach-task function holds. */
function isCoachTask(state: State): boolean {
  const parameters = (state as State & { Parameters?: { FunctionName?: string } }).Parameters;
  return (
    (state.Resource?.endsWith('.waitForTaskToken') ?? false) &&
    (parameters?.FunctionName?.includes('CreateCoachTask') ?? false)
  );
}

const lambdaArn = (name: string) => `arn:aws:lambda:eu-west-3:123456789012:function:kafaat-${name}`;

/** The file's text with every `${Placeholder}` bound to a Lambda ARN, parsed again. */
function bound(file: object): Definition {
  const text = JSON.stringify(file);
  const values = Object.fromEntries(placeholdersOf(text).map((name) => [name, lambdaArn(name)]));
  return JSON.parse(substitute(text, values)) as Definition;
}

const files = [
  ['workflows/journey.asl.json', journey],
  ['workflows/follow-up.asl.json', followUp],
  ['test/fixtures/timing.asl.json', timing],
] as const;

describe.each(files)('%s', (_file, definition) => {
  it('is valid Amazon States Language once its placeholders are bound', () => {
    // Act
    const result = validator(bound(definition));

    // Assess
    expect(result.errorsText()).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('gives every task that waits for a token a time-out, and catches States.Timeout', () => {
    // Prepare
    const { States } = bound(definition);
    const waiting = Object.entries(States).filter(([, s]) => s.Resource?.endsWith('.waitForTaskToken'));

    // Assess
    expect(waiting.length).toBeGreaterThan(0);
    for (const [name, state] of waiting) {
      expect({ name, timeout: typeof state.TimeoutSeconds }).toEqual({ name, timeout: 'number' });
      const caught = (state.Catch ?? []).filter((c) => c.ErrorEquals.includes('States.Timeout'));
      expect({ name, caught: caught.length }).toEqual({ name, caught: 1 });
      expect(Object.keys(States)).toContain(caught[0]?.Next);
    }
  });

  it('names its states in words', () => {
    // Act
    const names = Object.keys(bound(definition).States);

    // Assess
    expect(names.filter((name) => !/^[A-Z][A-Za-z ]+$/.test(name))).toEqual([]);
  });
});

/** The transient errors of invoking a Lambda function: retried with backoff, never a business error. */
const TRANSIENT_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

interface Retrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
  IntervalSeconds?: number;
  BackoffRate?: number;
  JitterStrategy?: string;
}

/** Every Task state of a definition, those inside Parallel branches and Map iterators included. */
function taskStates(states: Record<string, State>): [string, State][] {
  return Object.entries(states).flatMap(([name, state]): [string, State][] => {
    const nested = state as State & {
      Branches?: { States: Record<string, State> }[];
      Iterator?: { States: Record<string, State> };
      ItemProcessor?: { States: Record<string, State> };
    };
    const inner = [
      ...(nested.Branches ?? []).map((b) => b.States),
      ...(nested.Iterator ? [nested.Iterator.States] : []),
      ...(nested.ItemProcessor ? [nested.ItemProcessor.States] : []),
    ].flatMap(taskStates);
    return state.Type === 'Task' ? [[name, state], ...inner] : inner;
  });
}

/** The first retrier that takes an error, as Step Functions picks it (in order; a task wildcard too). */
function retrierOf(state: State, error: string): Retrier | undefined {
  return (state.Retry as Retrier[] | undefined)?.find(
    (r) =>
      r.ErrorEquals.includes(error) ||
      r.ErrorEquals.includes('States.ALL') ||
      (error !== 'States.Timeout' && r.ErrorEquals.includes('States.TaskFailed')),
  );
}

describe.each([
  ['workflows/journey.asl.json', journey],
  ['workflows/follow-up.asl.json', followUp],
] as const)('%s: retries', (_file, definition) => {
  const tasks = taskStates(bound(definition).States);

  it('retries every Task on the transient errors of Lambda, with backoff and full jitter', () => {
    // Assess
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    for (const [name, state] of tasks) {
      for (const error of TRANSIENT_LAMBDA_ERRORS) {
        const retrier = retrierOf(state, error);
        // Named, not only reached through a wildcard.
        expect({ name, error, named: retrier?.ErrorEquals.includes(error) }).toEqual({
          name,
          error,
          named: true,
        });
        expect({ name, error, retrier }).toEqual({
          name,
          error,
          retrier: expect.objectContaining({
            MaxAttempts: expect.any(Number),
            IntervalSeconds: expect.any(Number),
            BackoffRate: expect.any(Number),
            JitterStrategy: 'FULL',
          }) as Retrier,
        });
        expect({ name, error, attempts: (retrier?.MaxAttempts ?? 0) >= 2 }).toEqual({
          name,
          error,
          attempts: true,
        });
        expect({ name, error, backoff: (retrier?.BackoffRate ?? 0) > 1 }).toEqual({
          name,
          error,
          backoff: true,
        });
      }
    }
  });

  it('never retries a business error it catches: the error goes to its Catch at once', () => {
    // Prepare: what each Task catches, but a coach task's time-out (never retried, see below).
    const caught = tasks.flatMap(([name, state]) =>
      (state.Catch ?? [])
        .flatMap((c) => c.ErrorEquals)
        .filter((error) => error !== 'States.Timeout' && error !== 'States.ALL')
        .map((error) => ({ name, error, state })),
    );

    // Assess: the first retrier that would take it has no attempt.
    expect(caught.length).toBeGreaterThan(0);
    for (const { name, error, state } of caught) {
      expect({ name, error, attempts: retrierOf(state, error)?.MaxAttempts ?? 0 }).toEqual({
        name,
        error,
        attempts: 0,
      });
    }
  });

  it('fails at once on an error that comes from a bug or missing data: a retry cannot mend it', () => {
    // Prepare: the errors the functions throw for that, by the names Lambda reports.
    const bugs = [
      new InvalidStepInput('x'),
      new StepInputMismatch('x'),
      new BeneficiaryNotFound('x'),
      new CoachNotFound('x'),
    ].map((error) => error.name);
    expect(bugs).toEqual(notRetriedErrors);

    // Assess: the first retrier that takes each has no attempt (States.TaskFailed would take it 4 times).
    for (const [name, state] of tasks) {
      for (const error of bugs) {
        expect({ name, error, attempts: retrierOf(state, error)?.MaxAttempts }).toEqual({
          name,
          error,
          attempts: 0,
        });
      }
    }
  });

  it('never retries a time-out, nor every error at once', () => {
    // Prepare
    const retried = tasks.flatMap(([, s]) => (s.Retry ?? []).flatMap((r) => r.ErrorEquals));

    // Assess
    expect(retried).not.toContain('States.Timeout');
    expect(retried).not.toContain('States.ALL');
  });
});

describe('the journey workflow', () => {
  it('uses exactly the placeholders the app description binds', () => {
    // Act
    const used = placeholdersOf(JSON.stringify(journey));

    // Assess
    expect(new Set(used)).toEqual(new Set(Object.keys(workflows.journey.functionArns)));
  });

  it('retries every Task on Lambda errors', () => {
    // Prepare
    const tasks = Object.entries(bound(journey).States).filter(([, s]) => s.Type === 'Task');

    // Assess
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    for (const [name, state] of tasks) {
      const retried = new Set(
        (state.Retry ?? []).flatMap((r) => ((r.MaxAttempts ?? 3) > 0 ? r.ErrorEquals : [])),
      );
      expect({ name, service: retried.has('Lambda.ServiceException') }).toEqual({ name, service: true });
      expect({ name, throttled: retried.has('Lambda.TooManyRequestsException') }).toEqual({
        name,
        throttled: true,
      });
    }
  });

  it('tells each coach task its own time-out, so the link lives as long as the task can', () => {
    // Prepare
    const waiting = Object.entries(bound(journey).States).filter(([, s]) => isCoachTask(s));

    // Assess
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    for (const [name, state] of waiting) {
      const payload = (state as State & { Parameters?: { Payload?: { timeoutSeconds?: number } } }).Parameters
        ?.Payload;
      expect({ name, timeoutSeconds: payload?.timeoutSeconds }).toEqual({
        name,
        timeoutSeconds: state.TimeoutSeconds,
      });
    }
  });

  it('stays well under the one-year limit of a Standard workflow, reminders and escalation included', () => {
    // Prepare: past ACCOMPANIMENT_DAYS no coach task but the placement is sent again (its next
    // send, first or reminder, ends with CoachingPhaseOver): at most one more period of the
    // longest task, then the placement's four periods (first, two reminders, escalation).
    const states = bound(journey).States;
    const coachTasks = Object.entries(states).filter(([, s]) => isCoachTask(s));
    const placement = states['Wait For Placement Outcome'];
    const longestOther = Math.max(
      ...coachTasks
        .filter(([name]) => name !== 'Wait For Placement Outcome')
        .map(([, s]) => s.TimeoutSeconds ?? 0),
    );

    // Act
    const longestDays =
      ACCOMPANIMENT_DAYS + longestOther / 86400 + ((placement?.TimeoutSeconds ?? 0) * 4) / 86400;

    // Assess
    expect(longestDays).toBeLessThan(350);
  });

  it('leaves the coaching phase for the placement from every coach task but the placement itself', () => {
    // Prepare
    const states = bound(journey).States;
    const coachTasks = Object.entries(states).filter(([, s]) => isCoachTask(s));

    // Assess: each catches CoachingPhaseOver to the placement, and never retries it.
    // Every coach task but the follow-up, which is asked in a workflow of its own.
    expect(coachTasks).toHaveLength(taskTypes.filter((type) => type !== 'follow-up').length);
    for (const [name, state] of coachTasks) {
      const catches = (state.Catch ?? []).filter((c) => c.ErrorEquals.includes('CoachingPhaseOver'));
      expect({ name, next: catches[0]?.Next }).toEqual({
        name,
        next: name === 'Wait For Placement Outcome' ? undefined : 'Wait For Placement Outcome',
      });
    }
  });

  it('ends the journey after as many missed interviews as the domain allows', () => {
    // Prepare
    const choice = bound(journey).States['Too Many Missed Interviews'] as State & {
      Choices: { NumericGreaterThanEquals?: number }[];
    };

    // Assess
    expect(choice.Choices[0]?.NumericGreaterThanEquals).toBe(MAX_NO_SHOWS);
  });

  it('never retries a time-out, so a late coach is reminded rather than the task re-sent silently', () => {
    // Prepare
    const retried = Object.values(bound(journey).States).flatMap((s) =>
      (s.Retry ?? []).flatMap((r) => r.ErrorEquals),
    );

    // Assess
    expect(retried).not.toContain('States.Timeout');
    expect(retried).not.toContain('States.ALL');
  });
});

describe('the follow-up workflow', () => {
  it('keeps every execution far from the one-year limit: one follow-up each, the next one chained', () => {
    // Prepare
    const states = bound(followUp).States;
    const task = Object.values(states).find((s) => isCoachTask(s));
    const chained = Object.entries(states).filter(([, s]) => (s.Resource ?? '').includes('PlanFollowUp'));

    // Act: the longest wait (planned at a placement that starts 90 days later: 90 days and 3
    // months; or 6 months between the 6- and the 12-month follow-ups), then the task's four periods.
    const longestWaitDays = Math.max(PLACEMENT_MAX_DAYS_AHEAD + 92, 184);
    const longestDays = longestWaitDays + ((task?.TimeoutSeconds ?? 0) * 4) / 86400;

    // Assess
    expect(longestDays).toBeLessThan(300);
    expect(chained.map(([name]) => name)).toEqual(['Plan The Next Follow Up']);
    expect(followUpMonths).toEqual([3, 6, 12]);
  });

  it('plans the first follow-up from the journey, right after the placement is recorded', () => {
    // Prepare
    const states = bound(journey).States;

    // Assess
    expect(states['Record Placement']?.Next).toBe('Plan The Follow Up');
    expect(states['Plan The Follow Up']?.Resource).toContain('PlanFollowUp');
  });
});

describe('the validator itself', () => {
  it('rejects a Task whose bound resource is not an ARN', () => {
    // Prepare
    const text = JSON.stringify(journey);
    const values = Object.fromEntries(placeholdersOf(text).map((name) => [name, `function-${name}`]));

    // Act
    const result = validator(JSON.parse(substitute(text, values)) as object);

    // Assess
    expect(result.isValid).toBe(false);
  });

  it('rejects a transition to a state that does not exist', () => {
    // Prepare
    const broken = bound(journey);
    const start = broken.States[broken.StartAt];
    if (start) start.Next = 'No Such State';

    // Act
    const result = validator(broken);

    // Assess
    expect(result.isValid).toBe(false);
  });
});
