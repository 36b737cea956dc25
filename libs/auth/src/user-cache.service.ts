import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ChangeFeed } from '@gridflow/queue';
import { User } from './user.entity.js';

const TTL_MS = 30_000;
const MAX_ENTRIES = 50_000;

/**
 * Every authenticated request needs its user (enabled? token version?). They are held for
 * 30 s; any change to a user (disable, role, scope, password) drops the entry here at once
 * and on the other instances through the change feed, so revocation still takes effect
 * immediately.
 */
@Injectable()
export class UserCache implements OnModuleInit {
  private readonly entries = new Map<string, { user: User | null; at: number }>();

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly feed: ChangeFeed,
  ) {}

  async onModuleInit() {
    await this.feed.subscribe('user-changes', async (ids) => {
      for (const id of ids) this.entries.delete(id);
    });
  }

  async get(id: string): Promise<User | null> {
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.user;
    const user = await this.users.findOneBy({ id });
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(id, { user, at: Date.now() });
    return user;
  }

  /** Call after a committed change to a user. */
  async changed(id: string) {
    this.entries.delete(id);
    await this.feed.publish('user-changes', [id]);
  }
}
