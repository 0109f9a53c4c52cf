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
