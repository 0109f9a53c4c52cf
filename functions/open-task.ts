/**
 * GET /tasks/{taskId}?exp&g&sig — the page a coach's link opens. It only shows the task: a mail
 * scanner that prefetches the link changes nothing (but the audit trail records the read).
 *
 * The link's signature is checked before anything is read. An open task's current link shows what
 * the coach needs to act — the beneficiary's name, phone, province and association, written to the
 * audit trail before they are shown — and the form. A link of an older generation (the task moved
 * to another coach since) says so and to whom; a closed or answered task shows no contact data.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './commons/clients';
import { type HttpResult } from './commons/http';
import { languageOf } from './commons/i18n';
import { instrumented } from './commons/instrumented';
import { linkSigningSecret } from './commons/secrets';
import { tableName } from './commons/settings';
import { getTask, type CoachTask } from './commons/coach-tasks';
import { getBeneficiary, type Beneficiary } from './commons/beneficiaries';
import { recordReads } from './commons/case-file-entries';
import { taskFormExtra } from './commons/task-context';
import { readTaskLink, taskPageResult } from './commons/task-links';
import { linkStanding, linkView } from './domain/task-protocol';
import { provinces, type Lang } from './domain/reference-data';
import { taskFormPage, taskMessagePage, type TaskContact } from './views/task-pages';

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    const link = readTaskLink(event, await linkSigningSecret(), new Date());
    const self = `/tasks/${encodeURIComponent(link.taskId)}`;
    const message = (status: number, kind: Parameters<typeof taskMessagePage>[1], coachName?: string) =>
      taskPageResult(status, taskMessagePage(lang, kind, self, link.query, undefined, coachName));
    if (link.check === 'invalid') return message(403, 'invalid');
    if (link.check === 'expired') return message(410, 'expired');

    const task = await getTask(link.taskId);
    if (!task) return message(404, 'invalid');
    const standing = linkStanding(link.generation, task.linkGeneration);
    // 200, not 410: mail scanners prefetch links, and the page is the answer the coach needs.
    if (standing === 'reassigned') return message(200, 'reassigned', task.coachName);
    if (standing === 'unknown') return message(404, 'invalid');
    const view = linkView(task.status);
    if (view === 'alreadyDone') return message(200, 'alreadyDone');
    if (view === 'closed') return message(410, 'closed');

    const beneficiary = await getBeneficiary(task.beneficiaryId);
    if (!beneficiary) return taskPageResult(200, taskFormPage(lang, task, '', link.query));
    // The read is on the trail before anything of it is shown; if it cannot be written, nothing is.
    await recordReads(
      { personId: task.coachId, role: 'coach-link' },
      [beneficiary.beneficiaryId],
      'task-link',
    );
    const contact = await contactOf(beneficiary, task, lang);
    const extra = await taskFormExtra(task, beneficiary, lang, new Date());
    return taskPageResult(
      200,
      taskFormPage(lang, task, beneficiary.firstName, link.query, undefined, contact, extra),
    );
  },
);

async function contactOf(beneficiary: Beneficiary, task: CoachTask, lang: Lang): Promise<TaskContact> {
  const province = provinces.find((p) => p.code === beneficiary.province);
  const code = beneficiary.association ?? task.association;
  return {
    fullName: `${beneficiary.firstName} ${beneficiary.lastName}`,
    ...(beneficiary.phone ? { phone: beneficiary.phone } : {}),
    ...(beneficiary.email ? { email: beneficiary.email } : {}),
    province: province?.name[lang] ?? beneficiary.province,
    association: code ? await associationName(code) : '',
  };
}

/** The association's name as the reference table has it now (administrators may rename it). */
async function associationName(code: string): Promise<string> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('reference'), Key: { kind: 'association', code } }),
  );
  return typeof Item?.name === 'string' ? Item.name : code;
}
