/**
 * AWS's DynamoDB Local (the jar shipped in the npm package amplify-dynamodb-simulator), run on the
 * machine's Java. A small shell guard ends the JVM when this process ends, even by SIGKILL: it
 * waits on a pipe from us, and the pipe closes when we die.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  endpoint: string;
  stop: () => Promise<void>;
}

export function emulatorFolder(): string {
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'Java 17 or newer is needed to run DynamoDB Local. On Debian or Ubuntu: sudo apt-get install -y openjdk-17-jre-headless',
    );
  }
}

export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
}): Promise<DynamoDbLocal> {
  assertJava();
  const emulator = emulatorFolder();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const java = [
    'java',
    '-Xmx512m',
    `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(emulator, 'DynamoDBLocal.jar'),
    '-port',
    String(options.port),
    '-sharedDb',
    // No telemetry leaves the machine, and no web page may call the database from a browser.
    '-disableTelemetry',
    '-cors',
    'http://127.0.0.1:1',
    ...storage,
  ];
  // The guard: run the JVM, and kill it as soon as our end of stdin closes (we exited or died).
  const guard = 'exec 3<&0; "$@" </dev/null & pid=$!; cat <&3 >/dev/null; kill $pid 2>/dev/null; wait $pid';
  const child: ChildProcess = spawn('sh', ['-c', guard, 'dynamodb-local', ...java], {
    stdio: ['pipe', 'ignore', 'pipe'],
    cwd: options.dataDir ?? tmpdir(),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local did not start: ${stderr.trim()}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() - started > 30_000) {
        child.kill('SIGKILL');
        throw new Error(
          `DynamoDB Local did not answer on port ${options.port} within 30 s. ${stderr.trim()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}
