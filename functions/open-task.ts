/**
 * GET /tasks/{taskId}?exp&sig — the page a coach's link opens. It only shows the task and its
 * form: a mail scanner that prefetches the link changes nothing.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { html, type HttpResult } from './commons/http';
import { languageOf } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { linkSigningSecret } from './commons/secrets';
import { getTask } from './commons/coach-tasks';
import { getBeneficiary } from './commons/beneficiaries';
import { readTaskLink } from './commons/task-links';
import { linkView } from './domain/task-protocol';
import { taskFormPage, taskMessagePage } from './views/task-pages';

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    const link = readTaskLink(event, await linkSigningSecret(), new Date());
    const self = `/tasks/${encodeURIComponent(link.taskId)}`;
    const message = (status: number, kind: Parameters<typeof taskMessagePage>[1]) =>
      html(status, taskMessagePage(lang, kind, self, link.query));
    if (link.check === 'invalid') return message(403, 'invalid');
    if (link.check === 'expired') return message(410, 'expired');

    const task = await getTask(link.taskId);
    if (!task) return message(404, 'invalid');
    const view = linkView(task.status);
    if (view === 'alreadyDone') return message(200, 'alreadyDone');
    if (view === 'closed') return message(410, 'closed');
    const beneficiary = await getBeneficiary(task.beneficiaryId);
    return html(200, taskFormPage(lang, task, beneficiary?.firstName ?? '', link.query));
  },
);
