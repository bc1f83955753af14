import { flushOutbox, withoutEntry, type OutboxDocument } from '../../../src/delivery/outboxFlush';

interface Doc extends OutboxDocument<{ id: string }> {
  readonly version: number;
}

function store(initial: Doc | undefined) {
  let doc = initial;
  const effects: string[] = [];
  const errors: string[] = [];
  return {
    get doc() {
      return doc;
    },
    effects,
    errors,
    steps: (fail?: string) => ({
      read: async () => doc,
      effect: async (current: Doc, entry: { id: string }) => {
        if (entry.id === fail) throw new Error(`could not enqueue ${entry.id}`);
        effects.push(`${entry.id}@v${current.version}`);
        return [`${entry.id}-broadcast`];
      },
      settle: async (entry: { id: string }, broadcastIds: readonly string[]) => {
        doc = { ...withoutEntry(doc!, entry.id, broadcastIds), version: doc!.version + 1 };
      },
      failed: (error: Error) => errors.push(error.message),
    }),
  };
}

describe('flushOutbox', () => {
  it('enqueues each entry from the document as it is now, then removes it and records its broadcasts', async () => {
    const s = store({ version: 1, outbox: [{ id: 'a' }, { id: 'b' }], broadcasts: ['old'] });
    await flushOutbox(s.steps());
    expect(s.effects).toEqual(['a@v1', 'b@v2']);
    expect(s.doc).toEqual({ version: 3, outbox: [], broadcasts: ['old', 'a-broadcast', 'b-broadcast'] });
    expect(s.errors).toEqual([]);
  });

  it('stops at a failure and leaves that entry and the rest for the scheduled task', async () => {
    const s = store({ version: 1, outbox: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], broadcasts: [] });
    await flushOutbox(s.steps('b'));
    expect(s.effects).toEqual(['a@v1']);
    expect(s.doc?.outbox).toEqual([{ id: 'b' }, { id: 'c' }]);
    expect(s.errors).toEqual(['could not enqueue b']);
  });

  it('does nothing for a document that is gone', async () => {
    const s = store(undefined);
    await flushOutbox(s.steps());
    expect(s.effects).toEqual([]);
    expect(s.errors).toEqual([]);
  });

  it('records a broadcast id once, also when an entry was enqueued before', () => {
    const doc: Doc = { version: 1, outbox: [{ id: 'a' }], broadcasts: ['a-broadcast'] };
    expect(withoutEntry(doc, 'a', ['a-broadcast'])).toEqual({
      version: 1,
      outbox: [],
      broadcasts: ['a-broadcast'],
    });
  });
});
