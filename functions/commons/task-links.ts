/** A coach's link: read from a request (task id, expiry, generation, signature, checked), and built. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { checkTaskLink, linkGenerationOf, signedTaskPath, type LinkCheck } from '../domain/coach-task';
import type { Lang } from '../domain/reference-data';
import { html, type HttpResult } from './http';

export interface TaskLink {
  taskId: string;
  check: LinkCheck;
  /** The link generation it was signed for (0 for a link from before generations: no `g`). */
  generation: number;
  /** The link's own query (exp, g, sig), to carry into the form's action and language links. */
  query: Record<string, string>;
}

/** Reads and checks a link from the request alone: nothing is read from the tasks table. */
export function readTaskLink(event: APIGatewayProxyEventV2, secret: string, now: Date): TaskLink {
  const taskId = event.pathParameters?.taskId ?? '';
  const exp = event.queryStringParameters?.exp;
  const g = event.queryStringParameters?.g;
  const sig = event.queryStringParameters?.sig;
  const check = checkTaskLink(secret, taskId, exp, sig, now, g);
  return {
    taskId,
    check,
    generation: check === 'invalid' ? 0 : linkGenerationOf(g),
    query: { exp: exp ?? '', ...(g === undefined ? {} : { g }), sig: sig ?? '' },
  };
}

/** The full link a coach is emailed: for the task's current generation, in the coach's language. */
export function taskLinkUrl(
  publicBaseUrl: string,
  secret: string,
  task: { taskId: string; expiresAt: number; linkGeneration?: number },
  lang: Lang,
): string {
  const path = signedTaskPath(secret, task.taskId, task.expiresAt, task.linkGeneration ?? 0);
  return `${publicBaseUrl.replace(/\/$/, '')}${path}&lang=${lang}`;
}

/**
 * A task page's response: never cached, and no Referer at all (the address holds the link's
 * signature), not even to this site — so the form posts with `Origin: null` and
 * `Sec-Fetch-Site: same-origin`, which checkSameOrigin accepts.
 */
export function taskPageResult(statusCode: number, body: string): HttpResult {
  return html(statusCode, body, { referrerPolicy: 'no-referrer' });
}
