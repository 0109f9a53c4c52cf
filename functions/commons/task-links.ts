/** Reads a coach link from a request: its task id, expiry and signature, checked. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { checkTaskLink, type LinkCheck } from '../domain/coach-task';

export interface TaskLink {
  taskId: string;
  check: LinkCheck;
  /** The link's own query (exp, sig), to carry into the form's action and language links. */
  query: Record<string, string>;
}

export function readTaskLink(event: APIGatewayProxyEventV2, secret: string, now: Date): TaskLink {
  const taskId = event.pathParameters?.taskId ?? '';
  const exp = event.queryStringParameters?.exp;
  const sig = event.queryStringParameters?.sig;
  return {
    taskId,
    check: checkTaskLink(secret, taskId, exp, sig, now),
    query: { exp: exp ?? '', sig: sig ?? '' },
  };
}
