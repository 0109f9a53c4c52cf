/**
 * The employability profile worked out at the start of a journey: a vulnerability score, the
 * reasons that make it (so a coach sees why, not only a number), and a recommended track. Every
 * weight is in the table below, and the track rule is `recommendedTrack`: to change the rules,
 * change them here and raise `PROFILING_RULES_VERSION`, so that each stored profile says which
 * rules made it. Plain rules, no AWS.
 *
 * The score is the sum of the points of the reasons: nothing is capped or hidden. A value with no
 * points (a baccalaureate, a student, someone aged 25 to 34) adds no reason. A field the intake
 * did not ask (the first-interview fields are optional) adds nothing either: the profile of an
 * intake without them rests on the education level and the age band alone.
 */
import type { AgeBand } from './profile';
import type { Aspiration, Situation, VulnerabilityFactor } from './reference-data';

export const PROFILING_RULES_VERSION = 1;

/** Points per value, by rule. The education levels are those of reference-data.ts. */
export const weights = {
  situation: {
    neet: 15,
    unemployed: 10,
    'informal-work': 10,
    underemployed: 5,
    student: 0,
    other: 0,
  } satisfies Record<Situation, number>,
  vulnerabilityFactor: {
    disability: 20,
    'single-parent': 15,
    'rural-isolation': 15,
    'long-term-unemployment': 15,
    'no-diploma': 10,
    'migrant-or-returnee': 10,
    other: 5,
  } satisfies Record<VulnerabilityFactor, number>,
  educationLevel: {
    none: 20,
    primary: 15,
    'lower-secondary': 10,
    'upper-secondary': 5,
    baccalaureate: 0,
    vocational: 0,
    higher: 0,
  } as Readonly<Record<string, number>>,
  ageBand: {
    '15-17': 10,
    '18-24': 5,
    '25-34': 0,
    '35-44': 5,
    '45+': 10,
  } satisfies Record<AgeBand, number>,
} as const;

export type Rule = keyof typeof weights;

/** From this score on, the recommended track is a training first, whatever the aspiration. */
export const TRAINING_FIRST_FROM_SCORE = 50;

export const tracks = ['direct-placement', 'training-first', 'self-employment'] as const;
export type Track = (typeof tracks)[number];

const selfEmployment: readonly Aspiration[] = ['create-tpe', 'cooperative', 'auto-entrepreneur'];

/**
 * The track, in order:
 * 1. the person asks for a training first → training first;
 * 2. a score of TRAINING_FIRST_FROM_SCORE or more → training first (too many obstacles at once for
 *    a job or a business straight away);
 * 3. the person wants a TPE, a cooperative or the auto-entrepreneur status → self-employment;
 * 4. otherwise (a salaried job, or no aspiration said) → direct placement.
 * A recommendation: the coach decides at the first interview.
 */
export function recommendedTrack(aspiration: Aspiration | undefined, score: number): Track {
  if (aspiration === 'training-first') return 'training-first';
  if (score >= TRAINING_FIRST_FROM_SCORE) return 'training-first';
  if (aspiration !== undefined && selfEmployment.includes(aspiration)) return 'self-employment';
  return 'direct-placement';
}

/** One rule that added points: `rule:value` (e.g. `vulnerabilityFactor:disability`) and its points. */
export interface Reason {
  code: `${Rule}:${string}`;
  points: number;
}

export interface EmployabilityProfile {
  score: number;
  reasons: Reason[];
  track: Track;
  rulesVersion: number;
}

/** What the rules read: the intake's answers and the age band of the journey's dimensions. */
export interface ProfiledIntake {
  educationLevel: string;
  situation?: Situation;
  vulnerabilityFactors?: readonly VulnerabilityFactor[];
  aspiration?: Aspiration;
}

/** The points a rule gives a value: none for a value the table does not list. */
function pointsOf(rule: Rule, value: string): number {
  const table: Readonly<Record<string, number>> = weights[rule];
  return Object.hasOwn(table, value) ? (table[value] ?? 0) : 0;
}

/** The profile of an intake, its reasons in the table's order (rules, then values). */
export function employabilityProfile(intake: ProfiledIntake, ageBand: AgeBand): EmployabilityProfile {
  const factors = intake.vulnerabilityFactors ?? [];
  const asked: [Rule, string | undefined][] = [
    ['situation', intake.situation],
    ...(Object.keys(weights.vulnerabilityFactor) as VulnerabilityFactor[])
      .filter((factor) => factors.includes(factor))
      .map((factor): [Rule, string] => ['vulnerabilityFactor', factor]),
    ['educationLevel', intake.educationLevel],
    ['ageBand', ageBand],
  ];
  const reasons = asked.flatMap(([rule, value]): Reason[] => {
    if (value === undefined) return [];
    const points = pointsOf(rule, value);
    return points > 0 ? [{ code: `${rule}:${value}`, points }] : [];
  });
  const score = reasons.reduce((sum, r) => sum + r.points, 0);
  return {
    score,
    reasons,
    track: recommendedTrack(intake.aspiration, score),
    rulesVersion: PROFILING_RULES_VERSION,
  };
}

/** A reason's rule and value, for showing it in words. */
export function ruleOf(reason: { code: string }): { rule: string; value: string } {
  const at = reason.code.indexOf(':');
  return at === -1
    ? { rule: reason.code, value: '' }
    : { rule: reason.code.slice(0, at), value: reason.code.slice(at + 1) };
}
