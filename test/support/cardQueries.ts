import { cardText } from './botHarness';

/**
 * Finding things on a rendered Adaptive Card regardless of its layout, for the HTTP tests that press buttons and
 * fill forms: every object in the card, the data of an Action.Execute, the current values of its inputs.
 */

export type Card = Record<string, unknown>;

/** Every object in a card, depth first (a node before its children). */
export function cardNodes(card: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      found.push(node as Record<string, unknown>);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The data of the first Action.Execute with this verb (and, when given, data that `where` accepts). */
export function actionData(
  card: unknown,
  verb: string,
  where: (data: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown> {
  const action = cardNodes(card).find(
    (n) => n.type === 'Action.Execute' && n.verb === verb && where((n.data ?? {}) as Record<string, unknown>),
  );
  if (!action) throw new Error(`no ${verb} action on the card: ${cardText(card).slice(0, 600)}`);
  return (action.data ?? {}) as Record<string, unknown>;
}

/** The inputs of a card by id, with their current values (what pressing a submit button would send). */
export function inputsOf(card: unknown): Record<string, unknown> {
  return Object.fromEntries(
    cardNodes(card)
      .filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string')
      .map((n) => [n.id as string, n.value ?? '']),
  );
}
