/**
 * The case file's rules, without AWS: the journey's timeline from events and tasks, the task a
 * beneficiary waits on and the caseload's order of urgency, and a coach's note.
 */
import { timelineOf, type TimelineEntry, type TimelineTask } from '../../functions/domain/timeline';
import { caseFilePage, type CaseFile } from '../../functions/views/case-file';
import { repeatedStages, stages } from '../../functions/domain/journey-events';
import { dropoutReasons } from '../../functions/domain/coaching';
import type { Principal } from '../../functions/domain/access';
import type { Lang } from '../../functions/domain/reference-data';
import { byUrgency, dueDateOf, nextTaskOf, type DueTask } from '../../functions/domain/caseload';
import { checkCaseNote, checkNoteKey, noteEntryIdFor } from '../../functions/domain/case-notes';
import { MAX_REMINDERS } from '../../functions/domain/task-protocol';

const interview: TimelineTask = {
  taskId: 'task-interview',
  taskType: 'initial-interview',
  createdAt: '2026-03-01T09:00:02.000Z',
  lastSentAt: '2026-03-01T09:00:02.000Z',
  reminders: 0,
  emailedFor: 0,
};

const events = [
  { stage: 'coach-assigned', occurredAt: '2026-03-01T09:00:01.000Z' },
  { stage: 'intake', occurredAt: '2026-03-01T09:00:00.000Z' },
];

describe('timelineOf', () => {
  it('puts the journey events and each step of each task in one line, oldest first', () => {
    // Prepare: the interview answered, delivered and recorded; the placement task sent after it.
    const answered: TimelineTask = {
      ...interview,
      answeredAt: '2026-03-05T10:00:00.000Z',
      deliveredAt: '2026-03-05T10:00:01.000Z',
    };
    const placement: TimelineTask = {
      taskId: 'task-placement',
      taskType: 'placement',
      createdAt: '2026-03-05T10:00:02.000Z',
      lastSentAt: '2026-03-05T10:00:02.000Z',
      reminders: 0,
    };

    // Act
    const timeline = timelineOf(
      [...events, { stage: 'interviewed', occurredAt: '2026-03-05T10:00:01.000Z' }],
      [placement, answered],
    );

    // Assess
    expect(timeline.map((e) => [e.kind, 'stage' in e ? e.stage : e.taskType])).toEqual([
      ['stage', 'intake'],
      ['stage', 'coach-assigned'],
      ['task-sent', 'initial-interview'],
      ['task-answered', 'initial-interview'],
      // The same instant: the answer reaches the workflow, which records the stage.
      ['task-delivered', 'initial-interview'],
      ['stage', 'interviewed'],
      ['task-sent', 'placement'],
    ]);
    expect(timeline[0]?.at).toBe('2026-03-01T09:00:00.000Z');
  });

  it('shows the reminder whose email went out, with its number and the date it was sent', () => {
    // Act
    const timeline = timelineOf(
      [],
      [{ ...interview, reminders: 2, emailedFor: 2, lastSentAt: '2026-03-29T09:00:00.000Z' }],
    );

    // Assess
    expect(timeline).toEqual([
      expect.objectContaining({ kind: 'task-sent', at: interview.createdAt }),
      expect.objectContaining({ kind: 'task-reminded', count: 2, at: '2026-03-29T09:00:00.000Z' }),
    ]);
  });

  it('shows no reminder for a send that emailed nobody (an answer came in as the period ran out)', () => {
    // Act
    const timeline = timelineOf(
      [],
      [
        {
          ...interview,
          reminders: 1,
          emailedFor: 0,
          answeredAt: '2026-03-15T08:59:59.000Z',
          lastSentAt: '2026-03-15T09:00:00.000Z',
        },
      ],
    );

    // Assess
    expect(timeline.map((e) => e.kind)).toEqual(['task-sent', 'task-answered']);
  });

  it('says an escalated task was escalated after every reminder, and when it was closed', () => {
    // Act
    const timeline = timelineOf(
      [{ stage: 'unanswered', occurredAt: '2026-05-10T09:00:00.000Z' }],
      [
        {
          ...interview,
          reminders: MAX_REMINDERS + 2,
          emailedFor: MAX_REMINDERS,
          lastSentAt: '2026-04-26T09:00:00.000Z',
          escalatedAt: '2026-04-12T09:00:00.000Z',
          closedAt: '2026-05-10T09:00:00.000Z',
          closedReason: 'journey-unanswered',
        },
      ],
    );

    // Assess
    expect(timeline).toEqual([
      expect.objectContaining({ kind: 'task-sent' }),
      expect.objectContaining({
        kind: 'task-escalated',
        reminders: MAX_REMINDERS,
        at: '2026-04-12T09:00:00.000Z',
      }),
      expect.objectContaining({ kind: 'stage', stage: 'unanswered' }),
      expect.objectContaining({ kind: 'task-closed', reason: 'journey-unanswered' }),
    ]);
    expect(timeline.some((e) => e.kind === 'task-reminded')).toBe(false);
  });

  it('says when a task moved to another coach, and to whom', () => {
    // Act
    const timeline = timelineOf(
      [],
      [{ ...interview, movedAt: '2026-03-03T09:00:00.000Z', coachName: 'Youssef El Idrissi' }],
    );

    // Assess
    expect(timeline[1]).toEqual({
      kind: 'task-moved',
      at: '2026-03-03T09:00:00.000Z',
      taskId: 'task-interview',
      taskType: 'initial-interview',
      coachName: 'Youssef El Idrissi',
    });
  });

  it('keeps the placement outcome on its event', () => {
    // Act
    const [entry] = timelineOf(
      [{ stage: 'placed', occurredAt: '2026-06-01T00:00:00.000Z', outcome: 'tpe' }],
      [],
    );

    // Assess
    expect(entry).toEqual({ kind: 'stage', stage: 'placed', outcome: 'tpe', at: '2026-06-01T00:00:00.000Z' });
  });

  it('keeps the number of a repeated step on its entry, in time order whatever the table order', () => {
    // Act: the table orders by event id, so session n° 10 comes before n° 2.
    const timeline = timelineOf(
      [
        { stage: 'coaching-session', occurredAt: '2026-05-01T09:00:00.000Z', occurrence: 10 },
        { stage: 'coaching-session', occurredAt: '2026-03-10T09:00:00.000Z', occurrence: 2 },
        { stage: 'trained', occurredAt: '2026-04-01T09:00:00.000Z', occurrence: 1 },
      ],
      [],
    );

    // Assess
    expect(timeline).toEqual([
      { kind: 'stage', stage: 'coaching-session', occurrence: 2, at: '2026-03-10T09:00:00.000Z' },
      { kind: 'stage', stage: 'trained', occurrence: 1, at: '2026-04-01T09:00:00.000Z' },
      { kind: 'stage', stage: 'coaching-session', occurrence: 10, at: '2026-05-01T09:00:00.000Z' },
    ]);
  });

  it('leaves out a number that is not a whole number from 1', () => {
    // Act
    const timeline = timelineOf(
      [0, -1, 1.5, Number.NaN].map((occurrence) => ({
        stage: 'coaching-session',
        occurredAt: '2026-03-10T09:00:00.000Z',
        occurrence,
      })),
      [],
    );

    // Assess
    expect(timeline.every((entry) => !('occurrence' in entry))).toBe(true);
  });

  it('keeps the reason of a dropout on its entry', () => {
    // Act
    const [entry] = timelineOf(
      [{ stage: 'dropout', occurredAt: '2026-06-01T00:00:00.000Z', reason: 'moved-away' }],
      [],
    );

    // Assess
    expect(entry).toEqual({
      kind: 'stage',
      stage: 'dropout',
      reason: 'moved-away',
      at: '2026-06-01T00:00:00.000Z',
    });
  });

  it('keeps a follow-up’s month and work status, and a reopened journey’s number', () => {
    // Act
    const timeline = timelineOf(
      [
        {
          stage: 'follow-up',
          occurredAt: '2026-09-01T08:00:00.000Z',
          occurrence: 3,
          work: { workStatus: 'none' },
        },
        { stage: 'reopened', occurredAt: '2026-09-02T08:00:00.000Z', journey: 2 },
        { stage: 'coach-assigned', occurredAt: '2026-09-02T08:00:01.000Z', journey: 2 },
        { stage: 'interviewed', occurredAt: '2026-09-03T08:00:00.000Z', journey: 1 },
        {
          stage: 'follow-up',
          occurredAt: '2026-09-04T08:00:00.000Z',
          occurrence: 6,
          work: { workStatus: 'Not A Code!' },
        },
      ],
      [],
    );

    // Assess: journey 1 is the plain one; a status that is not a code is left out.
    expect(timeline).toEqual([
      {
        kind: 'stage',
        stage: 'follow-up',
        occurrence: 3,
        workStatus: 'none',
        at: '2026-09-01T08:00:00.000Z',
      },
      { kind: 'stage', stage: 'reopened', journey: 2, at: '2026-09-02T08:00:00.000Z' },
      { kind: 'stage', stage: 'coach-assigned', journey: 2, at: '2026-09-02T08:00:01.000Z' },
      { kind: 'stage', stage: 'interviewed', at: '2026-09-03T08:00:00.000Z' },
      { kind: 'stage', stage: 'follow-up', occurrence: 6, at: '2026-09-04T08:00:00.000Z' },
    ]);
  });

  it('adds nothing to the events of before (no number, no reason)', () => {
    // Act
    const timeline = timelineOf(events, []);

    // Assess
    expect(timeline).toEqual([
      { kind: 'stage', stage: 'intake', at: '2026-03-01T09:00:00.000Z' },
      { kind: 'stage', stage: 'coach-assigned', at: '2026-03-01T09:00:01.000Z' },
    ]);
  });
});

describe('the case file timeline, in words', () => {
  const coach = { personId: 'COACH-TTA-1', role: 'coach', region: 'TTA' } as Principal;
  const entriesOf = (lang: Lang, timeline: TimelineEntry[]): string[] => {
    const file: CaseFile = {
      timeline,
      notes: [],
      canAddNotes: false,
      beneficiary: {
        beneficiaryId: 'b-1',
        firstName: 'Amina',
        lastName: 'Tazi',
        province: 'TNG',
        birthYear: 2003,
        educationLevel: 'primary',
        stage: 'dropout',
      },
    };
    const html = caseFilePage(lang, file, coach);
    return [...html.matchAll(/<li data-kind="stage"><time [^>]*>[^<]*<\/time> — ([^<]*)<\/li>/g)].map(
      (m) => m[1] ?? '',
    );
  };
  const at = '2026-03-10T09:00:00.000Z';

  it('says which session, which training, and why the journey ended', () => {
    // Act
    const said = entriesOf('fr', [
      { kind: 'stage', at, stage: 'no-show', occurrence: 1 },
      { kind: 'stage', at, stage: 'coaching-session', occurrence: 2 },
      { kind: 'stage', at, stage: 'training-enrolled', occurrence: 1 },
      { kind: 'stage', at, stage: 'dropout', reason: 'moved-away' },
    ]);

    // Assess
    expect(said).toEqual([
      'Absence n° 1 au premier entretien',
      'Séance d’accompagnement n° 2',
      'Formation n° 1 : inscription confirmée',
      'Sortie du programme : a déménagé hors de la région',
    ]);
  });

  it('says each follow-up with its month and what it found, an end without placement with its reason, and a reopening', () => {
    // Act
    const fr = entriesOf('fr', [
      { kind: 'stage', at, stage: 'not-placed', reason: 'no-matching-offer' },
      { kind: 'stage', at, stage: 'follow-up', occurrence: 3, workStatus: 'same' },
      { kind: 'stage', at, stage: 'follow-up', occurrence: 6 },
      { kind: 'stage', at, stage: 'follow-up-unanswered', occurrence: 12 },
      { kind: 'stage', at, stage: 'reopened', journey: 2 },
      { kind: 'stage', at, stage: 'coach-assigned', journey: 2 },
      { kind: 'stage', at, stage: 'placed', outcome: 'further-training', journey: 2 },
    ]);
    const ar = entriesOf('ar', [
      { kind: 'stage', at, stage: 'follow-up', occurrence: 12, workStatus: 'none' },
      { kind: 'stage', at, stage: 'reopened', journey: 2 },
    ]);
    const en = entriesOf('en', [
      { kind: 'stage', at, stage: 'not-placed' },
      { kind: 'stage', at, stage: 'reopened' },
      { kind: 'stage', at, stage: 'follow-up', occurrence: 6, workStatus: 'other' },
    ]);

    // Assess
    expect(fr).toEqual([
      'Parcours terminé sans insertion : aucune offre adaptée trouvée',
      'Suivi à 3 mois : toujours dans le même emploi ou la même activité',
      'Suivi à 6 mois enregistré',
      'Suivi à 12 mois resté sans réponse',
      'Accompagnement rouvert : parcours n° 2',
      'Accompagnateur·rice désigné·e (parcours n° 2)',
      'Insertion enregistrée : Formation complémentaire (parcours n° 2)',
    ]);
    expect(ar).toEqual(['التتبع بعد 12 شهرا: دون شغل', 'إعادة فتح المواكبة: المسار رقم 2']);
    expect(en).toEqual([
      'Journey ended without placement',
      'Accompaniment reopened: new journey',
      'Follow-up at 6 months: in another job or business',
    ]);
  });

  it('says a step without its number, and a dropout without its reason, when the event has none', () => {
    // Act
    const said = entriesOf('en', [
      { kind: 'stage', at, stage: 'coaching-session' },
      { kind: 'stage', at, stage: 'dropout' },
      { kind: 'stage', at, stage: 'dropout', reason: 'not-a-reason' },
    ]);

    // Assess
    expect(said).toEqual(['Coaching session', 'Left the programme', 'Left the programme']);
  });

  it.each<Lang>(['fr', 'ar', 'en'])('has words in %s for every stage, number and reason', (lang) => {
    // Act
    const said = entriesOf(lang, [
      ...stages.map((stage) => ({ kind: 'stage' as const, at, stage, occurrence: 3 })),
      ...repeatedStages.map((stage) => ({ kind: 'stage' as const, at, stage })),
      ...[...dropoutReasons, 'no-show', 'no-coach-available'].map((reason) => ({
        kind: 'stage' as const,
        at,
        stage: 'dropout',
        reason,
      })),
    ]);

    // Assess: no key shown as such, no placeholder left, each repeated step with its number.
    expect(said).toHaveLength(stages.length + repeatedStages.length + dropoutReasons.length + 2);
    for (const text of said) {
      expect(text).not.toMatch(/caseload\.|\{\{|\}\}/);
    }
    const numbered = said.slice(0, stages.length).filter((text) => text.includes('3'));
    expect(numbered).toHaveLength(repeatedStages.length);
    expect(new Set(said.slice(-dropoutReasons.length - 2)).size).toBe(dropoutReasons.length + 2);
  });
});

describe('nextTaskOf', () => {
  const now = new Date('2026-03-10T00:00:00.000Z');
  const open: DueTask = {
    taskType: 'initial-interview',
    status: 'open',
    expiresAt: Date.parse('2026-05-01T00:00:00.000Z') / 1000,
    dueAt: '2026-03-15T09:00:00.000Z',
  };

  it('is the open task, due at its own due date, not late before it', () => {
    expect(nextTaskOf([{ ...open, status: 'delivered' }, open], now)).toEqual({
      taskType: 'initial-interview',
      dueAt: '2026-03-15T09:00:00.000Z',
      late: false,
    });
  });

  it('falls back on the link expiry as the due date of a task that has none', () => {
    const withoutDue: DueTask = { ...open };
    delete withoutDue.dueAt;
    expect(dueDateOf(withoutDue)).toBe('2026-05-01T00:00:00.000Z');
    expect(nextTaskOf([withoutDue], now)?.dueAt).toBe('2026-05-01T00:00:00.000Z');
  });

  it('is late past its due date, and when it was escalated', () => {
    expect(nextTaskOf([open], new Date('2026-03-15T09:00:01.000Z'))?.late).toBe(true);
    expect(nextTaskOf([{ ...open, escalatedAt: '2026-03-09T00:00:00.000Z' }], now)?.late).toBe(true);
  });

  it('is nothing when the beneficiary waits on no one (answered, delivered, closed tasks)', () => {
    expect(
      nextTaskOf(
        [
          { ...open, status: 'answered' },
          { ...open, status: 'closed' },
        ],
        now,
      ),
    ).toBeUndefined();
  });
});

describe('byUrgency', () => {
  it('puts late tasks first (longest overdue first), then tasks by due date, then the rest by name', () => {
    // Prepare
    const rows = [
      { firstName: 'Zineb', lastName: 'Alami' },
      {
        firstName: 'Omar',
        lastName: 'Soon',
        nextTask: { taskType: 'placement', dueAt: '2026-03-20T00:00:00Z', late: false },
      },
      {
        firstName: 'Hind',
        lastName: 'Late',
        nextTask: { taskType: 'placement', dueAt: '2026-03-05T00:00:00Z', late: true },
      },
      {
        firstName: 'Amina',
        lastName: 'Later',
        nextTask: { taskType: 'placement', dueAt: '2026-04-20T00:00:00Z', late: false },
      },
      {
        firstName: 'Rachid',
        lastName: 'Escalated',
        nextTask: { taskType: 'placement', dueAt: '2026-03-30T00:00:00Z', late: true },
      },
      { firstName: 'Adil', lastName: 'Alami' },
    ];

    // Act
    const order = byUrgency(rows).map((r) => r.firstName);

    // Assess
    expect(order).toEqual(['Hind', 'Rachid', 'Omar', 'Amina', 'Adil', 'Zineb']);
  });
});

describe('checkCaseNote', () => {
  it('takes a note of 1 to 1000 characters, trimmed, its lines kept', () => {
    expect(checkCaseNote({ text: '  Rendez-vous pris.\r\nRappeler lundi.  ' })).toEqual({
      ok: true,
      text: 'Rendez-vous pris.\nRappeler lundi.',
    });
    expect(checkCaseNote({ text: 'ب'.repeat(1000), idempotencyKey: 'form-key-1' })).toEqual({
      ok: true,
      text: 'ب'.repeat(1000),
      formKey: 'form-key-1',
    });
  });

  it('refuses an empty, too long or invisible text with the task notes’ messages, naming `text`', () => {
    const errorOf = (input: unknown) => {
      const checked = checkCaseNote(input);
      return checked.ok ? undefined : checked.errors[0];
    };
    expect(errorOf({ text: '   ' })).toMatchObject({ field: 'text', key: 'required' });
    expect(errorOf({})).toMatchObject({ field: 'text', key: 'required' });
    expect(errorOf({ text: 'x'.repeat(1001) })).toMatchObject({
      field: 'text',
      key: 'notesTooLong',
      params: { max: 1000 },
    });
    expect(errorOf({ text: 'ok\u202Eevil' })).toMatchObject({ field: 'text', key: 'notesInvisible' });
    expect(errorOf({ text: ['one', 'two'] })).toMatchObject({ field: 'text', key: 'invalid' });
  });

  it('refuses a field a note does not take', () => {
    const checked = checkCaseNote({ text: 'ok', author: 'someone else' });
    expect(checked).toEqual({
      ok: false,
      errors: [expect.objectContaining({ field: 'author', key: 'unknownField' })],
    });
  });
});

describe('the note idempotency key', () => {
  it('takes the header before the form field, and refuses a key of the wrong shape', () => {
    expect(checkNoteKey('header-key-1', 'form-key-1')).toEqual({ ok: true, key: 'header-key-1' });
    expect(checkNoteKey(undefined, 'form-key-1')).toEqual({ ok: true, key: 'form-key-1' });
    expect(checkNoteKey(undefined, undefined)).toEqual({ ok: true });
    expect(checkNoteKey('short', undefined)).toMatchObject({
      ok: false,
      error: { field: 'Idempotency-Key' },
    });
  });

  it('makes one entry id of one key, author and beneficiary, and another of any other', () => {
    const id = noteEntryIdFor('b-1', 'COACH-TTA-1', 'key-00001');
    expect(id).toMatch(/^note#[\w-]{32}$/);
    expect(noteEntryIdFor('b-1', 'COACH-TTA-1', 'key-00001')).toBe(id);
    expect(noteEntryIdFor('b-1', 'COACH-TTA-1', 'key-00002')).not.toBe(id);
    expect(noteEntryIdFor('b-1', 'COACH-TTA-2', 'key-00001')).not.toBe(id);
    expect(noteEntryIdFor('b-2', 'COACH-TTA-1', 'key-00001')).not.toBe(id);
  });
});
