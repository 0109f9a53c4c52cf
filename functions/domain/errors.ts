/**
 * The one shape of a field error, shared by the domain rules, the HTTP layer and the pages.
 * Plain types, no AWS: domain code imports it from here, HTTP code re-exports it.
 */

export interface FieldError {
  /** The field at fault; `body` for the request as a whole; several unknown fields joined by ", ". */
  field: string;
  /** In English, for the JSON API: what is wrong and what is expected. */
  message: string;
  /**
   * The same for people: a key of the screen texts' `errors` section (functions/commons/messages.ts)
   * and the values it takes. Pages say it in the user's language; the JSON API leaves it out.
   */
  key?: string;
  params?: Record<string, string | number>;
}

/** What the JSON API sends of an error: its field (never blank: `body` at worst) and its message. */
export function apiError({ field, message }: FieldError): { field: string; message: string } {
  return { field: field === '' ? 'body' : field, message };
}

/** Unknown keys as one field; a key with no name (`=x` in a query or form) is shown as `""`. */
export function keysAsField(keys: readonly string[]): string {
  return keys.map((key) => (key === '' ? '""' : key)).join(', ');
}

/**
 * A zod error as field errors, for the JSON API: each issue's field (its path; `body` for the
 * whole) and its message; unknown keys (strict objects) name the keys that are not expected.
 */
export function fieldErrorsOf(error: {
  issues: readonly {
    path: readonly PropertyKey[];
    message: string;
    code: string;
    keys?: readonly string[];
  }[];
}): { field: string; message: string }[] {
  return error.issues.map((issue) =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? { field: keysAsField(issue.keys), message: 'This field is not expected here.' }
      : { field: issue.path.map(String).join('.') || 'body', message: issue.message },
  );
}

/** What a field expects, said once: the API's English and the key of the pages' text. */
export interface Expected {
  message: string;
  key: string;
}

/**
 * One zod issue as a field error, for schemas that say per field what they expect: unknown keys
 * (`unknownMessage`), a rule's own key and values (custom issues with `params.key`), else "required"
 * when the field has no value in `input`, or what the field expects.
 */
export function issueAsFieldError(
  issue: {
    code: string;
    path: readonly PropertyKey[];
    message: string;
    keys?: readonly string[];
    params?: Record<string, unknown>;
  },
  input: object,
  expected: Readonly<Record<string, Expected | undefined>>,
  unknownMessage: string,
): FieldError {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return { field: keysAsField(issue.keys), message: unknownMessage, key: 'unknownField' };
  }
  const field = issue.path.map(String).join('.') || 'body';
  if (issue.code === 'custom' && typeof issue.params?.key === 'string') {
    const { key, ...params } = issue.params as { key: string } & Record<string, string | number>;
    return { field, message: issue.message, key, ...(Object.keys(params).length > 0 ? { params } : {}) };
  }
  const known = Object.hasOwn(expected, field) ? expected[field] : undefined;
  if (!known) return { field, message: issue.message, key: 'invalid' };
  const value: unknown = Object.hasOwn(input, field) ? (input as Record<string, unknown>)[field] : undefined;
  const missing = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  return {
    field,
    message: missing ? `Required. ${known.message}` : known.message,
    key: missing ? 'required' : known.key,
  };
}
