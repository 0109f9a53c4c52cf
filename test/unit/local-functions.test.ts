/**
 * The local runtime runs each function as Lambda would: it sees only the environment its
 * description grants, when it loads and while it runs, and its time-out ends a call that hangs.
 */
import { resolve } from 'node:path';
import { LocalFunctions } from '../../infra/local/functions';
import { functionEnvironment } from '../../infra/local/platform';
import { localTableNames } from '../../infra/local/tables';
import { testSettings } from '../support/function-settings';

const root = resolve(__dirname, '..', 'fixtures', 'local-functions');
const settings = testSettings;

test("a function sees only what its description grants: another function's tables are not there", async () => {
  // Prepare: the fixture stands in for `health`, but is given the environment of `openTask`.
  const names = localTableNames('t-');
  const local = new LocalFunctions({
    root,
    commonEnvironment: () => ({ AWS_REGION: 'eu-west-3' }),
    environmentOf: () => functionEnvironment('openTask', names, settings),
  });
  process.env.AGGREGATES_TABLE = 'visible-to-the-process-only';

  // Act
  const seen = (await local.invoke('health', {})) as { atLoad: string[]; atRun: string[] };

  // Assess: openTask reads tasks, beneficiaries and reference, and audits into case files; nothing else.
  const granted = ['BENEFICIARIES_TABLE', 'CASE_FILES_TABLE', 'REFERENCE_TABLE', 'TASKS_TABLE'];
  expect(seen.atLoad.sort()).toEqual(granted);
  expect(seen.atRun.sort()).toEqual(granted);
  expect(process.env.AGGREGATES_TABLE).toBe('visible-to-the-process-only');
  delete process.env.AGGREGATES_TABLE;
});

test('a call that outlives its time-out fails as Lambda fails it, and a stop waits for nothing stuck', async () => {
  // Prepare
  const local = new LocalFunctions({
    root,
    commonEnvironment: () => ({}),
    environmentOf: () => ({}),
    timeoutOf: () => 0.2,
  });

  // Act / Assess
  await expect(local.invoke('reference', {})).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
  local.close();
  await expect(local.invoke('health', {})).rejects.toMatchObject({ name: 'Lambda.ServiceException' });
  expect(await local.drain(100)).toBe(true);
});

test('the description grants each function exactly its tables, workflows and settings', () => {
  const names = localTableNames('t-');
  // The health check reads no table: only the clock it reports.
  expect(functionEnvironment('health', names, settings)).toEqual({ TIME_SCALE: '1', TASK_TIME_SCALE: '1' });
  expect(functionEnvironment('deliverTaskAnswers', names, settings)).toEqual({
    TASKS_TABLE: 't-tasks',
    JOURNEY_STATE_MACHINE_ARN: expect.stringContaining(':stateMachine:kafaat-journey'),
    FOLLOW_UP_STATE_MACHINE_ARN: expect.stringContaining(':stateMachine:kafaat-followUp'),
  });
});
