import http from 'node:http';

/**
 * A closed-loop HTTP load generator: `clients` concurrent clients, each sending its requests one after the
 * other over a keep-alive connection of its own, timing each from the first byte written to the last byte read.
 */

export interface LoadOptions {
  readonly port: number;
  readonly path: string;
  readonly clients: number;
  readonly requestsPerClient: number;
  /** The JSON body of the n-th request (0-based over the whole run). */
  readonly body: (n: number) => string;
  /** True when the response is the one expected; anything else counts as an error. */
  readonly accept: (status: number, body: string) => boolean;
  readonly timeoutMs?: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly errorSamples: string[];
  readonly elapsedMs: number;
  /** Latency of every request in ms (errors included), in completion order. */
  readonly latenciesMs: Float64Array;
}

function post(
  agent: http.Agent,
  options: LoadOptions,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: options.port,
        path: options.path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.clients,
    maxFreeSockets: options.clients,
  });
  const total = options.clients * options.requestsPerClient;
  const latencies = new Float64Array(total);
  let completed = 0;
  let issued = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const fail = (what: string): void => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(what.slice(0, 300));
  };
  const client = async (): Promise<void> => {
    for (let i = 0; i < options.requestsPerClient; i++) {
      const body = options.body(issued++);
      const start = performance.now();
      try {
        const response = await post(agent, options, body);
        latencies[completed++] = performance.now() - start;
        if (!options.accept(response.status, response.body))
          fail(`HTTP ${response.status}: ${response.body}`);
      } catch (error) {
        latencies[completed++] = performance.now() - start;
        fail(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.clients }, client));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { requests: total, errors, errorSamples, elapsedMs, latenciesMs: latencies };
}
