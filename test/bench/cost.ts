/**
 * Measure 5: what a journey costs on AWS, from the synthesized template (workflow types, functions'
 * memory and architecture) and what a journey was counted doing in a real local run: state
 * transitions from its executions' histories, Lambda invocations and their durations (measured
 * here, in one busy process: an estimate), DynamoDB request units (DynamoDB Local's consumed
 * capacity), emails and HTTP requests; at the prices of prices.ts.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../infra/cdk/create-app';
import type { FunctionId } from '../../infra/app-description';
import type { LocalStepFunctions } from '../../infra/local/step-functions/engine';
import { prices } from './prices';
import { round, type DynamoCounts } from './support';

interface TemplateFacts {
  /** In-process synthesis, or cdk.out's template when synthesis failed (another change mid-way). */
  source: string;
  workflowTypes: string[];
  /** By the function's id (its construct's name), memory in MB and architecture. */
  functions: Map<string, { memoryMb: number; arm: boolean }>;
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** Synthesizes the stack in this process (no bundling: only the template is read). */
export function synthesizedFacts(): TemplateFacts {
  let template: { Resources: Record<string, Resource> };
  let source = 'synthesized in process';
  try {
    const { app } = createApp({ nag: false, context: { 'aws:cdk:bundling-stacks': [] } });
    template = app.synth().getStackByName('Kafaat').template as typeof template;
  } catch (error) {
    const file = join(__dirname, '..', '..', 'cdk.out', 'Kafaat.template.json');
    source = `cdk.out/Kafaat.template.json of ${statSync(file).mtime.toISOString()} (synthesis failed: ${(error as Error).message})`;
    template = JSON.parse(readFileSync(file, 'utf8')) as typeof template;
  }
  const facts: TemplateFacts = { source, workflowTypes: [], functions: new Map() };
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::StepFunctions::StateMachine') {
      facts.workflowTypes.push(String(resource.Properties?.StateMachineType ?? 'STANDARD'));
    }
    const match = /^(.+)Function[0-9A-F]{8}$/.exec(logicalId);
    if (resource.Type === 'AWS::Lambda::Function' && match?.[1]) {
      const id = match[1].charAt(0).toLowerCase() + match[1].slice(1);
      facts.functions.set(id, {
        memoryMb: Number(resource.Properties?.MemorySize ?? 128),
        arm: JSON.stringify(resource.Properties?.Architectures ?? []).includes('arm64'),
      });
    }
  }
  return facts;
}

/** State transitions of these executions (every state entered, as Standard workflows bill them). */
export async function countTransitions(engine: LocalStepFunctions, executionArns: string[]): Promise<number> {
  let transitions = 0;
  for (const arn of executionArns) {
    let afterId: number | undefined;
    for (;;) {
      let page: Awaited<ReturnType<LocalStepFunctions['getExecutionHistory']>>;
      try {
        page = await engine.getExecutionHistory(arn, {
          limit: 1000,
          ...(afterId === undefined ? {} : { afterId }),
        });
      } catch {
        break; // no such execution (a journey that did not get there)
      }
      transitions += page.events.filter((e) => e.type.endsWith('StateEntered')).length;
      if (!page.more || page.events.length === 0) break;
      afterId = page.events[page.events.length - 1]?.id;
    }
  }
  return transitions;
}

export interface JourneyCounts {
  journeys: number;
  transitions: number;
  /** Per function: invocations and total milliseconds. */
  invocations: Map<FunctionId, { count: number; ms: number }>;
  dynamo: DynamoCounts;
  emails: number;
  httpRequests: number;
}

export interface CostFigures {
  perJourney: number;
  perYear10k: number;
  perYear1m: number;
  shares: Record<string, number>;
  dollars: Record<string, number>;
  perJourneyCounts: Record<string, number>;
  workflowTypes: string[];
  template: string;
}

export function costOf(counts: JourneyCounts, facts: TemplateFacts): CostFigures {
  const n = Math.max(1, counts.journeys);
  let invocations = 0;
  let gbSeconds = 0;
  let lambdaDollars = 0;
  for (const [id, { count, ms }] of counts.invocations) {
    const fn = facts.functions.get(id) ?? { memoryMb: 512, arm: true };
    // Lambda bills each invocation's duration rounded up to the millisecond.
    const gbs = (fn.memoryMb / 1024) * (Math.ceil(ms) / 1000);
    invocations += count;
    gbSeconds += gbs;
    lambdaDollars +=
      count * prices.lambda.perRequest +
      gbs * (fn.arm ? prices.lambda.perGbSecondArm : prices.lambda.perGbSecondX86);
  }
  const dollars = {
    // Every workflow of the stack is Standard today (the template says so): billed per transition.
    stepFunctions: counts.transitions * prices.stepFunctions.standardPerTransition,
    lambda: lambdaDollars,
    dynamoDb:
      counts.dynamo.writeUnits * prices.dynamoDb.perWriteUnit +
      counts.dynamo.readUnits * prices.dynamoDb.perReadUnit,
    ses: counts.emails * prices.ses.perEmail,
    httpApi: counts.httpRequests * prices.httpApi.perRequest,
  };
  const perJourneyDollars = Object.fromEntries(Object.entries(dollars).map(([k, v]) => [k, v / n]));
  const perJourney = Object.values(perJourneyDollars).reduce((a, b) => a + b, 0);
  return {
    perJourney,
    perYear10k: perJourney * 10_000,
    perYear1m: perJourney * 1_000_000,
    dollars: Object.fromEntries(
      Object.entries(perJourneyDollars).map(([k, v]) => [k, Number(v.toPrecision(3))]),
    ),
    shares: Object.fromEntries(
      Object.entries(perJourneyDollars).map(([k, v]) => [k, round((100 * v) / perJourney, 1)]),
    ),
    perJourneyCounts: {
      transitions: round(counts.transitions / n, 1),
      lambdaInvocations: round(invocations / n, 1),
      lambdaGbSeconds: round(gbSeconds / n, 3),
      dynamoWriteUnits: round(counts.dynamo.writeUnits / n, 1),
      dynamoReadUnits: round(counts.dynamo.readUnits / n, 1),
      dynamoWriteOps: round(counts.dynamo.writeOps / n, 1),
      dynamoReadOps: round(counts.dynamo.readOps / n, 1),
      emails: round(counts.emails / n, 1),
      httpRequests: round(counts.httpRequests / n, 1),
    },
    workflowTypes: facts.workflowTypes,
    template: facts.source,
  };
}
