import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogService } from '@gridflow/catalog';
import {
  type AuthUser,
  levelOf,
  REFUSED_PUSH_OVERFLOW_ITEM,
  REFUSED_PUSH_RECORDS_PER_CALLER_DAY,
  type RefusedPushChannel,
  refusedItemCode,
  refusedPushCaller,
  shanghaiDate,
} from '@gridflow/domain';
import { GridLocatorService } from '@gridflow/org';

export interface RefusedPush {
  /** the staff member filing (null for residents and Open311) */
  actor: AuthUser | null;
  channel: RefusedPushChannel;
  /** the Open311 API key the request came with */
  apiKeyId?: string | null;
  itemCode: string;
  /** where the filing was aimed: a grid code, or a point the grid is found from */
  gridCode?: string | null;
  point?: { lng?: number; lat?: number } | null;
}

/**
 * 减负: records refused pushes (a filing of a matter outside the catalogue). Called after the
 * refused transaction has rolled back, on the pool, so the record outlives the refusal; a
 * failure to record is logged and never changes the caller's answer (the 422 stands).
 * One row per caller, Asia/Shanghai day, item and grid (`attempts` grows), at most
 * REFUSED_PUSH_RECORDS_PER_CALLER_DAY rows per caller and day, then one overflow row.
 */
@Injectable()
export class RefusedPushesService {
  private readonly logger = new Logger('RefusedPushes');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly locator: GridLocatorService,
  ) {}

  async record(push: RefusedPush, now = new Date()): Promise<void> {
    try {
      await this.write(push, now);
    } catch (err) {
      this.logger.warn(`refused push not recorded: ${String(err)}`);
    }
  }

  private async write(push: RefusedPush, now: Date) {
    const caller = refusedPushCaller({ userId: push.actor?.id, apiKeyId: push.apiKeyId, channel: push.channel });
    const day = shanghaiDate(now);
    let itemCode = refusedItemCode(push.itemCode);
    const item = await this.catalog.item(itemCode).catch(() => null);
    let itemStatus: string = item ? item.status : 'unknown';
    let gridCode = this.grid(push);
    // The unit the attempt counts under: its grid, else the filer's own scope.
    const unitCode = gridCode ?? push.actor?.scopeCode ?? null;
    const [{ n }]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM refused_push WHERE day = $1 AND caller = $2`,
      [day, caller],
    );
    if (n >= REFUSED_PUSH_RECORDS_PER_CALLER_DAY) {
      const [known] = await this.db.query(
        `SELECT 1 FROM refused_push WHERE day = $1 AND caller = $2 AND item_code = $3 AND coalesce(grid_code, '') = $4`,
        [day, caller, itemCode, gridCode ?? ''],
      );
      if (!known) [itemCode, itemStatus, gridCode] = [REFUSED_PUSH_OVERFLOW_ITEM, 'other', null];
    }
    await this.db.query(
      `INSERT INTO refused_push AS r (day, caller, channel, user_id, role, department_code, api_key_id,
                                      item_code, item_status, grid_code, unit_code, first_at, last_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
       ON CONFLICT (day, caller, item_code, (coalesce(grid_code, '')))
       DO UPDATE SET attempts = r.attempts + 1, last_at = greatest(r.last_at, EXCLUDED.last_at)`,
      [
        day,
        caller,
        push.channel,
        push.actor?.id ?? null,
        push.actor?.role ?? null,
        push.actor?.departmentCode ?? null,
        push.apiKeyId ?? null,
        itemCode,
        itemStatus,
        gridCode,
        unitCode,
        now,
      ],
    );
  }

  /** The grid aimed at: a well-formed grid code as sent, else the grid of the point (if any). */
  private grid(push: RefusedPush): string | null {
    if (push.gridCode && levelOf(push.gridCode) === 'grid') return push.gridCode;
    const { lng, lat } = push.point ?? {};
    if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
      return null;
    }
    return this.locator.locate(lng, lat)?.code ?? null;
  }
}
