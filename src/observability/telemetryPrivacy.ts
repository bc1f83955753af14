import { maskEmailAddresses } from './logger';

/**
 * What a span may carry out of the process. Query strings go (the .ics link's calendar token is one, in
 * `?token=`; Azure SDK and managed identity calls carry client ids and such), client IP addresses of incoming
 * requests go (visitors of the public pages), and e-mail addresses are masked wherever they appear (document ids
 * of claims stored before they were hashed, a crafted request path, an error message).
 *
 * The rewrite happens in onEnding: the span is still writable then, and every span processor's onEnd (the
 * standard metrics, the batch exporter) sees only the cleaned span. Nothing here loads OpenTelemetry.
 */

/** SpanKind.SERVER of @opentelemetry/api, as a number so this module needs no runtime import of the API. */
const SERVER_SPAN = 1;

/** Attributes holding a whole URL: kept without query and fragment. */
const URL_KEYS = ['url.full', 'http.url'];
/** Attributes holding a path with query (the older HTTP conventions): kept without query. */
const TARGET_KEYS = ['http.target'];
const DROPPED_KEYS = ['url.query', 'url.fragment'];
/** Who called us: the client's address (incoming requests only; on outgoing calls these name the server). */
const CLIENT_ADDRESS_KEYS = [
  'client.address',
  'client.port',
  'network.peer.address',
  'network.peer.port',
  'http.client_ip',
  'net.peer.ip',
  'net.peer.port',
  'net.sock.peer.addr',
  'net.sock.peer.port',
  'microsoft.client.ip',
];

/** The parts of an SDK span this needs (the SDK's Span, as onEnding receives it, has them all). */
export interface WritableSpan {
  readonly name: string;
  readonly kind: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: ReadonlyArray<{ readonly attributes?: Readonly<Record<string, unknown>> }>;
  updateName(name: string): unknown;
}

function withoutQuery(text: string): string {
  return text.replace(/[?#].*$/s, '');
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Masks e-mail addresses, also percent-encoded ones (`%40` in a URL); an unchanged text keeps its encoding. */
export function maskText(text: string): string {
  const plain = decoded(text);
  const masked = maskEmailAddresses(plain);
  return masked === plain ? text : masked;
}

function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? maskText(v) : v));
  return value;
}

function maskAttributes(attributes: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(attributes)) {
    const masked = maskValue(value);
    if (masked !== value) attributes[key] = masked;
  }
}

/** Cleans one span in place (see the module comment). */
export function scrubSpan(span: WritableSpan): void {
  // The SDK types attributes as readonly for exporters; before the span ends they are the span's own record.
  const attributes = span.attributes as Record<string, unknown>;
  for (const key of URL_KEYS)
    if (typeof attributes[key] === 'string') attributes[key] = withoutQuery(attributes[key]);
  for (const key of TARGET_KEYS)
    if (typeof attributes[key] === 'string') attributes[key] = withoutQuery(attributes[key]);
  for (const key of DROPPED_KEYS) delete attributes[key];
  const server = span.kind === SERVER_SPAN;
  if (server) for (const key of CLIENT_ADDRESS_KEYS) delete attributes[key];
  maskAttributes(attributes);
  for (const event of span.events) if (event.attributes) maskAttributes(event.attributes);

  // Incoming HTTP spans are named by their method only; the path makes the request telemetry readable.
  const method = attributes['http.request.method'] ?? attributes['http.method'];
  const path = attributes['url.path'] ?? attributes['http.target'];
  const name =
    server && typeof method === 'string' && typeof path === 'string' ? `${method} ${path}` : span.name;
  const cleanName = maskText(withoutQuery(name));
  if (cleanName !== span.name) span.updateName(cleanName);
}

/** A span processor (the distro's spanProcessors option) that applies scrubSpan to every span as it ends. */
export const privacySpanProcessor = {
  onStart(): void {},
  onEnding(span: WritableSpan): void {
    scrubSpan(span);
  },
  // onEnding has done the work; the processors after this one see the cleaned span.
  onEnd(): void {},
  forceFlush: (): Promise<void> => Promise.resolve(),
  shutdown: (): Promise<void> => Promise.resolve(),
};
