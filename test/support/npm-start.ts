/**
 * `npm start` as a person runs it (the same entry point, as a child process in its own process
 * group), for tests that kill or stop the whole platform and start it again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'node:net';
import { freePort } from '../../infra/local/free-port';
import { eventually } from './platform';

const root = resolve(__dirname, '..', '..');

export type PortName =
  'PORT' | 'KAFAAT_DYNAMODB_PORT' | 'KAFAAT_STEPFUNCTIONS_PORT' | 'KAFAAT_SES_PORT' | 'KAFAAT_IDENTITY_PORT';

export interface Running {
  process: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  exited: Promise<number | string>;
}

export class LocalPlatformProcess {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'kafaat-npm-start-'));
  ports!: Record<PortName, string>;
  current: Running | undefined;

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  get app(): string {
    return `http://localhost:${this.ports.PORT}`;
  }

  get inbox(): string {
    return `http://127.0.0.1:${this.ports.KAFAAT_SES_PORT}`;
  }

  async choosePorts(): Promise<void> {
    this.ports = {
      PORT: String(await freePort()),
      KAFAAT_DYNAMODB_PORT: String(await freePort()),
      KAFAAT_STEPFUNCTIONS_PORT: String(await freePort()),
      KAFAAT_SES_PORT: String(await freePort()),
      KAFAAT_IDENTITY_PORT: String(await freePort()),
    };
  }

  /**
   * Starts the platform. On a first start, a port taken meanwhile by another process (another
   * test file chose it too) is not the platform's fault: new ports, and again.
   */
  async start(): Promise<Running> {
    const firstStart = !this.ports;
    for (let attempt = 1; ; attempt += 1) {
      if (!this.ports || (firstStart && attempt > 1)) await this.choosePorts();
      try {
        return await this.startOnce();
      } catch (error) {
        const portTaken = /EADDRINUSE/.test((error as Error).message);
        if (!firstStart || !portTaken || attempt >= 3) throw error;
      }
    }
  }

  private async startOnce(): Promise<Running> {
    let output = '';
    // As `npm start` runs it: one Node process (tsx as a loader, no wrapper process), so a signal
    // to the group reaches the platform alone.
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
      cwd: root,
      env: {
        ...process.env,
        ...this.ports,
        KAFAAT_DATA_DIR: this.dataDir,
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        POWERTOOLS_METRICS_DISABLED: 'true',
        // Tests post from one address faster than people do: the limiter is off unless a test asks.
        KAFAAT_RATE_LIMIT: '0',
        ...this.extraEnv,
      },
      detached: true, // its own process group, so the test can signal the whole tree at once
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | string>((resolveExit) =>
      child.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown')),
    );
    const running: Running = { process: child, output: () => output, exited };
    this.current = running;
    await eventually(
      'npm start to say it is running',
      async () => (output.includes('Kafaat is running locally.') ? true : undefined),
      {
        // A busy machine (the suite's other workers) starts DynamoDB Local's JVM and resumes
        // journeys slowly; what fails is said at once by failFast.
        timeoutMs: 120_000,
        failFast: async () =>
          child.exitCode !== null ? `it exited with ${child.exitCode}: ${output}` : undefined,
      },
    );
    return running;
  }

  /** Sends a signal to the whole process group (as Ctrl-C in a terminal, or a kill of the tree). */
  signalGroup(signal: NodeJS.Signals): void {
    const pid = this.current?.process.pid;
    if (pid) process.kill(-pid, signal);
  }

  async portsFree(): Promise<boolean> {
    const open = await Promise.all(Object.values(this.ports).map(portOpen));
    return open.every((o) => !o);
  }

  async waitForPortsFree(): Promise<void> {
    await eventually(
      'the platform to free its ports',
      async () => ((await this.portsFree()) ? true : undefined),
      {
        timeoutMs: 30_000,
      },
    );
  }

  cleanUp(): void {
    const child = this.current?.process;
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // DynamoDB Local may still be writing for a moment after the kill: a file it adds while the
    // folder is removed fails with ENOTEMPTY, which rmSync retries.
    rmSync(this.dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

export function portOpen(port: string): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolvePort(true);
    });
    socket.once('error', () => resolvePort(false));
  });
}

export interface InboxEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
}

export async function readInbox(inboxUrl: string): Promise<InboxEmail[]> {
  const store = (await fetch(`${inboxUrl}/store`).then((r) => r.json())) as { emails: InboxEmail[] };
  return store.emails;
}

export function linkOf(email: InboxEmail | undefined): string | undefined {
  return /http:\/\/localhost:\d+\/tasks\/\S+/.exec(email?.body.text ?? '')?.[0];
}
