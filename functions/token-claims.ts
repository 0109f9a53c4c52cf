/**
 * The user pool's pre-token-generation trigger (Cognito on AWS; the local issuer calls it the same
 * way): a person's role and scope come from the people table, not from what they type, and go in
 * their ID token as the one `cognito:groups` group `role:region[:association or partner]`, with their name.
 * Someone not in the table, or made inactive, gets no token.
 */
import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { logger } from './commons/powertools';
import { instrumented } from './commons/instrumented';
import { getPerson } from './commons/people';
import { groupOf } from './domain/access';
import { normalisePersonId } from './domain/people';

export class NotAPerson extends Error {
  override name = 'NotAPerson';
}

export const handler = instrumented(
  async (
    event: PreTokenGenerationTriggerEvent,
    _context: Context,
  ): Promise<PreTokenGenerationTriggerEvent> => {
    const personId = normalisePersonId(event.userName);
    const person = await getPerson(personId);
    if (!person?.active) {
      logger.warn('Sign-in refused: no active person of that user name', {
        triggerSource: event.triggerSource,
      });
      throw new NotAPerson('No active person of that user name');
    }
    event.response = {
      claimsOverrideDetails: {
        claimsToAddOrOverride: { name: person.displayName },
        groupOverrideDetails: { groupsToOverride: [groupOf(person)] },
      },
    };
    return event;
  },
);
