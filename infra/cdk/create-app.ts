/**
 * Builds the Kafaat CDK app: the one stack, and the cdk-nag AwsSolutions checks as a policy
 * validation plugin (cdk-nag 3 no longer runs as an Aspect). `app.ts` synthesizes it; the infra
 * tests build it with `nag: false` and run the checks themselves, to read the findings.
 */
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KafaatStack } from './kafaat-stack';

export const stackName = 'Kafaat';

export interface CreateAppOptions extends AppProps {
  /** Register the cdk-nag AwsSolutions checks, which fail synthesis on any finding. @default true */
  nag?: boolean;
}

export function createApp(options: CreateAppOptions = {}): { app: App; stack: KafaatStack } {
  const { nag = true, ...appProps } = options;
  const app = new App(appProps);
  // Environment-agnostic: no account or region is needed to synthesize.
  const stack = new KafaatStack(app, stackName, { stackName });
  if (nag) {
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, {
        verbose: true,
        // Copies each acknowledgement (rule id and reason) into the template's resource Metadata:
        // the audit trail travels with the template.
        writeSuppressionsToCloudFormation: true,
      }),
    );
  }
  return { app, stack };
}
