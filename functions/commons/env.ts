/** Reads a required setting; a missing one is a deployment error, said at cold start. */
export function getStringFromEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing environment variable ${name}`);
  }
  return value;
}
