import { type DBSchema, openDB } from 'idb';
import type { OutboxItem, OutboxStore } from './outbox';

interface OfflineDb extends DBSchema {
  outbox: { key: number; value: OutboxItem; indexes: { userId: string } };
}

// Persisted on the phone: a change to OutboxItem must still read the items an older release stored.
const db = () =>
  openDB<OfflineDb>('gridflow-offline', 1, {
    upgrade(database) {
      database.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true }).createIndex('userId', 'userId');
    },
  });

/** The outbox in IndexedDB (photos kept as Blobs), in the order items were recorded. */
export const outboxStore: OutboxStore & { add(item: OutboxItem): Promise<number> } = {
  async list(userId) {
    const items = await (await db()).getAllFromIndex('outbox', 'userId', userId);
    return items.sort((a, b) => a.id! - b.id!);
  },
  async put(item) {
    await (await db()).put('outbox', item);
  },
  async remove(id) {
    await (await db()).delete('outbox', id);
  },
  async add(item) {
    return (await db()).add('outbox', item);
  },
};
