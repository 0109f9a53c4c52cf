/**
 * POST /tasks/{taskId}?exp&sig — the coach submits the task's form. Checked answers are written
 * into the task with one conditional write (`open` → `answered`): that write is the commitment the
 * 200 stands for. Delivering the answer to the workflow follows from it (the tasks stream, and the
 * sweep after a crash), so nothing the coach was told is recorded can be lost. A second
 * submission changes nothing and gets 409; so does a submission through a link of an older
 * generation (the task moved to another coach): the answer write itself is conditional on the
 * link's generation, so a move between the read and the write also refuses it.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { checkSameOrigin, formValues, readBody, type HttpResult } from './commons/http';
import { localizeFieldErrors } from './commons/html';
import { languageOf } from './commons/i18n';
import { logger, metrics } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { linkSigningSecret } from './commons/secrets';
import { answerTask, closeTask, getTask } from './commons/coach-tasks';
import { executionState } from './commons/journey-executions';
import { getBeneficiary } from './commons/beneficiaries';
import { readTaskLink, taskPageResult } from './commons/task-links';
import { checkTaskAnswers } from './domain/coach-task';
import { journeyStartOf } from './domain/coaching';
import { linkStanding, linkView } from './domain/task-protocol';
import { taskFormPage, taskMessagePage } from './views/task-pages';
import { recordReads } from './commons/case-file-entries';
import { offersFor, taskFormExtra } from './commons/task-context';
import type { FieldError } from './domain/errors';

/** The offer is not (or no longer) among those proposed: full, started, or not for this beneficiary. */
function offerNoLongerOpen(offerId: string): FieldError {
  return {
    field: 'offerId',
    message: `${offerId} is not among the offers proposed now (it may have filled up): choose one the page lists.`,
    key: 'offerId',
  };
}

const MAX_TASK_BODY_BYTES = 8 * 1024;

export const handler = instrumented(
  async (event: APIGatewayProxyEventV2, _context: Context): Promise<HttpResult> => {
    const lang = languageOf(event);
    const now = new Date();
    const link = readTaskLink(event, await linkSigningSecret(), now);
    const self = `/tasks/${encodeURIComponent(link.taskId)}`;
    const message = (status: number, kind: Parameters<typeof taskMessagePage>[1], coachName?: string) =>
      taskPageResult(status, taskMessagePage(lang, kind, self, link.query, undefined, coachName));
    // A browser posting from another site (forgery) is refused before anything is read.
    if (!checkSameOrigin(event).ok) return message(403, 'crossSite');
    if (link.check === 'invalid') return message(403, 'invalid');
    if (link.check === 'expired') return message(410, 'expired');

    const task = await getTask(link.taskId);
    if (!task) return message(404, 'invalid');
    const standing = linkStanding(link.generation, task.linkGeneration);
    if (standing === 'reassigned') return message(409, 'reassigned', task.coachName);
    if (standing === 'unknown') return message(404, 'invalid');
    const view = linkView(task.status);
    if (view === 'alreadyDone') return message(409, 'alreadyDone');
    if (view === 'closed') return message(410, 'closed');

    const body = readBody(event, MAX_TASK_BODY_BYTES);
    // A placement's and a follow-up's dates are checked against the journey: its start is read.
    const datedByJourney = task.taskType === 'placement' || task.taskType === 'follow-up';
    const journeyRecord = datedByJourney ? await getBeneficiary(task.beneficiaryId) : undefined;
    let checked = body.ok
      ? checkTaskAnswers(task.taskType, body.value, now, {
          // The page asks more than the API requires of clients written before (see pageRules).
          fromPage: body.kind === 'form',
          ...(journeyRecord ? { journeyStartedAt: journeyStartOf(journeyRecord) } : {}),
        })
      : { ok: false as const, errors: [body.error] };
    // Read only when needed: to check a training chosen, or to show the form again.
    const offerChosen = checked.ok && typeof checked.answers.offerId === 'string';
    const beneficiary =
      journeyRecord ?? (offerChosen || !checked.ok ? await getBeneficiary(task.beneficiaryId) : undefined);
    // A training chosen must be one the page proposes now (its region, sector, track, a seat left).
    if (checked.ok && typeof checked.answers.offerId === 'string' && beneficiary) {
      const offerId = checked.answers.offerId;
      if (!(await offersFor(beneficiary, now)).some((offer) => offer.offerId === offerId))
        checked = { ok: false, errors: [offerNoLongerOpen(offerId)] };
    }
    if (!checked.ok) {
      // Values in a record with no prototype: a field named toString or __proto__ is just a field.
      const values = formValues(body.ok ? body.value : undefined);
      const errors = localizeFieldErrors(lang, checked.errors, values);
      // The form again, with the first name it showed (on the trail first), without the contact block.
      if (beneficiary) {
        await recordReads(
          { personId: task.coachId, role: 'coach-link' },
          [beneficiary.beneficiaryId],
          'task-link',
        );
      }
      const extra = beneficiary ? await taskFormExtra(task, beneficiary, lang, now) : {};
      return taskPageResult(
        400,
        taskFormPage(
          lang,
          task,
          beneficiary?.firstName ?? '',
          link.query,
          { values, errors },
          undefined,
          extra,
        ),
      );
    }

    // A journey stopped from outside (StopExecution) takes no more answers: the link says so.
    if ((await executionState(task)) === 'ended') {
      await closeTask(task.taskId, 'journey-stopped', now);
      return message(410, 'closed');
    }
    const answered = await answerTask(task.taskId, checked.answers, now, link.generation);
    if (!answered) {
      // Someone else's submission, a move to another coach, or the journey's end got there first.
      const current = await getTask(task.taskId);
      if (current && linkStanding(link.generation, current.linkGeneration) === 'reassigned')
        return message(409, 'reassigned', current.coachName);
      return linkView(current?.status ?? 'closed') === 'closed'
        ? message(410, 'closed')
        : message(409, 'alreadyDone');
    }
    metrics.addDimension('taskType', task.taskType);
    metrics.addMetric('CoachTaskAnswered', MetricUnit.Count, 1);
    logger.info('Coach task answered', { taskId: task.taskId, taskType: task.taskType });
    return taskPageResult(200, taskMessagePage(lang, 'done', self, link.query, task.taskType));
  },
);
