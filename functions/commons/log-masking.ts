/**
 * What the logs may carry: an allow-list. Powertools for AWS Lambda (TypeScript) has no data
 * masking utility (Python's `data_masking` has no TypeScript port as of 2.35), so the shared
 * logger formats every entry through `MaskingLogFormatter`:
 * - a value is written only when the nearest key above it is known to be safe (ids, codes,
 *   counts, statuses, the platform's dates); any other leaf — a name, a phone, a birth year, a
 *   note, under whatever key — is written as `MASK`, wherever it sits in the logged object;
 * - keys known to hold personal data are masked whole, even under a safe key;
 * - free text (the log message, an error's message and stack) keeps its words but loses what
 *   could be someone's input: quoted text, e-mail addresses, phone-like digit runs, years, and
 *   any Arabic-script run (the platform's own messages are in English).
 * A new log attribute is masked until its key is added to `SAFE_KEYS` — said once, here.
 */
import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

export const MASK = '[masked]';

/** Keys whose values never hold personal data: ids, codes, counts, statuses, names of fields. */
export const SAFE_KEYS: ReadonlySet<string> = new Set([
  // Ids and codes (random or reference codes: never a name).
  'beneficiaryId',
  'taskId',
  'movedTaskId',
  'taskType',
  'coachId',
  'personId',
  'offerId',
  'offerIds',
  'eventId',
  'entryId',
  'needId',
  'providerId',
  'provider',
  'employerCode',
  'association',
  'region',
  'province',
  'code',
  'kind',
  'role',
  'stage',
  'outcome',
  'workStatus',
  'journey',
  'month',
  'next',
  'part',
  'delivery',
  'status',
  'state',
  'action',
  'from',
  'to',
  'by',
  'via',
  'source',
  'format',
  'triggerSource',
  'origin',
  'sector',
  'track',
  // Counts, versions, flags and the platform's own dates.
  'count',
  'written',
  'unchanged',
  'fileErrors',
  'rowErrors',
  'beneficiaries',
  'enrolments',
  'shared',
  'woken',
  'waiting',
  'delivered',
  'closed',
  'failed',
  'deferred',
  'providers',
  'emails',
  'offers',
  'unreachable',
  'reminders',
  'generation',
  'linkGeneration',
  'version',
  'searched',
  'dueAt',
  // The upgrade of earlier records (counts and a flag).
  'read',
  'keyed',
  'dated',
  'folded',
  'totalsReady',
  'done',
  // The retention run and the erasures (counts, a cut-off date; never what was erased).
  'retentionDays',
  'cutoff',
  'due',
  'erased',
  'erasedNow',
  'running',
  'tasks',
  'notesErased',
  'tasksClosed',
  'dropoutWritten',
  // Which fields a request got wrong or changed (their names, never their values).
  'fields',
  'filters',
  // An error's own description (its name; its message and stack are scrubbed as free text).
  'error',
  'name',
  'location',
  'errorType',
  // The AWS SDK's metadata of a failed call.
  '$fault',
  '$metadata',
  'httpStatusCode',
  'requestId',
  'extendedRequestId',
  'cfId',
  'attempts',
  'totalRetryDelay',
  'Code',
  '__type',
]);

/**
 * Keys that hold personal data wherever they appear: masked whole (an object under one of them
 * is not even looked into), so a safe key above cannot let them through.
 */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  'firstName',
  'lastName',
  'fullName',
  'displayName',
  'coachName',
  'supervisorName',
  'phone',
  'email',
  'supervisorEmail',
  'birthYear',
  'birthDate',
  'address',
  'nationalId',
  'notes',
  'note',
  'goals',
  'plan',
  'answers',
  'employer',
  'text',
  'query',
  'q',
  'search',
  'body',
  'input',
  'received',
  'Item',
  'Items',
  'Attributes',
]);

/** Free text keeps its words; what could be someone's input goes. */
export function scrubText(text: string): string {
  return (
    text
      // Quoted text: how errors echo what they received (JSON.parse, SDK validation, zod options).
      .replace(
        /"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|'[^'\n]*'/gu,
        (quoted) => `${quoted[0] ?? ''}${MASK}${quoted.at(-1) ?? ''}`,
      )
      .replace(/[^\s@"'<>()]+@[^\s@"'<>()]+/gu, MASK)
      // Arabic script (the platform writes its logs in English).
      .replace(/\p{Script=Arabic}(?:[\p{Script=Arabic}\p{M}'-]|\s(?=\p{Script=Arabic}))*/gu, MASK)
      // Phone-like runs: 8 digits or more, spaces, dots, dashes and a leading + between them.
      .replace(/\+?\d(?:[\s.-]?\d){7,}/gu, MASK)
      // Years (a birth year, or a date that holds one).
      .replace(/(?<![\p{L}\p{N}])(?:19|20)\d\d(?![\p{L}\p{N}])/gu, MASK)
  );
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of `value` with what the allow-list does not know masked. `key` is the nearest key
 * above it (array items take their array's). Errors are left for `formatError`.
 */
export function maskAttributes(value: unknown, key = '', depth = 0): unknown {
  if (PERSONAL_KEYS.has(key)) return value === undefined || value === null ? value : MASK;
  if (value === null || value === undefined) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) {
    if (depth > 8) return MASK;
    return value.map((item) => maskAttributes(item, key, depth + 1));
  }
  if (typeof value === 'object') {
    if (depth > 8 || !isPlainObject(value)) return MASK;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskAttributes(v, k, depth + 1)]));
  }
  // Safe keys hold ids and codes: written as they are (a UUID's digits are not a phone).
  return SAFE_KEYS.has(key) ? value : MASK;
}

/**
 * Powertools' own JSON shape (its `PowertoolsLogFormatter`, which the package does not export),
 * the message scrubbed and the other attributes through the allow-list.
 */
export class MaskingLogFormatter extends LogFormatter {
  public formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem {
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: scrubText(attributes.message ?? ''),
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_arn: attributes.lambdaContext?.invokedFunctionArn,
      function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
    };
    const masked = Object.fromEntries(
      Object.entries(additionalLogAttributes).map(([k, v]) => [k, maskAttributes(v, k)]),
    ) as LogAttributes;
    return new LogItem({ attributes: base }).addAttributes(masked);
  }

  public override formatError(error: Error): LogAttributes {
    const formatted = super.formatError(error);
    const out: LogAttributes = {};
    for (const [k, v] of Object.entries(formatted)) {
      if (k === 'message' || k === 'stack') {
        out[k] = Array.isArray(v)
          ? v.map((line) => (typeof line === 'string' ? scrubText(line) : MASK))
          : typeof v === 'string'
            ? scrubText(v)
            : (v as LogAttributes[string]);
      } else if (k === 'cause') {
        // An Error cause was formatted by this method already; anything else is input-like.
        out[k] = (error.cause instanceof Error ? v : maskAttributes(v, k)) as LogAttributes[string];
      } else {
        out[k] = maskAttributes(v, k) as LogAttributes[string];
      }
    }
    return out;
  }
}
