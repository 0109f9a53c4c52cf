/** Sends one email through SES v2 (the local SES emulator when running on one machine). */
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { email as ses } from './clients';
import { setting } from './settings';
import type { Email } from '../views/coach-email';

const emailFrom = setting('EMAIL_FROM');

export async function sendEmail(to: string, message: Email): Promise<void> {
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: emailFrom,
      Destination: { ToAddresses: [to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
        },
      },
    }),
  );
}
