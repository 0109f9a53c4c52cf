/**
 * The workflow diagrams: workflows/README.md holds what `npm run diagram` draws from each ASL file
 * of the app description, and the drawing shows what matters (branches, catches, waits, retries,
 * composite states) in the plain stateDiagram-v2 syntax GitHub renders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workflows } from '../../infra/app-description';
import {
  README,
  currentSections,
  diagramOf,
  markers,
  mermaidText,
  sectionIn,
  withDiagrams,
} from '../../infra/workflow-diagram';
import coachTask from '../fixtures/coach-task.asl.json';
import counter from '../fixtures/counter.asl.json';
import greeting from '../fixtures/greeting.asl.json';
import timing from '../fixtures/timing.asl.json';

const root = join(__dirname, '../..');

const lines = (definition: object) => diagramOf(definition).split('\n');

/** Two ways out of a Choice and a Default; a Parallel of two branches; a Map. */
const choice = {
  StartAt: 'Count Reminders',
  States: {
    'Count Reminders': {
      Type: 'Choice',
      Choices: [
        { Variable: '$.coach.reminders.interview', NumericLessThanEquals: 2, Next: 'Remind' },
        { Variable: '$.status', StringEquals: 'late', Next: 'Escalate' },
      ],
      Default: 'Close',
    },
    Remind: { Type: 'Pass', End: true },
    Escalate: { Type: 'Pass', End: true },
    Close: { Type: 'Succeed' },
  },
};
const parallel = {
  StartAt: 'Tell Both',
  States: {
    'Tell Both': {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Tell Coach', States: { 'Tell Coach': { Type: 'Pass', End: true } } },
        {
          StartAt: 'Tell Supervisor',
          States: {
            'Tell Supervisor': { Type: 'Pass', Next: 'Wait A Day' },
            'Wait A Day': { Type: 'Wait', Seconds: 86400, End: true },
          },
        },
      ],
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
      Next: 'Each Beneficiary',
    },
    'Each Beneficiary': {
      Type: 'Map',
      ItemProcessor: { StartAt: 'Profile', States: { Profile: { Type: 'Pass', End: true } } },
      End: true,
    },
  },
};

/** Names and values with characters Mermaid reads as syntax. */
const punctuated = {
  StartAt: 'Ask: "Why"; #1',
  States: {
    'Ask: "Why"; #1': {
      Type: 'Choice',
      Choices: [{ Variable: '$.at', TimestampEquals: '2026-01-01T00:00:00Z', Next: 'Done' }],
      Default: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

/** Text with no `:`, `;`, `"` or `#` but in Mermaid's entity codes (`#58;`). */
const text = '(?:[^:;"#\\n]|#\\w+;)+';
const id = '[A-Za-z][A-Za-z0-9]*';
/** The basic stateDiagram-v2 statements, nothing else: what every Mermaid version reads alike. */
const statement = new RegExp(
  [
    `state "${text}" as ${id}( \\{)?`,
    `${id} : ${text}`,
    `note right of ${id} : ${text}`,
    `(\\[\\*\\]|${id}) --> (\\[\\*\\]|${id})( : ${text})?`,
    '--',
    '\\}',
  ]
    .map((form) => `^ *(${form})$`)
    .join('|'),
);

describe(`${README}`, () => {
  it.each(Object.keys(workflows))(
    'holds the diagram of %s that `npm run diagram` draws from its ASL',
    (workflowId) => {
      // Prepare
      const readme = readFileSync(join(root, README), 'utf8');

      // Act
      const held = sectionIn(readme, workflowId).split('\n');
      const drawn = (currentSections(root)[workflowId] ?? '').split('\n');

      // Assess
      const at = [...Array(Math.max(held.length, drawn.length)).keys()].find((i) => held[i] !== drawn[i]);
      const verdict =
        at === undefined
          ? 'up to date'
          : `out of date: run \`npm run diagram\` (line ${at + 1} of the section is ` +
            `${JSON.stringify(held[at] ?? null)}, the ASL draws ${JSON.stringify(drawn[at] ?? null)})`;
      expect(verdict).toBe('up to date');
    },
  );

  it('is redrawn between the markers only, the same the second time', () => {
    // Prepare
    const { start, end } = markers('journey');
    const readme = `# Workflows\n\nBefore.\n\n${start}\nan old diagram\n${end}\n\nAfter.\n`;

    // Act
    const once = withDiagrams(readme, { journey: '\nnew\n' });
    const twice = withDiagrams(once, { journey: '\nnew\n' });

    // Assess
    expect(once).toBe(`# Workflows\n\nBefore.\n\n${start}\nnew\n${end}\n\nAfter.\n`);
    expect(twice).toBe(once);
  });

  it("says where a workflow's markers are missing", () => {
    // Act
    const redraw = () => withDiagrams('# Workflows\n', { journey: 'new' });

    // Assess
    expect(redraw).toThrow('<!-- diagram:journey:start --> and <!-- diagram:journey:end -->');
  });
});

describe('the diagram of a workflow', () => {
  it('names every state, from [*] to each Succeed and Fail', () => {
    // Act
    const diagram = lines(greeting);

    // Assess
    expect(diagram[0]).toBe('stateDiagram-v2');
    expect(diagram).toEqual(
      expect.arrayContaining([
        '    state "Greet" as Greet',
        '    state "Polite?" as Polite',
        '    state "Nobody There" as NobodyThere',
        '    NobodyThere : fails with NobodyThere',
        '    [*] --> Greet',
        '    Greet --> Shout',
        '    NobodyThere --> [*]',
        '    Greeted --> [*]',
      ]),
    );
  });

  it("labels a Choice's branches with their conditions, and its Default", () => {
    // Act
    const diagram = lines(choice);

    // Assess
    expect(diagram).toEqual(
      expect.arrayContaining([
        '    CountReminders --> Remind : $.coach.reminders.interview <= 2',
        "    CountReminders --> Escalate : $.status == 'late'",
        '    CountReminders --> Close : otherwise',
        '    Remind --> [*]',
      ]),
    );
    expect(lines(counter)).toContain('    Done --> Counted : $.count >= $.limit');
  });

  it('labels a Catch with the errors it catches, and shows the retries', () => {
    // Act
    const diagram = lines(coachTask);

    // Assess
    expect(diagram).toEqual(
      expect.arrayContaining([
        '    WaitForCoach --> Answered',
        '    WaitForCoach --> CoachDidNotAnswer : catch States.Timeout',
        '    WaitForCoach : retry ×2 on Lambda.ServiceException',
      ]),
    );
  });

  it('marks a task that waits for a task token, with its time-out', () => {
    // Act
    const diagram = lines(timing);

    // Assess
    expect(diagram).toEqual(
      expect.arrayContaining([
        '    WaitForCoach : waits for a task token, time-out 30 days',
        '    WaitOneDay : waits 1 day',
      ]),
    );
    expect(diagram.filter((line) => line.includes('waits for a task token'))).toHaveLength(1);
  });

  it("draws a Parallel's branches side by side in a composite state, and a Map's iteration", () => {
    // Act
    const diagram = lines(parallel);

    // Assess
    expect(diagram).toEqual([
      'stateDiagram-v2',
      '    state "Tell Both" as TellBoth {',
      '        state "Tell Coach" as TellCoach',
      '        [*] --> TellCoach',
      '        TellCoach --> [*]',
      '        --',
      '        state "Tell Supervisor" as TellSupervisor',
      '        state "Wait A Day" as WaitADay',
      '        WaitADay : waits 1 day',
      '        [*] --> TellSupervisor',
      '        TellSupervisor --> WaitADay',
      '        WaitADay --> [*]',
      '    }',
      '    note right of TellBoth : retry ×2 on any error',
      '    state "Each Beneficiary" as EachBeneficiary {',
      '        state "Profile" as Profile',
      '        [*] --> Profile',
      '        Profile --> [*]',
      '    }',
      '    [*] --> TellBoth',
      '    TellBoth --> EachBeneficiary',
      '    EachBeneficiary --> [*]',
    ]);
  });

  it('gives each state an id of its own that Mermaid cannot read as a keyword', () => {
    // Prepare
    const definition = {
      StartAt: 'Default Path',
      States: {
        'Default Path': { Type: 'Pass', Next: 'End' },
        End: { Type: 'Pass', Next: 'end!' },
        'end!': { Type: 'Pass', Next: '1 More' },
        '1 More': { Type: 'Succeed' },
      },
    };

    // Act
    const diagram = lines(definition);

    // Assess
    expect(diagram).toEqual(
      expect.arrayContaining([
        '    state "Default Path" as StateDefaultPath',
        '    state "End" as StateEnd',
        '    state "end!" as StateEnd2',
        '    state "1 More" as State1More',
        '    StateEnd --> StateEnd2',
      ]),
    );
  });

  it('writes names and labels so that nothing in them reads as syntax', () => {
    // Act
    const diagram = lines(punctuated);

    // Assess
    expect(diagram).toEqual(
      expect.arrayContaining([
        '    state "Ask#58; #34;Why#34;#59; #35;1" as AskWhy1',
        "    AskWhy1 --> Done : $.at == '2026-01-01T00#58;00#58;00Z'",
      ]),
    );
    expect(mermaidText('<b>bold</b> <= 2 %% not a comment')).toBe(
      '#lt;b>bold#lt;/b> <= 2 #37;#37; not a comment',
    );
  });

  it.each([
    [
      'workflows/journey.asl.json',
      JSON.parse(readFileSync(join(root, 'workflows/journey.asl.json'), 'utf8')),
    ],
    ['greeting', greeting],
    ['counter', counter],
    ['coach-task', coachTask],
    ['timing', timing],
    ['a Choice', choice],
    ['a Parallel and a Map', parallel],
    ['punctuated names', punctuated],
  ])('of %s keeps to the basic stateDiagram-v2 statements', (_name, definition: object) => {
    // Act
    const [header, ...body] = lines(definition);

    // Assess
    expect(header).toBe('stateDiagram-v2');
    expect(body.filter((line) => !statement.test(line))).toEqual([]);
  });

  it('is checked by a syntax test that refuses what Mermaid could misread', () => {
    // Prepare
    const misread = [
      '    A --> B : a label : with two colons',
      '    A -> B',
      '    state "a "quoted" name" as A',
      '    A : a description; with a semicolon',
      '    state "A" as end-of-it',
      '    note right of A : #1 is a comment',
    ];

    // Assess
    expect(misread.filter((line) => statement.test(line))).toEqual([]);
  });

  it('refuses a transition to a state that does not exist', () => {
    // Prepare
    const definition = { StartAt: 'Start', States: { Start: { Type: 'Pass', Next: 'Nowhere' } } };

    // Act
    const draw = () => diagramOf(definition);

    // Assess
    expect(draw).toThrow('State "Start" goes to "Nowhere", which is not a state of its scope');
  });
});
