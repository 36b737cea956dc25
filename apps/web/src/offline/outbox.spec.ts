import { describe, expect, it } from '@jest/globals';
import { conflictText, flushOutbox, type OutboxItem, type OutboxStore, outcomeOfStatus, type Sender } from './outbox';

function memoryStore(items: OutboxItem[]): OutboxStore & { items: OutboxItem[] } {
  const store = {
    items: items.map((item, i): OutboxItem => ({ ...item, id: i + 1 })),
    list: async (userId: string) => store.items.filter((i) => i.userId === userId),
    put: async (item: OutboxItem) => {
      store.items = store.items.map((i) => (i.id === item.id ? item : i));
    },
    remove: async (id: number) => {
      store.items = store.items.filter((i) => i.id !== id);
    },
  };
  return store;
}

const item = (summary: string, kind: OutboxItem['kind'] = 'comment', userId = 'u1'): OutboxItem => ({
  userId,
  kind,
  createdAt: '2026-12-06T00:00:00Z',
  idempotencyKey: `key-${summary}`,
  summary,
  body: {},
  state: 'pending',
});

describe('outbox', () => {
  it('sends the pending items of the user, oldest first, and removes each once sent', async () => {
    const store = memoryStore([item('a', 'file'), item('other', 'comment', 'u2'), item('b'), item('c', 'claim')]);
    const seen: string[] = [];
    const result = await flushOutbox(store, 'u1', async (i) => {
      seen.push(i.summary);
      return { kind: 'sent' };
    });
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(result).toEqual({ sent: 3, problems: 0, interrupted: false });
    expect(store.items.map((i) => i.summary)).toEqual(['other']);
  });

  it('stops the round on a network failure and retries the same item, with the same key, next time', async () => {
    const store = memoryStore([item('a', 'file'), item('b')]);
    const keys: string[] = [];
    let online = false;
    const send: Sender = async (i) => {
      keys.push(i.idempotencyKey);
      if (!online) throw new TypeError('Failed to fetch');
      return { kind: 'sent' };
    };
    expect(await flushOutbox(store, 'u1', send)).toEqual({ sent: 0, problems: 0, interrupted: true });
    expect(store.items).toHaveLength(2);
    online = true;
    expect(await flushOutbox(store, 'u1', send)).toEqual({ sent: 2, problems: 0, interrupted: false });
    expect(keys).toEqual(['key-a', 'key-a', 'key-b']);
  });

  it('keeps the progress a sender records (photos already uploaded) for the retry', async () => {
    const store = memoryStore([item('a', 'file')]);
    await flushOutbox(store, 'u1', async (i, progress) => {
      await progress({ ...i, uploadedIds: ['p1'] });
      return { kind: 'retry' };
    });
    expect(store.items[0].uploadedIds).toEqual(['p1']);
  });

  it('keeps a 409 as a conflict and a 4xx as refused, never retried, and goes on with the rest', async () => {
    const store = memoryStore([item('claim', 'claim'), item('bad'), item('ok')]);
    const answers: Record<string, ReturnType<typeof outcomeOfStatus>> = {
      claim: outcomeOfStatus('claim', 409, ''),
      bad: outcomeOfStatus('comment', 400, '备注内容不合规'),
      ok: { kind: 'sent' },
    };
    const seen: string[] = [];
    const send: Sender = async (i) => {
      seen.push(i.summary);
      return answers[i.summary];
    };
    expect(await flushOutbox(store, 'u1', send)).toEqual({ sent: 1, problems: 2, interrupted: false });
    expect(store.items.map((i) => [i.summary, i.state, i.problem])).toEqual([
      ['claim', 'conflict', '工单已被他人处理，您的接单未生效'],
      ['bad', 'refused', '备注内容不合规'],
    ]);
    await flushOutbox(store, 'u1', send);
    expect(seen).toEqual(['claim', 'bad', 'ok']);
  });

  it('treats no answer, a 5xx, 429 and 401 (signed out meanwhile) as "try again later"', () => {
    expect(outcomeOfStatus('claim', 401, '').kind).toBe('retry');
    // 409 because the item's own key is still in progress on the server: try again, not a conflict.
    expect(outcomeOfStatus('comment', 409, '', true).kind).toBe('retry');
    expect(outcomeOfStatus('comment', 409, '').kind).toBe('conflict');
    expect(outcomeOfStatus('file', 0, '').kind).toBe('retry');
    expect(outcomeOfStatus('file', 503, '').kind).toBe('retry');
    expect(outcomeOfStatus('comment', 429, '').kind).toBe('retry');
    expect(outcomeOfStatus('file', 422, 'x')).toEqual({ kind: 'refused', problem: 'x' });
  });

  it('says a conflict in plain words; a claim refused because the ticket went to someone else is one too', () => {
    expect(outcomeOfStatus('claim', 403, 'x')).toEqual({ kind: 'conflict', problem: conflictText('claim') });
    expect(outcomeOfStatus('comment', 409, 'x')).toEqual({ kind: 'conflict', problem: conflictText('comment') });
    expect(outcomeOfStatus('comment', 403, 'x').kind).toBe('refused');
  });
});
