/**
 * A file sent by a page's form (`multipart/form-data`, as `<input type="file">` sends it), read
 * with busboy from the body API Gateway hands over (base64 for binary bodies).
 */
import Busboy from 'busboy';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { header } from './http';

export type FormFile =
  | { ok: true; bytes: Buffer; fileName: string }
  | { ok: false; reason: 'missing' | 'tooLarge' | 'unreadable' };

/** The file of the form field `field`, at most `maxBytes` long; the other fields are ignored. */
export function fileOfForm(
  event: APIGatewayProxyEventV2,
  field: string,
  maxBytes: number,
): Promise<FormFile> {
  const contentType = header(event, 'content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data'))
    return Promise.resolve({ ok: false, reason: 'missing' });
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  return new Promise((resolve) => {
    let found: FormFile = { ok: false, reason: 'missing' };
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fileSize: maxBytes } });
    } catch {
      resolve({ ok: false, reason: 'unreadable' });
      return;
    }
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        found = { ok: false, reason: 'tooLarge' };
      });
      stream.on('close', () => {
        if (name !== field || (found.ok === false && found.reason === 'tooLarge')) return;
        const bytes = Buffer.concat(chunks);
        found =
          bytes.length === 0
            ? { ok: false, reason: 'missing' }
            : { ok: true, bytes, fileName: info.filename ?? '' };
      });
    });
    parser.on('error', () => resolve({ ok: false, reason: 'unreadable' }));
    parser.on('close', () => resolve(found));
    parser.end(body);
  });
}
