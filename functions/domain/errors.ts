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

/** What the JSON API sends of an error: its field and its message, nothing else. */
export function apiError({ field, message }: FieldError): { field: string; message: string } {
  return { field, message };
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
      ? { field: issue.keys.join(', '), message: 'This field is not expected here.' }
      : { field: issue.path.map(String).join('.') || 'body', message: issue.message },
  );
}
