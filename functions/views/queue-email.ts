/** The email that tells an association's supervisor a journey waits for a coach with room. */
import type { Lang } from '../domain/reference-data';
import { direction, translator } from '../commons/i18n';
import { escapeHtml } from '../commons/html';
import type { Email } from './coach-email';

export interface QueueEmailInput {
  lang: Lang;
  supervisorName: string;
  /** The beneficiary's id: no name or contact goes into an email about the queue. */
  reference: string;
  queuedAt: Date;
  maxDays: number;
}

export function queueEmail(input: QueueEmailInput): Email {
  const t = translator(input.lang);
  const date = input.queuedAt.toLocaleDateString(`${input.lang}-MA`, { dateStyle: 'long' });
  const paragraphs = [
    t('queue.greeting', { name: input.supervisorName }),
    t('queue.body', { date, reference: input.reference }),
    t('queue.action', { days: input.maxDays }),
  ];
  const dir = direction(input.lang);
  return {
    subject: t('queue.subject', { reference: input.reference }),
    text: paragraphs.join('\n\n'),
    html: `<!doctype html><html lang="${input.lang}" dir="${dir}"><body style="font-family:sans-serif"><div dir="${dir}" lang="${input.lang}">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</div></body></html>`,
  };
}
