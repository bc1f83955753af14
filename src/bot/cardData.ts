/**
 * Validation of Action.Execute data and message text before anything reaches the domain. Teams sends whatever
 * the card (or a tampering client) put there: every field is checked for type and size here.
 */

export class InvalidCardDataError extends Error {
  constructor(readonly field: string) {
    super(`Invalid card data in field ${field}`);
    this.name = 'InvalidCardDataError';
  }
}

export type CardData = Readonly<Record<string, unknown>>;

export function asCardData(value: unknown): CardData {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidCardDataError('data');
  return value as CardData;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9:_-]{0,127}$/;

/** A required identifier produced by Tafelbot itself (organisation id, person id, ...). */
export function requireId(data: CardData, field: string): string {
  const value = data[field];
  if (typeof value !== 'string' || !ID.test(value)) throw new InvalidCardDataError(field);
  return value;
}

export function optionalId(data: CardData, field: string): string | undefined {
  const value = data[field];
  if (value === undefined || value === null || value === '') return undefined;
  return requireId(data, field);
}

/** A free text input; absent becomes ''. Longer than `max` is refused, not truncated. */
export function optionalText(data: CardData, field: string, max: number): string {
  const value = data[field];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    throw new InvalidCardDataError(field);
  const text = String(value);
  if (text.length > max) throw new InvalidCardDataError(field);
  return text;
}

export function requireChoice<T extends string>(data: CardData, field: string, choices: readonly T[]): T {
  const value = data[field];
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value))
    throw new InvalidCardDataError(field);
  return value as T;
}
