import { api, ApiError, errorText } from '../api/client';
import type { Ticket } from '../api/types';
import { type OutboxItem, outcomeOfStatus, type SendOutcome } from './outbox';

/** Sends one recorded item through the API, as the same user would have online. */
export async function sendOutboxItem(
  item: OutboxItem,
  progress: (item: OutboxItem) => Promise<void>,
): Promise<SendOutcome> {
  try {
    // Photos uploaded online before the signal went, then the ones taken offline.
    const attachmentIds = [
      ...((item.body.attachmentIds as string[] | undefined) ?? []),
      ...(await uploadPhotos(item, progress)),
    ];
    const body = { ...item.body, attachmentIds: attachmentIds.length ? attachmentIds : undefined };
    // Every item goes with its Idempotency-Key: a repeat after a lost answer replays it.
    const headers = { 'Idempotency-Key': item.idempotencyKey };
    if (item.kind === 'file') await api.post('/tickets', body, { headers });
    else await api.post(`/tickets/${item.ticketId}/${item.kind === 'claim' ? 'claim' : 'comments'}`, body, { headers });
    return { kind: 'sent' };
  } catch (error) {
    if (!(error instanceof ApiError)) return { kind: 'retry' };
    // A claim whose answer was lost on the way back: the ticket is already ours, nothing to report.
    if (error.status === 409 && item.kind === 'claim' && (await claimedBy(item))) return { kind: 'sent' };
    const keyInProgress = error.details.some((d) => d.field === 'Idempotency-Key' && d.problem === 'in progress');
    return outcomeOfStatus(item.kind, error.status, `未能发送：${errorText(error)}`, keyInProgress);
  }
}

async function uploadPhotos(item: OutboxItem, progress: (item: OutboxItem) => Promise<void>): Promise<string[]> {
  const ids = [...(item.uploadedIds ?? [])];
  for (const photo of (item.photos ?? []).slice(ids.length)) {
    ids.push((await api.upload(photo)).id);
    await progress({ ...item, uploadedIds: [...ids] });
  }
  return ids;
}

async function claimedBy(item: OutboxItem): Promise<boolean> {
  const ticket = await api.get<Ticket>(`/tickets/${item.ticketId}`).catch(() => null);
  return ticket?.status === 'claimed' && ticket.assignee?.id === item.userId;
}
