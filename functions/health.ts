/**
 * GET /health — the platform answers, with its clock: how many times faster than real time it
 * runs (1 on AWS; the simulator reads it), and its task time-outs' own scale where set apart.
 */
import type { HttpResult } from './commons/http';
import { json } from './commons/http';
import { instrumented } from './commons/instrumented';
import { taskTimeScale, timeScale } from './commons/settings';

export const handler = instrumented(async (): Promise<HttpResult> => {
  const clock = timeScale();
  const tasks = taskTimeScale();
  return json(200, {
    status: 'ok',
    service: 'kafaat',
    timeScale: clock,
    ...(tasks === clock ? {} : { taskTimeScale: tasks }),
  });
});
