/**
 * The SES emulator's inbox in memory: capped, it keeps the newest emails, while a listener and the
 * inbox file still get every one. The emulator's own store, driven as its routes drive it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepInboxIn, keepInMemoryAtMost, onEmail } from '../../infra/local/ses-inbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const store = require('aws-ses-v2-local/dist/store') as {
  saveEmail: (email: { messageId: string; at: number }) => void;
  getStoreReadonly: () => { emails: { messageId: string }[] };
};

const folder = mkdtempSync(join(tmpdir(), 'kafaat-inbox-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('keeps the newest emails in memory, and gives every one to the listener and the file', () => {
  // Arrange
  const file = join(folder, 'inbox.jsonl');
  keepInboxIn(file);
  keepInMemoryAtMost(3);
  const heard: string[] = [];
  const stop = onEmail((email) => heard.push(email.messageId));

  // Act
  for (let i = 1; i <= 20; i++) store.saveEmail({ messageId: `m-${i}`, at: i });
  stop();

  // Assess
  const inMemory = store.getStoreReadonly().emails.map((email) => email.messageId);
  expect(inMemory.length).toBeGreaterThanOrEqual(3);
  expect(inMemory.length).toBeLessThanOrEqual(6);
  expect(inMemory.slice(-3)).toEqual(['m-18', 'm-19', 'm-20']);
  expect(inMemory).not.toContain('m-1');
  expect(heard).toHaveLength(20);
  const inFile = readFileSync(file, 'utf8').trim().split('\n');
  expect(inFile).toHaveLength(20);
  expect(keepInboxIn(file)).toBe(20); // a restart reads the file again, all of it
});
