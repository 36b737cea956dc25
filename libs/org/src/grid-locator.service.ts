import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { In, Repository } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import { GridLocator } from '@gridflow/domain';
import { REDIS } from '@gridflow/queue';
import { Grid } from './grid.entity.js';

/**
 * The in-memory spatial index of active grids behind GET /grids/locate, kept current:
 * loaded at start, updated by this instance's own changes at once, and by other
 * instances' changes through a Redis channel (each message names the changed codes,
 * which are re-read from PostgreSQL — the database stays the source of truth).
 */
@Injectable()
export class GridLocatorService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('GridLocator');
  private locator = new GridLocator();
  private subscriber?: Redis;

  constructor(
    @InjectRepository(Grid) private readonly grids: Repository<Grid>,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private get channel() {
    return `${this.config.queuePrefix}:grid-changes`;
  }

  async onModuleInit() {
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => {
      const codes = message.split(',').filter(Boolean);
      this.reload(codes).catch((err: unknown) =>
        this.logger.error(`reloading grids ${message} failed: ${String(err)}`),
      );
    });
    await this.subscriber.subscribe(this.channel);
    await this.loadAll();
  }

  async onApplicationShutdown() {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  async loadAll() {
    const started = Date.now();
    const active = await this.grids.find({ where: { status: 'active' }, select: { code: true, boundary: true } });
    this.locator = new GridLocator(active);
    this.logger.log(`indexed ${active.length} active grids in ${Date.now() - started} ms`);
  }

  locate(lng: number, lat: number): string | null {
    return this.locator.locate(lng, lat);
  }

  /** Call after a committed change to these grids: updates this index and tells the others. */
  async changed(codes: string[]) {
    await this.reload(codes);
    await this.redis.publish(this.channel, codes.join(','));
  }

  private async reload(codes: string[]) {
    const rows = await this.grids.find({
      where: { code: In(codes) },
      select: { code: true, boundary: true, status: true },
    });
    const found = new Map(rows.map((r) => [r.code, r]));
    for (const code of codes) {
      const row = found.get(code);
      if (row?.status === 'active') this.locator.upsert(code, row.boundary);
      else this.locator.remove(code);
    }
  }
}
