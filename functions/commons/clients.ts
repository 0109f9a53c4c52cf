/**
 * AWS SDK v3 clients, created once per process. Endpoints and credentials come from the standard
 * SDK settings (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SFN, AWS_ENDPOINT_URL_SESV2, …),
 * so a handler runs unchanged on AWS and against the local emulators.
 *
 * Each is marked pure (`@__PURE__`): a function's bundle keeps only the clients its code reaches,
 * with their SDK packages (SES, Cognito and Step Functions are about 115 KB of a bundle).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { tracer } from './powertools';

export const dynamo = /* @__PURE__ */ DynamoDBDocumentClient.from(
  /* @__PURE__ */ tracer.captureAWSv3Client(/* @__PURE__ */ new DynamoDBClient({})),
  { marshallOptions: { removeUndefinedValues: true } },
);
export const stepFunctions = /* @__PURE__ */ tracer.captureAWSv3Client(/* @__PURE__ */ new SFNClient({}));
export const email = /* @__PURE__ */ tracer.captureAWSv3Client(/* @__PURE__ */ new SESv2Client({}));
/** The user pool (Amazon Cognito; locally AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, the local issuer). */
export const identity = /* @__PURE__ */ tracer.captureAWSv3Client(
  /* @__PURE__ */ new CognitoIdentityProviderClient({}),
);
