import type { IncomingMessage } from 'node:http';

/**
 * Reads a JSON request body ourselves instead of restify's bodyParser: that plugin gunzips without an error
 * listener (one bad gzip body ends the process, restify #1785), applies its size limit before decompression,
 * and parses multipart uploads into temp files nobody deletes. Here the limit holds for what is parsed, only
 * application/json is accepted, and a request body that is encoded in any way is refused.
 */

export type BodyResult =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly status: number; readonly message: string };

export const MAX_BODY_BYTES = 256 * 1024;

/** 415 for a Content-Encoding other than identity: nothing Tafelbot serves needs a compressed request body. */
export function encodingProblem(req: IncomingMessage): BodyResult | undefined {
  const encoding = req.headers['content-encoding'];
  if (encoding === undefined) return undefined;
  const codings = String(encoding)
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c.length > 0);
  if (codings.every((c) => c === 'identity')) return undefined;
  return { ok: false, status: 415, message: 'Content-Encoding is not supported: send the body uncompressed' };
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const mediaType = value.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json';
}

/** Reads and parses the body, stopping at `limit` bytes; never throws, and leaves nothing behind. */
export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const refused = encodingProblem(req);
  if (refused) return Promise.resolve(refused);
  if (!isJsonContentType(req.headers['content-type'])) {
    return Promise.resolve({ ok: false, status: 415, message: 'Content-Type must be application/json' });
  }
  const tooLarge: BodyResult = {
    ok: false,
    status: 413,
    message: `Request body size exceeds ${limit} bytes`,
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge);

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) {
        // Stop reading; the caller answers 413 and closes the connection instead of draining the rest.
        req.pause();
        settle(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('error', () => settle({ ok: false, status: 400, message: 'The request body could not be read' }));
    req.on('close', () => {
      if (!req.complete) settle({ ok: false, status: 400, message: 'The request body was cut off' });
    });
    req.on('end', () => {
      if (settled) return;
      const text = Buffer.concat(chunks, received).toString('utf8');
      try {
        settle({ ok: true, body: JSON.parse(text) as unknown });
      } catch {
        settle({ ok: false, status: 400, message: 'The body is not valid JSON' });
      }
    });
  });
}
