/**
 * What the simulated coaches read, as a person reads it: the task links in the emails, and on a
 * task's page which task it is (by the fields of its form), whose it is (the phone or e-mail in
 * the contact block) and which trainings it proposes. Plain code, no I/O.
 */
import type { TaskType } from '../../../functions/domain/coach-task';

/** Every coach task link in an email's text (an offer announcement may hold several). */
export function taskLinksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"<>]+\/tasks\/[A-Za-z0-9_-]{22}\?[^\s"<>]+/g)].map((m) => m[0]);
}

/** The task id a link names. */
export function taskIdOf(link: string): string {
  return /\/tasks\/([A-Za-z0-9_-]{22})/.exec(link)?.[1] ?? '';
}

/** The link's expiry (epoch seconds), as its `exp` says. */
export function linkExpiry(link: string): number | undefined {
  const exp = /[?&]exp=(\d+)/.exec(link)?.[1];
  return exp === undefined ? undefined : Number(exp);
}

/** Which task a form is, by a field only its form has. */
const typeMarkers: [TaskType, RegExp][] = [
  ['follow-up', /name="followUpDate"/],
  ['placement', /name="outcome"/],
  ['training-completion', /name="completed"/],
  ['training-enrolment', /name="enrolled"/],
  ['training-choice', /name="offerId"|data-no-offers/],
  ['consent', /name="consentGiven"/],
  ['coaching-session', /name="sessionDate"/],
  ['initial-interview', /name="interviewDate"/],
];

export type TaskPage =
  | {
      kind: 'form';
      taskType: TaskType;
      /** The beneficiary's phone as the tel: link has it (digits, maybe a +). */
      phone?: string;
      email?: string;
      /** The training offers proposed (training choice), in the page's order. */
      offers: string[];
    }
  /** A page with no form: answered already, closed, moved to another coach, expired. */
  | { kind: 'message'; text: string };

export function readTaskPage(html: string): TaskPage {
  const form = /<form method="post" action="\/tasks\/[^"]*">([\s\S]*?)<\/form>/.exec(html);
  if (!form) return { kind: 'message', text: textOf(/<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? html) };
  const fields = form[1] ?? '';
  const taskType = typeMarkers.find(([, marker]) => marker.test(fields))?.[0];
  if (taskType === undefined) return { kind: 'message', text: 'A form of no known task type' };
  const phone = /href="tel:([+\d]+)"/.exec(html)?.[1];
  const email = /href="mailto:([^"]+)"/.exec(html)?.[1];
  const offers = [...fields.matchAll(/name="offerId" value="([A-Z0-9][A-Z0-9-]{2,39})"/g)].map(
    (m) => m[1] ?? '',
  );
  return {
    kind: 'form',
    taskType,
    ...(phone ? { phone } : {}),
    ...(email ? { email: unescapeHtml(email) } : {}),
    offers,
  };
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A page's text without its markup, on one line (for a report of what went wrong). */
export function textOf(html: string): string {
  return unescapeHtml(
    html
      .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** The errors a refused answer's page lists (its error summary), as text. */
export function errorsOf(html: string): string {
  const summary = /<div[^>]*data-error-summary[\s\S]*?<\/div>/.exec(html)?.[0];
  return textOf(summary ?? html).slice(0, 300);
}
