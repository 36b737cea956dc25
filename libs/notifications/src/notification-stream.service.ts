import {
  Inject,
  Injectable,
  Logger,
  type MessageEvent,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Observable } from 'rxjs';
import { AppConfig } from '@gridflow/config';
import { REDIS } from '@gridflow/queue';
import type { NotificationView } from './notification.entity.js';

export const HEARTBEAT_MS = 25_000;

/** WARNING: the message format is shared by every running API and worker process. */
interface Published {
  userId: string;
  notification: NotificationView;
}

/** One open stream of this process. */
interface Listener {
  push: (n: NotificationView) => void;
  end: () => void;
}

/**
 * Live push of new notifications (server-sent events). Whoever inserts a notification (the
 * worker, usually) publishes it on one Redis channel; each API process holds ONE subscriber
 * connection, opened on the first stream, and fans the messages out to the streams of the
 * users connected to it. The inbox in PostgreSQL stays the source of truth: a message lost
 * while a client was away is in its inbox (and replayed from Last-Event-ID on reconnect).
 */
@Injectable()
export class NotificationStream implements OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationStream');
  private subscriber?: Redis;
  private subscribed?: Promise<void>;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** WARNING: a Redis channel name every API and worker process shares: never rename. */
  get channel() {
    return `${this.config.queuePrefix}:notifications`;
  }

  async publish(userId: string, notification: NotificationView): Promise<void> {
    const message: Published = { userId, notification };
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  /**
   * The user's stream: `backlog` first (notifications missed since Last-Event-ID), then each
   * new notification as it is published, and a heartbeat comment every 25 s so proxies keep
   * the connection open. Resolves once the Redis subscription is in place, so nothing
   * published after that is missed.
   */
  async open(
    userId: string,
    options: { backlog?: () => Promise<NotificationView[]>; until?: Date } = {},
  ): Promise<Observable<MessageEvent>> {
    await this.ensureSubscribed();
    return new Observable<MessageEvent>((subscriber) => {
      // While the backlog is read, a notification may come both live and in the backlog:
      // ids sent meanwhile are remembered so it goes out once.
      let sent: Set<string> | null = options.backlog ? new Set() : null;
      const send = (n: NotificationView) => {
        if (sent?.has(n.id)) return;
        sent?.add(n.id);
        subscriber.next({ id: n.id, data: n });
      };
      // Registered before the backlog is read, so nothing published in between is lost.
      const listener: Listener = { push: send, end: () => subscriber.complete() };
      this.add(userId, listener);
      subscriber.next({ comment: 'connected', retry: 10_000 });
      options
        .backlog?.()
        .then((missed) => missed.forEach(send))
        .catch((err: unknown) => this.logger.warn(`backlog of ${userId} failed: ${String(err)}`))
        .finally(() => (sent = null));
      const heartbeat = setInterval(() => subscriber.next({ comment: 'heartbeat' }), HEARTBEAT_MS);
      heartbeat.unref();
      // The token's lifetime bounds the stream; the client reconnects with a fresh one.
      const expiry = options.until
        ? setTimeout(() => subscriber.complete(), Math.max(0, options.until.getTime() - Date.now()))
        : undefined;
      expiry?.unref();
      return () => {
        clearInterval(heartbeat);
        clearTimeout(expiry);
        this.remove(userId, listener);
      };
    });
  }

  private add(userId: string, s: Listener) {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(s);
  }

  private remove(userId: string, s: Listener) {
    const set = this.listeners.get(userId);
    set?.delete(s);
    if (set?.size === 0) this.listeners.delete(userId);
  }

  private ensureSubscribed(): Promise<void> {
    this.subscribed ??= (async () => {
      const subscriber = this.redis.duplicate();
      subscriber.on('message', (_channel: string, raw: string) => this.deliver(raw));
      subscriber.on('error', (err: Error) => this.logger.warn(`subscriber: ${err.message}`));
      this.subscriber = subscriber;
      await subscriber.subscribe(this.channel);
    })().catch((err: unknown) => {
      this.subscribed = undefined;
      throw err;
    });
    return this.subscribed;
  }

  private deliver(raw: string) {
    let message: Published;
    try {
      message = JSON.parse(raw) as Published;
    } catch {
      this.logger.warn(`ignoring a malformed message on ${this.channel}`);
      return;
    }
    for (const s of this.listeners.get(message.userId) ?? []) s.push(message.notification);
  }

  /** Ends every open stream before the HTTP server closes (it waits for open connections). */
  onModuleDestroy() {
    for (const set of [...this.listeners.values()]) for (const s of [...set]) s.end();
    this.listeners.clear();
  }

  async onApplicationShutdown() {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
