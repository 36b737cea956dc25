/**
 * 待发送: what a phone recorded without signal (a filing, a comment, a claim), kept in order and
 * sent when the network returns. Pure: the store and the sender are given, so the rules below
 * are unit-tested without a browser (outbox.spec.ts).
 *
 * - In order, one at a time: the oldest first, so a comment recorded after a claim follows it.
 * - A network failure (or a 5xx, 429 or 401: not now) stops the round; the item stays
 *   and the next round (back online, or the next tick) tries it again with the same
 *   Idempotency-Key, which makes a filing that did reach the server harmless to repeat.
 * - A 409 (the ticket moved meanwhile) or any other 4xx is never retried: the item is kept,
 *   marked with a plain-words reason, for the user to read and dismiss; the round goes on.
 */

export type OutboxKind = 'file' | 'comment' | 'claim';

export interface OutboxItem {
  /** IndexedDB's auto-increment key: the order items were recorded in */
  id?: number;
  /** whose item it is: only its author's session sends or shows it */
  userId: string;
  kind: OutboxKind;
  createdAt: string;
  /** the Idempotency-Key the item is sent with (filing, comment, claim), the same on every try */
  idempotencyKey: string;
  /** the ticket a comment or claim is for */
  ticketId?: string;
  /** one line for the list of pending items */
  summary: string;
  body: Record<string, unknown>;
  /** photos taken offline, uploaded before the item itself is sent */
  photos?: Blob[];
  /** ids of the photos already uploaded (a retry does not upload them again) */
  uploadedIds?: string[];
  state: 'pending' | 'conflict' | 'refused';
  /** why a conflict or refused item was not applied, in plain words */
  problem?: string;
}

/** What the server made of one try. */
export type SendOutcome =
  { kind: 'sent' } | { kind: 'retry' } | { kind: 'conflict'; problem: string } | { kind: 'refused'; problem: string };

export interface OutboxStore {
  /** every item of `userId`, oldest first */
  list(userId: string): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  remove(id: number): Promise<void>;
}

export type Sender = (item: OutboxItem, progress: (item: OutboxItem) => Promise<void>) => Promise<SendOutcome>;

/**
 * How an HTTP status is treated on replay (0 = no answer at all). A claim refused with 403 is a
 * conflict too: the ticket was declined and given to someone else meanwhile. A 409 that says the
 * item's own Idempotency-Key is still in progress (the first try is still running on the server)
 * is not a conflict: the item is tried again later and then gets the first try's answer.
 */
export function outcomeOfStatus(kind: OutboxKind, status: number, problem: string, keyInProgress = false): SendOutcome {
  // 401: the session ran out while offline; the item waits for the same user to sign in again.
  if (status === 0 || status >= 500 || status === 429 || status === 401) return { kind: 'retry' };
  if (status === 409 && keyInProgress) return { kind: 'retry' };
  if (status === 409 || (kind === 'claim' && status === 403)) return { kind: 'conflict', problem: conflictText(kind) };
  return { kind: 'refused', problem };
}

/** The sentence a conflict is shown with: what did not happen, without HTTP words. */
export function conflictText(kind: OutboxKind): string {
  switch (kind) {
    case 'claim':
      return '工单已被他人处理，您的接单未生效';
    case 'comment':
      return '工单状态已变化，您的备注未能添加';
    case 'file':
      return '点单未能提交：内容与此前提交的不一致';
  }
}

/** Fired on `window` after a round that sent something or kept a conflict: pages reload. */
export const OUTBOX_DELIVERED = 'gridflow:outbox-delivered';

export interface FlushResult {
  sent: number;
  /** items the server would not apply, now kept as conflicts or refusals */
  problems: number;
  /** true when the round stopped on a network failure (items remain to retry) */
  interrupted: boolean;
}

/** One round: sends the user's pending items in order (see the rules above). */
export async function flushOutbox(store: OutboxStore, userId: string, send: Sender): Promise<FlushResult> {
  let sent = 0;
  let problems = 0;
  for (const item of await store.list(userId)) {
    if (item.state !== 'pending') continue;
    let outcome: SendOutcome;
    try {
      outcome = await send(item, (progressed) => store.put(progressed));
    } catch {
      outcome = { kind: 'retry' };
    }
    if (outcome.kind === 'retry') return { sent, problems, interrupted: true };
    if (outcome.kind === 'sent') {
      await store.remove(item.id!);
      sent++;
    } else {
      await store.put({ ...item, state: outcome.kind, problem: outcome.problem });
      problems++;
    }
  }
  return { sent, problems, interrupted: false };
}
