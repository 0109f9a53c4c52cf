/**
 * `npm run diagram`: draws each workflow of the app description as a Mermaid state diagram, from
 * its ASL file, into workflows/README.md between `<!-- diagram:<id>:start -->` and
 * `<!-- diagram:<id>:end -->`; the rest of the README is left as it is. A unit test
 * (test/unit/workflow-diagram.test.ts) fails while the README's diagram is not the ASL's.
 *
 * What is drawn: every state by its name; Next, Choice rules (their condition, shortened), Default,
 * Catch (the errors caught) and End as arrows; Succeed and Fail states end at [*]. Under a state's
 * name: its retries, the wait for a task token (and its time-out), a Wait's length, a Fail's error.
 * Parallel and Map states are composite states, a Parallel's branches side by side.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { workflows } from './app-description';

export interface Retrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
}

/** A Choice rule: its operator is a key of its own (`NumericLessThanEquals`, `IsPresent`, …). */
export type ChoiceRule = Record<string, unknown>;

export interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  Error?: string;
  ErrorPath?: string;
  Choices?: ChoiceRule[];
  Default?: string;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Branches?: StateMachine[];
  Iterator?: StateMachine;
  ItemProcessor?: StateMachine;
}

export interface StateMachine {
  StartAt: string;
  States: Record<string, State>;
}

const choiceRuleSchema = z.record(z.string(), z.unknown());

const stateMachineSchema: z.ZodType<StateMachine> = z.lazy(() =>
  z.object({ StartAt: z.string(), States: z.record(z.string(), stateSchema) }),
);

const stateSchema: z.ZodType<State> = z.lazy(() =>
  z.object({
    Type: z.string(),
    Next: z.string().optional(),
    End: z.boolean().optional(),
    Resource: z.string().optional(),
    TimeoutSeconds: z.number().optional(),
    TimeoutSecondsPath: z.string().optional(),
    Seconds: z.number().optional(),
    SecondsPath: z.string().optional(),
    Timestamp: z.string().optional(),
    TimestampPath: z.string().optional(),
    Error: z.string().optional(),
    ErrorPath: z.string().optional(),
    Choices: z.array(choiceRuleSchema).optional(),
    Default: z.string().optional(),
    Retry: z
      .array(z.object({ ErrorEquals: z.array(z.string()), MaxAttempts: z.number().optional() }))
      .optional(),
    Catch: z.array(z.object({ ErrorEquals: z.array(z.string()), Next: z.string() })).optional(),
    Branches: z.array(stateMachineSchema).optional(),
    Iterator: stateMachineSchema.optional(),
    ItemProcessor: stateMachineSchema.optional(),
  }),
);

/** Reads an ASL definition (the parsed JSON of a `*.asl.json` file); throws on a malformed one. */
export function parseStateMachine(json: unknown): StateMachine {
  return stateMachineSchema.parse(json);
}

/**
 * Text that Mermaid takes as it is, wherever it stands (a state's name, a label, a description):
 * one line, and the characters its state-diagram grammar reads as syntax written as entity codes
 * (`#58;` for `:`), which Mermaid decodes when it draws. A `<` stays as it is unless it would open
 * an HTML tag (`<= 2` reads as it is written).
 */
export function mermaidText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[#:;"%[\]]|<(?=[\w/!?])/g, (c) => `#${c === '<' ? 'lt' : c.charCodeAt(0)};`)
    .replace(/(direc)t(ion\s+(?:tb|bt|rl|lr)\b)/gi, '$1#116;$2');
}

/** Words Mermaid's lexer reads first, whatever follows: an id must not start with them. */
const reservedIdStart =
  /^(default|end|state|note|class|scale|direction|hide|stateDiagram|accTitle|accDescr)/i;

/** Hands out Mermaid ids made from state names: letters and digits, unique in the diagram. */
class Ids {
  private readonly taken = new Set<string>();

  idFor(name: string): string {
    const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
    let base = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') || 'State';
    if (/^\d/.test(base) || reservedIdStart.test(base)) base = `State${base}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n += 1) id = `${base}${n}`;
    this.taken.add(id);
    return id;
  }
}

function duration(seconds: number): string {
  const units: [string, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  const [unit, size] = units.find(([, size]) => seconds !== 0 && seconds % size === 0) ?? ['second', 1];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

const comparisons: Record<string, string> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
  Matches: 'matches',
};
const typeTests: Record<string, string> = {
  IsPresent: 'present',
  IsNull: 'null',
  IsString: 'a string',
  IsNumeric: 'a number',
  IsBoolean: 'a boolean',
  IsTimestamp: 'a timestamp',
};
const comparison =
  /^(String|Numeric|Boolean|Timestamp)(Equals|LessThanEquals|GreaterThanEquals|LessThan|GreaterThan|Matches)(Path)?$/;

function operand(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** A Choice rule's condition as one short line: `$.coach.reminders.interview <= 2`. */
export function conditionOf(rule: ChoiceRule): string {
  const nested = (value: unknown): string => {
    const inner = choiceRuleSchema.safeParse(value);
    const text = inner.success ? conditionOf(inner.data) : '?';
    return /\s/.test(text) ? `(${text})` : text;
  };
  if (typeof rule.Condition === 'string') return rule.Condition.replace(/^\{%\s*|\s*%\}$/g, '');
  if (Array.isArray(rule.And)) return rule.And.map(nested).join(' and ');
  if (Array.isArray(rule.Or)) return rule.Or.map(nested).join(' or ');
  if (rule.Not !== undefined) return `not ${nested(rule.Not)}`;
  const variable = typeof rule.Variable === 'string' ? rule.Variable : '?';
  for (const [key, value] of Object.entries(rule)) {
    const compared = comparison.exec(key);
    if (compared) {
      const [, , test = '', path] = compared;
      return `${variable} ${comparisons[test]} ${path ? String(value) : operand(value)}`;
    }
    const type = typeTests[key];
    if (type) return `${variable} is ${value === false ? 'not ' : ''}${type}`;
  }
  return variable;
}

/** What a state does besides moving on: shown under its name. */
function descriptionsOf(state: State): string[] {
  const lines: string[] = [];
  if (state.Resource?.endsWith('.waitForTaskToken')) {
    const timeout =
      state.TimeoutSeconds !== undefined
        ? `, time-out ${duration(state.TimeoutSeconds)}`
        : state.TimeoutSecondsPath
          ? `, time-out ${state.TimeoutSecondsPath}`
          : '';
    lines.push(`waits for a task token${timeout}`);
  }
  if (state.Type === 'Wait') {
    if (state.Seconds !== undefined) lines.push(`waits ${duration(state.Seconds)}`);
    else if (state.SecondsPath) lines.push(`waits ${state.SecondsPath} seconds`);
    else if (state.Timestamp ?? state.TimestampPath)
      lines.push(`waits until ${state.Timestamp ?? state.TimestampPath}`);
  }
  for (const retrier of state.Retry ?? []) {
    const attempts = retrier.MaxAttempts ?? 3;
    if (attempts === 0) continue;
    const errors = retrier.ErrorEquals;
    const on = errors.includes('States.ALL')
      ? 'any error'
      : errors.length <= 2
        ? errors.join(', ')
        : `${errors.length} errors`;
    lines.push(`retry ×${attempts} on ${on}`);
  }
  if (state.Type === 'Fail' && (state.Error ?? state.ErrorPath))
    lines.push(`fails with ${state.Error ?? state.ErrorPath}`);
  return lines;
}

/** The lines of one scope (the machine, or a branch of a Parallel or Map), indented by `indent`. */
function drawScope(machine: StateMachine, ids: Ids, indent: string): string[] {
  const idOf = new Map(Object.keys(machine.States).map((name) => [name, ids.idFor(name)]));
  const target = (from: string, to: string): string => {
    const id = idOf.get(to);
    if (id === undefined)
      throw new Error(`State "${from}" goes to "${to}", which is not a state of its scope`);
    return id;
  };
  const declarations: string[] = [];
  const arrows: string[] = [`${indent}[*] --> ${target('StartAt', machine.StartAt)}`];

  for (const [name, state] of Object.entries(machine.States)) {
    const id = target(name, name);
    const branches =
      state.Branches ??
      [state.ItemProcessor ?? state.Iterator].filter((m): m is StateMachine => m !== undefined);
    if (branches.length > 0) {
      declarations.push(`${indent}state "${mermaidText(name)}" as ${id} {`);
      branches.forEach((branch, i) => {
        if (i > 0) declarations.push(`${indent}    --`);
        declarations.push(...drawScope(branch, ids, `${indent}    `));
      });
      declarations.push(`${indent}}`);
    } else {
      declarations.push(`${indent}state "${mermaidText(name)}" as ${id}`);
    }
    const descriptions = descriptionsOf(state);
    if (branches.length > 0 && descriptions.length > 0) {
      // Mermaid draws no description in a composite state: a note beside it instead.
      declarations.push(`${indent}note right of ${id} : ${mermaidText(descriptions.join(', '))}`);
    } else {
      declarations.push(...descriptions.map((line) => `${indent}${id} : ${mermaidText(line)}`));
    }

    const arrow = (to: string, label?: string) =>
      arrows.push(`${indent}${id} --> ${to}${label === undefined ? '' : ` : ${mermaidText(label)}`}`);
    if (state.Next !== undefined) arrow(target(name, state.Next));
    for (const rule of state.Choices ?? []) {
      if (typeof rule.Next !== 'string') throw new Error(`A rule of Choice "${name}" has no Next`);
      arrow(target(name, rule.Next), conditionOf(rule));
    }
    if (state.Default !== undefined) arrow(target(name, state.Default), 'otherwise');
    for (const catcher of state.Catch ?? []) {
      arrow(target(name, catcher.Next), `catch ${catcher.ErrorEquals.join(', ')}`);
    }
    if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') arrow('[*]');
  }
  return [...declarations, ...arrows];
}

/** The Mermaid `stateDiagram-v2` source of an ASL definition (without the code fence). */
export function diagramOf(definition: unknown): string {
  const machine = parseStateMachine(definition);
  return ['stateDiagram-v2', ...drawScope(machine, new Ids(), '    ')].join('\n');
}

export const markers = (workflowId: string) => ({
  start: `<!-- diagram:${workflowId}:start -->`,
  end: `<!-- diagram:${workflowId}:end -->`,
});

/** What stands between a workflow's two markers in the README. */
export function diagramSection(file: string, definition: unknown): string {
  return [
    '',
    '',
    `Generated by \`npm run diagram\` from \`${file}\`: do not edit it by hand.`,
    '',
    '```mermaid',
    diagramOf(definition),
    '```',
    '',
    '',
  ].join('\n');
}

/** The text between a workflow's markers; throws if the README does not have them, once each. */
export function sectionIn(readme: string, workflowId: string): string {
  const { start, end } = markers(workflowId);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from || readme.indexOf(start, from + 1) >= 0 || readme.indexOf(end, to + 1) >= 0) {
    throw new Error(
      `The workflows README needs ${start} and ${end}, once each and in this order, where its diagram goes`,
    );
  }
  return readme.slice(from + start.length, to);
}

/** The README with the section of each workflow replaced; the rest of it as it was. */
export function withDiagrams(readme: string, sections: Record<string, string>): string {
  return Object.entries(sections).reduce((text, [workflowId, section]) => {
    const { start } = markers(workflowId);
    const old = sectionIn(text, workflowId);
    const at = text.indexOf(start) + start.length;
    return text.slice(0, at) + section + text.slice(at + old.length);
  }, readme);
}

/** The section of every workflow of the app description, drawn from its file. */
export function currentSections(root: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(workflows).map(([workflowId, { file }]) => {
      try {
        const definition: unknown = JSON.parse(readFileSync(join(root, file), 'utf8'));
        return [workflowId, diagramSection(file, definition)];
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
      }
    }),
  );
}

export const README = 'workflows/README.md';

if (require.main === module) {
  const root = join(__dirname, '..');
  const path = join(root, README);
  const before = readFileSync(path, 'utf8');
  const after = withDiagrams(before, currentSections(root));
  if (after !== before) writeFileSync(path, after);
  console.log(`${README}: ${after === before ? 'diagrams already up to date' : 'diagrams redrawn'}`);
}
