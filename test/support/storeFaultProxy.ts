import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLoopbackCertificate } from '../../src/storage/local/loopbackCertificate';

/**
 * A TLS-terminating proxy on 127.0.0.1 in front of the embedded Cosmos store, with a certificate of its own (the
 * Cosmos client trusts it the way it trusts the store: only in its loopback agent). Each request is forwarded as
 * is (the Cosmos signature does not cover the host), unless a fault is drawn for it:
 *
 * - `429`: Too Many Requests with `x-ms-retry-after-ms`, as Cosmos throttles;
 * - `503`: Service Unavailable;
 * - `hang`: never answered (the client's request timeout decides);
 * - `drop`: the connection is destroyed before the request reaches the store;
 * - `lost`: forwarded (so a write happens) but the connection is destroyed before the answer arrives.
 *
 * Shares are per request (0..1) and drawn from a seeded generator, so a failing run can be repeated.
 */

export type StoreFault = '429' | '503' | 'hang' | 'drop' | 'lost';

export interface StoreFaults {
  readonly share429?: number;
  readonly share503?: number;
  readonly shareHang?: number;
  readonly shareDrop?: number;
  readonly shareLost?: number;
  readonly retryAfterMs?: number;
  /** Only requests this accepts can get a fault (default: every request). */
  readonly only?: (request: { method: string; path: string }) => boolean;
}

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly fault: StoreFault | null;
  readonly status: number | null;
}

export interface StoreFaultProxy {
  /** The endpoint to give the Cosmos client, and the certificate it must trust. */
  readonly endpoint: string;
  readonly ca: string;
  faults: StoreFaults;
  random: () => number;
  readonly requests: ProxiedRequest[];
  /** How many of each fault were injected. */
  counts(): Record<StoreFault, number>;
  close(): Promise<void>;
}

export async function startStoreFaultProxy(target: {
  endpoint: string;
  ca: string;
}): Promise<StoreFaultProxy> {
  const certificate = await createLoopbackCertificate();
  const upstream = new URL(target.endpoint);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 64, ca: target.ca });
  const requests: ProxiedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const state = { faults: {} as StoreFaults, random: Math.random };

  const draw = (method: string, path: string): StoreFault | null => {
    const f = state.faults;
    if (f.only && !f.only({ method, path })) return null;
    const roll = state.random();
    let edge = 0;
    for (const [fault, share] of [
      ['429', f.share429],
      ['503', f.share503],
      ['hang', f.shareHang],
      ['drop', f.shareDrop],
      ['lost', f.shareLost],
    ] as const) {
      edge += share ?? 0;
      if (roll < edge) return fault;
    }
    return null;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = draw(method, path);
    const record = (status: number | null) => requests.push({ method, path, fault, status });
    if (fault === '429' || fault === '503') {
      req.resume();
      record(Number(fault));
      const retryAfter = String(state.faults.retryAfterMs ?? 10);
      res.writeHead(Number(fault), {
        'content-type': 'application/json',
        ...(fault === '429' ? { 'x-ms-retry-after-ms': retryAfter, 'x-ms-substatus': '3200' } : {}),
      });
      res.end(
        JSON.stringify({
          code: fault === '429' ? 'TooManyRequests' : 'ServiceUnavailable',
          message: 'injected',
        }),
      );
      return;
    }
    if (fault === 'hang') {
      record(null);
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (fault === 'drop') {
      record(null);
      req.socket.destroy();
      return;
    }
    const forwarded = https.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method,
        path,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      (answer) => {
        record(fault === 'lost' ? null : (answer.statusCode ?? 0));
        if (fault === 'lost') {
          // The store did the work; the client never hears of it.
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => req.socket.destroy());
    req.pipe(forwarded);
  };

  const server = https.createServer({ key: certificate.key, cert: certificate.cert }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `https://127.0.0.1:${port}/`,
    ca: certificate.cert,
    get faults() {
      return state.faults;
    },
    set faults(value: StoreFaults) {
      state.faults = value;
    },
    get random() {
      return state.random;
    },
    set random(value: () => number) {
      state.random = value;
    },
    requests,
    counts() {
      const counts: Record<StoreFault, number> = { '429': 0, '503': 0, hang: 0, drop: 0, lost: 0 };
      for (const r of requests) if (r.fault) counts[r.fault] += 1;
      return counts;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
