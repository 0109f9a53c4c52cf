/**
 * Published on-demand prices the bench's cost figure uses, in US dollars, with where they come
 * from and when they were read. One file, so a price change is one edit and the date says how old
 * the figures are. Region: US East (N. Virginia); Paris (eu-west-3) is a few percent dearer.
 * Copied from the pricing pages below as recorded in the team's stack notes; this machine has no
 * internet, so they were not fetched again on the date given.
 */
export const prices = {
  date: '2026-11-29',
  region: 'us-east-1',
  note: 'From the AWS pricing pages (as recorded in the stack notes), not re-fetched on that date: no internet here.',
  stepFunctions: {
    source: 'https://aws.amazon.com/step-functions/pricing/',
    /** Standard workflows: per state transition. */
    standardPerTransition: 0.025 / 1000,
    /** Express workflows: per request, and per GB-second (64 MB minimum, first 1,000 h/month). */
    expressPerRequest: 1.0 / 1_000_000,
    expressPerGbSecond: 0.00001667,
  },
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    perRequest: 0.2 / 1_000_000,
    /** Arm (Graviton), as the stack deploys every function; x86 is 0.0000166667. */
    perGbSecondArm: 0.0000133334,
    perGbSecondX86: 0.0000166667,
  },
  dynamoDb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    /** On-demand, standard table class: per write request unit (1 KB) and read request unit (4 KB). */
    perWriteUnit: 0.625 / 1_000_000,
    perReadUnit: 0.125 / 1_000_000,
  },
  ses: {
    source: 'https://aws.amazon.com/ses/pricing/',
    perEmail: 0.1 / 1000,
  },
  httpApi: {
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    /** HTTP APIs, first 300 million requests a month. */
    perRequest: 1.0 / 1_000_000,
  },
} as const;
