import {
  allResources,
  evaluateExpression,
  RuntimeValue,
  Scope,
  TemplateFailure,
  UnsupportedExpression,
  type ArmTemplate,
} from './armTemplate';

// The evaluator behind test/infra/bicep.test.ts, on small hand-written templates.

const template: ArmTemplate = {
  languageVersion: '2.0',
  parameters: {
    names: { type: 'array' },
    prefix: { type: 'string', defaultValue: "[format('{0}-x', 'p')]" },
  },
  variables: {
    '$fxv#0': {
      list: [
        { id: 'a', pk: '/id' },
        { id: 'b', pk: '/b' },
      ],
    },
    declared: "[variables('$fxv#0')]",
    quoted: '[[not an expression]',
  },
  resources: {
    store: { type: 'Test/stores', name: "[parameters('prefix')]", properties: { value: 1 } },
    mod: {
      type: 'Microsoft.Resources/deployments',
      name: 'mod',
      properties: {
        parameters: {
          items: { value: "[variables('declared').list]" },
          fromRuntime: { value: "[reference('store').value]" },
        },
        template: {
          parameters: { items: { type: 'array' }, fromRuntime: { type: 'string' } },
          resources: {
            loop: {
              type: 'Test/stores/items',
              name: "[format('{0}/{1}', 'db', parameters('items')[copyIndex()].id)]",
              copy: { name: 'loop', count: "[length(parameters('items'))]" },
              properties: {
                paths: ["[parameters('items')[copyIndex()].pk]"],
                runtime: "[parameters('fromRuntime')]",
              },
            },
          },
        },
      },
    },
  },
};

describe('ARM template evaluator', () => {
  const root = Scope.root(template, { names: ['x'] });

  test('parameters, defaults, variables and escaped literals', () => {
    expect(root.parameter('names')).toEqual(['x']);
    expect(root.parameter('prefix')).toBe('p-x');
    expect(root.variable('declared')).toEqual({
      list: [
        { id: 'a', pk: '/id' },
        { id: 'b', pk: '/b' },
      ],
    });
    expect(root.variable('quoted')).toBe('[not an expression]');
  });

  test('copy loops in a module resolve through the module parameters', () => {
    const loop = allResources(root).find((r) => r.resource.type === 'Test/stores/items')!;
    expect(loop.modulePath).toEqual(['mod']);
    const count = loop.scope.evaluate(loop.resource.copy!.count) as number;
    const items = Array.from({ length: count }, (_, i) =>
      loop.scope.withCopyIndex(i).evaluate(loop.resource.name),
    );
    expect(items).toEqual(['db/a', 'db/b']);
    const properties = loop.scope.withCopyIndex(1).evaluate(loop.resource.properties!) as Record<
      string,
      unknown
    >;
    expect(properties.paths).toEqual(['/b']);
  });

  test('deployment-time values stay opaque', () => {
    const loop = allResources(root).find((r) => r.resource.type === 'Test/stores/items')!;
    const properties = loop.scope.withCopyIndex(0).evaluate(loop.resource.properties!) as Record<
      string,
      unknown
    >;
    expect(properties.runtime).toBeInstanceOf(RuntimeValue);
    expect(String(properties.runtime)).toBe('«reference(Test/stores store).value»');
    expect(String(evaluateExpression("listKeys('x', '2024-01-01').keys[0]", root))).toMatch(/^«listKeys/);
  });

  test('unknown functions are reported, not guessed', () => {
    expect(() => evaluateExpression("someNewFunction('a')", root)).toThrow(UnsupportedExpression);
    expect(() => evaluateExpression('copyIndex()', root)).toThrow(UnsupportedExpression);
  });

  test('if() evaluates only the branch it returns, so a guarded fail() fails only when reached', () => {
    expect(evaluateExpression("if(true(), 'ok', fail('not reached'))", root)).toBe('ok');
    expect(() => evaluateExpression("if(false(), 'ok', fail('reached'))", root)).toThrow(TemplateFailure);
    expect(evaluateExpression("if(contains(createArray('P0v3', 'P1v3'), 'P1v3'), 1, 2)", root)).toBe(1);
    expect(evaluateExpression("and(true(), or(false(), contains('abc', 'B')))", root)).toBe(true);
  });

  test("string literals with '' escapes and nested calls", () => {
    expect(evaluateExpression("format('{0}''s {1}', toUpper('a'), take('bcdef', 2))", root)).toBe("A's bc");
    expect(evaluateExpression("createArray(1, 'two')[1]", root)).toBe('two');
  });
});
