import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Request, Response } from 'restify';
import { escapeHtml } from '../public/html';
import { STYLE_HASH } from '../public/layout';

/**
 * How the public pages answer: security headers, caching with a strong ETag per representation, Last-Modified
 * where a page is one publication, brotli or gzip when the client accepts it (Vary: Accept-Encoding), 304 for
 * If-None-Match and If-Modified-Since, and permanent redirects.
 */

export interface Reply {
  readonly status: number;
  readonly type: string;
  /** Text (UTF-8), or bytes for an image. */
  readonly body: string | Buffer;
  /** Offered as a download with this file name. */
  readonly filename?: string;
  /**
   * When the content last changed (ISO instant). Only for a page that shows one publication: a list can lose an
   * item (a withdrawal) without getting newer, so a list or feed answers If-None-Match only.
   */
  readonly lastModified?: string;
  /** For a redirect (301). */
  readonly location?: string;
  /** Extra CSP directives for this reply only (the verification page runs its same-origin script). */
  readonly cspExtra?: string;
}

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': `default-src 'none'; style-src ${STYLE_HASH}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; img-src 'self'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-site',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'Strict-Transport-Security': 'max-age=31536000',
};

/** Short enough that a withdrawal disappears within a minute; the ETag makes revalidation cheap. */
export const CACHE_CONTROL = 'public, max-age=60, must-revalidate';

/** Smaller bodies are sent as they are: compressing them saves nothing worth the CPU. */
export const COMPRESS_FROM_BYTES = 1024;

type Encoding = 'br' | 'gzip';

/** The best encoding the client accepts (RFC 9110 12.5.3): brotli before gzip, never one with q=0. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: Encoding) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return undefined;
}

function compress(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
      })
    : gzipSync(body, { level: 6 });
}

function etagsIn(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter(Boolean);
}

/** Whether the client's copy is current: If-None-Match first; If-Modified-Since only without it (RFC 9110 13.2.2). */
function notModified(req: Request, etags: readonly string[], lastModified: string | undefined): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const sent = etagsIn(ifNoneMatch);
    return sent.includes('*') || sent.some((t) => etags.includes(t));
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  if (!lastModified || Number.isNaN(since)) return false;
  return Math.floor(Date.parse(lastModified) / 1000) * 1000 <= since;
}

export function send(req: Request, res: Response, reply: Reply): void {
  const raw = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  const tag = createHash('sha256').update(raw).digest('base64url').slice(0, 32);
  const compressible = /^text\/|xml|json/.test(reply.type) && raw.length >= COMPRESS_FROM_BYTES;
  const encoding = compressible ? chooseEncoding(req.headers['accept-encoding']) : undefined;
  const body = encoding ? compress(raw, encoding) : raw;
  // A strong ETag belongs to one representation: the compressed ones get their own (RFC 9110 8.8.3).
  const etagOf = (e: Encoding | undefined) => `"${tag}${e ? `-${e}` : ''}"`;
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    ...(reply.cspExtra
      ? { 'Content-Security-Policy': `${SECURITY_HEADERS['Content-Security-Policy']}; ${reply.cspExtra}` }
      : {}),
    'Content-Type': reply.type,
    'Content-Length': String(body.length),
    Vary: 'Accept-Encoding',
  };
  if (encoding) headers['Content-Encoding'] = encoding;
  if (reply.status === 200) {
    headers['Cache-Control'] = CACHE_CONTROL;
    headers.ETag = etagOf(encoding);
    if (reply.lastModified) headers['Last-Modified'] = new Date(reply.lastModified).toUTCString();
  } else {
    headers['Cache-Control'] = reply.status === 301 ? 'public, max-age=3600' : 'no-store';
  }
  if (reply.location) headers.Location = reply.location;
  if (reply.filename) headers['Content-Disposition'] = `attachment; filename="${reply.filename}"`;
  const unchanged =
    reply.status === 200 &&
    notModified(req, [etagOf(undefined), etagOf('br'), etagOf('gzip')], reply.lastModified);
  // sendRaw: no formatter, and restify knows the response was sent. HEAD gets the headers without a body.
  if (unchanged) {
    delete headers['Content-Length'];
    delete headers['Content-Encoding'];
    res.sendRaw(304, '', headers);
  } else res.sendRaw(reply.status, body, headers);
}

/** A permanent redirect to one of our own paths (never to anything taken from the request as it is). */
export function redirect(location: string): Reply {
  return {
    status: 301,
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="nl"><title>Verplaatst</title><p><a href="${escapeHtml(location)}">Verder</a></p></html>\n`,
    location,
  };
}
