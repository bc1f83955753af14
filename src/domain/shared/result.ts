/**
 * Domain operations answer with a Result instead of throwing: a refusal is an expected outcome with a message
 * for the user (Dutch first) and a stable code for tests and logs.
 */
export interface Refusal {
  readonly ok: false;
  readonly code: string;
  /** One message per problem, in Dutch, ready to show. */
  readonly messages: readonly string[];
  /** Field-specific problems, keyed by input field id, for forms. */
  readonly fieldErrors?: Readonly<Record<string, string>>;
}

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

export type Result<T> = Success<T> | Refusal;

export function succeed<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function refuse(code: string, message: string): Refusal {
  return { ok: false, code, messages: [message] };
}

export function refuseFields(code: string, fieldErrors: Record<string, string>): Refusal {
  return { ok: false, code, messages: Object.values(fieldErrors), fieldErrors };
}
