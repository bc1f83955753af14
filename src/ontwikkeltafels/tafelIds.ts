import { createHash } from 'node:crypto';

/**
 * The ids of ontwikkeltafel records and broadcasts. Each comes from what caused it (the invoke, the report and
 * decision), so repeating a step finds what the first attempt made instead of making a second.
 */

const BROADCAST_ID = /^[a-z0-9][a-z0-9-]{2,100}$/;

/** The hex SHA-256 of a text: ids and keys derived from what the caller sent. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A new table's id comes from the invoke that created it, so a redelivered create finds the first table. */
export function tafelIdFor(idempotencyKey: string): string {
  return `ot-${sha256(idempotencyKey).slice(0, 12)}`;
}

/** One voorstel per requested decision: a repeated "make it a voorstel" finds the one made before. */
export function voorstelIdForDecision(reportId: string, decisionId: string): string {
  return `vs-${sha256(`ontwikkeltafel:${reportId}:${decisionId}`).slice(0, 12)}`;
}

/** A broadcast id from its parts; hashed when the parts would not make a valid (short, lower-case) id. */
export function broadcastIdFor(...parts: string[]): string {
  const id = parts.join('-').toLowerCase();
  return BROADCAST_ID.test(id) ? id : `ot-${sha256(id).slice(0, 32)}`;
}
