import { createServer } from 'node:net';

/**
 * A port free on loopback right now, for a process that must be told its port up front. Chosen
 * below the kernel's ephemeral range (32768 and up on Linux), where the machine's own outgoing
 * connections take their ports: a port from there can be taken by a client socket before the
 * process that was told it starts listening.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const candidate = 20000 + Math.floor(Math.random() * 12000);
    // Never the same port twice to one process: it may not be listening on the first one yet.
    if (!handedOut.has(candidate) && (await canListen(candidate))) {
      handedOut.add(candidate);
      return candidate;
    }
  }
  return listenOnAnyPort();
}

const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function listenOnAnyPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
