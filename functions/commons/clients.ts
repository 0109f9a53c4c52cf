/**
 * AWS SDK v3 clients, created once per process. Endpoints and credentials come from the standard
 * SDK settings (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SFN, AWS_ENDPOINT_URL_SESV2, …),
 * so a handler runs unchanged on AWS and against the local emulators.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { tracer } from './powertools';

export const dynamo = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});
export const stepFunctions = tracer.captureAWSv3Client(new SFNClient({}));
export const email = tracer.captureAWSv3Client(new SESv2Client({}));
/** The user pool (Amazon Cognito; locally AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, the local issuer). */
export const identity = tracer.captureAWSv3Client(new CognitoIdentityProviderClient({}));
