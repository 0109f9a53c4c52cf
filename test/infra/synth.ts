/**
 * Builds the Kafaat app once for a test file. Asset bundling is skipped (the template is the same
 * but for asset hashes; `npx cdk synth` bundles for real) and cdk-nag is left out of synthesis so
 * the tests can read its findings themselves.
 */
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createApp, type CreateAppOptions } from '../../infra/cdk/create-app';
import type { KafaatStack } from '../../infra/cdk/kafaat-stack';

export interface Synthesized {
  stack: KafaatStack;
  template: Template;
  /** The logical id CloudFormation knows a construct (or its default child) by. */
  logicalId(construct: IConstruct): string;
}

export function synthesize(
  context: Record<string, unknown> = {},
  options: CreateAppOptions = {},
): Synthesized {
  const { stack } = createApp({
    nag: false,
    ...options,
    context: { 'aws:cdk:bundling-stacks': [], ...context },
  });
  const template = Template.fromStack(stack);
  const logicalId = (construct: IConstruct): string =>
    Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
  return { stack, template, logicalId };
}

/** A resource of the template by logical id, with its properties typed loosely for assertions. */
export function resource(
  template: Template,
  logicalId: string,
): { Type: string; Properties: Record<string, unknown> } {
  const found = template.toJSON().Resources?.[logicalId] as
    { Type: string; Properties: Record<string, unknown> } | undefined;
  if (!found) throw new Error(`No resource ${logicalId} in the template`);
  return found;
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of the inline policies attached to a role (by the role's logical id). */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<
    string,
    { Properties: { Roles: unknown[]; PolicyDocument: { Statement: PolicyStatementJson[] } } }
  >;
  return Object.values(policies)
    .filter((p) =>
      p.Properties.Roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId })),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

export function actionsOf(statement: PolicyStatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Does a statement's Resource mention this logical id (Ref or Fn::GetAtt, alone or in a list)? */
export function mentions(statement: PolicyStatementJson, logicalId: string): boolean {
  const text = JSON.stringify(statement.Resource);
  return text.includes(`{"Ref":"${logicalId}"}`) || text.includes(`{"Fn::GetAtt":["${logicalId}",`);
}
