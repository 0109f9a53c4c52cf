/**
 * The server's secret (it signs coaches' links and keys derived ids), read at run time with
 * Powertools Parameters from Secrets Manager — the local runtime serves the same API — and cached
 * for five minutes, so it never sits in a function's configuration.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { setting } from './settings';

const secretName = setting('LINK_SIGNING_SECRET_NAME');

export async function linkSigningSecret(): Promise<string> {
  const value = await getSecret(secretName, { maxAge: 300 });
  if (typeof value !== 'string' || value.length < 32) {
    throw new Error('The link-signing secret is missing or shorter than 32 characters');
  }
  return value;
}
