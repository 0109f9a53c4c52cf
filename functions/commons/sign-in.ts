/** Signing a person in against the user pool: user name and password → an ID token. */
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { identity } from './clients';
import { setting } from './settings';

export type SignInOutcome =
  { ok: true; token: string; expiresIn: number } | { ok: false; reason: 'refused' | 'unavailable' };

/** What the user pool answers for a wrong password, an unknown name or a person made inactive. */
const refusals = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'UserLambdaValidationException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
  'InvalidParameterException',
]);

export async function signInWithPassword(userName: string, password: string): Promise<SignInOutcome> {
  try {
    const { AuthenticationResult } = await identity.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: setting('IDENTITY_CLIENT_ID'),
        AuthParameters: { USERNAME: userName, PASSWORD: password },
      }),
    );
    if (!AuthenticationResult?.IdToken) return { ok: false, reason: 'refused' };
    return {
      ok: true,
      token: AuthenticationResult.IdToken,
      expiresIn: AuthenticationResult.ExpiresIn ?? 3600,
    };
  } catch (error) {
    if (refusals.has((error as Error).name)) return { ok: false, reason: 'refused' };
    throw error;
  }
}
