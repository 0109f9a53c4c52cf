/**
 * The local Secrets Manager endpoint: the one operation the functions use, GetSecretValue, over
 * the AWS JSON 1.1 protocol the SDK's SecretsManagerClient speaks (what Powertools Parameters'
 * getSecret calls). It serves the platform's own secrets, kept in the data folder.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './functions';

export const LOCAL_LINK_SIGNING_SECRET_NAME = 'kafaat/link-signing-secret';

export function localSecretArn(name: string): string {
  return `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${name}`;
}

async function readBody(request: import('node:http').IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSecretsEndpoint(
  secrets: Record<string, string>,
  port = 0,
  host = '127.0.0.1',
): Promise<{ server: Server; endpoint: string }> {
  const created = Date.now() / 1000;
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    };
    void (async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      let body: { SecretId?: unknown };
      try {
        body = JSON.parse((await readBody(request)) || '{}') as { SecretId?: unknown };
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'Body is not JSON' });
      }
      if (target !== 'secretsmanager.GetSecretValue') {
        return reply(400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
      }
      const id = typeof body.SecretId === 'string' ? body.SecretId : '';
      const name = Object.keys(secrets).find((n) => n === id || localSecretArn(n) === id);
      if (!name) {
        return reply(400, {
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        });
      }
      reply(200, {
        ARN: localSecretArn(name),
        Name: name,
        SecretString: secrets[name],
        VersionId: 'local',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: created,
      });
    })().catch(() => reply(500, { __type: 'InternalServiceError', message: 'The local endpoint failed' }));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolveListen);
  });
  return { server, endpoint: `http://${host}:${(server.address() as AddressInfo).port}` };
}
