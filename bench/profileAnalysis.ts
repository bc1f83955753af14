import { readFileSync } from 'node:fs';
import { round } from './stats';

/**
 * Summarises a V8 .cpuprofile (node --cpu-prof), restricted to a time window (the measured phase, so start-up,
 * seeding and warm-up are left out): self time by component (the packages on the card action's path), the same
 * with helper code attributed to its caller, by package or Node module, the top self-time functions, and the
 * inclusive time of Tafelbot's own functions. Async functions appear once per synchronous slice (between
 * awaits), so inclusive times cover the synchronous work only.
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Slice {
  readonly name: string;
  readonly ms: number;
  /** Share of the busy (non-idle) time, %. */
  readonly percent: number;
  /** CPU µs per request when the number of requests is known. */
  readonly usPerRequest?: number;
}

/** A window in process.hrtime microseconds (CLOCK_MONOTONIC, the clock of V8's profile timestamps on Linux). */
export interface Window {
  readonly startUs: number;
  readonly endUs: number;
}

export interface ProfileSummary {
  readonly file: string;
  /** The measured phase, in process.hrtime µs (the profile's own clock). */
  readonly window?: Window;
  readonly durationMs: number;
  readonly busyMs: number;
  /** CPU time of the process over the window (process.cpuUsage or /proc), when known. */
  readonly measuredCpuMs?: number;
  readonly samples: number;
  readonly requests: number;
  readonly byComponent: Slice[];
  /** Helper code (Node core, V8 builtins, small packages) counted for the component that called it. */
  readonly byComponentAttributed: Slice[];
  readonly byPackage: Slice[];
  readonly topSelf: Slice[];
  readonly ourInclusive: Slice[];
}

const COSMOS = '@azure/cosmos (+@azure/core-*, @typespec/ts-http-runtime)';
const COSMOS_TRANSPORT = 'Cosmos transport (https client + TLS, no caller on the stack)';
const OURS = 'tafelbot (src/)';

/** The components on the card action's path; anything else is helper code, attributed to its caller. */
const COMPONENTS: ReadonlyArray<readonly [string, RegExp]> = [
  [COSMOS, /^(@azure\/.*|@typespec\/ts-http-runtime)$/],
  ['teams-ai', /^@microsoft\/teams-ai$/],
  ['botbuilder (+botframework-*)', /^(botbuilder|botframework)(-.*)?$/],
  [
    'adaptivecards-templating (+adaptive-expressions, antlr4ts)',
    /^(adaptivecards-templating|adaptive-expressions|antlr4ts)$/,
  ],
  [
    'restify (+find-my-way, formidable…)',
    /^(restify|restify-errors|find-my-way|formidable|send|mime|negotiator|spdy|csv)$/,
  ],
];
const PRIMARY = new Set([...COMPONENTS.map(([name]) => name), OURS]);

/** Native bindings of sockets and streams: they show as builtins without a URL. */
const IO_BUILTINS =
  /^(writev|writeBuffer|writeLatin1String|writeUtf8String|writeAsciiString|writeUcs2String|shutdown|readStart|readStop|onStreamRead|close)$/;
/** In the bot child the only outbound HTTP client in steady state is the Cosmos client (over TLS). */
const OUTBOUND_MODULES = /^node:(internal\/)?(_http_client|_http_agent|_tls_wrap|_tls_common|tls|https)$/;

function packageOf(url: string): string | undefined {
  const index = url.lastIndexOf('/node_modules/');
  if (index < 0) return undefined;
  const rest = url.slice(index + '/node_modules/'.length).split('/');
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

function isOurs(url: string): boolean {
  return !url.includes('/node_modules/') && /\/(dist\/bench-build\/)?src\//.test(url);
}

/** The component of a frame, and the finer package/module name. */
function classify(frame: CallFrame): { component: string; unit: string } {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return { component: 'GC', unit: 'GC' };
  if (functionName === '(program)') return { component: 'V8/native (program)', unit: '(program)' };
  if (!url) {
    if (IO_BUILTINS.test(functionName))
      return { component: 'node core (http, net, tls, streams)', unit: `socket ${functionName}` };
    return {
      component: 'V8 builtins (JSON, RegExp, microtasks…)',
      unit: `builtin ${functionName || '(anonymous)'}`,
    };
  }
  if (url.startsWith('node:'))
    return {
      component: 'node core (http, net, tls, streams)',
      unit: url.replace(/^node:(internal\/)?/, 'node:'),
    };
  const pkg = packageOf(url);
  if (pkg) {
    const match = COMPONENTS.find(([, pattern]) => pattern.test(pkg));
    return { component: match ? match[0] : 'other packages', unit: pkg };
  }
  if (isOurs(url)) return { component: OURS, unit: `src/${url.split(/\/src\//).pop()}` };
  if (/\/bench\//.test(url)) return { component: 'bench harness', unit: 'bench/' };
  return { component: 'other', unit: url };
}

/** `scale` turns sampled time into CPU time (sample intervals stretch while the process waits for a core). */
function slices(
  totals: Map<string, number>,
  busyMs: number,
  requests: number,
  limit: number,
  scale = 1,
): Slice[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({
      name,
      ms: round(us / 1000, 1),
      percent: round((us / 1000 / busyMs) * 100, 1),
      ...(requests > 0 ? { usPerRequest: round((us * scale) / requests, 1) } : {}),
    }));
}

function add<K>(map: Map<K, number>, key: K, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/**
 * `measuredCpuMs` (process.cpuUsage over the same window), when given, scales the µs-per-request columns so they
 * add up to the CPU the process really used; the percentages are the profile's own.
 */
export function analyseProfile(
  file: string,
  requests = 0,
  window?: Window,
  measuredCpuMs?: number,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Self time of a sample: the time until the next sample; only samples inside the window count.
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.startUs || at > window.endUs)) continue;
    samples++;
    add(selfUs, profile.samples[i] ?? 0, profile.timeDeltas[i + 1] ?? 0);
  }

  const classified = new Map<number, { component: string; unit: string }>();
  const classOf = (id: number): { component: string; unit: string } => {
    let known = classified.get(id);
    if (!known) {
      known = classify(byId.get(id)?.callFrame ?? { functionName: '', url: '', lineNumber: 0 });
      classified.set(id, known);
    }
    return known;
  };
  const attributed = (id: number): string => {
    const own = classOf(id).component;
    if (PRIMARY.has(own)) return own;
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
      const component = classOf(p).component;
      if (PRIMARY.has(component)) return component;
    }
    const unit = classOf(id).unit;
    if (OUTBOUND_MODULES.test(unit)) return COSMOS_TRANSPORT;
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) {
      if (OUTBOUND_MODULES.test(classOf(p).unit)) return COSMOS_TRANSPORT;
    }
    return own;
  };

  let busyUs = 0;
  const byComponent = new Map<string, number>();
  const byAttributed = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(root)') continue;
    busyUs += us;
    const { component, unit } = classOf(id);
    add(byComponent, component, us);
    add(byAttributed, attributed(id), us);
    add(byPackage, unit, us);
    add(byFunction, `${functionName || '(anonymous)'}  ${url ? `${unit}:${lineNumber + 1}` : unit}`, us);
  }

  // Inclusive time of our functions: self time of the node and everything it called (synchronously).
  const inclusive = new Map<number, number>();
  const total = (node: ProfileNode): number => {
    const known = inclusive.get(node.id);
    if (known !== undefined) return known;
    let sum = selfUs.get(node.id) ?? 0;
    for (const child of node.children ?? []) {
      const c = byId.get(child);
      if (c) sum += total(c);
    }
    inclusive.set(node.id, sum);
    return sum;
  };
  const ourInclusive = new Map<string, number>();
  const visit = (node: ProfileNode, ancestors: Set<string>): void => {
    let key: string | undefined;
    // Module bodies (line 1, no name) ran at start-up; what shows under them later is their callbacks.
    if (isOurs(node.callFrame.url) && (node.callFrame.functionName || node.callFrame.lineNumber > 0)) {
      key = `${node.callFrame.functionName || '(anonymous)'}  ${classOf(node.id).unit}:${node.callFrame.lineNumber + 1}`;
      // A function called from itself (or re-entered below itself) is counted once.
      if (!ancestors.has(key)) add(ourInclusive, key, total(node));
    }
    const next = key ? new Set(ancestors).add(key) : ancestors;
    for (const child of node.children ?? []) {
      const c = byId.get(child);
      if (c) visit(c, next);
    }
  };
  const root = profile.nodes[0];
  if (root) visit(root, new Set());

  const durationMs = window
    ? (Math.min(window.endUs, profile.endTime) - Math.max(window.startUs, profile.startTime)) / 1000
    : (profile.endTime - profile.startTime) / 1000;
  const busyMs = Math.max(1e-9, busyUs / 1000);
  const scale = measuredCpuMs && measuredCpuMs > 0 ? measuredCpuMs / busyMs : 1;
  return {
    file,
    ...(window ? { window } : {}),
    durationMs: round(durationMs, 0),
    busyMs: round(busyMs, 0),
    ...(measuredCpuMs === undefined ? {} : { measuredCpuMs: round(measuredCpuMs, 0) }),
    samples,
    requests,
    byComponent: slices(byComponent, busyMs, requests, 20, scale),
    byComponentAttributed: slices(byAttributed, busyMs, requests, 20, scale),
    byPackage: slices(byPackage, busyMs, requests, 25, scale),
    topSelf: slices(byFunction, busyMs, requests, 30, scale),
    ourInclusive: slices(ourInclusive, busyMs, requests, 20, scale),
  };
}
