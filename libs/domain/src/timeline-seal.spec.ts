import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  canonicalEvent,
  canonicalJson,
  chainHash,
  type SealableEvent,
  sealTimeline,
  TIMELINE_SEAL_HMAC_VERSION,
  TIMELINE_SEAL_VERSION,
  verifyChain,
  verifySeal,
  verifySealedTimeline,
} from './timeline-seal.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

type Content = Omit<SealableEvent, 'seq'>;
type Field = keyof Content;

const textArb = fc.string({ maxLength: 20 });
const nullableText = fc.option(textArb, { nil: null });
const dataArb = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
const FIELD_ARBS: { [K in Field]: fc.Arbitrary<Content[K]> } = {
  type: textArb,
  at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
  actorId: fc.option(fc.uuid(), { nil: null }),
  actorRole: nullableText,
  actorName: nullableText,
  fromStatus: nullableText,
  toStatus: nullableText,
  comment: nullableText,
  data: dataArb,
  attachments: fc.array(fc.uuid(), { maxLength: 3 }),
};
const FIELDS = Object.keys(FIELD_ARBS) as Field[];
const contentArb: fc.Arbitrary<Content> = fc.record(FIELD_ARBS);
const numbered = (contents: Content[]): SealableEvent[] => contents.map((c, i) => ({ ...c, seq: i + 1 }));
const timelineArb = fc.array(contentArb, { minLength: 1, maxLength: 8 }).map(numbered);

/** The same value with every object's keys inserted in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).reverse()) out[key] = reverseKeys((value as Record<string, unknown>)[key]);
  return out;
}

const filed: SealableEvent = {
  seq: 1,
  type: 'filed',
  at: new Date('2026-03-01T02:03:04.005Z'),
  actorId: '00000000-0000-4000-8000-000000000001',
  actorRole: 'grid_worker',
  actorName: '张三',
  fromStatus: null,
  toStatus: 'submitted',
  comment: null,
  data: { urgent: false, channel: 'staff', dueAt: '2026-03-02T02:03:04.005Z' },
  attachments: [],
};

describe('timeline seal', () => {
  it('canonical event: fixed field order, ISO instant with milliseconds, data keys sorted', () => {
    expect(canonicalEvent(filed)).toBe(
      '[1,"filed","2026-03-01T02:03:04.005Z","00000000-0000-4000-8000-000000000001","grid_worker","张三",' +
        'null,"submitted",null,{"channel":"staff","dueAt":"2026-03-02T02:03:04.005Z","urgent":false},[]]',
    );
    // a Date and its ISO text are the same instant
    expect(canonicalEvent({ ...filed, at: '2026-03-01T10:03:04.005+08:00' })).toBe(canonicalEvent(filed));
  });

  it('chain hash: h0 = sha256(version), h_i = sha256(h_{i-1} + "\\n" + canonical(e_i))', () => {
    const h0 = sha256(TIMELINE_SEAL_VERSION);
    expect(TIMELINE_SEAL_VERSION).toBe('gridflow-timeline-v1');
    expect(chainHash([])).toBe(h0);
    const second = { ...filed, seq: 2, type: 'accepted', fromStatus: 'submitted', toStatus: 'accepted', data: {} };
    const h1 = sha256(`${h0}\n${canonicalEvent(filed)}`);
    const h2 = sha256(`${h1}\n${canonicalEvent(second)}`);
    expect(chainHash([filed, second])).toBe(h2);
    expect(chainHash([second, filed])).toBe(h2); // seq order, whatever the array order
    expect(h2).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses events it cannot state canonically', () => {
    expect(() => canonicalEvent({ ...filed, at: 'not a time' })).toThrow(RangeError);
    expect(() => canonicalEvent({ ...filed, seq: 1.5 })).toThrow(RangeError);
  });

  it('property: canonical JSON does not depend on key order, at any depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expect(canonicalJson(reverseKeys(value))).toBe(canonicalJson(value));
      }),
    );
    fc.assert(
      fc.property(timelineArb, (events) => {
        const reordered = events.map((e) => ({ ...e, data: reverseKeys(e.data) }));
        expect(chainHash(reordered)).toBe(chainHash(events));
      }),
    );
  });

  it('a "__proto__" key is data like any other', () => {
    const a = JSON.parse('{"__proto__": {"x": 1}, "b": 2}');
    const b = JSON.parse('{"__proto__": {"x": 2}, "b": 2}');
    expect(canonicalJson(a)).toBe('{"__proto__":{"x":1},"b":2}');
    expect(canonicalEvent({ ...filed, data: a })).not.toBe(canonicalEvent({ ...filed, data: b }));
  });

  it('property: changing any field of any event changes the hash', () => {
    const changeArb = timelineArb.chain((events) =>
      fc.record({
        events: fc.constant(events),
        index: fc.nat({ max: events.length - 1 }),
        change: fc
          .constantFrom(...FIELDS)
          .chain((field) => (FIELD_ARBS[field] as fc.Arbitrary<unknown>).map((value) => ({ field, value }))),
      }),
    );
    fc.assert(
      fc.property(changeArb, ({ events, index, change }) => {
        const changed = events.map((e, i) => (i === index ? { ...e, [change.field]: change.value } : e));
        fc.pre(canonicalEvent(changed[index]) !== canonicalEvent(events[index]));
        expect(chainHash(changed)).not.toBe(chainHash(events));
        expect(verifyChain(changed, chainHash(events)).intact).toBe(false);
      }),
    );
  });

  it('property: changing an event seq changes the hash', () => {
    fc.assert(
      fc.property(timelineArb, fc.integer({ min: -5, max: 50 }), (events, seq) => {
        const last = events.length - 1;
        fc.pre(seq !== events[last].seq);
        const changed = events.map((e, i) => (i === last ? { ...e, seq } : e));
        expect(chainHash(changed)).not.toBe(chainHash(events));
      }),
    );
  });

  it('property: reordering events changes the hash; the array order alone does not', () => {
    fc.assert(
      fc.property(fc.array(contentArb, { minLength: 2, maxLength: 8 }), fc.nat(), fc.nat(), (contents, a, b) => {
        const i = a % contents.length;
        const j = b % contents.length;
        const swapped = [...contents];
        [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
        const original = numbered(contents);
        const reordered = numbered(swapped);
        fc.pre(canonicalEvent(original[i]) !== canonicalEvent(reordered[i]));
        expect(chainHash(reordered)).not.toBe(chainHash(original));
        expect(chainHash([...original].reverse())).toBe(chainHash(original));
      }),
    );
  });

  it('property: removing or inserting an event changes the hash', () => {
    fc.assert(
      fc.property(timelineArb, fc.nat(), contentArb, (events, at, extra) => {
        const k = at % events.length;
        const contents = events.map(({ seq: _seq, ...c }) => c);
        const sealed = chainHash(events);
        // removed, renumbered so the gap does not give it away
        const removed = numbered(contents.filter((_, i) => i !== k));
        expect(chainHash(removed)).not.toBe(sealed);
        expect(verifyChain(removed, sealed).intact).toBe(false);
        // removed, numbering left as it was
        expect(
          verifyChain(
            events.filter((_, i) => i !== k),
            sealed,
          ).intact,
        ).toBe(false);
        // inserted anywhere, renumbered
        const inserted = numbered([...contents.slice(0, k), extra, ...contents.slice(k)]);
        expect(chainHash(inserted)).not.toBe(sealed);
        expect(verifyChain(inserted, sealed).intact).toBe(false);
      }),
    );
  });

  it('verifies: intact, tampered, and seq numbering that is not 1..n', () => {
    const events = numbered([
      { ...filed },
      { ...filed, type: 'accepted', fromStatus: 'submitted', toStatus: 'accepted', data: {} },
      { ...filed, type: 'archived', fromStatus: 'verified', toStatus: 'archived', comment: '归档', data: {} },
    ]);
    const sealed = chainHash(events);
    expect(verifyChain(events, sealed)).toEqual({ intact: true, computedHash: sealed, sealedHash: sealed });

    const tampered = events.map((e) => (e.seq === 3 ? { ...e, comment: '归档!' } : e));
    expect(verifyChain(tampered, sealed)).toEqual({
      intact: false,
      computedHash: chainHash(tampered),
      sealedHash: sealed,
    });

    // a gap, even when the hash was (re)computed over the gapped timeline
    const gapped = events.filter((e) => e.seq !== 2);
    expect(verifyChain(gapped, chainHash(gapped))).toEqual(
      expect.objectContaining({ intact: false, firstMismatch: 2 }),
    );
    const duplicated = [...events, { ...events[2] }];
    expect(verifyChain(duplicated, chainHash(duplicated))).toEqual(
      expect.objectContaining({ intact: false, firstMismatch: 4 }),
    );
    expect(verifyChain([], chainHash([])).intact).toBe(true);
  });
});

describe('HMAC seal (v2, SEAL_KEY)', () => {
  const key = Buffer.alloc(32, 1);
  const events: SealableEvent[] = [1, 2, 3].map((seq) => ({
    seq,
    type: 'accepted',
    at: `2026-01-0${seq}T00:00:00.000Z`,
    actorId: null,
    actorRole: 'grid_worker',
    actorName: '网格员',
    fromStatus: null,
    toStatus: null,
    comment: `第${seq}步`,
    data: { n: seq },
    attachments: [],
  }));

  it('is v2: + the HMAC of the chain hash, and verifies only under the same key', () => {
    const sealed = sealTimeline(events, key);
    expect(sealed).toMatch(/^v2:[0-9a-f]{64}$/);
    expect(sealed).not.toContain(chainHash(events));
    expect(verifySeal(events, sealed, key)).toEqual(
      expect.objectContaining({ intact: true, algorithm: TIMELINE_SEAL_HMAC_VERSION }),
    );
    expect(verifySeal(events, sealed, Buffer.alloc(32, 2)).intact).toBe(false);
    const changed = events.map((e) => (e.seq === 2 ? { ...e, comment: '改' } : e));
    expect(verifySeal(changed, sealed, key).intact).toBe(false);
    expect(verifySeal(events.slice(1), sealTimeline(events.slice(1), key), key)).toEqual(
      expect.objectContaining({ intact: false, firstMismatch: 1 }),
    );
  });

  it('verifies first-release seals (a bare chain hash) as v1', () => {
    expect(verifySeal(events, chainHash(events), key)).toEqual(
      expect.objectContaining({ intact: true, algorithm: TIMELINE_SEAL_VERSION }),
    );
  });
});

describe('verifySealedTimeline: a rating after the seal', () => {
  const key = Buffer.alloc(32, 3);
  const event = (seq: number, type: string, comment: string | null = null): SealableEvent => ({
    seq,
    type,
    at: `2026-01-0${seq}T00:00:00.000Z`,
    actorId: null,
    actorRole: type === 'rated' ? null : 'supervisor',
    actorName: null,
    fromStatus: null,
    toStatus: null,
    comment,
    data: { n: seq },
    attachments: [],
  });
  const archived = [event(1, 'filed'), event(2, 'verified'), event(3, 'archived')];
  const sealed = sealTimeline(archived, key);

  it('the whole timeline when nothing came after the seal', () => {
    expect(verifySealedTimeline(archived, sealed, key)).toEqual(
      expect.objectContaining({ intact: true, afterSeal: [] }),
    );
  });

  it("a resident's rating after archiving: the sealed part intact, the rating listed", () => {
    const rated = [...archived, event(4, 'rated', '很满意')];
    expect(verifySeal(rated, sealed, key).intact).toBe(false); // what the integrity check said before
    expect(verifySealedTimeline(rated, sealed, key)).toEqual(
      expect.objectContaining({ intact: true, sealedHash: sealed, afterSeal: [{ seq: 4, type: 'rated' }] }),
    );
  });

  it('anything else after the seal, a changed sealed event, or a gap is not intact', () => {
    const commented = [...archived, event(4, 'commented')];
    expect(verifySealedTimeline(commented, sealed, key)).toEqual(
      expect.objectContaining({ intact: false, afterSeal: [] }),
    );
    const changed = [event(1, 'filed', '改'), ...archived.slice(1), event(4, 'rated')];
    expect(verifySealedTimeline(changed, sealed, key).intact).toBe(false);
    const gap = [...archived, event(5, 'rated')];
    expect(verifySealedTimeline(gap, sealed, key)).toEqual(
      expect.objectContaining({ intact: false, firstMismatch: 4 }),
    );
    // the sealed part's last event removed and a rating in its place: no prefix matches
    const replaced = [...archived.slice(0, 2), event(3, 'rated')];
    expect(verifySealedTimeline(replaced, sealed, key).intact).toBe(false);
    // under another key the sealed part does not verify either
    expect(verifySealedTimeline([...archived, event(4, 'rated')], sealed, Buffer.alloc(32, 4)).intact).toBe(false);
  });
});
