// The drill's mixed load: filings with Idempotency-Key (some keys repeated, on the other API),
// tickets taken through the six steps (with rework, decline, handle-self, reject, and some left
// idle so that their steps escalate), and reads — spread over both API processes. Every answer
// is recorded; every filing that got a 2xx and every transition that was acknowledged is kept
// for the checks.
import { randomUUID } from 'node:crypto';
import { sleep } from './cluster.mjs';

const PASSWORD = 'gridflow-demo';
const OWN_GRID = '140213001001001'; // grid1's grid
const COMMUNITY_GRIDS = ['140213001001001', '140213001001002', '140213001001003']; // the dispatcher's community

/** Which timeline event an acknowledged action must have written. */
export const ACTION_EVENT = {
  accept: 'accepted',
  dispatch: 'dispatched',
  claim: 'claimed',
  decline: 'declined',
  resolve: 'resolved',
  archive: 'archived',
  reject: 'rejected',
};

function eventOf(action, body) {
  if (action === 'accept' && body.handleSelf) return 'accepted_self';
  if (action === 'verify') return body.outcome === 'pass' ? 'verified' : 'rework';
  return ACTION_EVENT[action];
}

export class Load {
  /**
   * @param {object} o
   * @param {{name: string, url: string}[]} o.apis
   * @param {string} o.itemCode the drill's short-limit item
   * @param {() => number} o.rand seeded random in [0, 1)
   */
  constructor({ apis, itemCode, rand, concurrency, readers }) {
    this.apis = apis;
    this.itemCode = itemCode;
    this.rand = rand;
    this.concurrency = concurrency;
    this.readers = readers;
    this.runId = randomUUID().slice(0, 8);
    /** every answer: {t, api, op, status, ms} (status is a number, or 'ERR <code>') */
    this.responses = [];
    /** key → {key, body, by, answers: [{api, status, id, number}]} */
    this.filings = new Map();
    /** acknowledged transitions: {ticketId, action, type, from, to, api, t} */
    this.acks = [];
    /** answers that should never happen, whatever the faults (kept for the report) */
    this.anomalies = [];
    this.inflight = Object.fromEntries(apis.map((a) => [a.name, 0]));
    this.counts = { lifecycles: 0, archived: 0, rejected: 0, idle: 0, reworks: 0, declines: 0, conflicts: 0 };
    this.knownTickets = [];
    this.stopAt = 0;
    this.seq = 0;
  }

  pick(list) {
    return list[Math.floor(this.rand() * list.length)];
  }

  api(prefer) {
    return prefer ? this.apis.find((a) => a.name === prefer) : this.pick(this.apis);
  }

  other(api) {
    return this.apis.find((a) => a.name !== api.name);
  }

  /** One HTTP call, recorded. Never throws: network failures come back as status 'ERR …'. */
  async call(api, method, path, { token, body, headers, op } = {}) {
    const t0 = Date.now();
    this.inflight[api.name]++;
    let status;
    let json = null;
    try {
      const res = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
      status = res.status;
      const text = await res.text();
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
    } catch (err) {
      status = `ERR ${err?.cause?.code ?? err?.name ?? 'unknown'}`;
    } finally {
      this.inflight[api.name]--;
    }
    const entry = { t: t0, api: api.name, op: op ?? `${method} ${path}`, status, ms: Date.now() - t0 };
    if (typeof status === 'number' && status >= 500) entry.detail = `${json?.code ?? ''} ${json?.message ?? ''}`.trim();
    this.responses.push(entry);
    return { status, json, ok: typeof status === 'number' && status >= 200 && status < 300 };
  }

  async login() {
    const api = this.apis[0];
    this.tokens = {};
    this.userIds = {};
    for (const username of ['admin', 'grid1', 'dispatcher', 'party1', 'supervisor']) {
      const r = await this.call(api, 'POST', '/api/v1/auth/login', {
        body: { username, password: PASSWORD },
        op: 'login',
      });
      if (!r.ok) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.json)}`);
      this.tokens[username] = r.json.accessToken;
      this.userIds[username] = r.json.user.id;
    }
  }

  get running() {
    return Date.now() < this.stopAt;
  }

  /** Runs until `durationMs` has passed; resolves when every loop has finished its request. */
  async run(durationMs) {
    this.stopAt = Date.now() + durationMs;
    await Promise.all([
      ...Array.from({ length: this.concurrency }, () => this.lifecycleLoop()),
      ...Array.from({ length: this.readers }, () => this.readLoop()),
    ]);
  }

  async lifecycleLoop() {
    while (this.running) {
      try {
        await this.lifecycle();
      } catch (err) {
        this.anomalies.push({ t: Date.now(), what: `lifecycle failed: ${err.message}` });
        await sleep(500);
      }
    }
  }

  /** Files with a key; repeats the key on the other API now and then; retries failures with the same key. */
  async file() {
    const byGrid1 = this.rand() < 0.5;
    const by = byGrid1 ? 'grid1' : 'dispatcher';
    const key = `drill-${this.runId}-${++this.seq}`;
    const body = {
      itemCode: this.itemCode,
      gridCode: byGrid1 ? OWN_GRID : this.pick(COMMUNITY_GRIDS),
      description: `drill ${key}`,
      urgent: this.rand() < 0.15,
      reporter: { name: '演练', phone: '13800138000' },
    };
    const filing = { key, body, by, answers: [] };
    this.filings.set(key, filing);
    const send = async (api) => {
      const r = await this.call(api, 'POST', '/api/v1/tickets', {
        token: this.tokens[by],
        body,
        headers: { 'idempotency-key': key },
        op: 'file',
      });
      filing.answers.push({ api: api.name, status: r.status, id: r.json?.id, number: r.json?.number, t: Date.now() });
      if (typeof r.status === 'number' && r.status >= 400 && r.status < 500) {
        this.anomalies.push({ t: Date.now(), what: `filing ${key} on ${api.name}: ${r.status} ${r.json?.code}` });
      }
      return r;
    };
    let api = this.api();
    // A concurrent repeat on the other API now and then: both must get the same ticket.
    const [first, twin] = await Promise.all([
      send(api),
      this.rand() < 0.15 ? send(this.other(api)) : Promise.resolve(null),
    ]);
    let ticket = first.ok ? first.json : twin?.ok ? twin.json : null;
    // Lost answers (a killed process, a 5xx): the client retries with the same key elsewhere.
    for (let attempt = 0; !ticket && attempt < 30 && Date.now() < this.stopAt + 20_000; attempt++) {
      await sleep(300 + attempt * 200);
      api = this.other(api);
      const r = await send(api);
      if (r.ok) ticket = r.json;
      else if (typeof r.status === 'number' && r.status < 500) break;
    }
    // A late repeat of an acknowledged key now and then.
    if (ticket && this.rand() < 0.1) await send(this.other(api));
    return ticket;
  }

  /** Acts; on a lost answer or a lost race the caller re-reads the ticket and decides again. */
  async act(ticketId, action, username, body = {}) {
    const api = this.api();
    const r = await this.call(api, 'POST', `/api/v1/tickets/${ticketId}/${action}`, {
      token: this.tokens[username],
      body,
      op: action,
    });
    if (r.ok) {
      this.acks.push({
        ticketId,
        action,
        type: eventOf(action, body),
        to: r.json.status,
        api: api.name,
        t: Date.now(),
      });
    } else if (r.status === 409) {
      this.counts.conflicts++;
    } else if (typeof r.status === 'number' && r.status < 500) {
      this.anomalies.push({ t: Date.now(), what: `${action} ${ticketId} on ${api.name}: ${r.status} ${r.json?.code}` });
    }
    return r;
  }

  async read(ticketId) {
    for (let attempt = 0; attempt < 40; attempt++) {
      const r = await this.call(this.api(), 'GET', `/api/v1/tickets/${ticketId}`, {
        token: this.tokens.supervisor,
        op: 'get ticket',
      });
      if (r.ok) return r.json;
      await sleep(250 + attempt * 100);
    }
    throw new Error(`ticket ${ticketId} unreadable`);
  }

  async pause() {
    // Mostly quick, sometimes long enough for the 黄灯 (80 % of a few seconds).
    await sleep(this.rand() < 0.15 ? 3_000 + this.rand() * 4_000 : 200 + this.rand() * 1_500);
  }

  /** One ticket from filing to its fate. Status-driven: every step starts from a fresh read. */
  async lifecycle() {
    const filed = await this.file();
    if (!filed) return;
    this.knownTickets.push({ id: filed.id, trackingCode: filed.trackingCode });
    this.counts.lifecycles++;
    const roll = this.rand();
    const fate = roll < 0.1 ? 'reject' : roll < 0.25 ? 'idle' : roll < 0.35 ? 'decline' : roll < 0.45 ? 'self' : 'full';
    const idleAt = this.pick(['submitted', 'accepted', 'dispatched', 'claimed', 'resolved', 'verified']);
    const ownGrid = filed.gridCode === OWN_GRID;
    let declined = false;
    let reworked = false;
    for (let steps = 0; steps < 30; steps++) {
      await this.pause();
      if (!this.running) return;
      const t = await this.read(filed.id);
      if (t.status === 'archived' || t.status === 'rejected') {
        this.counts[t.status]++;
        return;
      }
      if (fate === 'idle' && t.status === idleAt) {
        this.counts.idle++;
        return;
      }
      const assignee = t.assignee?.id === this.userIds.grid1 ? 'grid1' : 'party1';
      switch (t.status) {
        case 'submitted':
          if (fate === 'reject') {
            await this.act(t.id, 'reject', ownGrid ? 'grid1' : 'dispatcher', { reason: 'invalid', comment: '演练' });
          } else if (fate === 'self' && ownGrid) {
            await this.act(t.id, 'accept', 'grid1', { handleSelf: true });
          } else {
            await this.act(t.id, 'accept', ownGrid && this.rand() < 0.5 ? 'grid1' : 'dispatcher', {});
          }
          break;
        case 'accepted':
          await this.act(t.id, 'dispatch', 'dispatcher', {
            assigneeId: ownGrid && this.rand() < 0.3 ? this.userIds.grid1 : this.userIds.party1,
          });
          break;
        case 'dispatched':
          if (fate === 'decline' && !declined) {
            if ((await this.act(t.id, 'decline', assignee, { reason: '演练退单' })).ok) {
              declined = true;
              this.counts.declines++;
            }
          } else await this.act(t.id, 'claim', assignee, {});
          break;
        case 'claimed':
          await this.act(t.id, 'resolve', assignee, { result: '已处理（演练）' });
          break;
        case 'resolved': {
          const rework = !reworked && this.rand() < 0.2;
          const r = await this.act(
            t.id,
            'verify',
            'supervisor',
            rework
              ? { outcome: 'rework', callbackNote: '返工（演练）' }
              : { outcome: 'pass', satisfaction: 'satisfied', callbackReached: true },
          );
          if (rework && r.ok) {
            reworked = true;
            this.counts.reworks++;
          }
          break;
        }
        case 'verified':
          await this.act(t.id, 'archive', 'supervisor', {});
          break;
      }
    }
  }

  /** Reads a client makes meanwhile: lists, a ticket, the resident's tracking page, the catalogue. */
  async readLoop() {
    while (this.running) {
      const api = this.api();
      const roll = this.rand();
      const known = this.knownTickets.length ? this.pick(this.knownTickets) : null;
      if (roll < 0.3) {
        await this.call(api, 'GET', '/api/v1/tickets?status=open&limit=20', {
          token: this.tokens.dispatcher,
          op: 'list open',
        });
      } else if (roll < 0.5 && known) {
        await this.call(api, 'GET', `/api/v1/tickets/${known.id}`, { token: this.tokens.grid1, op: 'get ticket' });
      } else if (roll < 0.7 && known) {
        await this.call(api, 'GET', `/api/v1/public/tickets/${known.trackingCode}`, { op: 'public tracking' });
      } else if (roll < 0.85) {
        await this.call(api, 'GET', '/api/v1/tickets?overdue=true&limit=20', {
          token: this.tokens.supervisor,
          op: 'list overdue',
        });
      } else {
        await this.call(api, 'GET', '/api/v1/catalog', { token: this.tokens.grid1, op: 'catalog' });
      }
      await sleep(100 + this.rand() * 400);
    }
  }
}
