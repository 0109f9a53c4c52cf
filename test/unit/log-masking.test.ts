/**
 * The shared logger's allow-list: personal fields never reach a log line, wherever they sit in
 * what is logged — nested, in an array, in an error's message, cause or extra attributes — while
 * what operations need (ids, codes, counts, error names) is still written.
 */
import type { Context } from 'aws-lambda';
import { instrumented } from '../../functions/commons/instrumented';
import { logger } from '../../functions/commons/powertools';
import { MASK, maskAttributes, scrubText } from '../../functions/commons/log-masking';

const person = {
  firstName: 'Zubaydelle',
  lastName: 'القرطبيوني',
  phone: '06 47 25 83 19',
  email: 'zubaydelle.q@example.ma',
  birthYear: 1987,
};
const personal = [
  'Zubaydelle',
  'القرطبيوني',
  '06 47 25 83 19',
  '0647258319',
  'zubaydelle.q@example.ma',
  '1987',
];

/** The lines the logger writes (stdout and stderr) while `act` runs, parsed. */
function captured(act: () => void): { text: string; lines: Record<string, unknown>[] } {
  const written: string[] = [];
  const capture = (chunk: unknown): boolean => {
    written.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    act();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const text = written.join('');
  const lines = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { text, lines };
}

function expectNoPersonalData(text: string): void {
  for (const value of personal)
    expect({ value, found: text.includes(value) }).toEqual({ value, found: false });
}

beforeAll(() => logger.setLogLevel('DEBUG'));

describe('the shared logger', () => {
  test('masks personal fields nested anywhere, under safe and unknown keys, and keeps ids, codes and counts', () => {
    // Act
    const { text, lines } = captured(() =>
      logger.info('Intake received', {
        beneficiaryId: 'b-42',
        region: 'TTA',
        count: 3,
        fields: ['firstName', 'phone'],
        form: person,
        journey: { stage: 'intake', ...person },
        people: [person, { ...person }],
        age: 1987,
      }),
    );

    // Assess
    expectNoPersonalData(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'Intake received',
      beneficiaryId: 'b-42',
      region: 'TTA',
      count: 3,
      fields: ['firstName', 'phone'],
      form: { firstName: MASK, lastName: MASK, phone: MASK, email: MASK, birthYear: MASK },
      journey: { stage: 'intake', firstName: MASK },
      age: MASK,
    });
  });

  test("scrubs an error's message and stack that echo the input, and masks its extra attributes", () => {
    // Prepare: JSON.parse quotes what it could not read; an SDK error may carry the item.
    let parseError: Error = new Error('none');
    try {
      JSON.parse(`${person.firstName} ${person.lastName} ${person.email}`);
    } catch (error) {
      parseError = error as Error;
    }
    const conditionFailed = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
      $metadata: { httpStatusCode: 400, requestId: 'REQ1' },
      Item: { firstName: { S: person.firstName }, phone: { S: person.phone } },
    });
    const wrapped = new Error(
      `Could not write ${person.email}, born ${person.birthYear}, tel ${person.phone}`,
      {
        cause: conditionFailed,
      },
    );

    // Act
    const { text, lines } = captured(() => {
      logger.error('Parse failed', parseError);
      logger.error('Write failed', { error: wrapped, beneficiaryId: 'b-42' });
    });

    // Assess
    expectNoPersonalData(text);
    expect(lines[0]).toMatchObject({ error: { name: 'SyntaxError' } });
    expect(lines[1]).toMatchObject({
      beneficiaryId: 'b-42',
      error: {
        name: 'Error',
        cause: {
          name: 'ConditionalCheckFailedException',
          message: 'The conditional request failed',
          $metadata: { httpStatusCode: 400, requestId: 'REQ1' },
          Item: MASK,
        },
      },
    });
  });

  test('scrubs the message itself, and keys appended for every entry', () => {
    // Act
    const { text, lines } = captured(() => {
      logger.appendKeys({ email: person.email, taskType: 'initial-interview' });
      try {
        logger.warn(`Coach asked about ${person.lastName} (${person.phone}, "${person.firstName}")`);
      } finally {
        logger.removeKeys(['email', 'taskType']);
      }
    });

    // Assess
    expectNoPersonalData(text);
    expect(lines[0]).toMatchObject({ level: 'WARN', email: MASK, taskType: 'initial-interview' });
    expect(String(lines[0]?.message)).toMatch(/^Coach asked about/);
  });
});

describe('the allow-list', () => {
  test('writes a leaf only under a known safe key; a personal key hides even an object', () => {
    expect(maskAttributes({ taskId: 't-1', notes: { text: 'x' }, unknownKey: 'Zubaydelle' })).toEqual({
      taskId: 't-1',
      notes: MASK,
      unknownKey: MASK,
    });
    expect(maskAttributes(['a', 'b'], 'offerIds')).toEqual(['a', 'b']);
    expect(maskAttributes(['a', 'b'], 'names')).toEqual([MASK, MASK]);
  });

  test('free text loses quotes, e-mail addresses, phone-like digits, years and Arabic script, not its words', () => {
    expect(scrubText('Unexpected token \'Z\', "Zubaydelle" is not valid JSON')).toBe(
      `Unexpected token '${MASK}', "${MASK}" is not valid JSON`,
    );
    expect(scrubText('mail zubaydelle.q@example.ma now')).toBe(`mail ${MASK} now`);
    expect(scrubText('call +212 6 47 25 83 19 or 06.47.25.83.19')).toBe(`call ${MASK} or ${MASK}`);
    expect(scrubText('born 1987, due 2026-11-29')).toBe(`born ${MASK}, due ${MASK}`);
    expect(scrubText('asked about القرطبيوني today')).toBe(`asked about ${MASK} today`);
    expect(scrubText('Task timed out after 10.00 seconds')).toBe('Task timed out after 10.00 seconds');
  });
});

describe('the handler wrapper', () => {
  test('scrubs what a handler throws (Lambda logs it, Step Functions keeps it) and keeps its name for Retry and Catch', async () => {
    // Prepare
    class LateAnswer extends Error {
      override name = 'LateAnswerArrived';
    }
    const handler = instrumented(async () => {
      // As errors echo input: quoted (an unquoted Latin name cannot be told from a word).
      throw new LateAnswer(
        `Answer for "${person.firstName}" ${person.lastName} (${person.email}, ${person.phone}, ${person.birthYear})`,
      );
    });

    // Act
    let thrown: unknown;
    try {
      await handler({}, {} as Context);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(LateAnswer);
    expect((thrown as Error).name).toBe('LateAnswerArrived');
    expect((thrown as Error).message).toMatch(/^Answer for /);
    expectNoPersonalData(`${(thrown as Error).message}\n${(thrown as Error).stack ?? ''}`);
  });
});
