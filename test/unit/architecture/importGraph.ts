import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The import graph of a TypeScript source tree, built with the compiler's parser only (no bundler, no resolver
 * plugins): every `import ... from`, `import type ... from`, `export ... from` and `import x = require()` with a
 * relative specifier is an edge. Type-only imports count: a cycle through types still ties the modules together
 * (neither can be read, moved or split without the other). Package imports and JSON files are not nodes.
 */

/** Module (path relative to the root, with '/') -> the modules it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

export interface SourceTree {
  /** Paths relative to the root, with '/'. */
  readonly files: readonly string[];
  readonly read: (file: string) => string;
}

export function sourceTreeOf(root: string, under: string): SourceTree {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  walk(resolve(root, under));
  return { files: files.sort(), read: (file) => readFileSync(join(root, file), 'utf8') };
}

/** The relative module specifiers a file's import and export statements name. */
export function importSpecifiersOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference)
    ) {
      specifier = statement.moduleReference.expression;
    }
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) {
      specifiers.push(specifier.text);
    }
  }
  return specifiers;
}

export function importGraphOf(tree: SourceTree): ImportGraph {
  const known = new Set(tree.files);
  const resolveSpecifier = (from: string, specifier: string): string | undefined => {
    const base = join(dirname(from), specifier).split(sep).join('/');
    return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => known.has(candidate));
  };
  const graph = new Map<string, string[]>();
  for (const file of tree.files) {
    const targets = importSpecifiersOf(file, tree.read(file))
      .map((specifier) => resolveSpecifier(file, specifier))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Tarjan's strongly connected components: every component with more than one module, or a self-import. */
export function stronglyConnectedComponents(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  const visit = (node: string): void => {
    index.set(node, counter);
    lowLink.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node) ?? 0, lowLink.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (lowLink.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfImport = component.length === 1 && (graph.get(node) ?? []).includes(node);
    if (component.length > 1 || selfImport) components.push(component.sort());
  };

  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

/** One concrete cycle inside a component, as a path that starts and ends at the same module. */
export function cyclePathIn(graph: ImportGraph, component: readonly string[]): string[] {
  const members = new Set(component);
  const start = component[0];
  if (start === undefined) return [];
  // Breadth-first from the start back to itself, staying inside the component: the shortest such cycle.
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = cameFrom.get(at)) {
          path.unshift(at);
        }
        path.unshift(start);
        return path;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Every import cycle, each as 'a.ts -> b.ts -> a.ts'. */
export function importCycles(graph: ImportGraph): string[] {
  return stronglyConnectedComponents(graph).map((component) => cyclePathIn(graph, component).join(' -> '));
}
