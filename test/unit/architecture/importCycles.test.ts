import { resolve } from 'node:path';
import {
  importCycles,
  importGraphOf,
  importSpecifiersOf,
  sourceTreeOf,
  stronglyConnectedComponents,
  type SourceTree,
} from './importGraph';

/** Modules that import each other cannot be understood, tested or moved alone: src/ has no import cycles. */

const ROOT = resolve(__dirname, '../../..');

function inMemoryTree(files: Record<string, string>): SourceTree {
  return { files: Object.keys(files).sort(), read: (file) => files[file] ?? '' };
}

describe('import cycles', () => {
  it('src/ has none, type-only imports included', () => {
    const graph = importGraphOf(sourceTreeOf(ROOT, 'src'));
    // Guards the guard: the walk found the tree and its edges.
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/bot/turn.ts')).toContain('src/cards/renderCard.ts');
    expect(importCycles(graph)).toEqual([]);
  });

  it('reports a cycle through type imports and re-exports with its path', () => {
    const tree = inMemoryTree({
      'src/domain/voorstel.ts': "import type { Reaction } from './reacties';\nexport interface Voorstel {}",
      'src/domain/reacties.ts': "import { isOpen } from './stemming';\nexport interface Reaction {}",
      'src/domain/stemming.ts': "export { type Voorstel } from './voorstel';\nexport const isOpen = true;",
      'src/domain/index.ts': "export * from './voorstel';",
      'src/bot/handler.ts': "import { Voorstel } from '../domain';\nimport 'botbuilder';",
    });
    expect(importCycles(importGraphOf(tree))).toEqual([
      'src/domain/reacties.ts -> src/domain/stemming.ts -> src/domain/voorstel.ts -> src/domain/reacties.ts',
    ]);
  });

  it('finds every strongly connected component, a self-import included, and nothing in a DAG', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', ['e']],
      ['e', ['d']],
      ['f', ['f']],
      ['g', ['a']],
    ]);
    expect(stronglyConnectedComponents(graph)).toEqual(
      expect.arrayContaining([['a', 'b', 'c'], ['d', 'e'], ['f']]),
    );
    expect(importCycles(graph)).toHaveLength(3);
    expect(importCycles(graph)).toContain('f -> f');
    expect(
      importCycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('reads import, import type, export from and import = require; not packages or dynamic imports', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export * from './c';",
      "export type { D } from './d';",
      "import e = require('./e');",
      "import 'botbuilder';",
      "const lazy = () => import('./f');",
      'export const x = 1;',
    ].join('\n');
    expect(importSpecifiersOf('x.ts', text)).toEqual(['./a', '../b', './c', './d', './e']);
  });
});
