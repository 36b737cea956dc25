import { useCallback, useRef } from 'react';
import { BATCH_MAX_TICKETS } from '@gridflow/domain/ticket-batch';
import { api, errorText, ApiError } from '../../api/client';
import { newIdempotencyKey } from '../../api/idempotency-key';
import type { components } from '../../api/schema';

export { BATCH_MAX_TICKETS };

export type BatchResult = components['schemas']['BatchResultView'];
export type BatchAction = 'dispatch' | 'archive';

/** A finished batch as the page reports it: the tickets' numbers are kept, the list reloads. */
export interface BatchOutcome {
  /** 批量派单 / 批量归档 */
  title: string;
  results: BatchResult[];
  numbers: Record<string, string>;
}

/**
 * POST /tickets/batch/:action. The same body sent again (a retry after a lost answer) carries
 * the same Idempotency-Key, so the API replays its first results instead of acting twice.
 */
export function useBatchSender() {
  const last = useRef<{ body: string; key: string } | null>(null);
  return useCallback((action: BatchAction, ids: string[], body: object) => {
    const json = JSON.stringify({ action, ids, body });
    if (last.current?.body !== json) last.current = { body: json, key: newIdempotencyKey() };
    const key = last.current.key;
    return api
      .post<{ results: BatchResult[] }>(
        `/tickets/batch/${action}`,
        { ids, ...body },
        {
          headers: { 'Idempotency-Key': key },
        },
      )
      .then((answer) => answer.results);
  }, []);
}

/** A ticket's refusal in plain words (the same words as a single action's). */
export const refusalText = (r: BatchResult) =>
  errorText(new ApiError(r.status, r.code ?? `HTTP_${r.status}`, r.message ?? '', []));

/** Runs `work` over `items`, at most `limit` at a time, answers in the order of `items`. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  });
  await Promise.all(lanes);
  return out;
}
