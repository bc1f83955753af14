/**
 * The outbox pattern the features share: a change writes the broadcasts it causes into its document's outbox in
 * the same write; this works through that outbox. Each entry is enqueued from the document as it is now (read
 * again, since every step rewrites it) and then removed, with the broadcast ids recorded, in one write. A failure
 * stops the pass and leaves the rest for the scheduled task; broadcast ids are deterministic, so an entry tried
 * twice still sends once.
 */

export interface OutboxDocument<Entry extends { readonly id: string }> {
  readonly outbox: readonly Entry[];
  readonly broadcasts: readonly string[];
}

export interface OutboxSteps<
  Doc extends OutboxDocument<Entry>,
  Entry extends { readonly id: string },
  Effect,
> {
  /** The document as stored now; undefined when it is gone (nothing left to do). */
  read(): Promise<Doc | undefined>;
  /** Enqueues what the entry causes, from the document as it is now. */
  effect(doc: Doc, entry: Entry): Promise<Effect>;
  /** Writes the document without the entry (see `withoutEntry`), with whatever the effect returned. */
  settle(entry: Entry, effect: Effect): Promise<void>;
  /** Logs why the pass stopped (ids only); the entries left are tried again by the scheduled task. */
  failed(error: Error): void;
}

export async function flushOutbox<
  Doc extends OutboxDocument<Entry>,
  Entry extends { readonly id: string },
  Effect,
>(steps: OutboxSteps<Doc, Entry, Effect>): Promise<void> {
  try {
    const first = await steps.read();
    for (const entry of first?.outbox ?? []) {
      const current = await steps.read();
      if (!current) return;
      await steps.settle(entry, await steps.effect(current, entry));
    }
  } catch (error) {
    steps.failed(error as Error);
  }
}

/** The document without one outbox entry, with the broadcasts it enqueued recorded (each id once). */
export function withoutEntry<Doc extends OutboxDocument<{ readonly id: string }>>(
  doc: Doc,
  entryId: string,
  broadcastIds: readonly string[],
): Doc {
  return {
    ...doc,
    outbox: doc.outbox.filter((e) => e.id !== entryId),
    broadcasts: [...new Set([...doc.broadcasts, ...broadcastIds])],
  };
}
