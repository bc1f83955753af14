import { createHash } from 'node:crypto';

/**
 * Just enough of the ARM template expression language to read a compiled Bicep template in tests:
 * resolve parameters, variables, module parameters and copy loops to concrete values.
 * Functions that only have a value during a real deployment (reference, list*, ...) give a
 * RuntimeValue, which tests can recognise but never mistake for a literal. Environment
 * functions (subscription, resourceGroup, tenant, uniqueString, guid) return fixed stand-ins.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class RuntimeValue {
  constructor(readonly description: string) {}
  toString(): string {
    return `«${this.description}»`;
  }
}

export class UnsupportedExpression extends Error {}

/** The template's own fail('...'): the deployment would stop with this message. */
export class TemplateFailure extends Error {}

export interface ArmParameter {
  type?: string;
  $ref?: string;
  defaultValue?: Json;
}

export interface ArmTemplate {
  languageVersion?: string;
  definitions?: Record<string, { type?: string; $ref?: string }>;
  parameters?: Record<string, ArmParameter>;
  variables?: Record<string, Json>;
  resources: ArmResource[] | Record<string, ArmResource>;
  outputs?: Record<string, { type: string; value: Json }>;
}

export interface ArmResource {
  type: string;
  apiVersion?: string;
  name: string;
  existing?: boolean;
  location?: Json;
  kind?: string;
  copy?: { name: string; count: Json };
  identity?: Json;
  properties?: Record<string, Json> & {
    template?: ArmTemplate;
    parameters?: Record<string, { value: Json }>;
  };
  [key: string]: unknown;
}

/** Evaluation scope of one template: its parameters and variables, and the copy index if in a loop. */
export class Scope {
  private readonly parameterCache = new Map<string, unknown>();
  private readonly variableCache = new Map<string, unknown>();

  constructor(
    readonly template: ArmTemplate,
    private readonly parameterSources: Readonly<Record<string, () => unknown>>,
    readonly copyIndex?: number,
  ) {}

  /** The top-level scope: values from a parameters file, else defaults. */
  static root(template: ArmTemplate, parameterValues: Readonly<Record<string, Json>>): Scope {
    const sources: Record<string, () => unknown> = {};
    for (const name of Object.keys(template.parameters ?? {})) {
      if (name in parameterValues) sources[name] = () => parameterValues[name];
    }
    return new Scope(template, sources);
  }

  /** The scope of a module (nested deployment with inner evaluation) declared in this scope. */
  nested(deployment: ArmResource): Scope {
    const template = deployment.properties?.template;
    if (!template) throw new Error(`${deployment.name} is not a nested deployment`);
    const sources: Record<string, () => unknown> = {};
    for (const [name, parameter] of Object.entries(deployment.properties?.parameters ?? {})) {
      sources[name] = () => this.evaluate(parameter.value);
    }
    return new Scope(template, sources);
  }

  withCopyIndex(index: number): Scope {
    return new Scope(this.template, this.parameterSources, index).shareCaches(this);
  }

  private shareCaches(from: Scope): this {
    for (const [k, v] of from.parameterCache) this.parameterCache.set(k, v);
    for (const [k, v] of from.variableCache) this.variableCache.set(k, v);
    return this;
  }

  parameter(name: string): unknown {
    if (!this.parameterCache.has(name)) {
      const source = this.parameterSources[name];
      const declared = this.template.parameters?.[name];
      if (!declared) throw new Error(`Unknown parameter ${name}`);
      let value: unknown;
      if (source) value = source();
      else if ('defaultValue' in declared) value = this.evaluate(declared.defaultValue as Json);
      else throw new Error(`Parameter ${name} has no value and no default`);
      this.parameterCache.set(name, value);
    }
    return this.parameterCache.get(name);
  }

  variable(name: string): unknown {
    if (!this.variableCache.has(name)) {
      const variables = this.template.variables ?? {};
      if (!(name in variables)) throw new Error(`Unknown variable ${name}`);
      this.variableCache.set(name, this.evaluate(variables[name] as Json));
    }
    return this.variableCache.get(name);
  }

  /** Evaluates a template value: expressions in strings, recursively through arrays and objects. */
  evaluate(value: Json): unknown {
    if (typeof value === 'string') {
      if (value.startsWith('[[')) return value.slice(1);
      if (value.startsWith('[') && value.endsWith(']')) return evaluateExpression(value.slice(1, -1), this);
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => this.evaluate(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.evaluate(v)]));
    }
    return value;
  }
}

export function resourcesOf(template: ArmTemplate): ArmResource[] {
  return Array.isArray(template.resources) ? template.resources : Object.values(template.resources);
}

export interface LocatedResource {
  readonly resource: ArmResource;
  readonly scope: Scope;
  /** Module path, e.g. ['cosmos']. */
  readonly modulePath: readonly string[];
}

/** Every resource of a template and of its modules, each with the scope it is evaluated in. */
export function allResources(scope: Scope, modulePath: readonly string[] = []): LocatedResource[] {
  const found: LocatedResource[] = [];
  for (const resource of resourcesOf(scope.template)) {
    if (resource.type === 'Microsoft.Resources/deployments' && resource.properties?.template) {
      const name = String(scope.evaluate(resource.name));
      found.push(...allResources(scope.nested(resource), [...modulePath, name]));
    } else {
      found.push({ resource, scope, modulePath });
    }
  }
  return found;
}

/** Every template (root and modules) with its module path, for checks on outputs and parameters. */
export function allTemplates(
  template: ArmTemplate,
  modulePath: readonly string[] = [],
): { template: ArmTemplate; modulePath: readonly string[] }[] {
  const found = [{ template, modulePath }];
  for (const resource of resourcesOf(template)) {
    const nested = resource.properties?.template;
    if (resource.type === 'Microsoft.Resources/deployments' && nested) {
      found.push(...allTemplates(nested, [...modulePath, resource.name]));
    }
  }
  return found;
}

/** The type of a parameter, following $ref to user-defined types ('string', 'securestring', 'object', ...). */
export function parameterType(template: ArmTemplate, parameter: ArmParameter): string {
  let current: { type?: string; $ref?: string } = parameter;
  for (let depth = 0; depth < 10 && !current.type && current.$ref; depth++) {
    const name = current.$ref.replace(/^#\/definitions\//, '');
    const next = template.definitions?.[name];
    if (!next) break;
    current = next;
  }
  return (current.type ?? 'unknown').toLowerCase();
}

// ---- expression parser and evaluator -------------------------------------------------------

type Node =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'property'; target: Node; name: string }
  | { kind: 'index'; target: Node; index: Node };

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Node {
    const node = this.expression();
    this.skipSpace();
    if (this.pos !== this.text.length) throw this.error('unexpected text');
    return node;
  }

  private error(message: string): UnsupportedExpression {
    return new UnsupportedExpression(`${message} at ${this.pos} in [${this.text}]`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }

  private expression(): Node {
    this.skipSpace();
    let node = this.primary();
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === '.') {
        this.pos++;
        node = { kind: 'property', target: node, name: this.identifier() };
      } else if (c === '[') {
        this.pos++;
        const index = this.expression();
        this.skipSpace();
        if (this.text[this.pos] !== ']') throw this.error("expected ']'");
        this.pos++;
        node = { kind: 'index', target: node, index };
      } else {
        return node;
      }
    }
  }

  private primary(): Node {
    const c = this.text[this.pos];
    if (c === "'") return this.string();
    if (c !== undefined && /[-0-9]/.test(c)) {
      const match = /^-?\d+/.exec(this.text.slice(this.pos));
      if (!match) throw this.error('bad number');
      this.pos += match[0].length;
      return { kind: 'number', value: Number(match[0]) };
    }
    const name = this.identifier();
    this.skipSpace();
    if (this.text[this.pos] !== '(') throw this.error(`expected '(' after ${name}`);
    this.pos++;
    const args: Node[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      args.push(this.expression());
      this.skipSpace();
      const sep = this.text[this.pos++];
      if (sep === ')') return { kind: 'call', name, args };
      if (sep !== ',') throw this.error("expected ',' or ')'");
    }
  }

  private identifier(): string {
    const match = /^[A-Za-z_$][A-Za-z0-9_$#]*/.exec(this.text.slice(this.pos));
    if (!match) throw this.error('expected a name');
    this.pos += match[0].length;
    return match[0];
  }

  private string(): Node {
    let value = '';
    this.pos++;
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) throw this.error('unterminated string');
      if (c === "'") {
        if (this.text[this.pos] === "'") {
          value += "'";
          this.pos++;
          continue;
        }
        return { kind: 'string', value };
      }
      value += c;
    }
  }
}

export const STAND_INS = {
  subscriptionId: '00000000-0000-0000-0000-00000000000a',
  resourceGroupName: 'rg-tafelbot-test',
  location: 'westeurope',
  tenantId: '00000000-0000-0000-0000-00000000000b',
};

const RUNTIME_FUNCTIONS = new Set([
  'reference',
  'deployment',
  'environment',
  'utcNow',
  'newGuid',
  'managementGroup',
]);

function text(value: unknown): string {
  if (value instanceof RuntimeValue) return value.toString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function hash(...parts: unknown[]): string {
  return createHash('sha256').update(parts.map(text).join('\u0000')).digest('hex');
}

function callFunction(name: string, args: unknown[], scope: Scope): unknown {
  const lower = name.toLowerCase();
  if (lower === 'reference' && typeof args[0] === 'string' && !Array.isArray(scope.template.resources)) {
    // languageVersion 2.0: reference('symbolicName') names a resource of the same template.
    const target = scope.template.resources[args[0]];
    if (target) return new RuntimeValue(`reference(${target.type} ${args[0]})`);
  }
  if (RUNTIME_FUNCTIONS.has(name) || lower.startsWith('list')) {
    return new RuntimeValue(`${name}(${args.map(text).join(', ')})`);
  }
  if (
    args.some((a) => a instanceof RuntimeValue) &&
    !['format', 'concat', 'createarray', 'createobject'].includes(lower)
  ) {
    return new RuntimeValue(`${name}(${args.map(text).join(', ')})`);
  }
  switch (lower) {
    case 'parameters':
      return scope.parameter(String(args[0]));
    case 'variables':
      return scope.variable(String(args[0]));
    case 'copyindex': {
      if (scope.copyIndex === undefined) throw new UnsupportedExpression('copyIndex() outside a copy loop');
      const offset = typeof args.at(-1) === 'number' ? (args.at(-1) as number) : 0;
      return scope.copyIndex + offset;
    }
    case 'length':
      if (typeof args[0] === 'string' || Array.isArray(args[0])) return args[0].length;
      return Object.keys(args[0] as object).length;
    case 'createarray':
      return args;
    case 'createobject': {
      const object: Record<string, unknown> = {};
      for (let i = 0; i < args.length; i += 2) object[String(args[i])] = args[i + 1];
      return object;
    }
    case 'format':
      return String(args[0]).replace(/\{(\d+)\}/g, (_m, i: string) => text(args[Number(i) + 1]));
    case 'concat':
      return Array.isArray(args[0]) ? (args as unknown[][]).flat() : args.map(text).join('');
    case 'take':
      return typeof args[0] === 'string'
        ? args[0].slice(0, Number(args[1]))
        : (args[0] as unknown[]).slice(0, Number(args[1]));
    case 'tolower':
      return String(args[0]).toLowerCase();
    case 'toupper':
      return String(args[0]).toUpperCase();
    case 'string':
      return text(args[0]);
    case 'equals':
      return JSON.stringify(args[0]) === JSON.stringify(args[1]);
    case 'not':
      return !args[0];
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return args.every(Boolean);
    case 'or':
      return args.some(Boolean);
    case 'contains':
      if (typeof args[0] === 'string') return args[0].toLowerCase().includes(String(args[1]).toLowerCase());
      if (Array.isArray(args[0]))
        return args[0].some((item) => JSON.stringify(item) === JSON.stringify(args[1]));
      return Object.keys(args[0] as object).some((k) => k.toLowerCase() === String(args[1]).toLowerCase());
    case 'fail':
      throw new TemplateFailure(String(args[0]));
    case 'empty':
      return (
        args[0] === '' ||
        args[0] === null ||
        (typeof args[0] === 'object' && Object.keys(args[0] as object).length === 0)
      );
    case 'uniquestring':
      return BigInt(`0x${hash(...args).slice(0, 16)}`)
        .toString(36)
        .padStart(13, 'a')
        .slice(0, 13);
    case 'guid': {
      const h = hash(...args);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    }
    case 'subscription':
      return {
        id: `/subscriptions/${STAND_INS.subscriptionId}`,
        subscriptionId: STAND_INS.subscriptionId,
        tenantId: STAND_INS.tenantId,
      };
    case 'resourcegroup':
      return {
        id: `/subscriptions/${STAND_INS.subscriptionId}/resourceGroups/${STAND_INS.resourceGroupName}`,
        name: STAND_INS.resourceGroupName,
        location: STAND_INS.location,
      };
    case 'tenant':
      return { tenantId: STAND_INS.tenantId };
    case 'resourceid':
    case 'extensionresourceid':
    case 'subscriptionresourceid': {
      const [type, ...names] = args.map(text) as [string, ...string[]];
      const [namespace, ...types] = type.split('/');
      const path = types.map((t, i) => `${t}/${names[i] ?? '?'}`).join('/');
      return `/subscriptions/${STAND_INS.subscriptionId}/resourceGroups/${STAND_INS.resourceGroupName}/providers/${namespace}/${path}`;
    }
    default:
      throw new UnsupportedExpression(`ARM function ${name}() is not supported by the test evaluator`);
  }
}

function evaluateNode(node: Node, scope: Scope): unknown {
  switch (node.kind) {
    case 'string':
    case 'number':
      return node.value;
    case 'call':
      // Like ARM, if() evaluates only the branch it returns, so if(ok, x, fail('...')) fails only when not ok.
      if (node.name.toLowerCase() === 'if' && node.args.length === 3) {
        const condition = evaluateNode(node.args[0] as Node, scope);
        if (condition instanceof RuntimeValue) return new RuntimeValue(`if(${condition.description}, …)`);
        return evaluateNode((condition ? node.args[1] : node.args[2]) as Node, scope);
      }
      return callFunction(
        node.name,
        node.args.map((a) => evaluateNode(a, scope)),
        scope,
      );
    case 'property': {
      const target = evaluateNode(node.target, scope);
      if (target instanceof RuntimeValue) return new RuntimeValue(`${target.description}.${node.name}`);
      if (target === null || typeof target !== 'object') {
        throw new UnsupportedExpression(`.${node.name} of a non-object`);
      }
      const record = target as Record<string, unknown>;
      const key = Object.keys(record).find((k) => k.toLowerCase() === node.name.toLowerCase());
      if (key === undefined) throw new UnsupportedExpression(`no property ${node.name}`);
      return record[key];
    }
    case 'index': {
      const target = evaluateNode(node.target, scope);
      const index = evaluateNode(node.index, scope);
      if (target instanceof RuntimeValue) return new RuntimeValue(`${target.description}[${text(index)}]`);
      if (index instanceof RuntimeValue) return new RuntimeValue(`${text(target)}[${index.description}]`);
      return (target as Record<string | number, unknown>)[index as string | number];
    }
  }
}

export function evaluateExpression(expression: string, scope: Scope): unknown {
  return evaluateNode(new Parser(expression).parse(), scope);
}
