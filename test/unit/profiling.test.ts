/**
 * The employability profile's rules: each weight of the table applied and named as a reason, the
 * score as the sum of the reasons, and each branch of the track rule.
 */
import {
  employabilityProfile,
  PROFILING_RULES_VERSION,
  recommendedTrack,
  ruleOf,
  TRAINING_FIRST_FROM_SCORE,
  weights,
  type ProfiledIntake,
} from '../../functions/domain/profiling-rules';
import {
  aspirations,
  educationLevels,
  situations,
  vulnerabilityFactors,
} from '../../functions/domain/reference-data';
import type { Principal } from '../../functions/domain/access';
import { caseFilePage, type CaseFile } from '../../functions/views/case-file';

/** No points from any rule: a baccalaureate, aged 25 to 34, nothing else said. */
const neutral: ProfiledIntake = { educationLevel: 'baccalaureate' };

describe('the weights table', () => {
  it('gives points to every code the intake takes, and to no other', () => {
    // Assess
    expect(Object.keys(weights.situation).sort()).toEqual(situations.map((s) => s.code).sort());
    expect(Object.keys(weights.vulnerabilityFactor).sort()).toEqual(
      vulnerabilityFactors.map((f) => f.code).sort(),
    );
    expect(Object.keys(weights.educationLevel).sort()).toEqual(educationLevels.map((e) => e.code).sort());
    expect(Object.keys(weights.ageBand).sort()).toEqual(['15-17', '18-24', '25-34', '35-44', '45+']);
  });

  it('has no negative points', () => {
    // Assess
    const all = Object.values(weights).flatMap((table) => Object.values(table as Record<string, number>));
    expect(all.every((points) => Number.isInteger(points) && points >= 0)).toBe(true);
  });
});

describe('employabilityProfile', () => {
  it('gives a score of 0 and no reason when no rule adds points', () => {
    // Act
    const profile = employabilityProfile(neutral, '25-34');

    // Assess
    expect(profile).toEqual({
      score: 0,
      reasons: [],
      track: 'direct-placement',
      rulesVersion: PROFILING_RULES_VERSION,
    });
  });

  it.each(Object.entries(weights.situation))('situation %s adds %i points', (situation, points) => {
    // Act
    const profile = employabilityProfile({ ...neutral, situation } as ProfiledIntake, '25-34');

    // Assess
    expect(profile.score).toBe(points);
    expect(profile.reasons).toEqual(points > 0 ? [{ code: `situation:${situation}`, points }] : []);
  });

  it.each(Object.entries(weights.vulnerabilityFactor))('factor %s adds %i points', (factor, points) => {
    // Act
    const profile = employabilityProfile(
      { ...neutral, vulnerabilityFactors: [factor] } as ProfiledIntake,
      '25-34',
    );

    // Assess
    expect(profile.score).toBe(points);
    expect(profile.reasons).toEqual([{ code: `vulnerabilityFactor:${factor}`, points }]);
  });

  it.each(Object.entries(weights.educationLevel))('education level %s adds %i points', (level, points) => {
    // Act
    const profile = employabilityProfile({ educationLevel: level }, '25-34');

    // Assess
    expect(profile.score).toBe(points);
    expect(profile.reasons).toEqual(points > 0 ? [{ code: `educationLevel:${level}`, points }] : []);
  });

  it.each(Object.entries(weights.ageBand))('age band %s adds %i points', (band, points) => {
    // Act
    const profile = employabilityProfile(neutral, band as '25-34');

    // Assess
    expect(profile.score).toBe(points);
    expect(profile.reasons).toEqual(points > 0 ? [{ code: `ageBand:${band}`, points }] : []);
  });

  it('adds the points of every rule, listing each reason in the table’s order', () => {
    // Prepare: factors given in another order than the table's.
    const intake: ProfiledIntake = {
      educationLevel: 'primary',
      situation: 'neet',
      vulnerabilityFactors: ['rural-isolation', 'disability'],
      aspiration: 'create-tpe',
    };

    // Act
    const profile = employabilityProfile(intake, '18-24');

    // Assess: 15 + 20 + 15 + 15 + 5.
    expect(profile.reasons).toEqual([
      { code: 'situation:neet', points: 15 },
      { code: 'vulnerabilityFactor:disability', points: 20 },
      { code: 'vulnerabilityFactor:rural-isolation', points: 15 },
      { code: 'educationLevel:primary', points: 15 },
      { code: 'ageBand:18-24', points: 5 },
    ]);
    expect(profile.score).toBe(70);
    expect(profile.track).toBe('training-first');
  });

  it('counts a factor once, and ignores a code the table does not know', () => {
    // Act
    const profile = employabilityProfile(
      { educationLevel: 'phd', vulnerabilityFactors: ['no-diploma', 'no-diploma'] } as ProfiledIntake,
      '25-34',
    );

    // Assess
    expect(profile.reasons).toEqual([{ code: 'vulnerabilityFactor:no-diploma', points: 10 }]);
    expect(profile.score).toBe(10);
  });

  it('profiles an intake without the first interview fields from its education level and age band', () => {
    // Act
    const profile = employabilityProfile({ educationLevel: 'lower-secondary' }, '15-17');

    // Assess
    expect(profile).toMatchObject({ score: 20, track: 'direct-placement' });
    expect(profile.reasons.map((r) => r.code)).toEqual(['educationLevel:lower-secondary', 'ageBand:15-17']);
  });
});

describe('recommendedTrack', () => {
  const below = TRAINING_FIRST_FROM_SCORE - 1;

  it('recommends training first to whoever asks for it, whatever the score', () => {
    // Assess
    expect(recommendedTrack('training-first', 0)).toBe('training-first');
  });

  it.each(aspirations.map((a) => a.code))(
    'recommends training first from the threshold score on, even to one aiming for %s',
    (aspiration) => {
      // Assess
      expect(recommendedTrack(aspiration, TRAINING_FIRST_FROM_SCORE)).toBe('training-first');
    },
  );

  it.each(['create-tpe', 'cooperative', 'auto-entrepreneur'] as const)(
    'recommends self-employment support below the threshold to one aiming for %s',
    (aspiration) => {
      // Assess
      expect(recommendedTrack(aspiration, below)).toBe('self-employment');
    },
  );

  it('recommends direct placement below the threshold for a salaried job, or when no aim is said', () => {
    // Assess
    expect(recommendedTrack('wage-job', below)).toBe('direct-placement');
    expect(recommendedTrack(undefined, below)).toBe('direct-placement');
    expect(recommendedTrack(undefined, TRAINING_FIRST_FROM_SCORE)).toBe('training-first');
  });
});

describe('ruleOf', () => {
  it('splits a reason into its rule and value', () => {
    // Assess
    expect(ruleOf({ code: 'ageBand:45+' })).toEqual({ rule: 'ageBand', value: '45+' });
    expect(ruleOf({ code: 'odd' })).toEqual({ rule: 'odd', value: '' });
  });
});

describe('the case file shows the profile in words', () => {
  const coach = {
    personId: 'COACH-TTA-1',
    role: 'coach',
    region: 'TTA',
    association: 'ASSO-TNG-1',
  } as Principal;
  const file = (
    beneficiary: Partial<CaseFile['beneficiary']> = {},
    profile?: CaseFile['profile'],
  ): CaseFile => ({
    timeline: [],
    notes: [],
    canAddNotes: false,
    ...(profile ? { profile } : {}),
    beneficiary: {
      beneficiaryId: 'b-1',
      firstName: 'Amina',
      lastName: 'Tazi',
      province: 'TNG',
      birthYear: 2003,
      educationLevel: 'primary',
      stage: 'coach-assigned',
      ...beneficiary,
    },
  });
  const answers: ProfiledIntake = {
    educationLevel: 'primary',
    situation: 'neet',
    vulnerabilityFactors: ['disability'],
    aspiration: 'create-tpe',
  };
  const profiled = file(
    { situation: 'neet', vulnerabilityFactors: ['disability'], aspiration: 'create-tpe' },
    employabilityProfile(answers, '18-24'),
  );

  it('gives the score, each reason with its points, the track, and the answers, in French', () => {
    // Act
    const html = caseFilePage('fr', profiled, coach);

    // Assess: 15 + 20 + 15 + 5 = 55, from 50 on a training first.
    expect(html).toContain('<strong data-score>55</strong>');
    expect(html).toContain('<strong data-track="training-first">Formation d’abord</strong>');
    expect(html).toContain(
      '<li data-reason="vulnerabilityFactor:disability">Facteur de vulnérabilité : Situation de handicap (+20)</li>',
    );
    expect(html).toContain('<li data-reason="ageBand:18-24">Tranche d’âge : 18-24 ans (+5)</li>');
    expect(html).toContain('<dd>Créer une TPE</dd>');
    expect(html).toContain('(règles, version 1)');
  });

  it('says the reasons in Arabic, the numbers kept left to right', () => {
    // Act
    const html = caseFilePage('ar', profiled, coach);

    // Assess
    expect(html).toContain('الوضعية الحالية: لا يشتغل(ين) ولا يدرس(ين) ولا يتكوّن(ين) (\u2066+15\u2069)');
    expect(html).toContain('<strong data-track="training-first">التكوين أولا</strong>');
  });

  it('says when the profile is not worked out yet, and which answers were not given', () => {
    // Act
    const html = caseFilePage('en', file(), coach);

    // Assess
    expect(html).toContain('The profile is worked out when the journey starts');
    expect(html).toContain('<dt>Vulnerability factors</dt><dd>Not given</dd>');
    expect(html).not.toContain('data-score');
  });
});
