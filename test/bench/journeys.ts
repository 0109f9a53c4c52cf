/**
 * Measure 2: a cohort through the whole journey — intake, first interview, placement in a job,
 * the follow-ups at 3, 6 and 12 months — with time accelerated and coaches answering each task at
 * once: they open the link of each email as it is sent (the SES emulator tells this process of
 * each email as it saves it: no reading of the whole inbox) and post the form. A journey ends when
 * its 12-month follow-up's execution has ended.
 */
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '../../infra/local/platform';
import { onEmail, type InboxEmail } from '../../infra/local/ses-inbox';
import { readTaskPage, taskIdOf, taskLinksIn } from '../../infra/local/simulation/pages';
import { intakeBody } from './intake';
import { percentile, round, sleep, type Progress } from './support';

const today = () => new Date().toISOString().slice(0, 10);
const decentWork = { incomeBand: '2000-3499', cnssDeclared: 'yes', workingTime: 'full-time' };

/** The coach's answer to each task of this journey. */
function answerFor(taskType: string): Record<string, string> | undefined {
  switch (taskType) {
    case 'initial-interview':
      return {
        interviewDate: today(),
        attended: 'yes',
        goals: 'Un emploi stable',
        planStep1: 'CV à jour',
        planDate1: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        next: 'placement',
      };
    case 'placement':
      return {
        outcome: 'employment',
        startDate: today(),
        sector: 'logistics',
        employer: 'Tanger Med Logistique',
        contractType: 'cdd',
        ...decentWork,
      };
    case 'follow-up':
      return { followUpDate: today(), workStatus: 'same', ...decentWork };
    default:
      return undefined;
  }
}

interface Person {
  beneficiaryId?: string;
  startedAt: number;
  /** When the intake was answered (201). */
  intakeAt?: number;
  endedAt?: number;
  followUps: number;
  /** Each task answered: when its email was saved, and when the answer was accepted. */
  steps: { taskType: string; emailAt: number; answeredAt: number }[];
}

/** The platform's share of a journey, step by step (median seconds), from when each step could start. */
export interface StepLags {
  /** Intake accepted → the first interview's email. */
  intakeToInterviewEmail: number;
  /** Interview answered → the placement's email. */
  interviewToPlacementEmail: number;
  /** Placement answered → 3-month follow-up's email; then 3 → 6 and 6 → 12 (include the waits). */
  placementToFollowUp3Email: number;
  followUp3ToFollowUp6Email: number;
  followUp6ToFollowUp12Email: number;
  /** 12-month follow-up answered → its execution ended. */
  lastAnswerToEnd: number;
  /** A task's email saved → the coach's answer accepted (the bench's GET and POST, and the handler). */
  emailToAnswer: number;
}

export interface CohortFigures {
  journeys: number;
  ended: number;
  wallSeconds: number;
  journeyP50Seconds: number;
  journeyP95Seconds: number;
  tasksAnswered: number;
  emails: number;
  /** The same task's link sent again (a reminder: the answer reached the workflow late). */
  reminders: number;
  /** Emails with no task link (queue, escalation, announcements). */
  otherEmails: number;
  /** Pages with no form (answered already, closed) or a form this bench does not answer. */
  unexpectedPages: number;
  httpRequests: number;
  httpSeconds: number;
  lags: StepLags;
  problems: string[];
}

/** Coaches with room for the whole cohort (4 seeded coaches of 40 would queue most of it). */
export async function roomForCohort(
  documents: DynamoDBDocumentClient,
  table: string,
  size: number,
): Promise<void> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'kind = :k',
      ExpressionAttributeValues: { ':k': 'coach' },
    }),
  );
  for (const coach of Items) {
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: { kind: 'coach', code: coach.code },
        UpdateExpression: 'SET #capacity = :capacity',
        ExpressionAttributeNames: { '#capacity': 'capacity' },
        ExpressionAttributeValues: { ':capacity': size + 50 },
      }),
    );
  }
}

export async function runCohort(options: {
  platform: Platform;
  headers: Record<string, string>;
  size: number;
  maxMs: number;
  progress: Progress;
  /** Intake clients at once, and coaches' requests at once. */
  intakeClients?: number;
  coachClients?: number;
}): Promise<CohortFigures & { beneficiaryIds: string[] }> {
  const { platform, size, progress } = options;
  const run = String(Date.now() % 1_000_000);
  const byPhone = new Map<string, Person>();
  const people: Person[] = [];
  const seenTasks = new Set<string>();
  const waitingEnd = new Set<Person>();
  const problems: string[] = [];
  const figures = {
    tasksAnswered: 0,
    emails: 0,
    reminders: 0,
    otherEmails: 0,
    unexpectedPages: 0,
    httpRequests: 0,
    httpMs: 0,
  };
  // At most this many coaches answering at once.
  const coaches = pLimit(options.coachClients ?? 16);
  const inFlight = new Set<Promise<void>>();
  const problem = (text: string) => {
    if (problems.length < 20) problems.push(text);
  };

  const http = async (url: string, init?: RequestInit): Promise<{ status: number; text: string }> => {
    const t = performance.now();
    // A connection reset on a loaded machine is retried, as a client would (intakes carry an
    // Idempotency-Key, and an answer posted twice is recorded once).
    let response: Response | undefined;
    for (let attempt = 0; !response; attempt += 1) {
      try {
        response = await fetch(url, init);
      } catch (error) {
        if (attempt >= 3) throw error;
        await sleep(250 * (attempt + 1));
      }
    }
    const text = await response.text();
    figures.httpRequests += 1;
    figures.httpMs += performance.now() - t;
    return { status: response.status, text };
  };

  const phoneKey = (phone: string) => phone.replace(/\D/g, '').slice(-9);

  const answer = async (link: string, emailAt: number) => {
    const page = readTaskPage((await http(link)).text);
    if (page.kind !== 'form') {
      figures.unexpectedPages += 1;
      problem(`a task page without a form: ${page.text.slice(0, 120)}`);
      return;
    }
    const person = page.phone ? byPhone.get(phoneKey(page.phone)) : undefined;
    const fields = answerFor(page.taskType);
    if (!fields || !person) {
      figures.unexpectedPages += 1;
      problem(`a ${page.taskType} task${person ? '' : ' of nobody in the cohort'}`);
      return;
    }
    const posted = await http(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    if (posted.status !== 200) {
      problem(`${page.taskType} answered ${posted.status}`);
      return;
    }
    figures.tasksAnswered += 1;
    person.steps.push({ taskType: page.taskType, emailAt, answeredAt: performance.now() });
    progress.tick();
    if (page.taskType === 'follow-up') {
      person.followUps += 1;
      if (person.followUps === 3) waitingEnd.add(person);
    }
  };

  const stopListening = onEmail((email: InboxEmail) => {
    figures.emails += 1;
    const emailAt = performance.now();
    const links = taskLinksIn(email.body?.text ?? '');
    if (links.length === 0) figures.otherEmails += 1;
    for (const link of links) {
      const taskId = taskIdOf(link);
      if (seenTasks.has(taskId)) {
        figures.reminders += 1;
        continue;
      }
      seenTasks.add(taskId);
      const job = coaches(() => answer(link, emailAt)).catch((error: Error) =>
        problem(`answering a task: ${error.message}`),
      );
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
    }
  });

  const followUpArn = platform.workflowArns.followUp.replace(':stateMachine:', ':execution:');
  const executionEnds = new Map<string, { status: string; at: number }>();
  const stopWatchingEnds = platform.engine.observeEnds((executionArn, status) => {
    if (executionArn.endsWith('_m12')) executionEnds.set(executionArn, { status, at: performance.now() });
  });

  // Five tasks a journey, and its end.
  progress.phase(`cohort of ${size}`, size * 5);
  const started = performance.now();
  const deadline = started + options.maxMs;
  try {
    let next = 0;
    const intakes = Array.from({ length: options.intakeClients ?? 8 }, async () => {
      while (next < size) {
        const body = intakeBody(run, next++);
        const person: Person = { startedAt: performance.now(), followUps: 0, steps: [] };
        byPhone.set(phoneKey(String(body.phone)), person);
        people.push(person);
        const response = await http(`${platform.urls.app}/api/intake`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `bench-${run}-${String(body.lastName)}`,
            ...options.headers,
          },
          body: JSON.stringify(body),
        });
        if (response.status !== 201) {
          problem(`intake answered ${response.status}: ${response.text.slice(0, 200)}`);
          person.endedAt = -1;
          continue;
        }
        person.beneficiaryId = (JSON.parse(response.text) as { beneficiaryId: string }).beneficiaryId;
        person.intakeAt = performance.now();
      }
    });
    await Promise.all(intakes);
    // A journey's end is its 12-month follow-up's: the engine tells of each end as it writes it.
    while (performance.now() < deadline) {
      for (const person of [...waitingEnd]) {
        const end = executionEnds.get(`${followUpArn}:${person.beneficiaryId}_j1_m12`);
        if (!end) continue;
        if (end.status !== 'SUCCEEDED') problem(`a 12-month follow-up ended ${end.status}`);
        person.endedAt = end.at;
        waitingEnd.delete(person);
      }
      if (people.every((p) => p.endedAt !== undefined)) break;
      await sleep(100);
    }
  } finally {
    stopListening();
    stopWatchingEnds();
    await Promise.allSettled([...inFlight]);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const ended = people.filter((p) => p.endedAt !== undefined && p.endedAt > 0);
  const durations = ended.map((p) => ((p.endedAt ?? 0) - p.startedAt) / 1000);
  return {
    journeys: size,
    ended: ended.length,
    wallSeconds: round(wallSeconds, 1),
    journeyP50Seconds: round(percentile(durations, 50), 1),
    journeyP95Seconds: round(percentile(durations, 95), 1),
    tasksAnswered: figures.tasksAnswered,
    emails: figures.emails,
    reminders: figures.reminders,
    otherEmails: figures.otherEmails,
    unexpectedPages: figures.unexpectedPages,
    httpRequests: figures.httpRequests,
    httpSeconds: round(figures.httpMs / 1000, 1),
    lags: lagsOf(ended),
    problems,
    beneficiaryIds: people.flatMap((p) => (p.beneficiaryId ? [p.beneficiaryId] : [])),
  };
}

function lagsOf(people: Person[]): StepLags {
  const median = (values: number[]) => round(percentile(values, 50) / 1000, 2);
  const between = (from: (p: Person) => number | undefined, to: (p: Person) => number | undefined) =>
    median(
      people.flatMap((p) => {
        const a = from(p);
        const b = to(p);
        return a !== undefined && b !== undefined ? [b - a] : [];
      }),
    );
  const step =
    (type: string, nth = 0) =>
    (p: Person) =>
      p.steps.filter((s) => s.taskType === type)[nth];
  return {
    intakeToInterviewEmail: between(
      (p) => p.intakeAt,
      (p) => step('initial-interview')(p)?.emailAt,
    ),
    interviewToPlacementEmail: between(
      (p) => step('initial-interview')(p)?.answeredAt,
      (p) => step('placement')(p)?.emailAt,
    ),
    placementToFollowUp3Email: between(
      (p) => step('placement')(p)?.answeredAt,
      (p) => step('follow-up', 0)(p)?.emailAt,
    ),
    followUp3ToFollowUp6Email: between(
      (p) => step('follow-up', 0)(p)?.answeredAt,
      (p) => step('follow-up', 1)(p)?.emailAt,
    ),
    followUp6ToFollowUp12Email: between(
      (p) => step('follow-up', 1)(p)?.answeredAt,
      (p) => step('follow-up', 2)(p)?.emailAt,
    ),
    lastAnswerToEnd: between(
      (p) => step('follow-up', 2)(p)?.answeredAt,
      (p) => p.endedAt,
    ),
    emailToAnswer: median(people.flatMap((p) => p.steps.map((s) => s.answeredAt - s.emailAt))),
  };
}
