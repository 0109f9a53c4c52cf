/**
 * A beneficiary's case file: what is needed to reach them, their employability profile (the
 * first interview's answers, the score with its reasons in words, the recommended track), their
 * personal plan and consents when the journey has them, the placement and each follow-up after
 * it (those of journeys before a reopening too), the journey's timeline, and their coach's notes
 * (with the form to add one, for the coach alone). The open task is named with its due date (or,
 * when none is open, the follow-up to come); only its coach gets its signed link here.
 */
import type { Principal } from '../domain/access';
import type { NextTask, WaitingFollowUp } from '../domain/caseload';
import { sectors as placementSectors } from '../domain/coach-task';
import {
  contractTypes,
  cooperativeRoles,
  incomeBands,
  noPlacementReasons,
  placementOutcomes,
  workingTimes,
  workStatuses,
} from '../domain/placement';
import { NOTE_KEY_FIELD, NOTE_MAX_CHARACTERS } from '../domain/case-notes';
import { repeatedStages, stages, type Stage } from '../domain/journey-events';
import {
  barriers as barrierCodes,
  consentPurposes,
  dropoutReasons,
  planStepStatuses,
  type Consents,
  type PersonalPlan,
} from '../domain/coaching';
import type { TimelineEntry } from '../domain/timeline';
import {
  aspirations,
  educationLevels,
  sectors,
  situations,
  vulnerabilityFactors,
  type Lang,
  type Named,
} from '../domain/reference-data';
import { ruleOf, type EmployabilityProfile } from '../domain/profiling-rules';
import type { CaseNote } from '../commons/case-file-entries';
import { errorList, escapeHtml, labelOf, page } from '../commons/html';
import { translator, type Translate } from '../commons/i18n';
import { caseFilePath, monthsText, provinceName, shownDate, stageText, taskName } from './caseload';

/** What a case file shows, and what the API gives as JSON. */
export interface CaseFile {
  beneficiary: {
    beneficiaryId: string;
    firstName: string;
    lastName: string;
    phone?: string;
    email?: string;
    province: string;
    association?: string;
    associationName?: string;
    birthYear: number;
    educationLevel: string;
    stage: string;
    coachId?: string;
    coachName?: string;
    /** The first interview's answers, when the intake gave them (added later: optional). */
    situation?: string;
    vulnerabilityFactors?: string[];
    aspiration?: string;
    sectorOfInterest?: string;
    /** The personal plan agreed at the first interview, with each step's progress since. */
    plan?: PersonalPlan;
    /** What the beneficiary agreed (or refused) to share beyond the programme. */
    consents?: Consents;
    /** The current journey's placement as recorded: its outcome, dates and codes, the employer. */
    placement?: Record<string, unknown>;
    /** Each follow-up's answer, keyed `<journey>-<month>`. */
    followUps?: Record<string, unknown>;
    /** The follow-up to come, while one waits. */
    nextFollowUp?: WaitingFollowUp;
    /** The current journey's number, when it is not the first (absent: 1). */
    journeyNumber?: number;
    /** When the current journey began, when it was reopened. */
    reopenedOn?: string;
    /** The journeys before a reopening: what each ended with. */
    pastJourneys?: PastJourneyFacts[];
  };
  /** Worked out by the journey's first step: absent until it has run. */
  profile?: EmployabilityProfile;
  openTask?: NextTask;
  /** The signed link of the reader's own open task (a coach's), as their email has it. */
  openTaskPath?: string;
  timeline: TimelineEntry[];
  /** Newest first. */
  notes: CaseNote[];
  /** Whether the reader may add a note (the beneficiary's coach). */
  canAddNotes: boolean;
}

/** A journey before accompaniment was reopened, as the case file shows it. */
export interface PastJourneyFacts {
  journey: number;
  /** When the journey after it began. */
  reopenedOn?: string;
  placement?: Record<string, unknown>;
  followUps?: Record<string, unknown>;
}

export interface NoteFormState {
  /** The values sent; read through own properties only (a field may be named `toString`). */
  values: Record<string, unknown>;
  /** Errors already said in the page's language. */
  errors: { field: string; message: string }[];
}

/** Whether a value is one of a list's codes. */
function isCode(codes: readonly string[], value: unknown): value is string {
  return typeof value === 'string' && codes.includes(value);
}

/** The reasons a dropout event may carry: the coach's, and the workflow's own. */
const knownDropoutReasons: readonly string[] = [...dropoutReasons, 'no-show', 'no-coach-available'];

/**
 * A journey event in words: a repeated step with its number (a follow-up with its month and what
 * it found), a dropout or an end without placement with its reason, a reopening with the new
 * journey's number; an event of a reopened journey says which.
 */
function stageEntryText(t: Translate, entry: Extract<TimelineEntry, { kind: 'stage' }>): string {
  const said = stageWords(t, entry);
  return entry.journey !== undefined && entry.stage !== 'reopened'
    ? t('caseload.entries.inJourney', { entry: said, n: entry.journey })
    : said;
}

function stageWords(t: Translate, entry: Extract<TimelineEntry, { kind: 'stage' }>): string {
  const { stage, outcome, occurrence, reason, journey, workStatus } = entry;
  if (!(stages as readonly string[]).includes(stage)) return stageText(t, stage);
  if (stage === 'placed' && outcome !== undefined && isCode(placementOutcomes, outcome))
    return t('caseload.entries.placedWith', { outcome: t(`dashboard.outcome.${outcome}`) });
  if (stage === 'dropout' && reason !== undefined && knownDropoutReasons.includes(reason))
    return t('caseload.entries.dropoutWith', { reason: t(`caseload.entries.dropoutReasons.${reason}`) });
  if (stage === 'not-placed' && reason !== undefined && isCode(noPlacementReasons, reason))
    return t('caseload.entries.notPlacedWith', {
      reason: t(`caseload.entries.noPlacementReasons.${reason}`),
    });
  if (stage === 'reopened')
    return journey === undefined
      ? t('caseload.entries.reopenedUnnumbered')
      : t('caseload.entries.stages.reopened', { n: journey });
  if ((stage === 'follow-up' || stage === 'follow-up-unanswered') && occurrence !== undefined) {
    const months = monthsText(t, occurrence);
    return stage === 'follow-up' && workStatus !== undefined && isCode(workStatuses, workStatus)
      ? t('caseload.entries.followUpWith', {
          months,
          status: t(`caseload.entries.workStatuses.${workStatus}`),
        })
      : t(`caseload.entries.stages.${stage}`, { months });
  }
  if (repeatedStages.includes(stage as Stage)) {
    return occurrence === undefined
      ? t(`caseload.entries.unnumbered.${stage}`)
      : t(`caseload.entries.stages.${stage}`, { n: occurrence });
  }
  return t(`caseload.entries.stages.${stage}`);
}

function entryText(t: Translate, entry: TimelineEntry): string {
  if (entry.kind === 'stage') return stageEntryText(t, entry);
  const task = taskName(t, entry.taskType);
  switch (entry.kind) {
    case 'task-sent':
      return t('caseload.entries.taskSent', { task });
    case 'task-reminded':
      return t('caseload.entries.taskReminded', { task, count: entry.count });
    case 'task-escalated':
      return t('caseload.entries.taskEscalated', { task, count: entry.reminders });
    case 'task-moved':
      return t('caseload.entries.taskMoved', { task, coach: entry.coachName ?? t('caseload.notGiven') });
    case 'task-answered':
      return t('caseload.entries.taskAnswered', { task });
    case 'task-delivered':
      return t('caseload.entries.taskDelivered', { task });
    case 'task-closed':
      return t('caseload.entries.taskClosed', { task });
  }
}

function timelineSection(lang: Lang, t: Translate, timeline: readonly TimelineEntry[]): string {
  const items = timeline
    .map(
      (entry) =>
        `<li data-kind="${escapeHtml(entry.kind)}"><time datetime="${escapeHtml(entry.at)}">${escapeHtml(shownDate(lang, entry.at))}</time> — ${escapeHtml(entryText(t, entry))}</li>`,
    )
    .join('\n');
  return `<section aria-labelledby="timeline-title"><h2 id="timeline-title">${escapeHtml(t('caseload.timeline'))}</h2>
${timeline.length === 0 ? `<p>${escapeHtml(t('caseload.timelineEmpty'))}</p>` : `<ol class="timeline">\n${items}\n</ol>`}
</section>`;
}

function contactSection(lang: Lang, t: Translate, file: CaseFile): string {
  const b = file.beneficiary;
  const notGiven = escapeHtml(t('caseload.notGiven'));
  const phone = b.phone
    ? `<a href="tel:${escapeHtml(b.phone.replace(/[^\d+]/g, ''))}" dir="ltr">${escapeHtml(b.phone)}</a>`
    : notGiven;
  const email = b.email
    ? `<a href="mailto:${escapeHtml(b.email)}" dir="ltr">${escapeHtml(b.email)}</a>`
    : notGiven;
  const education = educationLevels.find((e) => e.code === b.educationLevel)?.name[lang] ?? b.educationLevel;
  const rows: [string, string][] = [
    ['caseload.fullName', escapeHtml(`${b.firstName} ${b.lastName}`)],
    ['caseload.phone', phone],
    ['caseload.email', email],
    ['caseload.province', escapeHtml(provinceName(lang, b.province))],
    ['caseload.association', escapeHtml(b.associationName ?? b.association ?? t('caseload.notGiven'))],
    ['caseload.birthYear', escapeHtml(b.birthYear)],
    ['caseload.educationLevel', escapeHtml(education)],
    ['caseload.coach', escapeHtml(b.coachName ?? b.coachId ?? t('caseload.notGiven'))],
    ['caseload.journeyStage', escapeHtml(stageText(t, b.stage))],
  ];
  return `<section aria-labelledby="contact-title"><h2 id="contact-title">${escapeHtml(t('caseload.contact'))}</h2>
<dl>
${rows.map(([key, value]) => `<dt>${escapeHtml(t(key))}</dt><dd>${value}</dd>`).join('\n')}
</dl>
</section>`;
}

/** A code's name in the reader's language, else the code itself (a code since retired). */
function nameOf(lang: Lang, items: readonly Named[], code: string): string {
  return items.find((i) => i.code === code)?.name[lang] ?? code;
}

/** A reason of the score in words: the rule, the value it saw, the points it added. */
function reasonText(lang: Lang, t: Translate, code: string, points: number): string {
  const { rule, value } = ruleOf({ code });
  const values: Record<string, (v: string) => string> = {
    situation: (v) => nameOf(lang, situations, v),
    vulnerabilityFactor: (v) => nameOf(lang, vulnerabilityFactors, v),
    educationLevel: (v) => nameOf(lang, educationLevels, v),
    ageBand: (v) => t('caseload.profile.ageBandValue', { band: v }),
  };
  const known = Object.hasOwn(values, rule);
  return t('caseload.profile.reason', {
    rule: known ? t(`caseload.profile.rules.${rule}`) : rule,
    value: known ? (values[rule]?.(value) ?? value) : value,
    points,
  });
}

function profileSection(lang: Lang, t: Translate, file: CaseFile): string {
  const b = file.beneficiary;
  const notGiven = t('caseload.notGiven');
  const factors =
    b.vulnerabilityFactors === undefined
      ? notGiven
      : b.vulnerabilityFactors.length === 0
        ? t('caseload.profile.noFactor')
        : b.vulnerabilityFactors
            .map((f) => nameOf(lang, vulnerabilityFactors, f))
            .join(lang === 'ar' ? '، ' : ', ');
  const answers: [string, string][] = [
    ['caseload.profile.situation', b.situation ? nameOf(lang, situations, b.situation) : notGiven],
    ['caseload.profile.vulnerabilityFactors', factors],
    ['caseload.profile.aspiration', b.aspiration ? nameOf(lang, aspirations, b.aspiration) : notGiven],
    [
      'caseload.profile.sectorOfInterest',
      b.sectorOfInterest ? nameOf(lang, sectors, b.sectorOfInterest) : notGiven,
    ],
  ];
  const profile = file.profile;
  const scored = profile
    ? [
        [
          'caseload.profile.track',
          `<strong data-track="${escapeHtml(profile.track)}">${escapeHtml(t(`caseload.profile.tracks.${profile.track}`))}</strong>`,
        ],
        ['caseload.profile.score', `<strong data-score>${escapeHtml(profile.score)}</strong>`],
      ]
    : [];
  const rows = [...answers.map(([key, value]) => [key, escapeHtml(value)]), ...scored]
    .map(([key = '', value = '']) => `<dt>${escapeHtml(t(key))}</dt><dd>${value}</dd>`)
    .join('\n');
  const reasons = profile
    ? `<h3 id="reasons-title">${escapeHtml(t('caseload.profile.reasons'))}</h3>
${
  profile.reasons.length === 0
    ? `<p>${escapeHtml(t('caseload.profile.noReason'))}</p>`
    : `<ul class="reasons" aria-labelledby="reasons-title">\n${profile.reasons
        .map(
          (r) =>
            `<li data-reason="${escapeHtml(r.code)}">${escapeHtml(reasonText(lang, t, r.code, r.points))}</li>`,
        )
        .join('\n')}\n</ul>`
}
<p class="hint">${escapeHtml(t('caseload.profile.note', { version: profile.rulesVersion }))}</p>`
    : `<p class="hint">${escapeHtml(t('caseload.profile.pending'))}</p>`;
  return `<section aria-labelledby="profile-title"><h2 id="profile-title">${escapeHtml(t('caseload.profile.title'))}</h2>
<dl>
${rows}
</dl>
${reasons}
</section>`;
}

/** A day (YYYY-MM-DD) as the reader reads it; anything else as it is. */
function shownDay(lang: Lang, day: unknown): string {
  if (typeof day !== 'string') return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(day)
    ? new Date(`${day}T00:00:00Z`).toLocaleDateString(`${lang}-MA`, { dateStyle: 'long', timeZone: 'UTC' })
    : day;
}

/** A code of a list in words, else the code itself (a code since retired). */
function codeText(t: Translate, key: string, codes: readonly string[], code: unknown): string {
  const shown = typeof code === 'string' ? code : '';
  return codes.includes(shown) ? t(`${key}.${shown}`) : shown;
}

/**
 * The personal plan, when the first interview made one: goals, barriers and each step with its
 * target date and where it stands. Read defensively: the record is older than some of its fields.
 */
function planSection(lang: Lang, t: Translate, plan: PersonalPlan | undefined): string {
  if (typeof plan !== 'object' || plan === null) return '';
  const listed = (items: unknown): unknown[] => (Array.isArray(items) ? items : []);
  const barrierNames = listed(plan.barriers).map((b) => codeText(t, 'coaching.barrier', barrierCodes, b));
  const steps = listed(plan.steps).filter(
    (s): s is PersonalPlan['steps'][number] => typeof s === 'object' && s !== null,
  );
  const rows: [string, string][] = [
    ...(typeof plan.agreedOn === 'string' && plan.agreedOn !== ''
      ? [['coaching.caseFile.agreedOn', escapeHtml(shownDay(lang, plan.agreedOn))] as [string, string]]
      : []),
    [
      'coaching.caseFile.goals',
      typeof plan.goals === 'string' && plan.goals !== ''
        ? escapeHtml(plan.goals).replace(/\n/g, '<br>')
        : escapeHtml(t('caseload.notGiven')),
    ],
    [
      'coaching.caseFile.barriers',
      escapeHtml(
        barrierNames.length === 0
          ? t('coaching.caseFile.noBarrier')
          : barrierNames.join(lang === 'ar' ? '، ' : ', '),
      ),
    ],
  ];
  const stepList =
    steps.length === 0
      ? `<p>${escapeHtml(t('coaching.caseFile.noStep'))}</p>`
      : `<ol class="plan">\n${steps
          .map(
            (s) =>
              `<li data-status="${escapeHtml(s.status)}">${escapeHtml(
                t('coaching.caseFile.step', {
                  step: typeof s.step === 'string' ? (lang === 'ar' ? `\u2068${s.step}\u2069` : s.step) : '',
                  date: shownDay(lang, s.targetDate),
                  status: codeText(t, 'coaching.status', planStepStatuses, s.status),
                }),
              )}</li>`,
          )
          .join('\n')}\n</ol>`;
  return `<section aria-labelledby="plan-title"><h2 id="plan-title">${escapeHtml(t('coaching.caseFile.planTitle'))}</h2>
<dl>
${rows.map(([key, value]) => `<dt>${escapeHtml(t(key))}</dt><dd>${value}</dd>`).join('\n')}
</dl>
<h3 id="plan-steps-title">${escapeHtml(t('coaching.caseFile.steps'))}</h3>
${stepList}
</section>`;
}

/** The consents recorded, one per purpose: given or refused, on which day, on which text version. */
function consentsSection(lang: Lang, t: Translate, consents: Consents | undefined): string {
  if (typeof consents !== 'object' || consents === null) return '';
  const recorded = consentPurposes.flatMap((purpose) => {
    const record = Object.hasOwn(consents, purpose) ? consents[purpose] : undefined;
    return typeof record === 'object' && record !== null ? [[purpose, record] as const] : [];
  });
  if (recorded.length === 0) return '';
  const rows = recorded
    .map(
      ([purpose, record]) =>
        `<dt>${escapeHtml(t(`coaching.consentPurpose.${purpose}.name`))}</dt><dd data-consent="${purpose}" data-given="${record.given === true}">${escapeHtml(
          t(record.given === true ? 'coaching.caseFile.consentGiven' : 'coaching.caseFile.consentRefused', {
            date: shownDay(lang, record.date),
            version: typeof record.textVersion === 'string' ? record.textVersion : '',
          }),
        )}</dd>`,
    )
    .join('\n');
  return `<section aria-labelledby="consents-title"><h2 id="consents-title">${escapeHtml(t('coaching.caseFile.consentsTitle'))}</h2>
<dl>
${rows}
</dl>
</section>`;
}

/** An object of the record (a placement, a follow-up), or nothing: the record is read defensively. */
function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The rows a placement or a follow-up says of the work: the decent-work facts. */
function decentWorkRows(t: Translate, facts: Record<string, unknown>): [string, string, string][] {
  const rows: [string, string, string][] = [];
  if (facts.incomeBand !== undefined)
    rows.push([
      'incomeBand',
      t('placement.incomeBand'),
      codeText(t, 'placement.incomeBands', incomeBands, facts.incomeBand),
    ]);
  if (facts.cnssDeclared !== undefined)
    rows.push([
      'cnssDeclared',
      t('placement.cnssDeclared'),
      codeText(t, 'task', ['yes', 'no'], facts.cnssDeclared),
    ]);
  if (facts.workingTime !== undefined)
    rows.push([
      'workingTime',
      t('placement.workingTime'),
      codeText(t, 'placement.workingTimes', workingTimes, facts.workingTime),
    ]);
  return rows;
}

function factList(rows: readonly [string, string, string][]): string {
  return `<dl>\n${rows
    .map(
      ([field, label, value]) =>
        `<dt>${escapeHtml(label)}</dt><dd data-field="${escapeHtml(field)}">${escapeHtml(value)}</dd>`,
    )
    .join('\n')}\n</dl>`;
}

/** A placement's facts: its outcome, start and sector, the job's employer and contract, the work. */
function placementFacts(lang: Lang, t: Translate, placement: Record<string, unknown>): string {
  const p = placement;
  const rows: [string, string, string][] = [
    [
      'outcome',
      t('placement.caseFile.outcome'),
      p.outcome === undefined
        ? t('caseload.notGiven')
        : codeText(t, 'placement.outcome', placementOutcomes, p.outcome),
    ],
  ];
  if (p.outcome === 'no-placement' || p.noPlacementReason !== undefined)
    rows.push([
      'noPlacementReason',
      t('placement.noPlacementReason'),
      p.noPlacementReason === undefined
        ? t('caseload.notGiven')
        : codeText(t, 'placement.noPlacementReasons', noPlacementReasons, p.noPlacementReason),
    ]);
  if (p.startDate !== undefined)
    rows.push(['startDate', t('placement.caseFile.startDate'), shownDay(lang, p.startDate)]);
  if (p.sector !== undefined)
    rows.push([
      'sector',
      t('placement.caseFile.sector'),
      codeText(t, 'task.sectors', placementSectors, p.sector),
    ]);
  if (typeof p.employer === 'string' && p.employer !== '')
    rows.push([
      'employer',
      t('placement.employer'),
      lang === 'ar' ? `\u2068${p.employer}\u2069` : p.employer,
    ]);
  if (p.contractType !== undefined)
    rows.push([
      'contractType',
      t('placement.contractType'),
      codeText(t, 'placement.contractTypes', contractTypes, p.contractType),
    ]);
  if (p.cooperativeRole !== undefined)
    rows.push([
      'cooperativeRole',
      t('placement.cooperativeRole'),
      codeText(t, 'placement.cooperativeRoles', cooperativeRoles, p.cooperativeRole),
    ]);
  return factList([...rows, ...decentWorkRows(t, p)]);
}

interface FollowUpShown {
  journey: number;
  month: number;
  facts: Record<string, unknown>;
}

/** Follow-ups keyed `<journey>-<month>`: each with its journey and month (the record's, else the key's). */
function followUpsOf(followUps: unknown, journey: number): FollowUpShown[] {
  const all = objectOf(followUps) ?? {};
  return Object.entries(all).flatMap(([key, value]) => {
    const facts = objectOf(value);
    if (!facts) return [];
    const [keyJourney, keyMonth] = key.split('-').map(Number);
    const month = typeof facts.month === 'number' ? facts.month : keyMonth;
    const of = typeof facts.journey === 'number' ? facts.journey : (keyJourney ?? journey);
    return month !== undefined && Number.isSafeInteger(month) && Number.isSafeInteger(of)
      ? [{ journey: of, month, facts }]
      : [];
  });
}

function followUpList(lang: Lang, t: Translate, followUps: readonly FollowUpShown[]): string {
  if (followUps.length === 0) return `<p>${escapeHtml(t('placement.caseFile.noFollowUp'))}</p>`;
  const items = [...followUps]
    .sort((a, b) => a.month - b.month)
    .map(({ month, facts }) => {
      const status = facts.workStatus;
      const rows: [string, string, string][] = [
        ...(facts.followUpDate === undefined
          ? []
          : [
              ['followUpDate', t('placement.caseFile.followUpDate'), shownDay(lang, facts.followUpDate)] as [
                string,
                string,
                string,
              ],
            ]),
        [
          'workStatus',
          t('placement.caseFile.workStatus'),
          status === 'unanswered'
            ? t('placement.caseFile.unanswered')
            : codeText(t, 'placement.workStatuses', workStatuses, status),
        ],
        ...decentWorkRows(t, facts),
      ];
      return `<li data-month="${escapeHtml(month)}"><strong>${escapeHtml(
        t('placement.caseFile.followUp', { months: monthsText(t, month) }),
      )}</strong>\n${factList(rows)}</li>`;
    })
    .join('\n');
  return `<ol class="follow-ups">\n${items}\n</ol>`;
}

/** One journey's placement and follow-ups. */
function journeyOutcome(
  lang: Lang,
  t: Translate,
  placement: Record<string, unknown> | undefined,
  followUps: readonly FollowUpShown[],
  heading: { level: 3 | 4; id: string },
): string {
  const placed = placement
    ? placementFacts(lang, t, placement)
    : `<p>${escapeHtml(t('placement.caseFile.noPlacement'))}</p>`;
  // Follow-ups come after a placement (not after none): until then, nothing to say of them.
  const followed =
    followUps.length === 0 && (placement === undefined || placement.outcome === 'no-placement')
      ? ''
      : `<h${heading.level} id="${heading.id}">${escapeHtml(t('placement.caseFile.followUps'))}</h${heading.level}>\n${followUpList(lang, t, followUps)}`;
  return `${placed}\n${followed}`;
}

/**
 * The placement and the follow-ups after it: the current journey's, then those of the journeys
 * before accompaniment was reopened. Nothing before a journey has any of them.
 */
function placementSection(lang: Lang, t: Translate, file: CaseFile): string {
  const b = file.beneficiary;
  const current =
    Number.isSafeInteger(b.journeyNumber) && (b.journeyNumber ?? 0) >= 2 ? (b.journeyNumber ?? 1) : 1;
  const past = (Array.isArray(b.pastJourneys) ? b.pastJourneys : []).filter(
    (j): j is PastJourneyFacts => objectOf(j) !== undefined && Number.isSafeInteger(j.journey),
  );
  // Follow-ups may be kept on the record or with their journey: each shown once, with its journey.
  const seen = new Set<string>();
  const followUps = [
    ...followUpsOf(b.followUps, current),
    ...past.flatMap((j) => followUpsOf(j.followUps, j.journey)),
  ].filter((f) => {
    const key = `${f.journey}-${f.month}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const placement = objectOf(b.placement);
  if (!placement && followUps.length === 0 && past.length === 0 && current === 1) return '';
  const reopened =
    current > 1
      ? `<p data-journey="${current}">${escapeHtml(
          typeof b.reopenedOn === 'string'
            ? t('placement.caseFile.reopenedOn', { n: current, date: shownDate(lang, b.reopenedOn) })
            : t('placement.caseFile.journey', { n: current }),
        )}</p>\n`
      : '';
  const earlier = [...past]
    .sort((a, c) => c.journey - a.journey)
    .map(
      (j) => `<h3 id="journey-${j.journey}-title">${escapeHtml(
        typeof j.reopenedOn === 'string'
          ? t('placement.caseFile.pastJourney', { n: j.journey, date: shownDate(lang, j.reopenedOn) })
          : t('placement.caseFile.journey', { n: j.journey }),
      )}</h3>
${journeyOutcome(
  lang,
  t,
  objectOf(j.placement),
  followUps.filter((f) => f.journey === j.journey),
  { level: 4, id: `journey-${j.journey}-follow-ups` },
)}`,
    )
    .join('\n');
  return `<section aria-labelledby="placement-title"><h2 id="placement-title">${escapeHtml(t('placement.caseFile.title'))}</h2>
${reopened}${journeyOutcome(
    lang,
    t,
    placement,
    followUps.filter((f) => f.journey === current),
    { level: 3, id: 'follow-ups-title' },
  )}
${earlier}
</section>`;
}

function openTaskSection(lang: Lang, t: Translate, file: CaseFile): string {
  const task = file.openTask;
  const followUp = file.beneficiary.nextFollowUp;
  const text = task
    ? `<p${task.late ? ' class="late"' : ''}>${escapeHtml(
        t('caseload.openTaskText', { task: taskName(t, task.taskType), date: shownDate(lang, task.dueAt) }),
      )}${task.late ? ` <strong>${escapeHtml(t('caseload.late'))}</strong>` : ''}</p>${
        file.openTaskPath
          ? `<p><a href="${escapeHtml(`${file.openTaskPath}&lang=${lang}`)}">${escapeHtml(t('caseload.openTaskFill'))}</a></p>`
          : file.canAddNotes
            ? `<p class="hint">${escapeHtml(t('caseload.openTaskLinkHint'))}</p>`
            : ''
      }`
    : followUp
      ? `<p data-follow-up="${escapeHtml(followUp.month)}">${escapeHtml(
          t('placement.caseFile.nextFollowUp', {
            months: monthsText(t, followUp.month),
            date: shownDate(lang, followUp.dueAt),
          }),
        )}</p>`
      : `<p>${escapeHtml(t('caseload.noOpenTask'))}</p>`;
  return `<section aria-labelledby="open-task-title"><h2 id="open-task-title">${escapeHtml(t('caseload.openTask'))}</h2>
${text}
</section>`;
}

function noteForm(lang: Lang, t: Translate, file: CaseFile, formKey: string, state: NoteFormState): string {
  const own = (name: string): unknown => (Object.hasOwn(state.values, name) ? state.values[name] : undefined);
  const error = state.errors.find((e) => e.field === 'text');
  const labels = { text: t('caseload.noteLabel') };
  const summary = errorList(
    t('caseload.errorsTitle'),
    state.errors.map((e) => ({
      message: `${labelOf(labels, e.field, t)} — ${e.message}`,
      ...(e.field === 'text' ? { target: 'text' } : {}),
    })),
  );
  const action = `/cases/${encodeURIComponent(file.beneficiary.beneficiaryId)}/notes?lang=${lang}`;
  const described = error ? 'text-hint text-error' : 'text-hint';
  return `${summary}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="${NOTE_KEY_FIELD}" value="${escapeHtml(formKey)}">
<label for="text">${escapeHtml(t('caseload.noteLabel'))}</label>
<p class="hint" id="text-hint">${escapeHtml(t('caseload.noteHint'))}</p>
<textarea id="text" name="text" rows="4" maxlength="${NOTE_MAX_CHARACTERS}" required aria-describedby="${described}"${error ? ' aria-invalid="true"' : ''}>${escapeHtml(own('text'))}</textarea>
${error ? `<div class="field-error" id="text-error">${escapeHtml(error.message)}</div>` : ''}
<button type="submit">${escapeHtml(t('caseload.addNote'))}</button>
</form>`;
}

function notesSection(
  lang: Lang,
  t: Translate,
  file: CaseFile,
  formKey: string | undefined,
  state: NoteFormState,
): string {
  const list =
    file.notes.length === 0
      ? `<p>${escapeHtml(t('caseload.notesEmpty'))}</p>`
      : `<ol class="notes">\n${file.notes
          .map(
            (note) =>
              `<li data-entry="${escapeHtml(note.entryId)}"><p class="hint">${escapeHtml(
                t('caseload.noteBy', { author: note.authorName, date: shownDate(lang, note.at) }),
              )}</p><p>${escapeHtml(note.text).replace(/\n/g, '<br>')}</p></li>`,
          )
          .join('\n')}\n</ol>`;
  const form =
    file.canAddNotes && formKey !== undefined
      ? noteForm(lang, t, file, formKey, state)
      : `<p class="hint">${escapeHtml(t('caseload.readOnly'))}</p>`;
  return `<section id="notes" aria-labelledby="notes-title"><h2 id="notes-title">${escapeHtml(t('caseload.notes'))}</h2>
${form}
${list}
</section>`;
}

/**
 * The case file page. `formKey` is the note form's idempotency key (the coach's page only);
 * `state` the values and errors of a note sent back.
 */
export function caseFilePage(
  lang: Lang,
  file: CaseFile,
  principal: Principal,
  formKey?: string,
  state: NoteFormState = { values: {}, errors: [] },
): string {
  const t = translator(lang);
  const name = `${file.beneficiary.firstName} ${file.beneficiary.lastName}`;
  const back =
    principal.role === 'coach'
      ? `<p><a href="/caseload?lang=${lang}">${escapeHtml(t('caseload.backToCaseload'))}</a></p>`
      : '';
  const body = `${back}
${contactSection(lang, t, file)}
${openTaskSection(lang, t, file)}
${profileSection(lang, t, file)}
${planSection(lang, t, file.beneficiary.plan)}
${consentsSection(lang, t, file.beneficiary.consents)}
${placementSection(lang, t, file)}
${timelineSection(lang, t, file.timeline)}
${notesSection(lang, t, file, formKey, state)}`;
  return page({
    lang,
    title: t('caseload.caseFileTitle', { name }),
    body,
    selfPath: caseFilePath(lang, file.beneficiary.beneficiaryId).split('?')[0] ?? '/caseload',
    principal,
  });
}
