import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import { keysetPage, type PageQuery } from '@gridflow/database';
import { type AuthUser, inScope, invalidField, notFound, scopeLikePattern } from '@gridflow/domain';
import { JobName, jobIds, QueueProducer, type TicketEventPayload } from '@gridflow/queue';
import { signWebhook, WEBHOOK_HEADERS } from './signature.js';
import { renderWebhookBody, Webhook, WebhookDelivery } from './webhook.entities.js';
import { WEBHOOK_RETRY, WEBHOOK_TIMEOUT_MS, type WebhookRetry } from './webhook-retry.js';
import { checkEventTypes, checkWebhookUrl } from './webhook-rules.js';
import { assertLiteralTargetAllowed, checkWebhookTarget, pinnedLookup } from './webhook-target.js';

export interface CreateWebhookInput {
  url: string;
  eventTypes: string[];
  /** default: the admin's own scope */
  scopeCode?: string;
}

export interface UpdateWebhookInput {
  url?: string;
  eventTypes?: string[];
  active?: boolean;
}

export interface WebhookView {
  id: string;
  url: string;
  eventTypes: string[];
  scopeCode: string;
  active: boolean;
  createdAt: Date;
}

/** Only the answers to creation and rotation carry the secret. */
export interface WebhookWithSecret extends WebhookView {
  secret: string;
}

export interface DeliveryView {
  id: string;
  eventType: string;
  eventKey: string;
  status: WebhookDelivery['status'];
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export type DeliveryOutcome = 'delivered' | 'skipped';

const toView = (w: Webhook): WebhookView => ({
  id: w.id,
  url: w.url,
  eventTypes: w.eventTypes,
  scopeCode: w.scopeCode,
  active: w.active,
  createdAt: w.createdAt,
});

const toDeliveryView = (d: WebhookDelivery): DeliveryView => ({
  id: d.id,
  eventType: d.eventType,
  eventKey: d.eventKey,
  status: d.status,
  attempts: d.attempts,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  createdAt: d.createdAt,
  deliveredAt: d.deliveredAt,
});

const newSecret = () => randomBytes(32).toString('hex');

/**
 * One row per (webhook, event) — created once however often the event is relayed — for every
 * active webhook whose scope covers the grid and which subscribes to the type. The body is
 * stored with the row, so a retry sends exactly what the first attempt sent. Returns the
 * deliveries still pending, new or left from an earlier relay of the same event.
 */
const FAN_OUT_SQL = `
  WITH targets AS (
    SELECT id FROM webhook
    WHERE active AND starts_with($1, scope_code) AND ('*' = ANY (event_types) OR $2 = ANY (event_types))
  ),
  occurred AS (
    SELECT COALESCE((SELECT at FROM ticket_event WHERE ticket_id = $4::uuid AND seq = $5), now()) AS at
  ),
  fresh AS (
    SELECT id AS webhook_id, gen_random_uuid() AS id FROM targets
  ),
  inserted AS (
    INSERT INTO webhook_delivery (id, webhook_id, event_type, event_key, payload)
    SELECT f.id, f.webhook_id, $2, $3,
           $6::jsonb || jsonb_build_object(
             'id', f.id,
             'occurredAt', to_char(o.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    FROM fresh f CROSS JOIN occurred o
    ON CONFLICT (webhook_id, event_key) DO NOTHING
    RETURNING id
  )
  SELECT id FROM inserted
  UNION
  SELECT d.id FROM webhook_delivery d JOIN targets t ON t.id = d.webhook_id
  WHERE d.event_key = $3 AND d.status = 'pending'`;

/**
 * Outgoing webhooks: admins subscribe a URL to ticket events in their scope; each event
 * becomes a signed POST per matching webhook, retried with exponential backoff by the
 * Webhooks queue until the receiver answers 2xx or the attempts run out.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectRepository(Webhook) private readonly webhooks: Repository<Webhook>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    private readonly producer: QueueProducer,
    @Inject(WEBHOOK_RETRY) private readonly retry: WebhookRetry,
    private readonly config: AppConfig,
  ) {}

  /** Scheme and host syntax, then the host's addresses (public only, unless allowed). */
  private async checkUrl(url: string): Promise<string> {
    const checked = checkWebhookUrl(url);
    await checkWebhookTarget(checked, this.config.webhookAllowPrivateTargets);
    return checked;
  }

  // ── administration ────────────────────────────────────────────────────────────────────

  async create(actor: AuthUser, input: CreateWebhookInput): Promise<WebhookWithSecret> {
    const url = await this.checkUrl(input.url);
    const eventTypes = checkEventTypes(input.eventTypes);
    const scopeCode = input.scopeCode ?? actor.scopeCode;
    await this.assertScopeAssignable(actor, scopeCode);
    const hook = await this.webhooks.save(
      this.webhooks.create({ url, eventTypes, scopeCode, active: true, secret: newSecret(), createdBy: actor.id }),
    );
    return { ...toView(hook), secret: hook.secret };
  }

  async list(actor: AuthUser, page: PageQuery) {
    const qb = this.webhooks
      .createQueryBuilder('w')
      .where('w.scope_code LIKE :scope', { scope: scopeLikePattern(actor.scopeCode) });
    const result = await keysetPage(qb, page, { table: 'webhook', alias: 'w', key: 'id' }, (w) => w.id);
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  }

  async get(actor: AuthUser, id: string): Promise<WebhookView> {
    return toView(await this.findInScope(actor, id));
  }

  async update(actor: AuthUser, id: string, input: UpdateWebhookInput): Promise<WebhookView> {
    const hook = await this.findInScope(actor, id);
    if (input.url !== undefined) hook.url = await this.checkUrl(input.url);
    if (input.eventTypes !== undefined) hook.eventTypes = checkEventTypes(input.eventTypes);
    if (input.active !== undefined) hook.active = input.active;
    return toView(await this.webhooks.save(hook));
  }

  /** A new secret at once; deliveries signed from now on use it (also retries of older events). */
  async rotateSecret(actor: AuthUser, id: string): Promise<WebhookWithSecret> {
    const hook = await this.findInScope(actor, id);
    hook.secret = newSecret();
    await this.webhooks.update({ id: hook.id }, { secret: hook.secret });
    return { ...toView(hook), secret: hook.secret };
  }

  async listDeliveries(actor: AuthUser, id: string, page: PageQuery) {
    const hook = await this.findInScope(actor, id);
    const qb = this.deliveries.createQueryBuilder('d').where('d.webhook_id = :id', { id: hook.id });
    const result = await keysetPage(qb, page, { table: 'webhook_delivery', alias: 'd', key: 'id' }, (d) => d.id);
    return { items: result.items.map(toDeliveryView), nextCursor: result.nextCursor };
  }

  // ── events → deliveries ───────────────────────────────────────────────────────────────

  /** Called by the worker for every ticket timeline event; idempotent per (webhook, event). */
  async onTicketEvent(event: TicketEventPayload): Promise<void> {
    const body = {
      event: event.type,
      ticketId: event.ticketId,
      seq: event.seq,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      level: event.level,
      gridCode: event.gridCode,
    };
    // an unlocated ticket (no grid) reaches the webhooks whose scope covers the unit it waits at
    const unit = event.gridCode ?? event.orgCode;
    if (!unit) return;
    const rows: { id: string }[] = await this.deliveries.query(FAN_OUT_SQL, [
      unit,
      event.type,
      `${event.ticketId}:${event.seq}`,
      event.ticketId,
      event.seq,
      JSON.stringify(body),
    ]);
    // A deterministic job id: a pending delivery whose job is still in Redis is not queued twice.
    await Promise.all(
      rows.map(({ id }) =>
        this.producer.add(
          JobName.WebhookDelivery,
          { deliveryId: id },
          {
            jobId: jobIds.webhook(id),
            attempts: this.retry.attempts,
            backoff: { type: 'exponential', delay: this.retry.backoffMs },
          },
        ),
      ),
    );
  }

  /**
   * One attempt of one delivery (the Webhooks queue's job). A 2xx marks it delivered; anything
   * else is recorded and thrown so that the queue retries — on the last attempt the delivery
   * is marked failed first. Already delivered or failed, or the webhook deactivated: skipped.
   */
  async deliver(deliveryId: string, { lastAttempt }: { lastAttempt: boolean }): Promise<DeliveryOutcome> {
    const delivery = await this.deliveries.findOneBy({ id: deliveryId });
    if (!delivery || delivery.status !== 'pending') return 'skipped';
    const hook = await this.webhooks.findOneBy({ id: delivery.webhookId });
    if (!hook?.active) return 'skipped';

    const body = renderWebhookBody(delivery.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const answer = await post(hook.url, body, this.config.webhookAllowPrivateTargets, {
      'Content-Type': 'application/json',
      'User-Agent': 'GridFlow-Webhooks/1',
      [WEBHOOK_HEADERS.event]: delivery.eventType,
      [WEBHOOK_HEADERS.delivery]: delivery.id,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: signWebhook(hook.secret, timestamp, body),
    });

    if (answer.ok) {
      await this.deliveries.update(
        { id: delivery.id, status: 'pending' },
        {
          status: 'delivered',
          deliveredAt: () => 'now()',
          attempts: () => 'attempts + 1',
          lastStatus: answer.status,
          lastError: null,
        },
      );
      return 'delivered';
    }
    await this.deliveries.update(
      { id: delivery.id, status: 'pending' },
      {
        attempts: () => 'attempts + 1',
        lastStatus: answer.status,
        lastError: answer.error.slice(0, 1000),
        ...(lastAttempt ? { status: 'failed' as const } : {}),
      },
    );
    if (lastAttempt) this.logger.warn(`webhook delivery ${delivery.id} failed for good: ${answer.error}`);
    // The host only: a URL's path or query may carry the receiver's token.
    throw new Error(`webhook delivery ${delivery.id} to ${new URL(hook.url).host}: ${answer.error}`);
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────

  private async findInScope(actor: AuthUser, id: string): Promise<Webhook> {
    const hook = await this.webhooks.findOneBy({ id });
    if (!hook || !inScope(actor.scopeCode, hook.scopeCode)) throw notFound('Webhook');
    return hook;
  }

  /** A webhook's scope is an existing unit inside the admin's own scope. */
  private async assertScopeAssignable(actor: AuthUser, scopeCode: string) {
    const [unit] = await this.webhooks.query('SELECT 1 FROM org_unit WHERE code = $1', [scopeCode]);
    if (!unit || !inScope(actor.scopeCode, scopeCode)) {
      throw invalidField('scopeCode', 'must be an existing org unit in your scope');
    }
  }
}

type Answer = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/**
 * POSTs with node:http(s): the socket connects only to an address that `pinnedLookup` resolved
 * and checked (IP literals are checked before), redirects are never followed (a 3xx is a failed
 * attempt), and the receiver's answer body is never read or recorded.
 */
function post(url: string, body: string, allowPrivate: boolean, headers: Record<string, string>): Promise<Answer> {
  return new Promise<Answer>((resolveAnswer) => {
    let settled = false;
    const done = (answer: Answer) => {
      if (settled) return;
      settled = true;
      resolveAnswer(answer);
    };
    let target: URL;
    try {
      target = new URL(url);
      if (!allowPrivate) assertLiteralTargetAllowed(target.hostname);
    } catch (err) {
      return done({ ok: false, status: null, error: describeError(err) });
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      ...(allowPrivate ? {} : { lookup: pinnedLookup }),
      agent: false,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      // The receiver's answer is not used; release the connection.
      res.destroy();
      if (status >= 200 && status < 300) return done({ ok: true, status });
      done({ ok: false, status, error: `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}` });
    });
    req.on('error', (err) => done({ ok: false, status: null, error: describeError(err) }));
    req.end(body);
  });
}

function describeError(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: string } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  if (!e?.message) return String(err);
  return e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message;
}
