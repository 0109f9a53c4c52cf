/** The emails of a coach task: the task itself (first send or reminder) and the supervisor's alert. */
import type { Lang } from '../domain/reference-data';
import type { TaskType } from '../domain/coach-task';
import { direction, translator } from '../commons/i18n';
import { escapeHtml } from '../commons/html';
import { isFollowUpMonth } from '../domain/placement';
import { monthsText } from './caseload';

export interface Email {
  subject: string;
  text: string;
  html: string;
}

function longDate(lang: Lang, date: Date): string {
  return date.toLocaleDateString(`${lang}-MA`, { dateStyle: 'long' });
}

function htmlEmail(lang: Lang, paragraphs: string[], link?: { href: string; text: string }): string {
  const dir = direction(lang);
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const anchor = link
    ? `<p><a href="${escapeHtml(link.href)}" target="_blank" rel="noopener">${escapeHtml(link.text)}</a></p>`
    : '';
  return `<!doctype html><html lang="${lang}" dir="${dir}"><body style="font-family:sans-serif"><div dir="${dir}" lang="${lang}">
${body}
${anchor}
</div></body></html>`;
}

export interface TaskEmailInput {
  lang: Lang;
  taskType: TaskType;
  coachName: string;
  beneficiaryFirstName: string;
  link: string;
  expiresAt: Date;
  /** Set for a reminder: which one, and when the task was first sent (to this coach). */
  reminder?: { count: number; firstSentAt: Date };
  /** The task was moved to this coach (a reassignment): the email says the file is theirs now. */
  reassigned?: boolean;
  /** A follow-up's month (3, 6 or 12: the task's step): its subject says which follow-up it is. */
  followUpMonth?: number;
}

export function coachTaskEmail(input: TaskEmailInput): Email {
  const { lang, taskType, link } = input;
  const t = translator(lang);
  const name = input.beneficiaryFirstName;
  const greeting = t('task.emailGreeting', { coach: input.coachName });
  const body = t('task.emailBody', { name, task: t(`task.${taskType}.title`) });
  const expiry = t('task.emailExpiry', { date: longDate(lang, input.expiresAt) });
  const month =
    taskType === 'follow-up' && isFollowUpMonth(input.followUpMonth) ? input.followUpMonth : undefined;
  const subject =
    month === undefined
      ? t(`task.${taskType}.emailSubject`, { name })
      : t('task.follow-up.emailSubjectMonths', { name, months: monthsText(t, month) });
  const reminder = input.reminder
    ? t('mail.reminderIntro', {
        count: input.reminder.count,
        date: longDate(lang, input.reminder.firstSentAt),
      })
    : undefined;
  const moved = input.reassigned ? t('mail.reassignedIntro') : undefined;
  const paragraphs = [greeting, ...(moved ? [moved] : []), ...(reminder ? [reminder] : []), body];
  return {
    subject: reminder
      ? t('mail.reminderSubject', { subject })
      : moved
        ? t('mail.reassignedSubject', { subject })
        : subject,
    text: [...paragraphs.flatMap((p) => [p, '']).slice(0, -1), link, '', expiry].join('\n'),
    html: htmlEmail(lang, paragraphs, { href: link, text: t(`task.${taskType}.title`) }).replace(
      '</div>',
      `<p style="color:#555">${escapeHtml(expiry)}</p>\n</div>`,
    ),
  };
}

export interface EscalationEmailInput {
  lang: Lang;
  supervisorName: string;
  taskType: TaskType;
  coachName: string;
  reminders: number;
  firstSentAt: Date;
  /** The beneficiary's reference (their random id): no name or contact in this email. */
  reference: string;
}

/** To the association's supervisor: a coach task went unanswered through every reminder. */
export function escalationEmail(input: EscalationEmailInput): Email {
  const t = translator(input.lang);
  const task = t(`task.${input.taskType}.title`);
  const paragraphs = [
    t('mail.escalationGreeting', { name: input.supervisorName }),
    t('mail.escalationBody', {
      task,
      coach: input.coachName,
      count: input.reminders,
      date: longDate(input.lang, input.firstSentAt),
      reference: input.reference,
    }),
    t('mail.escalationAction'),
  ];
  return {
    subject: t('mail.escalationSubject', { task, coach: input.coachName }),
    text: paragraphs.join('\n\n'),
    html: htmlEmail(input.lang, paragraphs),
  };
}
