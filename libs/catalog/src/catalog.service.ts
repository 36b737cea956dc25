import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import {
  assertAdmitted,
  type AuthUser,
  type Clock,
  DomainException,
  ErrorCode,
  invalidField,
  itemCodeProblem,
  type ItemAction,
  type ItemStatus,
  type ItemTier,
  limitsProblems,
  nextItemStatus,
  notFound,
  alreadyExists,
  stateConflict,
  type StepLimits,
} from '@gridflow/domain';
import { ChangeFeed } from '@gridflow/queue';
import { MatterCategory, MatterItem, MatterItemChange } from './catalog.entities.js';

export interface ProposeItemInput {
  code: string;
  name: string;
  categoryCode: string;
  tier: ItemTier;
  urgent: boolean;
  department: string;
  limits: StepLimits;
  /** shorter limits for tickets filed as urgent; default: the normal limits */
  urgentLimits?: StepLimits;
  clock?: Clock;
}

/**
 * The matter catalogue and its admission lifecycle (proposed → active → retired). Items are
 * few and read on every ticket action, so they are also held in memory, refreshed on every
 * change (here at once, on other instances through the change feed).
 */
@Injectable()
export class CatalogService implements OnModuleInit {
  private cache = new Map<string, MatterItem>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(MatterItem) private readonly items: Repository<MatterItem>,
    @InjectRepository(MatterCategory) private readonly categories: Repository<MatterCategory>,
    private readonly feed: ChangeFeed,
  ) {}

  async onModuleInit() {
    await this.feed.subscribe('catalog-changes', () => this.reload());
    await this.reload();
  }

  /** An item by code from memory (any status: old tickets keep retired items), or null. */
  async item(code: string): Promise<MatterItem | null> {
    return this.cache.get(code) ?? (await this.items.findOneBy({ code }));
  }

  /**
   * The clock an item's limits count, from memory: cheap enough for every ticket of a list.
   * An item the cache does not know yet (just proposed elsewhere) counts the default, working time.
   */
  clockOf(code: string): Clock {
    return this.cache.get(code)?.clock ?? 'working';
  }

  private async reload() {
    this.cache = new Map((await this.items.find()).map((i) => [i.code, i]));
  }

  private async changed() {
    await this.reload();
    await this.feed.publish('catalog-changes', ['*']);
  }

  /** Categories with their items: active items only, or every item (`all`, admins). */
  async catalogue(all: boolean) {
    const [categories, items] = await Promise.all([
      this.categories.find({ order: { code: 'ASC' } }),
      this.items.find({ where: all ? {} : { status: 'active' }, order: { code: 'ASC' } }),
    ]);
    return categories.map((c) => ({
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      publicDetail: c.publicDetail,
      items: items.filter((i) => i.categoryCode === c.code).map(itemView),
    }));
  }

  /** What residents pick from when they file a request: active items by category, names only. */
  async publicCatalogue() {
    const categories = await this.catalogue(false);
    return categories
      .filter((c) => c.items.length > 0)
      .map((c) => ({
        code: c.code,
        name: c.name,
        items: c.items.map((i) => ({ code: i.code, name: i.name, urgent: i.urgent })),
      }));
  }

  /**
   * One item with its admission history. Every caller sees who acted by name (`actor`); only
   * admins also get the user id (`actorId`) — ids are what other endpoints take, and staff have
   * no use for an admin's.
   */
  async get(code: string, viewer: Pick<AuthUser, 'role'>) {
    const item = await this.items.findOneBy({ code });
    if (!item) throw notFound('Item');
    const history: HistoryRow[] = await this.db.query(
      `SELECT c.action, c.from_status, c.to_status, c.reason, c.actor_id, c.at, u.display_name
         FROM matter_item_change c LEFT JOIN app_user u ON u.id = c.actor_id
        WHERE c.item_code = $1 ORDER BY c.at ASC, c.id ASC`,
      [code],
    );
    return {
      ...itemView(item),
      history: history.map((h) => ({
        action: h.action,
        fromStatus: h.from_status,
        toStatus: h.to_status,
        reason: h.reason,
        actor: h.actor_id ? { displayName: h.display_name ?? '已删除的用户' } : null,
        ...(viewer.role === 'admin' ? { actorId: h.actor_id } : {}),
        at: h.at,
      })),
    };
  }

  /** A department asks for a matter to be admitted: it starts as `proposed`. */
  async propose(actor: AuthUser, input: ProposeItemInput, reason?: string) {
    if (!(await this.categories.existsBy({ code: input.categoryCode }))) {
      throw invalidField('categoryCode', `unknown category ${input.categoryCode}`);
    }
    const codeProblem = itemCodeProblem(input.code, input.categoryCode);
    if (codeProblem) throw invalidField('code', codeProblem);
    const problems = [
      ...limitsProblems(input.limits),
      ...(input.urgentLimits ? limitsProblems(input.urgentLimits, 'urgentLimits') : []),
    ];
    if (problems.length) {
      throw new DomainException(
        ErrorCode.ValidationFailed,
        `Invalid limits: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
        problems,
      );
    }
    await this.db.transaction(async (tx) => {
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(MatterItem)
        .values({
          code: input.code,
          categoryCode: input.categoryCode,
          name: input.name,
          tier: input.tier,
          urgent: input.urgent,
          department: input.department,
          clock: input.clock ?? 'working',
          limits: input.limits,
          urgentLimits: input.urgentLimits ?? input.limits,
          status: 'proposed',
        })
        .orIgnore()
        .returning(['code'])
        .execute();
      if (inserted.raw.length === 0) {
        throw alreadyExists('code', `Item ${input.code} already exists`);
      }
      await tx.insert(MatterItemChange, {
        itemCode: input.code,
        action: 'propose',
        fromStatus: null,
        toStatus: 'proposed',
        reason: reason ?? null,
        actorId: actor.id,
      });
    });
    await this.changed();
    return this.get(input.code, actor);
  }

  approve(actor: AuthUser, code: string, reason?: string) {
    return this.move(actor, code, 'approve', reason);
  }

  retire(actor: AuthUser, code: string, reason: string) {
    return this.move(actor, code, 'retire', reason);
  }

  /** The admission rule for filing (凭票上车): the active item, or 422 ITEM_NOT_ADMITTED. */
  async admittedItem(code: string): Promise<MatterItem> {
    const item = await this.item(code);
    assertAdmitted(code, item);
    return item!;
  }

  private async move(actor: AuthUser, code: string, action: ItemAction, reason?: string) {
    await this.db.transaction(async (tx) => {
      const item = await tx.findOne(MatterItem, { where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw notFound('Item');
      const to = nextItemStatus(item.status, action);
      if (!to) throw stateConflict(`A ${item.status} item cannot be ${action === 'approve' ? 'approved' : 'retired'}`);
      await tx.update(MatterItem, { code }, { status: to });
      await tx.insert(MatterItemChange, {
        itemCode: code,
        action,
        fromStatus: item.status as ItemStatus,
        toStatus: to,
        reason: reason ?? null,
        actorId: actor.id,
      });
    });
    await this.changed();
    return this.get(code, actor);
  }
}

export function itemView(i: MatterItem) {
  return {
    code: i.code,
    name: i.name,
    categoryCode: i.categoryCode,
    tier: i.tier,
    urgent: i.urgent,
    department: i.department,
    clock: i.clock,
    limits: i.limits,
    urgentLimits: i.urgentLimits,
    status: i.status,
  };
}

interface HistoryRow {
  action: MatterItemChange['action'];
  from_status: MatterItemChange['fromStatus'];
  to_status: MatterItemChange['toStatus'];
  reason: string | null;
  actor_id: string | null;
  at: Date;
  display_name: string | null;
}
