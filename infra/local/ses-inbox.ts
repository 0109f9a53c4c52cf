/**
 * The SES emulator's inbox, kept on disk: aws-ses-v2-local holds its emails in memory, so a
 * restart would cost a coach the links already sent. Each email is appended to a JSON-lines file
 * in the data folder before SES answers the sender, and read back into the emulator at start,
 * so `GET /store` still lists what was sent before.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

interface StoredEmail {
  messageId: string;
  at: number;
}

/** An email as the emulator keeps it (what a reader of the inbox needs of it). */
export interface InboxEmail extends StoredEmail {
  subject?: string;
  destination?: { to?: string[] };
  body?: { text?: string; html?: string };
}

interface EmulatorStore {
  saveEmail: (email: StoredEmail) => void;
  clearStore: () => void;
  getStoreReadonly: () => { emails: StoredEmail[] };
}

// The emulator's own module object: its routes call `store_1.saveEmail(...)` through it, so
// replacing the export here is seen by them (a namespace import would be a copy).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const store = require('aws-ses-v2-local/dist/store') as EmulatorStore;
const original = { saveEmail: store.saveEmail, clearStore: store.clearStore };
let inboxFile: string | undefined;
let inMemoryAtMost = Number.POSITIVE_INFINITY;
const listeners = new Set<(email: InboxEmail) => void>();

/** Every email saved goes to the file (when kept) and to the listeners, then to the emulator. */
function installHook(): void {
  store.saveEmail = (email) => {
    // Coaches' emails name beneficiaries: readable by this user only, as the link-signing key.
    if (inboxFile) appendFileSync(inboxFile, `${JSON.stringify(email)}\n`, { mode: 0o600 });
    original.saveEmail(email);
    forgetOldest();
    for (const listener of listeners) listener(email);
  };
}

/** Trims the emulator's memory to the newest emails once it holds twice the ceiling: a trim is rare. */
function forgetOldest(): void {
  const emails = store.getStoreReadonly().emails;
  if (emails.length > 2 * inMemoryAtMost) emails.splice(0, emails.length - inMemoryAtMost);
}

/**
 * The emulator keeps at most about `count` emails in memory (`GET /store` lists those), the newest;
 * the inbox file, when kept, still has every one. For a long run whose reader listens (`onEmail`)
 * rather than reads the inbox: the bench's 5,500 journeys send about 27,500 emails.
 */
export function keepInMemoryAtMost(count: number): void {
  inMemoryAtMost = Math.max(1, Math.floor(count));
  installHook();
  forgetOldest();
}

/**
 * Calls `listener` with each email sent from now on, as it is saved: a reader in this process
 * (the bench) waits on its emails instead of reading the whole inbox again and again. Returns
 * the function that stops it.
 */
export function onEmail(listener: (email: InboxEmail) => void): () => void {
  installHook();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Keeps the emulator's emails in `file` from now on, after loading those already there. */
export function keepInboxIn(file: string): number {
  inboxFile = file;
  const emails = store.getStoreReadonly().emails;
  emails.length = 0;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    // A line cut short by a kill mid-write must not swallow the next email appended after it.
    if (text.length > 0 && !text.endsWith('\n')) appendFileSync(file, '\n');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        emails.push(JSON.parse(line) as StoredEmail);
      } catch {
        // The line cut short by a kill: the emails before and after it still count.
      }
    }
  }
  installHook();
  store.clearStore = () => {
    if (inboxFile) writeFileSync(inboxFile, '');
    original.clearStore();
  };
  return emails.length;
}
