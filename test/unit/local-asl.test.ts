/**
 * The local engine's reading of ASL: placeholders bound, Wait states turned into Tasks whose
 * timing the engine keeps, heartbeats and time-outs taken out of the interpreter's hands.
 * The file read is replaced by the text under test: no disk.
 */
import fs from 'node:fs';
import {
  INTERPRETER_TASK_TIMEOUT_SECONDS,
  LOCAL_CONTINUE_ERROR,
  LOCAL_WAIT_RESOURCE,
  loadWorkflow,
  placeholdersOf,
  readPath,
  replaceString,
  substitute,
  type Json,
  type JsonObject,
} from '../../infra/local/step-functions/asl';
import timing from '../fixtures/timing.asl.json';

/** What the interpreter may wait on a task attempt; the engine applies the real time-outs. */
const INTERPRETER_TIMEOUT = INTERPRETER_TASK_TIMEOUT_SECONDS;
/** Retries at once an attempt the engine hands on (a wait longer than the interpreter's time-out). */
const CONTINUE_RETRIER = {
  ErrorEquals: [LOCAL_CONTINUE_ERROR],
  IntervalSeconds: 0,
  MaxAttempts: 99_999_999,
  BackoffRate: 1,
};
const taskArn = 'arn:aws:lambda:eu-west-3:000000000000:function:kafaat-createCoachTask';

function loadText(text: string, values: Record<string, string> = {}, options = {}) {
  const read = jest.spyOn(fs, 'readFileSync').mockReturnValue(text);
  try {
    return loadWorkflow('/nowhere/workflow.asl.json', values, options);
  } finally {
    read.mockRestore();
  }
}

const stateOf = (definition: JsonObject, name: string): JsonObject =>
  (definition.States as Record<string, JsonObject>)[name] ?? {};

describe('substitute and placeholdersOf', () => {
  it('binds every occurrence and leaves JSONPath dollars alone', () => {
    // Prepare
    const text = '{"a":"${Fn}","b":"${Fn}","c.$":"$.x","d.$":"$$.Task.Token"}';

    // Act
    const result = substitute(text, { Fn: 'arn:x' });

    // Assess
    expect(result).toBe('{"a":"arn:x","b":"arn:x","c.$":"$.x","d.$":"$$.Task.Token"}');
  });

  it('throws on a placeholder with no value, naming it', () => {
    // Act
    const act = () => substitute('{"a":"${Known}","b":"${Unknown}"}', { Known: 'x' });

    // Assess
    expect(act).toThrow('${Unknown}');
  });

  it('lists each placeholder once, in order of first use', () => {
    // Act
    const names = placeholdersOf('${B} ${A} ${B} $.notOne ${C_2}');

    // Assess
    expect(names).toEqual(['B', 'A', 'C_2']);
    expect(placeholdersOf('{"StartAt":"X"}')).toEqual([]);
  });
});

describe('loadWorkflow', () => {
  it('turns a Wait into a Task on the local wait resource and records its seconds', () => {
    // Act
    const { definition, timings } = loadText(JSON.stringify(timing), { CreateCoachTaskFunctionArn: taskArn });

    // Assess
    const wait = stateOf(definition, 'Wait One Day');
    expect(wait).toEqual({
      Type: 'Task',
      Resource: LOCAL_WAIT_RESOURCE,
      TimeoutSeconds: INTERPRETER_TIMEOUT,
      Retry: [CONTINUE_RETRIER],
      Next: 'Wait For Coach',
    });
    expect(timings.get('Wait One Day')).toEqual({ type: 'Wait', wait: { seconds: 86400 } });
  });

  it("records a Task's own time-out, binds its placeholders and gives the interpreter a longer one", () => {
    // Act
    const { definition, timings, topLevelStates } = loadText(JSON.stringify(timing), {
      CreateCoachTaskFunctionArn: taskArn,
    });

    // Assess
    const task = stateOf(definition, 'Wait For Coach');
    expect(task.TimeoutSeconds).toBe(INTERPRETER_TIMEOUT);
    expect((task.Parameters as JsonObject).FunctionName).toBe(taskArn);
    expect(timings.get('Wait For Coach')).toEqual({
      type: 'Task',
      resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      timeoutSeconds: 2592000,
    });
    expect(timings.get('Answered')).toEqual({ type: 'Succeed' });
    expect(topLevelStates).toEqual(
      new Set(['Wait One Day', 'Wait For Coach', 'Coach Did Not Answer', 'Answered']),
    );
  });

  it('strips HeartbeatSeconds from a Task, recording it and the timeout for the engine', () => {
    // Prepare
    const text = JSON.stringify({
      StartAt: 'Beat',
      States: {
        Beat: { Type: 'Task', Resource: 'arn:r', HeartbeatSeconds: 60, TimeoutSeconds: 3600, End: true },
      },
    });

    // Act
    const { definition, timings } = loadText(text);

    // Assess
    expect(stateOf(definition, 'Beat')).not.toHaveProperty('HeartbeatSeconds');
    expect(stateOf(definition, 'Beat').TimeoutSeconds).toBe(INTERPRETER_TIMEOUT);
    expect(timings.get('Beat')).toEqual({
      type: 'Task',
      resource: 'arn:r',
      timeoutSeconds: 3600,
      heartbeatSeconds: 60,
    });
  });

  it("puts the engine's continue retrier before the state's own, which stay as written", () => {
    // Prepare
    const own = { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3 };
    const text = JSON.stringify({
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: 'arn:r', Retry: [own], End: true } },
    });

    // Act
    const { definition } = loadText(text);

    // Assess
    expect(stateOf(definition, 'Call').Retry).toEqual([CONTINUE_RETRIER, own]);
  });

  it("takes the execution's TimeoutSeconds out for the engine, and keeps the bound source as written", () => {
    // Prepare
    const text = JSON.stringify({
      StartAt: 'Nap',
      TimeoutSeconds: 3600,
      States: {
        Nap: { Type: 'Wait', Seconds: 5, Next: 'Call' },
        Call: { Type: 'Task', Resource: '${Fn}', End: true },
      },
    });

    // Act
    const workflow = loadText(text, { Fn: taskArn });

    // Assess
    expect(workflow.executionTimeoutSeconds).toBe(3600);
    expect(workflow.definition).not.toHaveProperty('TimeoutSeconds');
    expect(workflow.source).toBe(text.replace('${Fn}', taskArn));
    expect(workflow.interpreterTaskTimeoutSeconds).toBe(INTERPRETER_TIMEOUT);
  });

  it('gives the interpreter a shorter task time-out when told (tests of long waits)', () => {
    // Act
    const { definition, interpreterTaskTimeoutSeconds } = loadText(
      JSON.stringify(timing),
      { CreateCoachTaskFunctionArn: taskArn },
      { interpreterTaskTimeoutSeconds: 2 },
    );

    // Assess
    expect(interpreterTaskTimeoutSeconds).toBe(2);
    expect(stateOf(definition, 'Wait One Day').TimeoutSeconds).toBe(2);
    expect(stateOf(definition, 'Wait For Coach').TimeoutSeconds).toBe(2);
  });

  it.each(['TimeoutSecondsPath', 'HeartbeatSecondsPath'])(
    'refuses a Task with %s, which the local engine cannot scale yet, naming the state',
    (field) => {
      const text = JSON.stringify({
        StartAt: 'Path',
        States: { Path: { Type: 'Task', Resource: 'arn:r', [field]: '$.seconds', End: true } },
      });
      expect(() => loadText(text)).toThrow(`State "Path": ${field} is not supported`);
    },
  );

  it('records each kind of Wait and removes its timing fields', () => {
    // Prepare
    const text = JSON.stringify({
      StartAt: 'A',
      States: {
        A: { Type: 'Wait', SecondsPath: '$.delay', Next: 'B' },
        B: { Type: 'Wait', Timestamp: '2030-01-01T00:00:00Z', Next: 'C' },
        C: { Type: 'Wait', TimestampPath: '$.until', End: true },
      },
    });

    // Act
    const { definition, timings } = loadText(text);

    // Assess
    expect(timings.get('A')?.wait).toEqual({ secondsPath: '$.delay' });
    expect(timings.get('B')?.wait).toEqual({ timestamp: '2030-01-01T00:00:00Z' });
    expect(timings.get('C')?.wait).toEqual({ timestampPath: '$.until' });
    for (const name of ['A', 'B', 'C']) {
      const state = stateOf(definition, name);
      expect(Object.keys(state).filter((k) => k.startsWith('Seconds') || k.startsWith('Timestamp'))).toEqual(
        [],
      );
      expect(state.Resource).toBe(LOCAL_WAIT_RESOURCE);
    }
  });

  it('prepares the states of Parallel branches and Map processors, which are not top-level', () => {
    // Prepare
    const text = JSON.stringify({
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 5, End: true } } }],
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Work',
            States: { Work: { Type: 'Task', Resource: 'arn:w', HeartbeatSeconds: 9, End: true } },
          },
          End: true,
        },
      },
    });

    // Act
    const { definition, timings, topLevelStates } = loadText(text);

    // Assess
    expect(topLevelStates).toEqual(new Set(['Both', 'Each']));
    expect(timings.get('Nap')).toEqual({ type: 'Wait', wait: { seconds: 5 } });
    expect(timings.get('Work')).toEqual({ type: 'Task', resource: 'arn:w', heartbeatSeconds: 9 });
    const branch = (stateOf(definition, 'Both').Branches as JsonObject[])[0] ?? {};
    expect(stateOf(branch, 'Nap').Type).toBe('Task');
    const processor = stateOf(definition, 'Each').ItemProcessor as JsonObject;
    expect(stateOf(processor, 'Work')).not.toHaveProperty('HeartbeatSeconds');
  });

  it('throws when a placeholder of the file has no value', () => {
    // Act
    const act = () => loadText(JSON.stringify(timing), {});

    // Assess
    expect(act).toThrow('${CreateCoachTaskFunctionArn}');
  });
});

describe('readPath', () => {
  const input: Json = { a: { b: 3, n: null, list: [1, 2] }, top: 'x' };

  it.each([
    ['$', input],
    ['$.top', 'x'],
    ['$.a.b', 3],
    ['$.a.n', null],
  ])('reads %s', (path, expected) => {
    // Act
    const value = readPath(input, path);

    // Assess
    expect(value).toEqual(expected);
  });

  it.each(['$.missing', '$.a.missing.deeper', '$.a.n.x', '$.a.list.0', 'a.b', '$a'])(
    'says undefined for %s',
    (path) => {
      // Act
      const value = readPath(input, path);

      // Assess
      expect(value).toBeUndefined();
    },
  );
});

describe('replaceString', () => {
  it('replaces whole values equal to the marker, at any depth, and nothing else', () => {
    // Prepare
    const value: Json = {
      token: 'MARK',
      nested: { list: ['MARK', 'MARKED', 1, null, { deep: 'MARK' }] },
      MARK: 'key untouched',
    };
    const before = JSON.stringify(value);

    // Act
    const replaced = replaceString(value, 'MARK', 'tok-1');

    // Assess
    expect(replaced).toEqual({
      token: 'tok-1',
      nested: { list: ['tok-1', 'MARKED', 1, null, { deep: 'tok-1' }] },
      MARK: 'key untouched',
    });
    expect(JSON.stringify(value)).toBe(before);
  });
});
