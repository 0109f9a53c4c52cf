/**
 * Every local service listens on the loopback interface only: the beneficiaries' table, the
 * workflow endpoint and the inbox are not reachable from the network. Read from the kernel's own
 * socket tables (/proc/net/tcp, tcp6), so no traffic leaves this machine to check it.
 */
import { readFileSync } from 'node:fs';
import { startTestPlatform, type TestPlatform } from '../support/platform';

const LISTEN = '0A';
const LOOPBACK_V4 = '0100007F';
const LOOPBACK_V6 = ['00000000000000000000000001000000', '0000000000000000FFFF00000100007F'];

/** The local addresses (hex, as the kernel writes them) that listen on `port`. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === LISTEN && fields[1]?.endsWith(`:${hexPort}`))
      .map((fields) => fields[1]?.split(':')[0] ?? ''),
  );
}

function isLoopback(address: string): boolean {
  return address === LOOPBACK_V4 || LOOPBACK_V6.includes(address);
}

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform('loopback');
});

afterAll(async () => {
  await platform?.stop();
});

test.each([
  ['DynamoDB Local', () => platform.urls.dynamodb],
  ['the Step Functions endpoint', () => platform.urls.stepFunctions],
  ['the SES emulator and its inbox', () => platform.urls.inbox],
  ['the HTTP gateway', () => platform.urls.app],
])('%s listens on 127.0.0.1 only', (_name, url) => {
  const addresses = listeningAddresses(Number(new URL(url()).port));
  expect(addresses.length).toBeGreaterThan(0);
  expect(addresses.filter((address) => !isLoopback(address))).toEqual([]);
});
