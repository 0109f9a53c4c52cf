/**
 * AWS's DynamoDB Local (the jar shipped in the npm package amplify-dynamodb-simulator), run on the
 * machine's Java, listening on 127.0.0.1 only (a tiny launcher, compiled once with the machine's
 * javac, sets the host its own launcher cannot).
 *
 * It runs in its own process group, so Ctrl-C or a SIGTERM to `npm start`'s group reaches only
 * Node, which stops the platform in order and DynamoDB Local last. A small shell guard ends the
 * JVM when this process ends, even by SIGKILL: it waits on a pipe from us, and the pipe closes
 * when we die.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  endpoint: string;
  stop: () => Promise<void>;
}

export function emulatorFolder(): string {
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

const installHint =
  'On Debian or Ubuntu: sudo apt-get install -y openjdk-17-jdk-headless (DynamoDB Local runs on Java 17+, and its loopback launcher is compiled with javac).';

export function assertJava(): void {
  for (const tool of ['java', 'javac']) {
    const probe = spawnSync(tool, ['-version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0)
      throw new Error(`${tool} is needed to run DynamoDB Local. ${installHint}`);
  }
}

const launcherSource = resolve(__dirname, 'java', 'KafaatDynamoDbLocal.java');

function classpath(emulator: string, extra: string[] = []): string {
  return [...extra, join(emulator, 'DynamoDBLocal.jar'), join(emulator, 'DynamoDBLocal_lib', '*')].join(':');
}

/** Compiles the loopback launcher once per source version, into node_modules/.cache. */
export function launcherClasses(emulator = emulatorFolder()): string {
  const hash = createHash('sha256').update(readFileSync(launcherSource)).digest('hex').slice(0, 12);
  const out = resolve(__dirname, '..', '..', 'node_modules', '.cache', 'kafaat-dynamodb-local', hash);
  if (existsSync(join(out, 'KafaatDynamoDbLocal.class'))) return out;
  mkdirSync(out, { recursive: true });
  const compiled = spawnSync('javac', ['-d', out, '-cp', classpath(emulator), launcherSource], {
    encoding: 'utf8',
  });
  if (compiled.error || compiled.status !== 0) {
    throw new Error(
      `Could not compile the DynamoDB Local launcher: ${compiled.stderr || compiled.error?.message}. ${installHint}`,
    );
  }
  return out;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** DynamoDB Local's heap by default: enough for the tests and `npm start`'s pilots. */
export const DEFAULT_HEAP_MB = 512;

export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
  /**
   * Its Java heap's ceiling. In memory, a cohort of thousands of journeys holds hundreds of MB of
   * items and histories: in 512 MB the collector runs hundreds of times a minute (the bench's
   * 5,500 cohort, 14 minutes in, spent about 30 % of Java's CPU collecting), which is this
   * setting's cost, not the store's.
   */
  heapMb?: number;
}): Promise<DynamoDbLocal> {
  assertJava();
  const emulator = emulatorFolder();
  const classes = launcherClasses(emulator);
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const java = [
    'java',
    `-Xmx${options.heapMb ?? DEFAULT_HEAP_MB}m`,
    `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
    '-cp',
    classpath(emulator, [classes]),
    'KafaatDynamoDbLocal',
    '-port',
    String(options.port),
    '-sharedDb',
    // No telemetry leaves the machine, and no web page may call the database from a browser.
    '-disableTelemetry',
    '-cors',
    'http://127.0.0.1:1',
    ...storage,
  ];
  // The guard: run the JVM, and stop it as soon as our end of stdin closes (we stopped or died).
  const guard = 'exec 3<&0; "$@" </dev/null & pid=$!; cat <&3 >/dev/null; kill $pid 2>/dev/null; wait $pid';
  const child: ChildProcess = spawn('sh', ['-c', guard, 'dynamodb-local', ...java], {
    stdio: ['pipe', 'ignore', 'pipe'],
    cwd: options.dataDir ?? tmpdir(),
    detached: true, // its own process group: signals to npm start's group do not reach it
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const started = Date.now();
  try {
    for (;;) {
      if (exited(child)) throw new Error(`DynamoDB Local did not start: ${stderr.trim()}`);
      try {
        await client.send(new ListTablesCommand({}));
        break;
      } catch {
        if (Date.now() - started > 30_000) {
          killGroup();
          throw new Error(
            `DynamoDB Local did not answer on port ${options.port} within 30 s. ${stderr.trim()}`,
          );
        }
        await new Promise((resolveWait) => setTimeout(resolveWait, 150));
      }
    }
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    /** Asks the JVM to stop (SIGTERM through the guard); after `graceMs`, kills its group. */
    stop: (graceMs = 1500) =>
      new Promise<void>((resolveStop) => {
        if (exited(child)) return resolveStop();
        const timer = setTimeout(killGroup, graceMs);
        child.once('exit', () => {
          clearTimeout(timer);
          resolveStop();
        });
        child.stdin?.end();
      }),
  };
}
