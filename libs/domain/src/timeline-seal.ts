import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The archive seal (归档封存): when a ticket is archived, a hash chain over its whole
 * timeline is stored on the ticket. Re-computing it later shows whether any event was
 * changed, removed, inserted or reordered behind the append-only trigger's back.
 *
 * WARNING: sealed hashes are persisted (ticket.sealed_hash). Any change to what is hashed
 * or how — field list, field order, formatting, the seed — breaks every existing seal.
 * Make a `gridflow-timeline-v2` instead, and keep v1 for the tickets sealed with it.
 */
export const TIMELINE_SEAL_VERSION = 'gridflow-timeline-v1';

/**
 * The seal since issue 16: `v2:` + hex HMAC-SHA256 under SEAL_KEY of the v1 chain hash, so
 * that someone who can rewrite the timeline (past the trigger, as the tables' owner) cannot
 * compute a matching seal without the key. v1 seals (bare hex, no prefix) still verify.
 *
 * WARNING: persisted like v1 (ticket.sealed_hash): the prefix, the label and what is MACed
 * are the format.
 */
export const TIMELINE_SEAL_HMAC_VERSION = 'gridflow-timeline-hmac-v2';
const HMAC_PREFIX = 'v2:';

/** What a timeline event says: every stored column of `ticket_event` but the ticket id. */
export interface SealableEvent {
  seq: number;
  type: string;
  at: Date | string;
  actorId: string | null;
  actorRole: string | null;
  actorName: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
  data: unknown;
  attachments: readonly string[];
}

export interface ChainVerdict {
  intact: boolean;
  computedHash: string;
  sealedHash: string;
  /** the first position (1-based) whose seq breaks the numbering 1..n; content changes carry no position */
  firstMismatch?: number;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** JSON with object keys sorted at every depth, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  // A prototype-less object: a "__proto__" key in the data stays an ordinary key.
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** One event as canonical text: a fixed field order, `at` as an ISO instant with milliseconds. */
export function canonicalEvent(e: SealableEvent): string {
  const at = new Date(e.at);
  if (!Number.isInteger(e.seq)) throw new RangeError(`event seq must be an integer: ${e.seq}`);
  if (Number.isNaN(at.getTime())) throw new RangeError(`event ${e.seq} has an invalid time: ${String(e.at)}`);
  // An array, not an object: the field order is part of the format, not left to key sorting.
  return canonicalJson([
    e.seq,
    e.type,
    at.toISOString(),
    e.actorId ?? null,
    e.actorRole ?? null,
    e.actorName ?? null,
    e.fromStatus ?? null,
    e.toStatus ?? null,
    e.comment ?? null,
    e.data ?? null,
    [...(e.attachments ?? [])],
  ]);
}

/**
 * h0 = sha256(TIMELINE_SEAL_VERSION), h_i = sha256(h_{i-1} + '\n' + canonicalEvent(e_i)) over
 * the events in seq order (the order of the array does not matter); the hex of h_n.
 */
export function chainHash(events: readonly SealableEvent[]): string {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  let hash = sha256(TIMELINE_SEAL_VERSION);
  for (const e of ordered) hash = sha256(`${hash}\n${canonicalEvent(e)}`);
  return hash;
}

/** Whether a timeline still matches its seal: the same chain hash, and seqs exactly 1..n. */
export function verifyChain(events: readonly SealableEvent[], sealedHash: string): ChainVerdict {
  const computedHash = chainHash(events);
  const seqs = events.map((e) => e.seq).sort((a, b) => a - b);
  const gap = seqs.findIndex((seq, i) => seq !== i + 1);
  return {
    intact: gap === -1 && computedHash === sealedHash,
    computedHash,
    sealedHash,
    ...(gap === -1 ? {} : { firstMismatch: gap + 1 }),
  };
}

/** The seal stored on archiving: an HMAC under `key` (SEAL_KEY) over the timeline's chain hash. */
export function sealTimeline(events: readonly SealableEvent[], key: Uint8Array): string {
  const mac = createHmac('sha256', key).update(`${TIMELINE_SEAL_HMAC_VERSION}\n${chainHash(events)}`, 'utf8');
  return `${HMAC_PREFIX}${mac.digest('hex')}`;
}

/** The format a stored seal was made in. */
export function sealVersion(sealed: string): typeof TIMELINE_SEAL_VERSION | typeof TIMELINE_SEAL_HMAC_VERSION {
  return sealed.startsWith(HMAC_PREFIX) ? TIMELINE_SEAL_HMAC_VERSION : TIMELINE_SEAL_VERSION;
}

/**
 * Whether a timeline still matches its seal, in the seal's own format: HMAC seals with `key`,
 * first-release seals as a bare chain hash. `computedHash` is in that same format.
 */
export function verifySeal(
  events: readonly SealableEvent[],
  sealed: string,
  key: Uint8Array,
): ChainVerdict & { algorithm: string } {
  if (sealVersion(sealed) === TIMELINE_SEAL_VERSION) {
    return { ...verifyChain(events, sealed), algorithm: TIMELINE_SEAL_VERSION };
  }
  const computedHash = sealTimeline(events, key);
  const chain = verifyChain(events, chainHash(events));
  const a = Buffer.from(computedHash);
  const b = Buffer.from(sealed);
  const macOk = a.length === b.length && timingSafeEqual(a, b);
  return {
    intact: macOk && chain.intact,
    computedHash,
    sealedHash: sealed,
    ...(chain.firstMismatch !== undefined ? { firstMismatch: chain.firstMismatch } : {}),
    algorithm: TIMELINE_SEAL_HMAC_VERSION,
  };
}

/**
 * What may follow the seal on an archived ticket's timeline: the resident's rating (评价), taken
 * within its window after 督查兑单 (API.md) even when the ticket was archived — and sealed —
 * before it came. Nothing else is written to an archived ticket.
 */
export const EVENTS_AFTER_SEAL: readonly string[] = ['rated'];

/** An event written after the seal (always of EVENTS_AFTER_SEAL). */
export interface EventAfterSeal {
  seq: number;
  type: string;
}

/**
 * Whether an archived ticket's timeline still matches its seal: the whole timeline, or the
 * timeline up to an event after which there are only events of EVENTS_AFTER_SEAL (a rating
 * that came after archiving) — those are listed, not covered by the seal. Numbering must stay
 * 1..n throughout, so removing, inserting or reordering events shows either way.
 */
export function verifySealedTimeline(
  events: readonly SealableEvent[],
  sealed: string,
  key: Uint8Array,
): ChainVerdict & { algorithm: string; afterSeal: EventAfterSeal[] } {
  const whole = verifySeal(events, sealed, key);
  if (whole.intact || whole.firstMismatch !== undefined) return { ...whole, afterSeal: [] };
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  for (let k = ordered.length - 1; k >= 1 && EVENTS_AFTER_SEAL.includes(ordered[k].type); k--) {
    const sealedPart = verifySeal(ordered.slice(0, k), sealed, key);
    if (sealedPart.intact) {
      return { ...sealedPart, afterSeal: ordered.slice(k).map((e) => ({ seq: e.seq, type: e.type })) };
    }
  }
  return { ...whole, afterSeal: [] };
}
