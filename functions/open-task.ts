/**
 * GET /tasks/{taskId}?exp&sig — the page a coach's link opens. It only shows the task and its
 * form: a mail scanner that prefetches the link changes nothing.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { html, type HttpResult } from './commons/http';
import { languageOf } from './commons/i18n';
import { logger } from './commons/powertools';
import { getStringFromEnv } from './commons/env';
import { getTask } from './commons/coach-tasks';
import { getBeneficiary } from './commons/beneficiaries';
import { readTaskLink } from './commons/task-links';
import { taskFormPage, taskMessagePage } from './views/task-pages';

const linkSecret = getStringFromEnv('LINK_SIGNING_SECRET');

export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<HttpResult> {
  logger.addContext(context);
  const lang = languageOf(event);
  const link = readTaskLink(event, linkSecret, new Date());
  const self = `/tasks/${encodeURIComponent(link.taskId)}`;
  if (link.check === 'invalid') return html(403, taskMessagePage(lang, 'invalid', self, link.query));
  if (link.check === 'expired') return html(410, taskMessagePage(lang, 'expired', self, link.query));

  const task = await getTask(link.taskId);
  if (!task) return html(404, taskMessagePage(lang, 'invalid', self, link.query));
  if (task.status === 'completed' || task.status === 'completing') {
    return html(200, taskMessagePage(lang, 'alreadyDone', self, link.query));
  }
  if (task.status === 'expired') return html(410, taskMessagePage(lang, 'expired', self, link.query));
  const beneficiary = await getBeneficiary(task.beneficiaryId);
  return html(200, taskFormPage(lang, task, beneficiary?.firstName ?? '', link.query));
}
