/** The email that brings a coach a task: plain text and HTML, in the coach's language, one link. */
import type { Lang } from '../domain/reference-data';
import type { TaskType } from '../domain/coach-task';
import { direction, translator } from '../commons/i18n';
import { escapeHtml } from '../commons/html';

export interface CoachEmail {
  subject: string;
  text: string;
  html: string;
}

export function coachTaskEmail(
  lang: Lang,
  taskType: TaskType,
  coachName: string,
  beneficiaryFirstName: string,
  link: string,
  expiresAt: Date,
): CoachEmail {
  const t = translator(lang);
  const name = beneficiaryFirstName;
  const greeting = t('task.emailGreeting', { coach: coachName });
  const body = t('task.emailBody', { name, task: t(`task.${taskType}.title`) });
  const expiry = t('task.emailExpiry', {
    date: expiresAt.toLocaleDateString(`${lang}-MA`, { dateStyle: 'long' }),
  });
  const title = t(`task.${taskType}.title`);
  return {
    subject: t(`task.${taskType}.emailSubject`, { name }),
    text: [greeting, '', body, link, '', expiry].join('\n'),
    html: `<!doctype html><html lang="${lang}" dir="${direction(lang)}"><body style="font-family:sans-serif"><div dir="${direction(lang)}" lang="${lang}">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(body)}</p>
<p><a href="${escapeHtml(link)}" target="_blank" rel="noopener">${escapeHtml(title)}</a></p>
<p style="color:#555">${escapeHtml(expiry)}</p>
</div></body></html>`,
  };
}
