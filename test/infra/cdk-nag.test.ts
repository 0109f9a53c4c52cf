/**
 * cdk-nag's AwsSolutions checks over the whole app: every finding is fixed or acknowledged with a
 * reason. cdk-nag 3 is a policy-validation plugin; `validateScope` returns its report directly.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { synthesize } from './synth';

// Prepare: one synthesis for the whole file.
const { stack } = synthesize();

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id,
          reason,
        })),
      ),
  );
}

test('AwsSolutions finds no unacknowledged error or warning', () => {
  // Act
  const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);

  // Assess: list the findings, so a failure says what to fix.
  const findings = report.violations.flatMap((v) =>
    v.violatingResources.map(
      (r) => `${v.severity} ${v.ruleName} at ${r.constructPath ?? '?'}: ${v.description}`,
    ),
  );
  expect(findings).toEqual([]);
  expect(report.success).toBe(true);
});

test('the checks do raise what the acknowledgements answer (none is stale)', () => {
  // Prepare: the same app built with acknowledge() doing nothing.
  const acknowledgedIds = new Set(acknowledgements(stack).map((a) => a.id.replace(/^annotation::/i, '')));
  const spy = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
  const bare = synthesize().stack;
  spy.mockRestore();

  // Act
  const report = new AwsSolutionsChecks(undefined, {}).validateScope(bare);

  // Assess: every acknowledged rule id is one the checks raise, and nothing else is raised.
  const raised = new Set(report.violations.map((v) => v.ruleName));
  expect(acknowledgements(bare)).toEqual([]);
  expect([...acknowledgedIds].filter((id) => !raised.has(id))).toEqual([]);
  expect([...raised].filter((id) => !acknowledgedIds.has(id))).toEqual([]);
});

test('every acknowledgement gives a reason', () => {
  const acknowledged = acknowledgements(stack);
  expect(acknowledged.length).toBeGreaterThan(0);
  for (const a of acknowledged) expect([a.id, a.reason.length > 40]).toEqual([a.id, true]);
});
